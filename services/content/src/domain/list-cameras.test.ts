import { describe, expect, it } from 'vitest';
import { MAX_CAMERAS_PER_BATCH, parseCameraIds, parseCameraQuery } from './list-cameras.ts';

describe('parseCameraQuery', () => {
  it('when nothing is asked, then cameras come by brand then model, page 1 of 20', () => {
    expect(parseCameraQuery({})).toEqual({
      filter: { brand: undefined, type: undefined },
      text: undefined,
      sort: [
        { field: 'brand', descending: false },
        { field: 'model', descending: false },
      ],
      page: { page: 1, limit: 20, offset: 0 },
    });
  });

  it('when a sort and a search text are given, then they are kept', () => {
    expect(parseCameraQuery({ sort: ['-averageRating', 'reviewCount'], q: ' sony ' })).toMatchObject({
      text: 'sony',
      sort: [
        { field: 'averageRating', descending: true },
        { field: 'reviewCount', descending: false },
      ],
    });
  });

  it('when the sort field is unknown, then it is VALIDATION_FAILED on sort', () => {
    expect(() => parseCameraQuery({ sort: ['price'] })).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        fields: [expect.objectContaining({ field: 'sort' })],
      }),
    );
  });
});

describe('parseCameraIds', () => {
  it('when ids repeat or carry spaces, then each is asked for once, trimmed', () => {
    expect(parseCameraIds([' a ', 'b', 'a'])).toEqual(['a', 'b']);
  });

  it('when no id, a blank one, an overlong one or more than the batch limit is given, then it is refused', () => {
    const tooMany = Array.from({ length: MAX_CAMERAS_PER_BATCH + 1 }, (_, i) => `c${i}`);
    for (const ids of [[], [' '], ['x'.repeat(201)], tooMany]) {
      expect(() => parseCameraIds(ids)).toThrow(
        expect.objectContaining({ kind: 'invalid', code: 'VALIDATION_FAILED' }),
      );
    }
    expect(parseCameraIds(tooMany.slice(1))).toHaveLength(MAX_CAMERAS_PER_BATCH);
  });
});
