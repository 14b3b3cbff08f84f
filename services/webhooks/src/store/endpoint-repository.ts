import { prepared, type Queryable } from '@rcr/platform';

/** An endpoint as stored; its secrets are AES-GCM envelopes (never plain text). */
export interface EndpointRecord {
  id: string;
  url: string;
  description: string;
  events: string[];
  enabled: boolean;
  disabledReason: string | null;
  disabledAt: string | null;
  failingSince: string | null;
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** Counts the admins' changes (1 when created). */
  version: number;
}

const COLUMNS = `id, url, description, event_types AS "events", enabled, disabled_reason AS "disabledReason",
  disabled_at AS "disabledAt", failing_since AS "failingSince", secret, previous_secret AS "previousSecret",
  previous_secret_expires_at AS "previousSecretExpiresAt", created_by AS "createdBy",
  created_at AS "createdAt", updated_at AS "updatedAt", version`;

/** Stores a new endpoint (its secret already encrypted). */
export async function insertEndpoint(
  q: Queryable,
  endpoint: {
    id: string;
    url: string;
    description: string;
    events: string[];
    secret: string;
    createdBy: string;
  },
): Promise<EndpointRecord> {
  const rows = await q.query<EndpointRecord>(
    `INSERT INTO endpoints (id, url, description, event_types, secret, created_by)
     VALUES ($1, $2, $3, $4::text[], $5, $6) RETURNING ${COLUMNS}`,
    [endpoint.id, endpoint.url, endpoint.description, endpoint.events, endpoint.secret, endpoint.createdBy],
  );
  return rows[0] as EndpointRecord;
}

/** Every endpoint, newest first (a system has a handful: partners, not users). */
export async function listEndpoints(q: Queryable): Promise<EndpointRecord[]> {
  return q.query<EndpointRecord>(`SELECT ${COLUMNS} FROM endpoints ORDER BY created_at DESC, id DESC`);
}

/** The endpoint with this id; `forUpdate` locks its row for the rest of the transaction (new deliveries may still reference it). */
export async function findEndpoint(
  q: Queryable,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<EndpointRecord | undefined> {
  const rows = await q.query<EndpointRecord>(
    `SELECT ${COLUMNS} FROM endpoints WHERE id = $1${options.forUpdate ? ' FOR NO KEY UPDATE' : ''}`,
    [id],
  );
  return rows[0];
}

/**
 * Applies an admin's changes. Enabling clears the disabled state and the failure streak (the receiver
 * gets a fresh start); disabling records who did it.
 */
export async function updateEndpoint(
  q: Queryable,
  id: string,
  changes: {
    url?: string | undefined;
    events?: string[] | undefined;
    description?: string | undefined;
    enabled?: boolean | undefined;
  },
): Promise<EndpointRecord | undefined> {
  const rows = await q.query<EndpointRecord>(
    `UPDATE endpoints SET
       url = COALESCE($2, url),
       event_types = COALESCE($3::text[], event_types),
       description = COALESCE($4, description),
       enabled = COALESCE($5, enabled),
       disabled_reason = CASE WHEN $5 IS TRUE THEN NULL WHEN $5 IS FALSE AND enabled THEN 'admin' ELSE disabled_reason END,
       disabled_at = CASE WHEN $5 IS TRUE THEN NULL WHEN $5 IS FALSE AND enabled THEN now() ELSE disabled_at END,
       failing_since = CASE WHEN $5 IS TRUE THEN NULL ELSE failing_since END,
       updated_at = now(), version = version + 1
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, changes.url ?? null, changes.events ?? null, changes.description ?? null, changes.enabled ?? null],
  );
  return rows[0];
}

/** Removes an endpoint (its deliveries and their attempts go with it); its last version, or undefined when there was none. */
export async function deleteEndpoint(q: Queryable, id: string): Promise<number | undefined> {
  const rows = await q.query<{ version: number }>('DELETE FROM endpoints WHERE id = $1 RETURNING version', [
    id,
  ]);
  return rows[0]?.version;
}

/** Replaces the secret; the one it replaces keeps signing until `previousExpiresAt`. */
export async function rotateSecret(
  q: Queryable,
  id: string,
  secrets: { secret: string; previousSecret: string; previousExpiresAt: Date },
): Promise<EndpointRecord | undefined> {
  const rows = await q.query<EndpointRecord>(
    `UPDATE endpoints SET secret = $2, previous_secret = $3, previous_secret_expires_at = $4, updated_at = now(),
       version = version + 1
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, secrets.secret, secrets.previousSecret, secrets.previousExpiresAt.toISOString()],
  );
  return rows[0];
}

/** Every endpoint's secret envelopes, rows locked for the rest of the transaction (re-encryption). */
export async function lockEndpointSecrets(
  q: Queryable,
): Promise<{ id: string; secret: string; previousSecret: string | null }[]> {
  return q.query(
    'SELECT id, secret, previous_secret AS "previousSecret" FROM endpoints ORDER BY id FOR NO KEY UPDATE',
  );
}

/** Replaces an endpoint's secret envelopes by the same secrets sealed again (nothing else changes). */
export async function replaceSecretEnvelopes(
  q: Queryable,
  id: string,
  envelopes: { secret: string; previousSecret: string | null },
): Promise<void> {
  await q.query('UPDATE endpoints SET secret = $2, previous_secret = $3 WHERE id = $1', [
    id,
    envelopes.secret,
    envelopes.previousSecret,
  ]);
}

/** The ids of the enabled endpoints subscribed to `type` that existed when the event happened. */
export async function subscribedEndpoints(q: Queryable, type: string, occurredAt: string): Promise<string[]> {
  const rows = await q.query<{ id: string }>(
    prepared(
      'SELECT id FROM endpoints WHERE enabled AND $1 = ANY (event_types) AND created_at <= $2::timestamptz',
    ),
    [type, occurredAt],
  );
  return rows.map((row) => row.id);
}

/** Records the endpoint's health after an attempt: healthy clears the failure streak, failing starts it. */
export async function setEndpointHealth(q: Queryable, id: string, failingSince: Date | null): Promise<void> {
  await q.query(
    failingSince === null
      ? 'UPDATE endpoints SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL'
      : 'UPDATE endpoints SET failing_since = COALESCE(failing_since, $2) WHERE id = $1',
    failingSince === null ? [id] : [id, failingSince.toISOString()],
  );
}

/** Disables an endpoint by the service's own decision; false when it was already disabled. */
export async function disableEndpoint(
  q: Queryable,
  id: string,
  reason: 'gone' | 'failing',
  failingSince: Date | null,
): Promise<boolean> {
  const rows = await q.query(
    `UPDATE endpoints SET enabled = false, disabled_reason = $2, disabled_at = now(),
       failing_since = COALESCE(failing_since, $3), updated_at = now()
     WHERE id = $1 AND enabled RETURNING id`,
    [id, reason, failingSince?.toISOString() ?? null],
  );
  return rows.length > 0;
}
