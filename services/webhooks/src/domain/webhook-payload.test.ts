import type { EventData, RcrEvent } from '@rcr/contracts';
import { describe, expect, it } from 'vitest';
import { webhookBodyOf } from './webhook-payload.ts';

const review = (status: 'draft' | 'published'): EventData<'review.updated'> => ({
  reviewId: 'r1',
  slug: 'r1',
  cameraId: 'c1',
  authorId: 'a1',
  title: 'T',
  body: 'B',
  rating: 8,
  pros: [],
  cons: [],
  verdict: 'V',
  status,
  publishedAt: status === 'published' ? '2026-12-01T10:00:00.000Z' : null,
  updatedAt: '2026-12-01T10:00:00.000Z',
  version: 2,
});
const event = <T extends 'review.updated' | 'camera.deleted' | 'job.completed' | 'job.failed'>(
  type: T,
  data: EventData<T>,
): RcrEvent<T> => ({
  id: '01a22b55-d8c8-77e9-955d-aac8119e932a',
  type,
  version: 1,
  occurredAt: '2026-12-01T10:00:00.000Z',
  source: 'reviews',
  subject: 'x',
  data,
});

describe('webhookBodyOf', () => {
  it('when an event is delivered, then the body is {type, timestamp, data} with the event occurrence as timestamp', () => {
    const body = webhookBodyOf(event('camera.deleted', { cameraId: 'c1', version: 3 }));
    expect(JSON.parse(body as string)).toEqual({
      type: 'camera.deleted',
      timestamp: '2026-12-01T10:00:00.000Z',
      data: { cameraId: 'c1', version: 3 },
    });
  });

  it('when a published review changed, then it is delivered; when a draft changed, then it is not', () => {
    expect(webhookBodyOf(event('review.updated', review('published')))).toContain('"review.updated"');
    expect(webhookBodyOf(event('review.updated', review('draft')))).toBeUndefined();
  });

  it("when a user's job finished, then it is delivered; when the scheduled backup finished or failed, then it is not", () => {
    const job = { jobId: 'j1', ownerId: 'u1', attempt: 1 };
    const done = { ...job, rows: 6, bytes: 1024 };
    expect(webhookBodyOf(event('job.completed', { ...done, kind: 'export' }))).toContain('"job.completed"');
    expect(webhookBodyOf(event('job.failed', { ...job, kind: 'report', error: 'e' }))).toContain(
      '"job.failed"',
    );
    expect(webhookBodyOf(event('job.completed', { ...done, kind: 'backup' }))).toBeUndefined();
    expect(webhookBodyOf(event('job.failed', { ...job, kind: 'backup', error: 'e' }))).toBeUndefined();
  });
});
