import { errors, type Database, type KeyRing, type Logger, type Outbox } from '@rcr/platform';
import { signingKeysChanged } from '../events/publishers.ts';
import {
  deleteInactiveSigningKey,
  encryptStoredPrivateKeys,
  findActiveSigningKey,
  insertActiveSigningKey,
  listPublicKeys,
  listSigningKeys,
  rotateActiveSigningKey,
} from '../store/key-repository.ts';
import { assertIsAdmin } from './editor-rules.ts';
import type { Caller } from './deps.ts';
import { generateSigningKey, jwksDocument, signerOf, type Signer } from './tokens.ts';

/**
 * Loads the active signing key, generating and storing one on first start. Private keys are stored
 * encrypted with `keyRing`; any found in plain text (from before encryption at rest) or under a retired
 * key are re-encrypted first. When several processes start at once only one insert wins (one active
 * key at most) and all of them then load that same key. A key that does not decrypt stops the start.
 */
export async function ensureSigningKey(db: Database, keyRing: KeyRing, log: Logger): Promise<Signer> {
  const rewritten = await db.transaction((tx) => encryptStoredPrivateKeys(tx, keyRing));
  if (rewritten.length > 0)
    log.info({ kids: rewritten, encryptionKid: keyRing.primaryKid }, 'signing keys re-encrypted at rest');
  let active = await findActiveSigningKey(db, keyRing);
  if (!active) {
    await insertActiveSigningKey(db, keyRing, await generateSigningKey());
    active = await findActiveSigningKey(db, keyRing);
  }
  if (!active) throw new Error('no active signing key after creating one');
  return signerOf(active.kid, active.privateJwk);
}

/**
 * The signing keys as this process uses them: the active signer, reloaded after this process rotates or
 * retires a key and periodically (another replica may have), and the published JWK Set, read from the
 * table on every request. The set is never cached: `signing-keys.changed` is published as soon as the
 * change commits, and a gateway that refetches on it must get the committed set — from this replica
 * before its own reload has run, or from a replica that has not reloaded at all.
 */
export class SigningKeys {
  #signer: Signer;

  private constructor(
    private readonly db: Database,
    private readonly keyRing: KeyRing,
    signer: Signer,
  ) {
    this.#signer = signer;
  }

  /** Loads (creating on first start) the keys; see `ensureSigningKey`. */
  static async load(db: Database, keyRing: KeyRing, log: Logger): Promise<SigningKeys> {
    return new SigningKeys(db, keyRing, await ensureSigningKey(db, keyRing, log));
  }

  /** The key that signs new access tokens. */
  get signer(): Signer {
    return this.#signer;
  }

  /** The JWK Set document that verifies them, as committed now. */
  async jwks(): Promise<string> {
    return jwksDocument(await listPublicKeys(this.db));
  }

  /** Reads the active key again from the database. */
  async reload(): Promise<void> {
    const active = await findActiveSigningKey(this.db, this.keyRing);
    if (!active) return;
    this.#signer = await signerOf(active.kid, active.privateJwk);
  }

  /** Admins: every stored key. */
  list(caller: Caller) {
    assertIsAdmin(caller.actor);
    return listSigningKeys(this.db);
  }

  /** Admins: a new active key; the old one stays published so the tokens it signed still verify. */
  async rotate(caller: Caller, outbox: Outbox) {
    assertIsAdmin(caller.actor);
    const key = await generateSigningKey();
    await outbox.transaction(async (tx, emit) => {
      await rotateActiveSigningKey(tx, this.keyRing, key);
      const kids = (await listSigningKeys(tx)).map((k) => k.kid);
      await emit(signingKeysChanged(key.kid, kids, caller.traceparent));
    });
    await this.reload();
    return listSigningKeys(this.db);
  }

  /** Admins: removes a key that no longer signs; tokens it signed stop verifying everywhere. */
  async retire(caller: Caller, outbox: Outbox, kid: string) {
    assertIsAdmin(caller.actor);
    if (kid === this.signer.kid)
      throw errors.conflict('SIGNING_KEY_ACTIVE', 'rotate before retiring the active key');
    await outbox.transaction(async (tx, emit) => {
      if (!(await deleteInactiveSigningKey(tx, kid))) {
        throw errors.notFound('SIGNING_KEY_NOT_FOUND', 'no inactive signing key has this id');
      }
      const keys = await listSigningKeys(tx);
      const active = keys.find((k) => k.active)?.kid ?? this.signer.kid;
      await emit(
        signingKeysChanged(
          active,
          keys.map((k) => k.kid),
          caller.traceparent,
        ),
      );
    });
    await this.reload();
    return listSigningKeys(this.db);
  }
}
