import {
  createCipheriv,
  createDecipheriv,
  createSecretKey,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { link, mkdir, open, readFile, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from './config.ts';
import { AppError } from './errors.ts';

// Secrets at rest: AES-256-GCM envelopes sealed with a key ring from RCR_ENCRYPTION_KEY (or, in embedded
// mode, a key kept under the data directory). See docs/adr/0008-secrets-at-rest.md.

/** Prefix of every envelope this module writes; the number is the envelope format version. */
const ENVELOPE_PREFIX = 'enc:v1:';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const BASE64_PATTERN = /^[A-Za-z0-9+/_-]+={0,2}$/;
const BASE64URL_PATTERN = /^[A-Za-z0-9_-]*$/;

/** The codes a failed decryption reports; all are internal errors (nothing a caller can fix). */
export const secretErrors = {
  /** The stored value is not an envelope this code can read. */
  malformed: (what: string, why: string): AppError =>
    new AppError('internal', 'SECRET_MALFORMED', `cannot decrypt ${what}: ${why}`),
  /** The envelope names a key id that is not in the key ring. */
  keyUnknown: (what: string, kid: string, known: readonly string[]): AppError =>
    new AppError(
      'internal',
      'SECRET_KEY_UNKNOWN',
      `cannot decrypt ${what}: it was encrypted with key id '${kid}', which is not in the key ring ` +
        `(it has ${known.map((k) => `'${k}'`).join(', ')}; was the encryption key replaced?)`,
    ),
  /** The key id is known but the value does not authenticate: wrong key, wrong binding, or tampering. */
  unreadable: (what: string, kid: string): AppError =>
    new AppError(
      'internal',
      'SECRET_UNREADABLE',
      `cannot decrypt ${what}: it does not authenticate under key id '${kid}' ` +
        '(the key behind that id is not the one it was encrypted with, or the value was altered)',
    ),
};

/** True when a stored value is an encrypted envelope (as opposed to legacy plain text). */
export function isEncryptedSecret(value: string): boolean {
  return value.startsWith(ENVELOPE_PREFIX);
}

/** The key id an envelope was encrypted with, or undefined when the value is not an envelope. */
export function keyIdOfSecret(value: string): string | undefined {
  if (!isEncryptedSecret(value)) return undefined;
  return value.slice(ENVELOPE_PREFIX.length).split(':', 1)[0];
}

/** The additional authenticated data: the envelope header, then the caller's binding (row, purpose). */
function associatedData(kid: string, aad: string): Buffer {
  return Buffer.from(`${ENVELOPE_PREFIX}${kid}\n${aad}`, 'utf8');
}

function describe(aad: string): string {
  return aad === '' ? 'secret' : `secret '${aad}'`;
}

/**
 * A set of AES-256 keys, each with an id. The first encrypts; every one decrypts, so a key can be
 * rotated by putting the new one first and keeping the old ones until nothing uses them. Key bytes are
 * held as KeyObjects in private fields: they never show up in logs, JSON or `util.inspect`.
 */
export class KeyRing {
  readonly #keys: ReadonlyMap<string, KeyObject>;
  /** Id of the key that encrypts new values. */
  readonly primaryKid: string;

  private constructor(keys: Map<string, KeyObject>, primaryKid: string) {
    this.#keys = keys;
    this.primaryKid = primaryKid;
  }

  /**
   * Parses `kid:base64key[,kid:base64key…]` (first entry encrypts). Each key is 32 random bytes in
   * base64 or base64url; ids are 1–64 of `A–Z a–z 0–9 _ -`. Throws ConfigError naming the bad entry,
   * never echoing key material.
   */
  static parse(spec: string): KeyRing {
    const entries = spec
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
    if (entries.length === 0) throw new ConfigError('no key given; expected kid:base64key[,kid:base64key…]');
    const keys = new Map<string, KeyObject>();
    entries.forEach((entry, index) => {
      const where = `entry ${index + 1}`;
      const colon = entry.indexOf(':');
      if (colon === -1)
        throw new ConfigError(
          `${where} has no key id; expected kid:base64key (e.g. k1:$(openssl rand -base64 32))`,
        );
      const kid = entry.slice(0, colon);
      const encoded = entry.slice(colon + 1);
      if (!KID_PATTERN.test(kid))
        throw new ConfigError(`${where}: key id must be 1-64 characters of A-Z a-z 0-9 _ -`);
      if (keys.has(kid)) throw new ConfigError(`${where}: key id '${kid}' appears twice`);
      if (!BASE64_PATTERN.test(encoded))
        throw new ConfigError(`${where} (key id '${kid}'): the key is not base64`);
      const bytes = Buffer.from(encoded, 'base64');
      if (bytes.length !== KEY_BYTES)
        throw new ConfigError(
          `${where} (key id '${kid}'): the key is ${bytes.length} bytes; AES-256 needs exactly ${KEY_BYTES} ` +
            '(generate one with `openssl rand -base64 32`)',
        );
      if (bytes.every((byte) => byte === bytes[0]))
        throw new ConfigError(`${where} (key id '${kid}'): the key is one byte repeated, not a random key`);
      keys.set(kid, createSecretKey(bytes));
      bytes.fill(0);
    });
    return new KeyRing(keys, [...keys.keys()][0] as string);
  }

  /** Every key id, the encrypting one first. */
  get kids(): string[] {
    return [...this.#keys.keys()];
  }

  /**
   * A 32-byte MAC key per ring key for one `purpose` (HKDF-SHA256, the purpose as info), in ring order:
   * one secret to manage (RCR_ENCRYPTION_KEY) gives every signing need its own key, independent of the
   * encryption keys and of each other, and rotating the ring rotates them too.
   */
  macKeys(purpose: string): { kid: string; key: KeyObject }[] {
    return [...this.#keys].map(([kid, key]) => ({
      kid,
      key: createSecretKey(
        Buffer.from(hkdfSync('sha256', key.export(), Buffer.alloc(0), `rcr mac key: ${purpose}`, 32)),
      ),
    }));
  }

  /**
   * Encrypts `plaintext` with the primary key under a fresh random 96-bit IV. `aad` binds the value to
   * where it is stored (e.g. `identity.signing_keys.private_jwk:<kid>`): decrypting needs the same `aad`,
   * so a value copied to another row or purpose fails. Returns `enc:v1:<kid>:<iv>:<tag>:<ciphertext>`
   * (base64url parts).
   */
  encrypt(plaintext: string, aad = ''): string {
    const kid = this.primaryKid;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#keys.get(kid) as KeyObject, iv, {
      authTagLength: TAG_BYTES,
    });
    cipher.setAAD(associatedData(kid, aad));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url'));
    return `${ENVELOPE_PREFIX}${kid}:${parts.join(':')}`;
  }

  /**
   * Decrypts an envelope written by `encrypt` with the same `aad`. Throws an AppError (kind internal)
   * when the value is malformed, names a key id not in the ring, or does not authenticate (wrong key,
   * wrong `aad`, or any bit of it changed): never returns altered plaintext.
   */
  decrypt(value: string, aad = ''): string {
    const what = describe(aad);
    if (!isEncryptedSecret(value))
      throw secretErrors.malformed(what, `the value is not an ${ENVELOPE_PREFIX}… envelope`);
    const parts = value.slice(ENVELOPE_PREFIX.length).split(':');
    if (parts.length !== 4 || !parts.slice(1).every((part) => BASE64URL_PATTERN.test(part)))
      throw secretErrors.malformed(what, 'expected enc:v1:<kid>:<iv>:<tag>:<ciphertext>');
    const [kid, ivText, tagText, ciphertextText] = parts as [string, string, string, string];
    const key = this.#keys.get(kid);
    if (!key) throw secretErrors.keyUnknown(what, kid, this.kids);
    const iv = Buffer.from(ivText, 'base64url');
    const tag = Buffer.from(tagText, 'base64url');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES)
      throw secretErrors.malformed(what, `the IV must be ${IV_BYTES} bytes and the tag ${TAG_BYTES}`);
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(associatedData(kid, aad));
    decipher.setAuthTag(tag);
    try {
      const plaintext = Buffer.concat([
        decipher.update(Buffer.from(ciphertextText, 'base64url')),
        decipher.final(),
      ]);
      return plaintext.toString('utf8');
    } catch {
      throw secretErrors.unreadable(what, kid);
    }
  }

  /** True when `value` is not yet encrypted with the primary key (plain text, or an older key). */
  needsReencryption(value: string): boolean {
    return keyIdOfSecret(value) !== this.primaryKid;
  }

  /** What logs and JSON show: the key ids, never key material. */
  toJSON(): { primaryKid: string; kids: string[] } {
    return { primaryKid: this.primaryKid, kids: this.kids };
  }
}

