import type { Queryable } from '@rcr/platform';
import {
  appendAuditEntry,
  deleteSubjectSnapshot,
  findSubjectSnapshot,
  putSubjectSnapshot,
} from '../store/audit-repository.ts';
import type { AuditChange, AuditEntry } from './audit-chain.ts';
import { decideAuditEntry, type AuditedEvent, type ChangedSubject } from './audit-change.ts';

/**
 * Records what an event of an audited type changed, in the caller's transaction (the consumer's inbox
 * transaction): the aggregate's snapshot follows the event, and a change some editor or admin made is
 * appended to the chain. Returns the entry appended, if any.
 */
export async function recordChange(
  tx: Queryable,
  event: AuditedEvent,
  subject: ChangedSubject,
): Promise<AuditEntry | undefined> {
  const stored = await findSubjectSnapshot(tx, subject.kind, subject.id);
  const decision = decideAuditEntry(event, subject, stored);
  if (decision.snapshot.action === 'put')
    await putSubjectSnapshot(tx, subject.kind, subject.id, decision.snapshot.value);
  if (decision.snapshot.action === 'delete') await deleteSubjectSnapshot(tx, subject.kind, subject.id);
  return decision.change ? appendAuditEntry(tx, decision.change) : undefined;
}

/** Records a change identity makes itself with no event (partner keys), in the change's own transaction. */
export function recordOwnChange(
  tx: Queryable,
  change: Omit<AuditChange, 'eventId' | 'occurredAt' | 'versionBefore' | 'versionAfter'>,
): Promise<AuditEntry | undefined> {
  return appendAuditEntry(tx, {
    ...change,
    eventId: null,
    occurredAt: new Date().toISOString(),
    versionBefore: null,
    versionAfter: null,
  });
}
