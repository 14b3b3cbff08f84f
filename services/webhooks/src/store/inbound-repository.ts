import type { Queryable } from '@rcr/platform';

/**
 * Records that a signed inbound message of `feed` was accepted; false when its webhook-id was accepted
 * before (the caller then does nothing again). In the transaction of the message's effect.
 */
export async function recordInboundMessage(
  q: Queryable,
  message: { feed: string; webhookId: string; eventId: string },
): Promise<boolean> {
  const rows = await q.query(
    `INSERT INTO inbound_messages (feed, webhook_id, event_id) VALUES ($1, $2, $3)
     ON CONFLICT (feed, webhook_id) DO NOTHING RETURNING webhook_id`,
    [message.feed, message.webhookId, message.eventId],
  );
  return rows.length > 0;
}

/** Forgets accepted webhook-ids older than `ageMs` (partners stop retrying long before); how many went. */
export async function pruneInboundMessages(q: Queryable, ageMs: number): Promise<number> {
  const rows = await q.query(
    `DELETE FROM inbound_messages WHERE (feed, webhook_id) IN (
       SELECT feed, webhook_id FROM inbound_messages WHERE received_at < now() - $1 * interval '1 millisecond' LIMIT 1000)
     RETURNING 1`,
    [ageMs],
  );
  return rows.length;
}
