import type { Queryable } from '@rcr/platform';

/** A delivery's state: waiting for its next attempt, delivered, or given up on. */
export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

/** A delivery as the log shows it. */
export interface DeliveryRecord {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attemptCount: number;
  createdAt: string;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
}

/** One attempt of a delivery. */
export interface AttemptRecord {
  deliveryId: string;
  attempt: number;
  startedAt: string;
  durationMs: number;
  statusCode: number | null;
  responseExcerpt: string | null;
  error: string | null;
}

/** A delivery a worker claimed, with what it needs to send it. */
export interface ClaimedDelivery {
  id: string;
  endpointId: string;
  eventType: string;
  body: string;
  url: string;
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: string | null;
  /** The trace the delivery was created in (ADR 0031), when tracing was on. */
  traceparent: string | null;
}

const COLUMNS = `id, endpoint_id AS "endpointId", event_id AS "eventId", event_type AS "eventType", status,
  attempt_count AS "attemptCount", created_at AS "createdAt", next_attempt_at AS "nextAttemptAt",
  last_attempt_at AS "lastAttemptAt"`;

/** Creates one delivery of an event per endpoint, due now; an (endpoint, event) pair that has one keeps it. */
export async function insertDeliveries(
  q: Queryable,
  deliveries: { id: string; endpointId: string }[],
  event: { id: string; type: string; body: string; traceparent?: string | undefined },
  firstDelayMs: number,
): Promise<number> {
  if (deliveries.length === 0) return 0;
  const rows = await q.query(
    `INSERT INTO deliveries (id, endpoint_id, event_id, event_type, body, next_attempt_at, traceparent)
     SELECT d.id, d.endpoint_id, $3, $4, $5, now() + $6 * interval '1 millisecond', $7
     FROM unnest($1::uuid[], $2::uuid[]) AS d (id, endpoint_id)
     ON CONFLICT (endpoint_id, event_id) DO NOTHING RETURNING id`,
    [
      deliveries.map((d) => d.id),
      deliveries.map((d) => d.endpointId),
      event.id,
      event.type,
      event.body,
      firstDelayMs,
      event.traceparent ?? null,
    ],
  );
  return rows.length;
}

/**
 * Claims up to `limit` due deliveries of enabled endpoints for `leaseMs` under `token`, at most
 * `perEndpoint` of any one endpoint and none of the endpoints in `skip` (busy or with an open circuit in
 * this process). Rows another worker is claiming at the same moment are skipped (FOR UPDATE SKIP LOCKED),
 * so replicas never claim the same delivery; the due conditions are checked again on the locked row.
 */
export async function claimDueDeliveries(
  q: Queryable,
  options: { token: string; leaseMs: number; limit: number; perEndpoint: number; skip: string[] },
): Promise<ClaimedDelivery[]> {
  return q.query<ClaimedDelivery>(
    `UPDATE deliveries d SET claimed_until = now() + $2 * interval '1 millisecond', claim_token = $1
     FROM endpoints e
     WHERE e.id = d.endpoint_id AND d.id IN (
       SELECT c.id FROM deliveries c
       WHERE c.status = 'pending' AND c.next_attempt_at <= now()
         AND (c.claimed_until IS NULL OR c.claimed_until < now())
         AND c.id IN (
           SELECT ranked.id FROM (
             SELECT due.id, row_number() OVER (PARTITION BY due.endpoint_id ORDER BY due.next_attempt_at, due.id) AS rank
             FROM (
               SELECT x.id, x.endpoint_id, x.next_attempt_at FROM deliveries x
               JOIN endpoints ex ON ex.id = x.endpoint_id AND ex.enabled
               WHERE x.status = 'pending' AND x.next_attempt_at <= now()
                 AND (x.claimed_until IS NULL OR x.claimed_until < now())
                 AND NOT (x.endpoint_id = ANY ($5::uuid[]))
               ORDER BY x.next_attempt_at LIMIT 1000
             ) due
           ) ranked WHERE ranked.rank <= $4)
       ORDER BY c.next_attempt_at LIMIT $3
       FOR UPDATE SKIP LOCKED)
     RETURNING d.id, d.endpoint_id AS "endpointId", d.event_type AS "eventType", d.body, e.url, e.secret,
       e.previous_secret AS "previousSecret", e.previous_secret_expires_at AS "previousSecretExpiresAt",
       d.traceparent`,
    [options.token, options.leaseMs, options.limit, options.perEndpoint, options.skip],
  );
}

/**
 * Counts an attempt of a delivery and logs it; says whether the claim under `token` still holds (when a
 * worker outlived its lease another one may have taken the delivery over: then that one decides).
 */
