import type { EventData, RcrEvent } from '@rcr/contracts';
import { describe, expect, it } from 'vitest';
import { projectReview, type ReviewEvent } from './project-review.ts';

function snapshot(overrides: Partial<EventData<'review.published'>> = {}): EventData<'review.published'> {
  return {
    reviewId: 'r1',
    slug: 'a-review',
    cameraId: 'c1',
    authorId: 'e1',
    title: 'Title',
    body: 'Body',
    rating: 8.5,
    pros: ['sharp'],
    cons: ['heavy'],
    verdict: 'Good',
    language: 'en',
    status: 'published',
    publishedAt: '2025-01-02T10:00:00.000Z',
    updatedAt: '2025-01-02T10:00:00.000Z',
    version: 2,
    ...overrides,
  };
}

function event<T extends ReviewEvent['type']>(type: T, data: RcrEvent<T>['data']): ReviewEvent {
  return {
    id: 'id',
    type,
    version: 1,
    occurredAt: '2025-01-02T10:00:00.000Z',
    source: 'reviews',
    subject: 'r1',
    data,
  } as ReviewEvent;
}

describe('projectReview', () => {
  it('when a review is published for the first time, then it is upserted', () => {
    const decision = projectReview(event('review.published', snapshot()), undefined);
    expect(decision).toMatchObject({
      action: 'upsert',
      row: { reviewId: 'r1', slug: 'a-review', version: 2 },
    });
  });

  it('when a published snapshot is not newer than the stored version, then it is skipped as stale', () => {
    const stored = { version: 2, visible: true };
    expect(projectReview(event('review.published', snapshot({ version: 2 })), stored)).toEqual({
      action: 'skip',
      reason: 'stale',
    });
    expect(projectReview(event('review.published', snapshot({ version: 1 })), stored)).toMatchObject({
      reason: 'stale',
    });
  });

  it('when a published review has no publish date, then its last edit date is used', () => {
    const decision = projectReview(event('review.published', snapshot({ publishedAt: null })), undefined);
    expect(decision).toMatchObject({ row: { publishedAt: '2025-01-02T10:00:00.000Z' } });
  });

  it('when a public review is updated with a newer published snapshot, then it is upserted', () => {
    const decision = projectReview(event('review.updated', snapshot({ version: 3, title: 'New' })), {
      version: 2,
      visible: true,
    });
    expect(decision).toMatchObject({ action: 'upsert', row: { title: 'New', version: 3 } });
  });

  it('when a draft snapshot arrives, then the review is hidden and its version recorded, whatever was stored', () => {
    const draft = snapshot({ status: 'draft', publishedAt: null, version: 5 });
    const hidden = { action: 'remove', reviewId: 'r1', version: 5 };
    expect(projectReview(event('review.updated', draft), undefined)).toEqual(hidden);
    expect(projectReview(event('review.updated', draft), { version: 4, visible: true })).toEqual(hidden);
    expect(projectReview(event('review.unpublished', draft), { version: 2, visible: true })).toEqual(hidden);
  });

  it('when a published snapshot follows a lost publish event, then it makes the review public (the model heals)', () => {
    // review.published v2 was dead-lettered; the edit v3 carries the whole public state.
    const decision = projectReview(
      event('review.updated', snapshot({ version: 3, title: 'Edited' })),
      undefined,
    );
    expect(decision).toMatchObject({ action: 'upsert', row: { title: 'Edited', version: 3 } });
    const afterHidden = projectReview(event('review.updated', snapshot({ version: 5 })), {
      version: 4,
      visible: false,
    });
    expect(afterHidden).toMatchObject({ action: 'upsert', row: { version: 5 } });
  });

  it('when a review is unpublished or deleted at a newer version, then it is removed', () => {
    const stored = { version: 3, visible: true };
    expect(
      projectReview(event('review.unpublished', snapshot({ status: 'draft', version: 4 })), stored),
    ).toEqual({
      action: 'remove',
      reviewId: 'r1',
      version: 4,
    });
    const deleted = { reviewId: 'r1', cameraId: 'c1', authorId: 'e1', version: 3 };
    expect(projectReview(event('review.deleted', deleted), stored)).toMatchObject({
      action: 'remove',
      version: 3,
    });
  });

  it('when an unpublish snapshot is not newer than the stored version, then it is skipped as stale', () => {
    const decision = projectReview(event('review.unpublished', snapshot({ status: 'draft', version: 3 })), {
      version: 3,
      visible: true,
    });
    expect(decision).toEqual({ action: 'skip', reason: 'stale' });
  });

  it('when a removal is older than the stored version, then it is skipped as stale', () => {
    const decision = projectReview(
      event('review.deleted', { reviewId: 'r1', cameraId: 'c1', authorId: 'e1', version: 2 }),
      {
        version: 3,
        visible: true,
      },
    );
    expect(decision).toEqual({ action: 'skip', reason: 'stale' });
  });

  it('when an older publish arrives after a removal, then the review stays hidden', () => {
    const decision = projectReview(event('review.published', snapshot({ version: 2 })), {
      version: 3,
      visible: false,
    });
    expect(decision).toEqual({ action: 'skip', reason: 'stale' });
  });
});
