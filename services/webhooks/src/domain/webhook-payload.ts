import type { RcrEvent, WebhookEventType } from '@rcr/contracts';

/**
 * The body delivered for an event (Standard Webhooks: `{type, timestamp, data}`, `data` the event's
 * payload as the AsyncAPI document describes it), or undefined when the event is not for partners: a
 * change to a draft review (`review.updated` of a review that is not published) and the outcome of the
 * scheduled database backup (a `job.*` of kind `backup`, the operator's business) stay inside.
 */
export function webhookBodyOf(event: RcrEvent<WebhookEventType>): string | undefined {
  if (event.type === 'review.updated' && (event as RcrEvent<'review.updated'>).data.status !== 'published') {
    return undefined;
  }
  if (
    (event.type === 'job.completed' || event.type === 'job.failed') &&
    (event as RcrEvent<'job.completed' | 'job.failed'>).data.kind === 'backup'
  ) {
    return undefined;
  }
  return JSON.stringify({ type: event.type, timestamp: event.occurredAt, data: event.data });
}