/** A new key-ring spec with one fresh random key: `<kid>:<base64 of 32 random bytes>`. */
export function newKeyRingSpec(
  kid = `k${new Date().toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(2).toString('hex')}`,
): string {
  return `${kid}:${randomBytes(KEY_BYTES).toString('base64')}`;
}

/**
 * `RCR_ENCRYPTION_KEY`, parsed once into a KeyRing at config time (an empty value counts as unset). Spread
 * into the config schema of every service that stores secrets.
 */
export const secretsConfigShape = {
  RCR_ENCRYPTION_KEY: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z
      .string()
      .transform((spec, ctx) => {
        try {
          return KeyRing.parse(spec);
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: (err as Error).message });
          return z.NEVER;
        }
      })
      .optional(),
  ),
};

/** Where a process's key ring can come from: the configured key, else (embedded only) the data dir. */
export interface KeyRingConfig {
  RCR_ENCRYPTION_KEY?: KeyRing | undefined;
  DATABASE_URL?: string | undefined;
  RCR_DATA_DIR: string;
}

/** The key ring a process uses and where it came from (for the start-up log; no key material). */
export interface ResolvedKeyRing {
  keyRing: KeyRing;
  origin: string;
}

/** The file that keeps an embedded system's generated key: `<dataDir>/secrets/encryption-key`. */
export function keyFileOf(dataDir: string): string {
  return join(dataDir, 'secrets', 'encryption-key');
}

