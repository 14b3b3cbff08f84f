import { describe, expect, it } from 'vitest';
import { parseSearch } from '../domain/search-text.ts';
import {
  anchorWord,
  candidateWindows,
  expectedShare,
  WINDOW_GROWTH,
  WINDOW_MARGIN,
} from './search-windows.ts';

const stats = {
  total: 100_000,
  documents: new Map([
    ['camara', 40_000],
    ['camera', 30_000],
    ['nocturna', 8_000],
    ['weather', 16_000],
    ['sealing', 15_000],
    ['hasselblad', 700],
  ]),
};

describe('expectedShare', () => {
  it('when one word is searched, then its share is the reviews holding it', () => {
    expect(expectedShare(parseSearch('camara'), {}, stats)).toBeCloseTo(0.4);
  });

  it('when words are searched together, then the rarest one bounds the share (they are usually found together)', () => {
    expect(expectedShare(parseSearch('camara nocturna'), {}, stats)).toBeCloseTo(0.08);
    expect(expectedShare(parseSearch('"weather sealing"'), {}, stats)).toBeCloseTo(0.15);
  });

  it('when terms are alternatives, then their shares add up; an exclusion leaves the rest', () => {
    expect(expectedShare(parseSearch('camara or camera'), {}, stats)).toBeCloseTo(0.7);
    expect(expectedShare(parseSearch('camara -camera'), {}, stats)).toBeCloseTo(0.4 * 0.7);
  });

  it('when a word is not indexed and has no correction, then it is assumed in no review; corrections count', () => {
    expect(expectedShare(parseSearch('xyzzyq'), {}, stats)).toBe(0);
    const corrected = parseSearch('hasselbald').map((w) => ({ ...w, corrections: ['hasselblad'] }));
    expect(expectedShare(corrected, {}, stats)).toBeCloseTo(0.007);
  });

  it('when filters narrow the reviews, then their counter or the rating scale narrows the share', () => {
    expect(expectedShare(parseSearch('camara'), {}, { ...stats, filtered: 10_000 })).toBeCloseTo(0.04);
    expect(expectedShare(parseSearch('camara'), { minRating: 8 }, stats)).toBeCloseTo(0.08);
  });
});

describe('stop words', () => {
  const withStops = {
    ...stats,
    documents: new Map([...stats.documents, ['the', 500]]),
    stopWords: new Set(['the']),
  };

  it('when a search has stop words, then they neither bound the share nor read the window (however few reviews count them)', () => {
    expect(expectedShare(parseSearch('the camera'), {}, withStops)).toBeCloseTo(0.3);
    expect(expectedShare(parseSearch('the'), {}, withStops)).toBe(0);
    expect(anchorWord(parseSearch('the hasselblad'), withStops)?.text).toBe('hasselblad');
    expect(anchorWord(parseSearch('"the camera" the'), withStops)?.text).toBe('camera');
  });
});

describe('candidateWindows', () => {
  it('when enough matches are expected, then windows start where cap + 1 are expected (with a margin) and grow', () => {
    const sizes = candidateWindows(0.4, 500, 100_000);
    const expected = (501 * WINDOW_MARGIN) / 0.4;
    expect(sizes[0]).toBeGreaterThanOrEqual(expected);
    expect(sizes[0]).toBeLessThan(expected * 2 ** 0.25);
    // Rounded to a power of 2^¼, so nearby shares share a window (and its remembered bound).
    expect(candidateWindows(0.41, 500, 100_000)[0]).toBe(sizes[0]);
    expect(sizes[1]).toBe((sizes[0] as number) * WINDOW_GROWTH);
    expect(sizes.every((size) => size < 100_000)).toBe(true);
  });

  it('when fewer matches than the cap are expected in all reviews, then there is no window: all matches are read', () => {
    expect(candidateWindows(0.004, 500, 100_000)).toEqual([]);
    expect(candidateWindows(1, 500, 0)).toEqual([]);
  });
});

describe('anchorWord', () => {
  it('when several words are required, then the rarest reads the window; alone or only alternatives, none', () => {
    expect(anchorWord(parseSearch('camara nocturna'), stats)?.text).toBe('nocturna');
    expect(anchorWord(parseSearch('"weather sealing" camara'), stats)?.text).toBe('sealing');
    expect(anchorWord(parseSearch('camara -nocturna'), stats)?.text).toBe('camara');
    expect(anchorWord(parseSearch('camara'), stats)).toBeUndefined();
    expect(anchorWord(parseSearch('camara or camera'), stats)).toBeUndefined();
  });
});
