import { prepared, type Queryable } from '@rcr/platform';
import { linkEntry, type AuditChange, type AuditEntry, type ChainHead } from '../domain/audit-chain.ts';
import type { SubjectSnapshot } from '../domain/audit-change.ts';

interface AuditRow {
  seq: number;
  eventId: string | null;
  occurredAt: string;
  recordedAt: string;
  actorId: string;
  actorRole: string;
  action: string;
  subjectKind: string;
  subjectId: string;
  versionBefore: number | null;
  versionAfter: number | null;
  changedFields: string[] | null;
  previousHash: string;
  hash: string;
}

const COLUMNS = `seq, event_id AS "eventId", occurred_at AS "occurredAt", recorded_at AS "recordedAt",
  actor_id AS "actorId", actor_role AS "actorRole", action, subject_kind AS "subjectKind",
  subject_id AS "subjectId", version_before AS "versionBefore", version_after AS "versionAfter",
  changed_fields AS "changedFields", previous_hash AS "previousHash", hash`;

function entryOf(row: AuditRow): AuditEntry {
  return {
    seq: row.seq,
    eventId: row.eventId,
    occurredAt: row.occurredAt,
    recordedAt: row.recordedAt,
    actor: { id: row.actorId, role: row.actorRole },
    action: row.action,
    subject: { kind: row.subjectKind, id: row.subjectId },
    versionBefore: row.versionBefore,
    versionAfter: row.versionAfter,
    changedFields: row.changedFields,
    previousHash: row.previousHash,
    hash: row.hash,
  };
}

/**
 * Appends a change to the chain: locks the head (so concurrent appends, from any replica, queue up and
 * the chain stays one line), links the entry to it, stores it and moves the head — all in the caller's
 * transaction, so the entry commits with the inbox record or the change it describes. An event already
 * recorded (same event id) appends nothing: undefined.
 */
export async function appendAuditEntry(tx: Queryable, change: AuditChange): Promise<AuditEntry | undefined> {
  const [head] = await tx.query<ChainHead>(
    prepared('SELECT seq, hash FROM audit_head WHERE only_row FOR UPDATE'),
  );
  if (!head) throw new Error('the audit log has no head row (migration 005 not applied?)');
  const entry = linkEntry(head, change, new Date().toISOString());
  // The entry and the head it becomes in one statement (one round trip less while the head is locked);
  // the head moves only when the entry was inserted.
  const inserted = await tx.query(
    prepared(`WITH inserted AS (
       INSERT INTO audit_events (seq, event_id, occurred_at, recorded_at, actor_id, actor_role, action,
         subject_kind, subject_id, version_before, version_after, changed_fields, previous_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (event_id) DO NOTHING RETURNING seq, hash
     ), moved AS (
       UPDATE audit_head SET seq = inserted.seq, hash = inserted.hash FROM inserted WHERE only_row
     )
     SELECT seq FROM inserted`),
    [
      entry.seq,
      entry.eventId,
      entry.occurredAt,
      entry.recordedAt,
      entry.actor.id,
      entry.actor.role,
      entry.action,
      entry.subject.kind,
      entry.subject.id,
      entry.versionBefore,
      entry.versionAfter,
      entry.changedFields === null ? null : JSON.stringify(entry.changedFields),
      entry.previousHash,
      entry.hash,
    ],
  );
  if (inserted.length === 0) return undefined;
  return entry;
}

/** The head of the chain: the last entry's number and hash. */
export async function readAuditHead(q: Queryable): Promise<ChainHead> {
  const [head] = await q.query<ChainHead>('SELECT seq, hash FROM audit_head WHERE only_row');
  if (!head) throw new Error('the audit log has no head row (migration 005 not applied?)');
  return head;
}

/** The entry with this number, if stored. */
export async function findAuditEntry(q: Queryable, seq: number): Promise<AuditEntry | undefined> {
  const [row] = await q.query<AuditRow>(`SELECT ${COLUMNS} FROM audit_events WHERE seq = $1`, [seq]);
  return row ? entryOf(row) : undefined;
}

/** Entries after `after` up to and including `through`, in order, at most `limit`. */
export async function auditEntriesBetween(
  q: Queryable,
  after: number,
  through: number,
  limit: number,
): Promise<AuditEntry[]> {
  const rows = await q.query<AuditRow>(
    `SELECT ${COLUMNS} FROM audit_events WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3`,
    [after, through, limit],
  );
  return rows.map(entryOf);
}

/** Which entries to list: every filter given must hold. */
export interface AuditFilter {
  actorId?: string | undefined;
  subjectId?: string | undefined;
  subjectKind?: string | undefined;
  actions?: readonly string[] | undefined;
  /** ISO 8601: occurred at or after. */
  since?: string | undefined;
  /** ISO 8601: occurred before. */
  until?: string | undefined;
}

/** One page of entries matching `filter`, after the entry numbered `after` in the order asked. */
export async function listAuditEntries(
  q: Queryable,
  filter: AuditFilter,
  page: { after?: number | undefined; newestFirst: boolean; limit: number },
): Promise<AuditEntry[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (placeholder: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (filter.actorId !== undefined) add((p) => `actor_id = ${p}`, filter.actorId);
  if (filter.subjectId !== undefined) add((p) => `subject_id = ${p}`, filter.subjectId);
  if (filter.subjectKind !== undefined) add((p) => `subject_kind = ${p}`, filter.subjectKind);
  if (filter.actions && filter.actions.length > 0) add((p) => `action = ANY(${p}::text[])`, filter.actions);
  if (filter.since !== undefined) add((p) => `occurred_at >= ${p}::timestamptz`, filter.since);
  if (filter.until !== undefined) add((p) => `occurred_at < ${p}::timestamptz`, filter.until);
  if (page.after !== undefined) add((p) => `seq ${page.newestFirst ? '<' : '>'} ${p}`, page.after);
  params.push(page.limit);
  const rows = await q.query<AuditRow>(
    `SELECT ${COLUMNS} FROM audit_events ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY seq ${page.newestFirst ? 'DESC' : 'ASC'} LIMIT $${params.length}`,
    params,
  );
  return rows.map(entryOf);
}

/** The last audited state of an aggregate. */
export async function findSubjectSnapshot(
  q: Queryable,
  kind: string,
  id: string,
): Promise<SubjectSnapshot | undefined> {
  const [row] = await q.query<SubjectSnapshot>(
    prepared('SELECT version, fields FROM audit_subjects WHERE kind = $1 AND id = $2'),
    [kind, id],
  );
  return row;
}

/** Stores an aggregate's audited state (replacing the one before). */
export async function putSubjectSnapshot(
  q: Queryable,
  kind: string,
  id: string,
  snapshot: SubjectSnapshot,
): Promise<void> {
  await q.query(
    prepared(`INSERT INTO audit_subjects (kind, id, version, fields) VALUES ($1, $2, $3, $4)
     ON CONFLICT (kind, id) DO UPDATE SET version = EXCLUDED.version, fields = EXCLUDED.fields`),
    [kind, id, snapshot.version, JSON.stringify(snapshot.fields)],
  );
}

/** Forgets an aggregate's audited state (it was deleted). */
export async function deleteSubjectSnapshot(q: Queryable, kind: string, id: string): Promise<void> {
  await q.query('DELETE FROM audit_subjects WHERE kind = $1 AND id = $2', [kind, id]);
}
