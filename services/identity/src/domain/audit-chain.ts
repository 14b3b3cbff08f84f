import { createHash } from 'node:crypto';

/** Who made a change: an editor or an admin, as the gateway vouched for them. */
export interface AuditActor {
  id: string;
  role: string;
}

/** A change as the audit log records it, before it has a place in the chain. */
export interface AuditChange {
  /** The event that reported it; null for changes identity records itself (partner keys). */
  eventId: string | null;
  /** When the change was made (ISO 8601, UTC, milliseconds). */
  occurredAt: string;
  actor: AuditActor;
  /** What was done: the event type, e.g. `review.published`. */
  action: string;
  subject: { kind: string; id: string };
  /** The aggregate's version before the change (null: it did not exist, or it has no versions). */
  versionBefore: number | null;
  versionAfter: number | null;
  /** The fields the change set; null when not known. */
  changedFields: string[] | null;
}

/** A stored entry: the change, its place in the chain and the hashes linking it. */
export interface AuditEntry extends AuditChange {
  seq: number;
  recordedAt: string;
  previousHash: string;
  hash: string;
}

/** The end of the chain: the last entry's number and hash (0 and GENESIS_HASH before the first). */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** The hash the first entry links to. */
export const GENESIS_HASH = '0'.repeat(64);

/** Names the canonical form, so a later form can be told apart from this one. */
const FORM = 'rcr-audit-v1';

/**
 * The canonical text of an entry's content: a JSON array of its fields in a fixed order, so the same
 * entry always gives the same text (no dependence on object key order or on how a driver returns a row).
 */
export function canonicalEntry(entry: Omit<AuditEntry, 'previousHash' | 'hash'>): string {
  return JSON.stringify([
    FORM,
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
    entry.changedFields,
  ]);
}

/** hash = SHA-256(previous hash ‖ canonical entry), hex; the previous hash is 64 hex characters, so the join is unambiguous. */
export function chainHash(previousHash: string, entry: Omit<AuditEntry, 'previousHash' | 'hash'>): string {
  return createHash('sha256').update(previousHash).update(canonicalEntry(entry)).digest('hex');
}

/** The next entry of the chain after `head`: the change, numbered and linked. */
export function linkEntry(head: ChainHead, change: AuditChange, recordedAt: string): AuditEntry {
  const entry = { ...change, seq: head.seq + 1, recordedAt };
  return { ...entry, previousHash: head.hash, hash: chainHash(head.hash, entry) };
}

/** Why the chain does not hold at an entry. */
export type ChainBreak =
  /** A number is missing: the entry was deleted. */
  | 'missing'
  /** The entry's hash is not the hash of its content: the entry was edited. */
  | 'altered'
  /** The entry does not link to the one before it: the one before was replaced (content and hash). */
  | 'unlinked'
  /** The head names an entry past the last one stored: entries were cut off the end. */
  | 'truncated';

/** What a walk of (a stretch of) the chain found. */
export interface ChainCheck {
  valid: boolean;
  /** Entries checked. */
  checked: number;
  /** The first entry whose place in the chain does not hold. */
  broken?: { seq: number; reason: ChainBreak };
  /** The last entry checked. */
  through: number;
}

/**
 * Checks a chain entry by entry, in order: each must have the next number, link to the hash of the one
 * before and carry the hash of its own content. Starts after `start` (the head of the stretch before,
 * e.g. GENESIS at 0); stops at the first break.
 */
export class ChainVerifier {
  #previous: ChainHead;
  #checked = 0;
  #broken: ChainCheck['broken'];

  constructor(start: ChainHead) {
    this.#previous = start;
  }

  /** Whether a break has been found (nothing after it is looked at). */
  get broken(): boolean {
    return this.#broken !== undefined;
  }

  /** Checks the next entries; false once the chain is broken. */
  feed(entries: readonly AuditEntry[]): boolean {
    for (const entry of entries) {
      if (this.#broken) return false;
      this.#checked += 1;
      const expected = this.#previous.seq + 1;
      if (entry.seq !== expected) this.#broken = { seq: expected, reason: 'missing' };
      else if (entry.hash !== chainHash(entry.previousHash, entry))
        this.#broken = { seq: entry.seq, reason: 'altered' };
      else if (entry.previousHash !== this.#previous.hash)
        this.#broken = { seq: entry.seq, reason: 'unlinked' };
      else this.#previous = { seq: entry.seq, hash: entry.hash };
    }
    return !this.#broken;
  }

  /** The result; with `head` (the walk reached the end), the head must name the last entry checked. */
  result(head?: ChainHead): ChainCheck {
    if (!this.#broken && head) {
      // Entries were cut off the end, or the last one was replaced after the head recorded its hash.
      if (head.seq > this.#previous.seq) this.#broken = { seq: this.#previous.seq + 1, reason: 'truncated' };
      else if (head.seq === this.#previous.seq && head.hash !== this.#previous.hash)
        this.#broken = { seq: head.seq, reason: 'altered' };
    }
    return {
      valid: !this.#broken,
      checked: this.#checked,
      ...(this.#broken ? { broken: this.#broken } : {}),
      through: this.#previous.seq,
    };
  }
}
