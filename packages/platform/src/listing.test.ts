import { describe, expect, it } from 'vitest';
import { AppError } from './errors.ts';
import { decodeCursor, encodeCursor, keysetCondition, orderBy, parseSort } from './listing.ts';

describe('listing helpers', () => {
  const allowed = ['publishedAt', 'title', 'rating'];

  it('when a sort list mixes directions, then each key keeps its own; repeats are dropped', () => {
    expect(parseSort(['-publishedAt,title', 'title'], allowed, [])).toEqual([
      { field: 'publishedAt', descending: true },
      { field: 'title', descending: false },
    ]);
  });

  it('when no sort is given, then the fallback applies', () => {
    expect(parseSort([], allowed, [{ field: 'rating', descending: true }])).toEqual([
      { field: 'rating', descending: true },
    ]);
  });

  it('when a sort field is unknown, then VALIDATION_FAILED on sort', () => {
    const err = (() => {
      try {
        parseSort(['-password'], allowed, []);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).fields[0]?.field).toBe('sort');
  });

  it('when a cursor round-trips, then the values come back; a forged one is rejected', () => {
    expect(decodeCursor(encodeCursor(['2026-01-01T00:00:00.000Z', 8.5, 'abc']), 3)).toEqual([
      '2026-01-01T00:00:00.000Z',
      8.5,
      'abc',
    ]);
    expect(() => decodeCursor('not-base64-json', 3)).toThrow(AppError);
    expect(() => decodeCursor(encodeCursor(['a']), 2)).toThrow(AppError);
    expect(() => decodeCursor(encodeCursor([{ evil: 1 }]), 1)).toThrow(AppError);
  });

  it('when keys have mixed directions, then the keyset condition expands per key', () => {
    const cols = [
      { sql: 'published_at', descending: true },
      { sql: 'title', descending: false },
      { sql: 'id', descending: false },
    ];
    expect(keysetCondition(cols, ['t', 'x', 'i'], 3)).toEqual({
      sql: '((published_at < $3) OR (published_at = $3 AND title > $4) OR (published_at = $3 AND title = $4 AND id > $5))',
      params: ['t', 'x', 'i'],
    });
    expect(orderBy(cols)).toBe('published_at DESC, title ASC, id ASC');
  });
});
