import { AuditFilterSchema, fieldErrorsOf } from '@rcr/contracts';
import { DEFAULT_LIMIT, decodeCursor, encodeCursor, MAX_LIMIT } from '@rcr/platform';
import { listAuditEntries } from '../store/audit-repository.ts';
import type { AuditEntry } from './audit-chain.ts';
import type { Caller, IdentityDeps } from './deps.ts';
import { assertIsAdmin } from './editor-rules.ts';
import { identityErrors } from './errors.ts';

/** What a list asks: filters, order, page size and the previous page's cursor. */
export interface AuditListInput {
  actorId?: string | undefined;
  subjectId?: string | undefined;
  subjectKind?: string | undefined;
  actions?: readonly string[] | undefined;
  since?: string | undefined;
  until?: string | undefined;
  newestFirst: boolean;
  limit: number;
  cursor?: string | undefined;
}

/**
 * One page of the audit log (admins only), oldest first or newest first, filtered by actor, aggregate,
 * kind, actions and time; the next page starts after the cursor, whatever was appended since.
 */
export async function listAuditEvents(
  deps: IdentityDeps,
  caller: Caller,
  input: AuditListInput,
): Promise<{ items: AuditEntry[]; nextCursor: string }> {
  assertIsAdmin(caller.actor);
  const parsed = AuditFilterSchema.safeParse({
    actorId: input.actorId || undefined,
    subjectId: input.subjectId || undefined,
    subjectKind: input.subjectKind || undefined,
    actions: input.actions && input.actions.length > 0 ? input.actions : undefined,
    since: input.since || undefined,
    until: input.until || undefined,
  });
  if (!parsed.success) throw identityErrors.validationFailed(fieldErrorsOf(parsed.error));
  const order = input.newestFirst ? 'desc' : 'asc';
  const limit = input.limit > 0 ? Math.min(MAX_LIMIT, Math.trunc(input.limit)) : DEFAULT_LIMIT;
  const after = input.cursor ? afterOf(input.cursor, order) : undefined;
  const rows = await listAuditEntries(deps.db, parsed.data, {
    after,
    newestFirst: input.newestFirst,
    limit: limit + 1,
  });
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(['audit', order, last.seq]) : '' };
}

/** The entry number a cursor continues after; a cursor of another list or order is refused. */
function afterOf(cursor: string, order: 'asc' | 'desc'): number {
  const [list, madeFor, seq] = decodeCursor(cursor, 3);
  if (
    list === 'audit' &&
    madeFor === order &&
    typeof seq === 'number' &&
    Number.isSafeInteger(seq) &&
    seq >= 0
  ) {
    return seq;
  }
  throw identityErrors.validationFailed([
    { field: 'cursor', message: 'the cursor belongs to another list or order' },
  ]);
}
