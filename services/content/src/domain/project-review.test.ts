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

  it('when a review that is not public is updated, then nothing becomes visible', () => {
    const draft = snapshot({ status: 'draft', publishedAt: null, version: 5 });
    expect(projectReview(event('review.updated', draft), undefined)).toEqual({
      action: 'skip',
      reason: 'not-visible',
    });
    expect(
      projectReview(event('review.updated', snapshot({ version: 5 })), { version: 4, visible: false }),
    ).toEqual({
      action: 'skip',
      reason: 'not-visible',
    });
  });

  it('when a public review gets a draft-status update, then it is skipped', () => {
    const decision = projectReview(event('review.updated', snapshot({ status: 'draft', version: 3 })), {
      version: 2,
      visible: true,
    });
    expect(decision).toEqual({ action: 'skip', reason: 'not-published' });
  });

  it('when a review is unpublished or deleted at a version at least the stored one, then it is removed', () => {
    const stored = { version: 3, visible: true };
    expect(projectReview(event('review.unpublished', snapshot({ version: 3 })), stored)).toEqual({
      action: 'remove',
      reviewId: 'r1',
      version: 3,
    });
    const deleted = { reviewId: 'r1', cameraId: 'c1', authorId: 'e1', version: 4 };
    expect(projectReview(event('review.deleted', deleted), stored)).toMatchObject({
      action: 'remove',
      version: 4,
    });
  });

  it('when a removal is older than the stored version, then it is skipped as stale', () => {
    const decision = projectReview(event('review.unpublished', snapshot({ version: 2 })), {
      version: 3,
      visible: true,
    });
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
