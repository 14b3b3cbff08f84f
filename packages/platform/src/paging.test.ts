import { describe, expect, it } from 'vitest';
import { paginate } from './paging.ts';

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
});
