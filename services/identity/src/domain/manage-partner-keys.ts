import { PartnerKeyCreateInputSchema, fieldErrorsOf } from '@rcr/contracts';
import { newId } from '@rcr/platform';
import {
  findLivePartnerKey,
  findPartnerKeyById,
  insertPartnerKey,
  listPartnerKeys as storeList,
  revokePartnerKey as storeRevoke,
  type PartnerKeyRecord,
} from '../store/partner-key-repository.ts';
import type { Caller, IdentityDeps } from './deps.ts';
import { recordOwnChange } from './record-change.ts';
import { assertIsAdmin, isUuid } from './editor-rules.ts';
import { identityErrors } from './errors.ts';
import { hashPartnerKey, looksLikePartnerKey, newPartnerKeySecret } from './partner-key-secrets.ts';

/** A partner key as callers see it: never the key, never its hash. */
export type PartnerKey = PartnerKeyRecord;

/** Makes a key for a partner (admins only); the key itself is returned this once and stored nowhere. */
export async function createPartnerKey(
  deps: IdentityDeps,
  caller: Caller,
  input: { name: string },
): Promise<{ key: PartnerKey; secret: string }> {
  const admin = assertIsAdmin(caller.actor);
  const parsed = PartnerKeyCreateInputSchema.safeParse(input);
  if (!parsed.success) throw identityErrors.validationFailed(fieldErrorsOf(parsed.error));
  const { secret, prefix, secretHash } = newPartnerKeySecret();
  // The key and its audit entry commit together.
  const key = await deps.db.transaction(async (tx) => {
    const made = await insertPartnerKey(tx, {
      id: newId(),
      name: parsed.data.name,
      prefix,
      secretHash,
      createdBy: admin.id,
    });
    await recordOwnChange(tx, {
      actor: { id: admin.id, role: admin.role },
      action: 'partner-key.created',
      subject: { kind: 'partner-key', id: made.id },
      changedFields: ['name'],
    });
    return made;
  });
  deps.log.info({ partnerKeyId: key.id, prefix, by: admin.id }, 'partner key created');
  return { key, secret };
}

/** Every partner key, newest first, revoked ones too (admins only). */
export async function listPartnerKeys(deps: IdentityDeps, caller: Caller): Promise<PartnerKey[]> {
  assertIsAdmin(caller.actor);
  return storeList(deps.db);
}

/** One partner key, revoked or not (admins only). */
export async function getPartnerKey(
  deps: IdentityDeps,
  caller: Caller,
  input: { id: string },
): Promise<PartnerKey> {
  assertIsAdmin(caller.actor);
  const key = isUuid(input.id) ? await findPartnerKeyById(deps.db, input.id) : undefined;
  if (!key) throw identityErrors.partnerKeyNotFound();
  return key;
}

/**
 * Revokes a key for good (admins only); revoking a revoked key again changes nothing (and records
 * nothing in the audit log).
 */
export async function revokePartnerKey(deps: IdentityDeps, caller: Caller, input: { id: string }) {
  const admin = assertIsAdmin(caller.actor);
  if (!isUuid(input.id)) throw identityErrors.partnerKeyNotFound();
  const revoked = await deps.db.transaction(async (tx) => {
    const outcome = await storeRevoke(tx, input.id);
    if (outcome?.revokedNow) {
      await recordOwnChange(tx, {
        actor: { id: admin.id, role: admin.role },
        action: 'partner-key.revoked',
        subject: { kind: 'partner-key', id: outcome.key.id },
        changedFields: ['revokedAt'],
      });
    }
    return outcome;
  });
  if (!revoked) throw identityErrors.partnerKeyNotFound();
  deps.log.info({ partnerKeyId: revoked.key.id, by: admin.id }, 'partner key revoked');
}

/** The live key `secret` is, or PARTNER_KEY_INVALID (unknown, revoked or not shaped like a key). */
export async function verifyPartnerKey(deps: IdentityDeps, input: { key: string }): Promise<PartnerKey> {
  const key = looksLikePartnerKey(input.key)
    ? await findLivePartnerKey(deps.db, hashPartnerKey(input.key))
    : undefined;
  if (!key) throw identityErrors.partnerKeyInvalid();
  return key;
}
