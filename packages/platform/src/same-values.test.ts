import { describe, expect, it } from 'vitest';
import { sameValues } from './same-values.ts';

describe('sameValues', () => {
  const review = {
    title: 'Una',
    rating: 7,
    pros: ['ligera', 'batería'],
    specs: { a: 1, b: 'x' },
    note: null,
  };
  const keys = ['title', 'rating', 'pros', 'specs', 'note'] as const;

  it('when every compared value is equal (objects in another key order, absent and undefined alike), then they are the same', () => {
    expect(
      sameValues(review, { ...review, pros: ['ligera', 'batería'], specs: { b: 'x', a: 1 } }, keys),
    ).toBe(true);
    expect(sameValues({ s: { a: 1 } }, { s: { a: 1, b: undefined } }, ['s'])).toBe(true);
  });

  it.each([
    ['a string', { title: 'Otra' }],
    ['a number', { rating: 7.5 }],
    ['an array order', { pros: ['batería', 'ligera'] }],
    ['an array length', { pros: ['ligera'] }],
    ['a nested value', { specs: { a: 2, b: 'x' } }],
    ['a nested key', { specs: { a: 1 } }],
    ['null against a value', { note: 'x' as unknown as null }],
  ])('when %s differs, then they are not the same', (_what, change) => {
    expect(sameValues(review, { ...review, ...change } as typeof review, keys)).toBe(false);
  });

  it('when a differing field is not compared, then they are the same', () => {
    expect(sameValues(review, { ...review, title: 'Otra' }, ['rating'])).toBe(true);
  });
});
