import type { Database, Logger, Outbox } from '@rcr/platform';
import type { EditorRecord } from '../store/editor-repository.ts';
import type { SigningKeys } from './ensure-signing-key.ts';

/** What the use cases need, built once by the service: storage, outbox, the signing keys and a logger. */
export interface IdentityDeps {
  /** Reads and transactions that emit no events. */
  db: Database;
  /** Transactions whose events must reach the bus only if they commit. */
  outbox: Outbox;
  /** The active key that signs access tokens, and the JWK Set (both change on rotation). */
  keys: SigningKeys;
  log: Logger;
}

/** An account as shown to callers: everything but the password hash. */
export type Editor = Omit<EditorRecord, 'passwordHash'>;

/** Strips the password hash from a stored account. */
export function toEditor(record: EditorRecord): Editor {
  const { passwordHash: _hash, ...editor } = record;
  return editor;
}

/** Who made a call and the trace it belongs to (copied onto the events it causes). */
export interface Caller {
  actor: { id: string; role: 'admin' | 'editor'; sid?: string | undefined } | undefined;
  traceparent?: string | undefined;
}
