import { describe, expect, it } from 'vitest';
import { MAX_PAGE_DEPTH, maxPageNumber, paginate } from './paging.ts';

describe('paginate', () => {
  it('when nothing is asked (proto defaults 0), then it is page 1 of 20', () => {
    expect(paginate({ page: 0, limit: 0 })).toEqual({ page: 1, limit: 20, offset: 0 });
    expect(paginate({})).toEqual({ page: 1, limit: 20, offset: 0 });
  });

  it('when the limit is out of range, then it is clamped to 1..100', () => {
    expect(paginate({ page: 1, limit: 500 }).limit).toBe(100);
    expect(paginate({ page: 1, limit: -3 }).limit).toBe(1);
  });

  it('when the page is below 1, then it is page 1', () => {
    expect(paginate({ page: -2, limit: 10 })).toEqual({ page: 1, limit: 10, offset: 0 });
  });

  it('when a later page is asked, then the offset skips the earlier pages', () => {
    expect(paginate({ page: 3, limit: 10 })).toEqual({ page: 3, limit: 10, offset: 20 });
  });

  it('when a page reaches past the deepest row, then it is refused pointing to the cursor; with a cursor it is not', () => {
    expect(paginate({ page: MAX_PAGE_DEPTH / 20, limit: 20 }).offset).toBe(MAX_PAGE_DEPTH - 20);
    expect(() => paginate({ page: MAX_PAGE_DEPTH / 20 + 1, limit: 20 })).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        fields: [expect.objectContaining({ field: 'page' })],
      }),
    );
    expect(paginate({ page: 10_000, limit: 20, cursor: 'abc' }).limit).toBe(20);
    expect(maxPageNumber(20)).toBe(MAX_PAGE_DEPTH / 20);
  });
});