/**
 * Reads a key-ring spec from `path`, first creating it (mode 0600, directory 0700) with one fresh key
 * when it does not exist. Creation is atomic (written aside, fsynced, then hard-linked into place), so
 * processes starting at once agree on one key and none ever reads a half-written file.
 */
export async function readOrCreateKeyFile(path: string): Promise<{ spec: string; created: boolean }> {
  let created = false;
  try {
    return { spec: (await readFile(path, 'utf8')).trim(), created };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  // Only the key's own folder is private: a data dir created here keeps the default mode.
  await mkdir(dirname(dirname(path)), { recursive: true });
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const aside = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const file = await open(aside, 'wx', 0o600);
  try {
    await file.writeFile(`${newKeyRingSpec()}\n`, 'utf8');
    await file.sync();
  } finally {
    await file.close();
  }
  try {
    await link(aside, path);
    created = true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    await unlink(aside);
  }
  return { spec: (await readFile(path, 'utf8')).trim(), created };
}

/**
 * The one rule every service that stores secrets follows to get its key ring: `RCR_ENCRYPTION_KEY` when
 * set; otherwise, in embedded mode only, a key generated once and kept in `<RCR_DATA_DIR>/secrets/
 * encryption-key` (an ephemeral one for `memory://`). With `DATABASE_URL` set and no key it refuses,
 * rather than store secrets in plain text or under a key nobody else has.
 */
export async function resolveKeyRing(config: KeyRingConfig): Promise<ResolvedKeyRing> {
  if (config.RCR_ENCRYPTION_KEY) return { keyRing: config.RCR_ENCRYPTION_KEY, origin: 'RCR_ENCRYPTION_KEY' };
  if (config.DATABASE_URL)
    throw new ConfigError(
      'RCR_ENCRYPTION_KEY is required when DATABASE_URL is set: secrets are stored encrypted and every ' +
        'replica needs the same key (format kid:base64key, e.g. k1:$(openssl rand -base64 32))',
    );
  if (config.RCR_DATA_DIR.startsWith('memory://'))
    return { keyRing: KeyRing.parse(newKeyRingSpec()), origin: 'ephemeral (memory:// data dir)' };
  const path = keyFileOf(config.RCR_DATA_DIR);
  const { spec, created } = await readOrCreateKeyFile(path);
  try {
    return { keyRing: KeyRing.parse(spec), origin: created ? `${path} (created)` : path };
  } catch (err) {
    throw new ConfigError(`${path}: ${(err as Error).message}`);
  }
}