export async function recordAttempt(
  q: Queryable,
  token: string,
  attempt: Omit<AttemptRecord, 'attempt'>,
): Promise<{ attemptsMade: number; claimHeld: boolean } | undefined> {
  const [counted] = await q.query<{ attemptsMade: number; claimHeld: boolean }>(
    `UPDATE deliveries SET attempt_count = attempt_count + 1, last_attempt_at = $3
     WHERE id = $1 RETURNING attempt_count AS "attemptsMade", claim_token IS NOT DISTINCT FROM $2::uuid AS "claimHeld"`,
    [attempt.deliveryId, token, attempt.startedAt],
  );
  if (!counted) return undefined;
  await q.query(
    `INSERT INTO delivery_attempts (delivery_id, attempt, started_at, duration_ms, status_code, response_excerpt, error)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
    [
      attempt.deliveryId,
      counted.attemptsMade,
      attempt.startedAt,
      attempt.durationMs,
      attempt.statusCode,
      attempt.responseExcerpt,
      attempt.error,
    ],
  );
  return counted;
}

/** Sets a delivery's state after an attempt and ends the claim. */
export async function settleDelivery(
  q: Queryable,
  id: string,
  state: { status: DeliveryStatus; nextAttemptAt?: Date | undefined },
): Promise<void> {
  await q.query(
    `UPDATE deliveries SET status = $2, next_attempt_at = $3, claimed_until = NULL, claim_token = NULL WHERE id = $1`,
    [id, state.status, state.nextAttemptAt?.toISOString() ?? null],
  );
}

/** Hands a claim back untouched (nothing was attempted), due again after `delayMs`. */
export async function releaseClaim(q: Queryable, id: string, token: string, delayMs: number): Promise<void> {
  await q.query(
    `UPDATE deliveries SET claimed_until = NULL, claim_token = NULL,
       next_attempt_at = GREATEST(next_attempt_at, now() + $3 * interval '1 millisecond')
     WHERE id = $1 AND claim_token = $2`,
    [id, token, delayMs],
  );
}

/** Gives up on every pending delivery of an endpoint (it was disabled); claims in flight lose their say. */
export async function failPendingDeliveries(q: Queryable, endpointId: string): Promise<number> {
  const rows = await q.query(
    `UPDATE deliveries SET status = 'failed', next_attempt_at = NULL, claimed_until = NULL, claim_token = NULL
     WHERE endpoint_id = $1 AND status = 'pending' RETURNING id`,
    [endpointId],
  );
  return rows.length;
}

/** One page of an endpoint's deliveries, newest first (ids are UUIDv7, so by creation), after a cursor. */
export async function listDeliveries(
  q: Queryable,
  query: {
    endpointId: string;
    limit: number;
    before?: string | undefined;
    status?: DeliveryStatus | undefined;
  },
): Promise<DeliveryRecord[]> {
  return q.query<DeliveryRecord>(
    `SELECT ${COLUMNS} FROM deliveries
     WHERE endpoint_id = $1 AND ($2::uuid IS NULL OR id < $2::uuid) AND ($3::text IS NULL OR status = $3::text)
     ORDER BY id DESC LIMIT $4`,
    [query.endpointId, query.before ?? null, query.status ?? null, query.limit],
  );
}

/** The latest `perDelivery` attempts of each of these deliveries, oldest first. */
export async function attemptsOf(
  q: Queryable,
  deliveryIds: string[],
  perDelivery: number,
): Promise<AttemptRecord[]> {
  if (deliveryIds.length === 0) return [];
  return q.query<AttemptRecord>(
    `SELECT delivery_id AS "deliveryId", attempt, started_at AS "startedAt", duration_ms AS "durationMs",
       status_code AS "statusCode", response_excerpt AS "responseExcerpt", error
     FROM (
       SELECT a.*, row_number() OVER (PARTITION BY delivery_id ORDER BY attempt DESC) AS latest
       FROM delivery_attempts a WHERE delivery_id = ANY ($1::uuid[])
     ) ranked WHERE latest <= $2 ORDER BY delivery_id, attempt`,
    [deliveryIds, perDelivery],
  );
}

/** One delivery of an endpoint. */
export async function findDelivery(
  q: Queryable,
  endpointId: string,
  id: string,
): Promise<DeliveryRecord | undefined> {
  const rows = await q.query<DeliveryRecord>(
    `SELECT ${COLUMNS} FROM deliveries WHERE id = $1 AND endpoint_id = $2`,
    [id, endpointId],
  );
  return rows[0];
}

/** Makes a delivery due now for one more attempt, unless a worker holds it at this moment. */
export async function scheduleRetryNow(
  q: Queryable,
  endpointId: string,
  id: string,
): Promise<DeliveryRecord | undefined> {
  await q.query(
    `UPDATE deliveries SET status = 'pending', next_attempt_at = now()
     WHERE id = $1 AND endpoint_id = $2 AND (claimed_until IS NULL OR claimed_until < now())`,
    [id, endpointId],
  );
  return findDelivery(q, endpointId, id);
}

/** Deletes finished deliveries (and their attempts) created more than `ageMs` ago, in batches; how many went. */
export async function pruneFinishedDeliveries(q: Queryable, ageMs: number): Promise<number> {
  let deleted = 0;
  for (;;) {
    const rows = await q.query(
      `DELETE FROM deliveries WHERE id IN (
         SELECT id FROM deliveries WHERE status <> 'pending' AND created_at < now() - $1 * interval '1 millisecond'
         LIMIT 1000)
       RETURNING 1`,
      [ageMs],
    );
    deleted += rows.length;
    if (rows.length < 1000) return deleted;
  }
}
