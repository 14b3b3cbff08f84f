import { describe, expect, it } from 'vitest';
import {
  ChainVerifier,
  GENESIS_HASH,
  chainHash,
  linkEntry,
  type AuditChange,
  type AuditEntry,
  type ChainHead,
} from './audit-chain.ts';

function change(n: number): AuditChange {
  return {
    eventId: `0190d6a4-0000-7000-8000-${String(n).padStart(12, '0')}`,
    occurredAt: `2026-11-30T09:00:0${n % 10}.000Z`,
    actor: { id: 'editor-1', role: 'editor' },
    action: 'review.updated',
    subject: { kind: 'review', id: 'review-1' },
    versionBefore: n,
    versionAfter: n + 1,
    changedFields: ['title'],
  };
}

/** A valid chain of `count` entries and its head. */
function chain(count: number): { entries: AuditEntry[]; head: ChainHead } {
  const entries: AuditEntry[] = [];
  let head: ChainHead = { seq: 0, hash: GENESIS_HASH };
  for (let n = 1; n <= count; n++) {
    const entry = linkEntry(head, change(n), '2026-11-30T09:00:10.000Z');
    entries.push(entry);
    head = { seq: entry.seq, hash: entry.hash };
  }
  return { entries, head };
}

function verify(entries: AuditEntry[], head: ChainHead) {
  const verifier = new ChainVerifier({ seq: 0, hash: GENESIS_HASH });
  verifier.feed(entries);
  return verifier.result(head);
}

describe('the audit hash chain', () => {
  it('when entries are linked one after another, then they are numbered from 1 and each links to the one before', () => {
    const { entries } = chain(3);

    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(entries[0]?.previousHash).toBe(GENESIS_HASH);
    expect(entries[1]?.previousHash).toBe(entries[0]?.hash);
    expect(entries[2]?.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('when the same entry is hashed twice, then the hash is the same; any field changed, and it differs', () => {
    const [entry] = chain(1).entries as [AuditEntry];

    expect(chainHash(GENESIS_HASH, { ...entry })).toBe(entry.hash);
    expect(chainHash(GENESIS_HASH, { ...entry, actor: { id: 'editor-2', role: 'editor' } })).not.toBe(
      entry.hash,
    );
    expect(chainHash(GENESIS_HASH, { ...entry, versionAfter: 3 })).not.toBe(entry.hash);
    expect(chainHash(GENESIS_HASH, { ...entry, changedFields: null })).not.toBe(entry.hash);
  });

  it('when nothing was touched, then the walk is valid and checks every entry', () => {
    const { entries, head } = chain(5);

    expect(verify(entries, head)).toEqual({ valid: true, checked: 5, through: 5 });
  });

  it('when an entry was edited, then the walk breaks at it as altered', () => {
    const { entries, head } = chain(5);
    const edited = entries.map((e) =>
      e.seq === 3 ? { ...e, actor: { id: 'someone-else', role: 'admin' } } : e,
    );

    expect(verify(edited, head)).toMatchObject({ valid: false, broken: { seq: 3, reason: 'altered' } });
  });

  it('when an entry was replaced with a consistent hash, then the entry after it no longer links (unlinked)', () => {
    const { entries, head } = chain(5);
    const forged = { ...(entries[2] as AuditEntry), action: 'review.deleted' };
    forged.hash = chainHash(forged.previousHash, forged);
    const replaced = entries.map((e) => (e.seq === 3 ? forged : e));

    expect(verify(replaced, head)).toMatchObject({ valid: false, broken: { seq: 4, reason: 'unlinked' } });
  });

  it('when an entry was deleted, then the walk breaks at its number as missing', () => {
    const { entries, head } = chain(5);

    expect(
      verify(
        entries.filter((e) => e.seq !== 2),
        head,
      ),
    ).toMatchObject({
      valid: false,
      broken: { seq: 2, reason: 'missing' },
    });
  });

  it('when the last entries were cut off, then the head shows it (truncated)', () => {
    const { entries, head } = chain(5);

    expect(verify(entries.slice(0, 3), head)).toMatchObject({
      valid: false,
      broken: { seq: 4, reason: 'truncated' },
    });
  });

  it('when the last entry was replaced whole, then the head no longer names it (altered)', () => {
    const { entries, head } = chain(3);
    const last = { ...(entries[2] as AuditEntry), subject: { kind: 'review', id: 'review-2' } };
    last.hash = chainHash(last.previousHash, last);

    expect(verify([...entries.slice(0, 2), last], head)).toMatchObject({
      valid: false,
      broken: { seq: 3, reason: 'altered' },
    });
  });

  it('when a stretch is checked from a middle entry, then it starts from that entry’s hash', () => {
    const { entries, head } = chain(6);
    const verifier = new ChainVerifier({ seq: 3, hash: (entries[2] as AuditEntry).hash });
    verifier.feed(entries.slice(3));

    expect(verifier.result(head)).toEqual({ valid: true, checked: 3, through: 6 });
  });
});
