import { describe, expect, it } from 'vitest';
import type { RcrEvent } from '@rcr/contracts';
import { projectCamera, projectReview, type ReviewEvent } from './project-review.ts';

const snapshot = (type: ReviewEvent['type'], version: number, status: 'draft' | 'published') =>
  ({
    id: '0190a000-0000-7000-8000-000000000001',
    type,
    version: 1,
    occurredAt: '2026-11-30T12:00:00.000Z',
    source: 'reviews',
    subject: 'r1',
    data: {
      reviewId: 'r1',
      slug: 'r1',
      cameraId: 'c1',
      authorId: 'a1',
      title: 'Title',
      body: 'Body',
      rating: 8,
      pros: [],
      cons: [],
      verdict: 'ok',
      status,
      publishedAt: status === 'published' ? '2026-11-30T12:00:00.000Z' : null,
      updatedAt: '2026-11-30T12:00:00.000Z',
      version,
    },
  }) as ReviewEvent;

describe('projectReview', () => {
  it('when a review is published, then it is kept as public', () => {
    const decision = projectReview(snapshot('review.published', 2, 'published'), undefined);
    expect(decision).toMatchObject({
      action: 'upsert',
      row: { reviewId: 'r1', published: true, version: 2 },
    });
  });

  it('when it is unpublished or updated as a draft, then it is kept but not public', () => {
    expect(projectReview(snapshot('review.unpublished', 3, 'draft'), 2)).toMatchObject({
      row: { published: false },
    });
    expect(projectReview(snapshot('review.updated', 3, 'draft'), 2)).toMatchObject({
      row: { published: false },
    });
  });

  it('when an event is not newer than what is stored, then it is skipped (late or redelivered)', () => {
    expect(projectReview(snapshot('review.published', 2, 'published'), 2)).toEqual({
      action: 'skip',
      reason: 'stale',
    });
  });

  it('when a review is deleted, then a tombstone with its version is kept', () => {
    const deleted = {
      ...snapshot('review.published', 1, 'published'),
      type: 'review.deleted',
      data: { reviewId: 'r1', cameraId: 'c1', authorId: 'a1', version: 4 },
    } as ReviewEvent;
    expect(projectReview(deleted, 3)).toEqual({ action: 'mark-deleted', id: 'r1', version: 4 });
  });
});

describe('projectCamera', () => {
  it('when a camera changes, then its newer version (with its type and specs, for reports) replaces the stored one and an older one is skipped', () => {
    const event = {
      ...snapshot('review.published', 1, 'published'),
      type: 'camera.updated',
      data: {
        cameraId: 'c1',
        brand: 'Fujifilm',
        model: 'X100VI',
        type: 'compact',
        specs: { megapixels: 40.2 },
        version: 2,
      },
    } as unknown as RcrEvent<'camera.updated'>;
    expect(projectCamera(event, 1)).toEqual({
      action: 'upsert',
      row: {
        cameraId: 'c1',
        version: 2,
        brand: 'Fujifilm',
        model: 'X100VI',
        type: 'compact',
        specs: { megapixels: 40.2 },
      },
    });
    expect(projectCamera(event, 2)).toMatchObject({ action: 'skip' });
  });
});
