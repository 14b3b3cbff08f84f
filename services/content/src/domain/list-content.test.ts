import { encodeCursor } from '@rcr/platform';
import { describe, expect, it } from 'vitest';
import {
  encodeContentCursor,
  pageOf,
  parseContentQuery,
  parseInstant,
  type ContentSortValues,
} from './list-content.ts';

const row = (reviewId: string, overrides: Partial<ContentSortValues> = {}): ContentSortValues => ({
  reviewId,
  publishedAt: '2025-01-02T03:04:05.006Z',
  updatedAt: '2025-01-02T03:04:05.006Z',
  rating: 7.5,
  titleKey: 'a title',
  relevance: 0.42,
  ...overrides,
});

/** The field errors a throwing call reports. */
function fieldsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toMatchObject({ code: 'VALIDATION_FAILED' });
    return (err as { fields: { field: string }[] }).fields.map((f) => f.field);
  }
  throw new Error('expected a validation failure');
}

describe('parseContentQuery', () => {
  it('when nothing is asked, then it is newest first, page 1 of 20, no filters', () => {
    expect(parseContentQuery({})).toEqual({
      filter: {},
      text: undefined,
      sort: [{ field: 'publishedAt', descending: true }],
      page: { page: 1, limit: 20, offset: 0 },
      after: undefined,
    });
  });

  it('when a search text is given, then the default order is relevance, then newest', () => {
    expect(parseContentQuery({ q: '  cámara ' })).toMatchObject({
      text: 'cámara',
      sort: [
        { field: 'relevance', descending: false },
        { field: 'publishedAt', descending: true },
      ],
    });
  });

  it('when filters are given, then they are kept, blank ones dropped, the date normalised to UTC', () => {
    const query = parseContentQuery({
      cameraId: 'c1',
      brand: '',
      authorId: 'e1',
      minRating: 7,
      publishedAfter: '2025-03-01T12:00:00+02:00',
      sort: ['-rating,title'],
    });
    expect(query.filter).toEqual({
      cameraId: 'c1',
      brand: undefined,
      authorId: 'e1',
      minRating: 7,
      publishedAfter: '2025-03-01T10:00:00.000Z',
    });
    expect(query.sort).toEqual([
      { field: 'rating', descending: true },
      { field: 'title', descending: false },
    ]);
  });

  it('when a filter is invalid, then every bad field is reported', () => {
    expect(fieldsOf(() => parseContentQuery({ publishedAfter: 'soon', minRating: -1 }))).toEqual([
      'publishedAfter',
      'minRating',
    ]);
    expect(fieldsOf(() => parseContentQuery({ minRating: Number.NaN }))).toEqual(['minRating']);
    expect(fieldsOf(() => parseContentQuery({ q: 'é'.repeat(201) }))).toEqual(['q']);
  });

  it('when relevance is asked without a search text, or an unknown field, then the sort is refused', () => {
    expect(fieldsOf(() => parseContentQuery({ sort: ['relevance'] }))).toEqual(['sort']);
    expect(fieldsOf(() => parseContentQuery({ sort: ['-slug'] }))).toEqual(['sort']);
  });

  it('when a cursor of the same order comes back, then the list continues after that row, offset 0', () => {
    const sort = [{ field: 'rating' as const, descending: true }];
    const cursor = encodeContentCursor(sort, row('r9'));
    expect(parseContentQuery({ sort: ['-rating'], cursor, page: 4, limit: 5 })).toMatchObject({
      page: { page: 1, limit: 5, offset: 0 },
      after: { values: [7.5], reviewId: 'r9' },
    });
  });

  it('when a cursor is forged, damaged or made for another order, then it is refused on cursor', () => {
    const byRating = encodeContentCursor([{ field: 'rating', descending: true }], row('r1'));
    expect(fieldsOf(() => parseContentQuery({ sort: ['rating'], cursor: byRating }))).toEqual(['cursor']);
    expect(fieldsOf(() => parseContentQuery({ cursor: 'garbage' }))).toEqual(['cursor']);
    const badDate = encodeCursor(['-publishedAt', 'not a date', 'r1']);
    expect(fieldsOf(() => parseContentQuery({ cursor: badDate }))).toEqual(['cursor']);
    const badRating = encodeCursor(['-rating', 'high', 'r1']);
    expect(fieldsOf(() => parseContentQuery({ sort: ['-rating'], cursor: badRating }))).toEqual(['cursor']);
  });
});

describe('pageOf', () => {
  const query = parseContentQuery({ limit: 2, sort: ['title'] });

  it('when one row more than the page was fetched, then the page ends with a cursor after its last row', () => {
    const page = pageOf(query, [row('r1', { titleKey: 'a' }), row('r2', { titleKey: 'b' }), row('r3')]);
    expect(page.rows.map((r) => r.reviewId)).toEqual(['r1', 'r2']);
    expect(parseContentQuery({ limit: 2, sort: ['title'], cursor: page.nextCursor }).after).toEqual({
      values: ['b'],
      reviewId: 'r2',
    });
  });

  it('when no more rows follow, then the next cursor is empty', () => {
    expect(pageOf(query, [row('r1'), row('r2')]).nextCursor).toBe('');
    expect(pageOf(query, []).nextCursor).toBe('');
  });
});

describe('parseInstant', () => {
  it.each([
    ['2025-01-31', '2025-01-31T00:00:00.000Z'],
    ['2025-01-31T10:00', '2025-01-31T10:00:00.000Z'],
    ['2025-01-31T10:00:00Z', '2025-01-31T10:00:00.000Z'],
    ['2025-01-31T10:00:00.123456Z', '2025-01-31T10:00:00.123Z'],
    ['2025-01-31T10:00:00-03:00', '2025-01-31T13:00:00.000Z'],
    ['2025-01-31T10:00:00+0530', '2025-01-31T04:30:00.000Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
    ['0001-01-01', '0001-01-01T00:00:00.000Z'],
    ['9999-12-31T23:59:59Z', '9999-12-31T23:59:59.000Z'],
  ])('when the value is %s, then it is the instant %s', (value, instant) => {
    expect(parseInstant(value)).toBe(instant);
  });

  it.each([
    'yesterday',
    '2025-02-30',
    '2025-13-01',
    '2025-01-31T24:00',
    '31/01/2025',
    '2025-1-1',
    '',
    // Instants PostgreSQL cannot store: no year 0, nor five-digit years.
    '0000-01-01',
    '0001-01-01T00:00:00+01:00',
    '9999-12-31T23:00:00-02:00',
  ])('when the value is "%s", then it is not a date', (value) => {
    expect(parseInstant(value)).toBeUndefined();
  });
});
