import { describe, expect, it } from 'vitest';
import { AppError } from '@rcr/platform';
import {
  assertCanModify,
  assertValidReview,
  assertVersion,
  nextStatus,
  reviewSlug,
  slugify,
  type ReviewFields,
} from './review-rules.ts';

const valid: ReviewFields = {
  cameraId: 'fujifilm-x100vi',
  title: 'A pocket classic',
  body: 'Long body',
  rating: 8.5,
  pros: ['Lens'],
  cons: ['Price'],
  verdict: 'Buy it',
  language: 'en',
};

function fieldsOf(fn: () => void): string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return (err as AppError).fields.map((f) => f.field);
  }
  return [];
}

describe('review rules', () => {
  it('when every field is valid, then validation passes', () => {
    expect(() => assertValidReview(valid)).not.toThrow();
  });

  it.each([
    [11, 'rating'],
    [-1, 'rating'],
    [7.25, 'rating'],
    [Number.NaN, 'rating'],
  ])('when the rating is %s, then it is rejected naming the field', (rating, field) => {
    expect(fieldsOf(() => assertValidReview({ ...valid, rating }))).toEqual([field]);
  });

  it('when the ratings are at the bounds 0 and 10, then they are accepted', () => {
    expect(() => assertValidReview({ ...valid, rating: 0 })).not.toThrow();
    expect(() => assertValidReview({ ...valid, rating: 10 })).not.toThrow();
  });

  it('when several fields are wrong, then every one is reported, named as the gateway names them', () => {
    const fields = fieldsOf(() =>
      assertValidReview({ ...valid, title: 'x', verdict: '', pros: [''], language: 'english' }),
    );
    expect(fields).toEqual(['title', 'pros.0', 'verdict', 'language']);
  });

  it('when another editor changes a review, then it does not exist for them (not found); the author and an admin may', () => {
    const review = { authorId: 'a' };
    expect(() => assertCanModify({ id: 'b', role: 'editor' }, review)).toThrow(
      expect.objectContaining({ kind: 'not-found', code: 'REVIEW_NOT_FOUND' }),
    );
    expect(() => assertCanModify({ id: 'a', role: 'editor' }, review)).not.toThrow();
    expect(() => assertCanModify({ id: 'b', role: 'admin' }, review)).not.toThrow();
  });

  it('when the expected version is stale, then it fails the precondition', () => {
    expect(() => assertVersion({ version: 3 }, 2)).toThrow(
      expect.objectContaining({ kind: 'precondition-failed' }),
    );
    expect(() => assertVersion({ version: 3 }, 3)).not.toThrow();
    expect(() => assertVersion({ version: 3 }, undefined)).not.toThrow();
  });

  it('when a draft is published, then it becomes published; publishing again is a no-op', () => {
    expect(nextStatus('draft', 'publish')).toBe('published');
    expect(nextStatus('published', 'publish')).toBeNull();
    expect(nextStatus('published', 'unpublish')).toBe('draft');
    expect(nextStatus('draft', 'unpublish')).toBeNull();
  });

  it('when a title has accents and symbols, then its slug is plain ASCII with the id suffix', () => {
    expect(slugify('  Cámara Ñandú: ¡Análisis!  ')).toBe('camara-nandu-analisis');
    expect(reviewSlug('Sony α7 IV', '0192ab34-5678-7abc-8def-0123456789ab')).toBe('sony-7-iv-6789ab');
    expect(reviewSlug('!!!', '0192ab34-5678-7abc-8def-0123456789ab')).toBe('review-6789ab');
  });
});
