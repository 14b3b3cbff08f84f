import { createHash } from 'node:crypto';
import type { AuditActor, AuditChange } from './audit-chain.ts';

/** What an audited event says about the aggregate it changed. */
export interface ChangedSubject {
  kind: string;
  id: string;
  /** create: it did not exist before; delete: it is gone after; update: it changed. */
  change: 'create' | 'update' | 'delete';
  /** Its version after the change; null when the event carries none. */
  version: number | null;
  /** Its fields after the change, as the event carries them (create and update). */
  fields?: Record<string, unknown> | undefined;
}

/** The last audited state of an aggregate: its version and a hash per field (never the content itself). */
export interface SubjectSnapshot {
  version: number;
  fields: Record<string, string>;
}

/** The event an audit entry comes from: its id, type, time and who it was made for. */
export interface AuditedEvent {
  id: string;
  type: string;
  occurredAt: string;
  /** Absent or null: the system made the change (start-up, anti-entropy) or an older producer sent it. */
  actor?: AuditActor | null | undefined;
}

/** What recording one event does: the entry to append (if any) and what becomes of the aggregate's snapshot. */
export interface AuditDecision {
  /** Undefined when no editor or admin made the change: the log records people's changes only. */
  change: AuditChange | undefined;
  snapshot: { action: 'put'; value: SubjectSnapshot } | { action: 'delete' } | { action: 'keep' };
}

/**
 * Decides what the audit log records for an event of an audited type: who, what, which aggregate, its
 * versions before and after, and which fields changed — known for a creation (all of them) and for an
 * update whose previous version was seen (compared field by field through hashes); null otherwise. The
 * aggregate's snapshot follows every such event, also the system's, so later diffs stay exact.
 */
export function decideAuditEntry(
  event: AuditedEvent,
  subject: ChangedSubject,
  stored: SubjectSnapshot | undefined,
): AuditDecision {
  const { version } = subject;
  const before = subject.change === 'create' || version === null ? null : version - 1;
  const hashes = subject.fields ? fieldHashes(subject.fields) : undefined;
  let changedFields: string[] | null = null;
  let snapshot: AuditDecision['snapshot'] = { action: 'keep' };
  if (subject.change === 'delete') {
    snapshot = { action: 'delete' };
  } else if (subject.change === 'create' && hashes) {
    changedFields = Object.keys(hashes).sort();
    // A creation redelivered after a later change of the aggregate was recorded leaves the newer snapshot.
    if (version !== null && !(stored && stored.version >= version)) {
      snapshot = { action: 'put', value: { version, fields: hashes } };
    }
  } else if (hashes && version !== null) {
    const present = Object.keys(subject.fields ?? {});
    if (stored && stored.version === before) changedFields = differences(stored.fields, hashes, present);
    if (!stored || stored.version < version) {
      snapshot = {
        action: 'put',
        value: { version, fields: { ...kept(stored?.fields, present), ...hashes } },
      };
    }
  }
  const change: AuditChange | undefined = event.actor
    ? {
        eventId: event.id,
        occurredAt: new Date(event.occurredAt).toISOString(),
        actor: { id: event.actor.id, role: event.actor.role },
        action: event.type,
        subject: { kind: subject.kind, id: subject.id },
        versionBefore: before,
        versionAfter: version,
        changedFields,
      }
    : undefined;
  return { change, snapshot };
}

/** Whether `key` is the field `top` or one of its sub-fields (`specs.sensor` of `specs`). */
function within(key: string, top: string): boolean {
  return key === top || key.startsWith(`${top}.`);
}

/** The stored hashes of fields the event does not carry (an event may leave out a field that did not change). */
function kept(stored: Record<string, string> | undefined, present: string[]): Record<string, string> {
  if (!stored) return {};
  return Object.fromEntries(
    Object.entries(stored).filter(([key]) => !present.some((top) => within(key, top))),
  );
}

/** The fields (and sub-fields of the fields the event carries) whose hash differs, added or removed, sorted. */
function differences(
  stored: Record<string, string>,
  next: Record<string, string>,
  present: string[],
): string[] {
  const keys = new Set(Object.keys(next));
  for (const key of Object.keys(stored)) if (present.some((top) => within(key, top))) keys.add(key);
  return [...keys].filter((key) => stored[key] !== next[key]).sort();
}

/** A hash per field; a nested object's fields are hashed one by one (`specs.sensor`), so a diff names them (an empty one has none). */
export function fieldHashes(fields: Record<string, unknown>): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (isPlainObject(value)) {
      for (const [sub, inner] of Object.entries(value)) {
        if (inner !== undefined) hashes[`${key}.${sub}`] = hashOf(inner);
      }
    } else {
      hashes[key] = hashOf(value);
    }
  }
  return hashes;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hashOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('base64url');
}

/** JSON with object keys sorted at every depth: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isPlainObject(value)) {
    const entries = Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
