import { AUDIT_LIMITS } from '@rcr/contracts';
import { auditEntriesBetween, findAuditEntry, readAuditHead } from '../store/audit-repository.ts';
import { ChainVerifier, GENESIS_HASH, type ChainCheck, type ChainHead } from './audit-chain.ts';
import type { Caller, IdentityDeps } from './deps.ts';
import { assertIsAdmin } from './editor-rules.ts';
import { identityErrors } from './errors.ts';

/** Entries read from the database per round of a verification. */
const PAGE = 1000;

/** What a verification found, and how far it went. */
export interface AuditVerification extends ChainCheck {
  /** Whether the walk is over: it reached the head or found a break (else go on with `after: through`). */
  complete: boolean;
  head: ChainHead;
}

/**
 * Walks the audit log's hash chain (admins only) from the entry after `after` (0: the first) for at most
 * `limit` entries, checking each entry's number, link and hash; on reaching the end, also that the head
 * names the last entry. A long log is checked in stretches: each call goes on from the previous
 * `through`, whose stored hash it starts from (an entry altered there is caught by the stretch before).
 */
export async function verifyAuditLog(
  deps: IdentityDeps,
  caller: Caller,
  input: { after: number; limit: number },
): Promise<AuditVerification> {
  assertIsAdmin(caller.actor);
  const after = Math.trunc(input.after);
  if (!Number.isSafeInteger(after) || after < 0) {
    throw identityErrors.validationFailed([
      { field: 'after', message: 'must be an entry number, 0 or more' },
    ]);
  }
  const limit =
    input.limit > 0 ? Math.min(AUDIT_LIMITS.verifyMax, Math.trunc(input.limit)) : AUDIT_LIMITS.verifyDefault;
  // Rows up to the head read now are all committed (each commits with its head move); later ones wait.
  const head = await readAuditHead(deps.db);
  const start = after === 0 ? { seq: 0, hash: GENESIS_HASH } : await startOf(deps, after, head);
  if (!start) {
    const broken = { seq: after, reason: 'missing' as const };
    return { valid: false, checked: 0, broken, through: after, complete: true, head };
  }
  const verifier = new ChainVerifier(start);
  const end = Math.min(head.seq, after + limit);
  let through = after;
  while (through < end && !verifier.broken) {
    const entries = await auditEntriesBetween(deps.db, through, end, PAGE);
    if (entries.length === 0) break;
    verifier.feed(entries);
    through = entries.at(-1)?.seq ?? end;
  }
  const complete = end === head.seq;
  const check = verifier.result(complete ? head : undefined);
  return { ...check, complete: complete || !check.valid, head };
}

/** The entry a stretch starts after: its number and stored hash; undefined when it is missing (a break). */
async function startOf(deps: IdentityDeps, after: number, head: ChainHead): Promise<ChainHead | undefined> {
  if (after > head.seq) {
    throw identityErrors.validationFailed([{ field: 'after', message: `the log has ${head.seq} entries` }]);
  }
  const entry = await findAuditEntry(deps.db, after);
  return entry ? { seq: entry.seq, hash: entry.hash } : undefined;
}
