import { describe, expect, it } from 'vitest';
import type { ContentRow } from './project-review.ts';
import { joinFragments, renderPublicReview } from './render-review.ts';

function row(overrides: Partial<ContentRow> = {}): ContentRow {
  return {
    reviewId: 'r1',
    slug: 'a-review',
    cameraId: 'c1',
    authorId: 'e1',
    title: 'Título "con" comillas',
    body: 'Línea 1\nLínea 2 </script> \u2028',
    rating: 8.5,
    pros: ['nítida'],
    cons: [],
    verdict: 'Buena',
    language: 'es',
    publishedAt: '2025-01-02T10:00:00.000Z',
    updatedAt: '2025-01-03T11:00:00.000Z',
    version: 2,
    ...overrides,
  };
}

describe('renderPublicReview', () => {
  it('when a review is rendered, then its JSON has the public fields in the API order', () => {
    const json = renderPublicReview(row(), { cameraName: 'Fujifilm X100VI', authorName: 'Ada' });
    expect(Object.keys(JSON.parse(json) as object)).toEqual([
      'id',
      'slug',
      'title',
      'body',
      'rating',
      'pros',
      'cons',
      'verdict',
      'language',
      'publishedAt',
      'updatedAt',
      'camera',
      'author',
      'images',
    ]);
    expect(JSON.parse(json)).toEqual({
      id: 'r1',
      slug: 'a-review',
      title: 'Título "con" comillas',
      body: 'Línea 1\nLínea 2 </script> \u2028',
      rating: 8.5,
      pros: ['nítida'],
      cons: [],
      verdict: 'Buena',
      language: 'es',
      publishedAt: '2025-01-02T10:00:00.000Z',
      updatedAt: '2025-01-03T11:00:00.000Z',
      camera: { id: 'c1', name: 'Fujifilm X100VI' },
      author: { id: 'e1', name: 'Ada' },
      images: [],
    });
  });

  it('when a review has ready images, then they are listed with stable paths, never signed links', () => {
    const image = { id: 'i1', width: 1600, height: 1067, thumbnail: { width: 320, height: 213 } };
    const json = renderPublicReview(row(), { cameraName: 'X', authorName: 'Ada' }, [image]);
    expect((JSON.parse(json) as { images: unknown }).images).toEqual([
      {
        id: 'i1',
        width: 1600,
        height: 1067,
        url: '/v1/reviews/r1/images/i1/display',
        thumbnail: { url: '/v1/reviews/r1/images/i1/thumbnail', width: 320, height: 213 },
      },
    ]);
  });

  it('when instants come without milliseconds or with an offset, then they read as the database returns them', () => {
    const json = renderPublicReview(
      row({ publishedAt: '2025-01-02T12:00:00+02:00', updatedAt: '2025-01-02T10:00:00Z' }),
      { cameraName: '', authorName: '' },
    );
    const parsed = JSON.parse(json) as { publishedAt: string; updatedAt: string };
    expect(parsed.publishedAt).toBe('2025-01-02T10:00:00.000Z');
    expect(parsed.updatedAt).toBe('2025-01-02T10:00:00.000Z');
  });

  it('when a name changes, then only the embedded name differs', () => {
    const before = renderPublicReview(row(), { cameraName: 'Old', authorName: 'Ada' });
    const after = renderPublicReview(row(), { cameraName: 'New', authorName: 'Ada' });
    expect(after).toBe(before.replace('"name":"Old"', '"name":"New"'));
  });
});

describe('joinFragments', () => {
  it('when fragments are joined, then the bytes are one JSON array of them in order', () => {
    const a = renderPublicReview(row({ reviewId: 'a' }), { cameraName: 'X', authorName: 'Y' });
    const b = renderPublicReview(row({ reviewId: 'b' }), { cameraName: 'X', authorName: 'Y' });
    const bytes = joinFragments([a, b]);
    expect((JSON.parse(bytes.toString()) as { id: string }[]).map((item) => item.id)).toEqual(['a', 'b']);
    expect(joinFragments([]).toString()).toBe('[]');
  });
});
