import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, loadConfig } from './config.ts';
import { AppError } from './errors.ts';
import {
  KeyRing,
  isEncryptedSecret,
  keyFileOf,
  keyIdOfSecret,
  newKeyRingSpec,
  resolveKeyRing,
  secretsConfigShape,
} from './secrets.ts';

const key = () => randomBytes(32).toString('base64');
const AAD = 'identity.signing_keys.private_jwk:kid-1';

/** The error `fn` throws (fails the test when it does not throw). */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a throw');
}

/** Replaces part `index` (0 kid, 1 iv, 2 tag, 3 ciphertext) of an envelope after flipping one bit of it. */
function flipBit(value: string, index: number): string {
  const parts = value.slice('enc:v1:'.length).split(':');
  const bytes = Buffer.from(parts[index] as string, 'base64url');
  bytes[0] = (bytes[0] as number) ^ 0x01;
  parts[index] = bytes.toString('base64url');
  return `enc:v1:${parts.join(':')}`;
}

describe('KeyRing encrypt/decrypt', () => {
  const ring = KeyRing.parse(`k1:${key()}`);

  it('when a value is encrypted, then it decrypts to the same text with the same binding', () => {
    for (const plaintext of ['{"kty":"OKP","d":"secret"}', '', 'ñandú 📷 '.repeat(100)]) {
      const sealed = ring.encrypt(plaintext, AAD);

      expect(ring.decrypt(sealed, AAD)).toBe(plaintext);
    }
  });

  it('when a value is encrypted, then the envelope names version and key id and hides the text', () => {
    const sealed = ring.encrypt('{"d":"very-secret-material"}', AAD);

    expect(sealed).toMatch(/^enc:v1:k1:[\w-]{16}:[\w-]{22}:[\w-]+$/);
    expect(sealed).not.toContain('very-secret-material');
    expect(isEncryptedSecret(sealed)).toBe(true);
    expect(keyIdOfSecret(sealed)).toBe('k1');
    expect(isEncryptedSecret('{"d":"x"}')).toBe(false);
  });

  it('when the same text is encrypted twice, then the IVs and ciphertexts differ', () => {
    const a = ring.encrypt('same', AAD);
    const b = ring.encrypt('same', AAD);

    expect(a.split(':')[3]).not.toBe(b.split(':')[3]);
    expect(a).not.toBe(b);
  });

  it('when any bit of the IV, tag or ciphertext is changed, then decryption fails as unreadable', () => {
    const sealed = ring.encrypt('{"d":"secret"}', AAD);

    for (const part of [1, 2, 3])
      expect(thrown(() => ring.decrypt(flipBit(sealed, part), AAD))).toMatchObject({
        kind: 'internal',
        code: 'SECRET_UNREADABLE',
      });
  });

  it('when the value is decrypted with another binding, then it fails (a value cannot move rows)', () => {
    const sealed = ring.encrypt('{"d":"secret"}', AAD);

    const err = thrown(() => ring.decrypt(sealed, 'identity.signing_keys.private_jwk:kid-2'));

    expect(err).toMatchObject({ code: 'SECRET_UNREADABLE' });
    expect(err.message).toContain("'identity.signing_keys.private_jwk:kid-2'");
  });

  it('when the value is truncated, not an envelope or has a short tag, then it fails as malformed', () => {
    const sealed = ring.encrypt('{"d":"secret"}', AAD);
    const [head, iv, tag, ct] = sealed.split(':').slice(1) as [string, string, string, string];
    const shortTag = `enc:${head}:k1:${iv}:${tag.slice(0, 11)}:${ct}`;

    for (const bad of [sealed.split(':').slice(0, 5).join(':'), '{"d":"secret"}', shortTag, `${sealed}:x`])
      expect(thrown(() => ring.decrypt(bad, AAD))).toMatchObject({ code: 'SECRET_MALFORMED' });
  });

  it('when the key behind the key id is a different one, then decryption fails and says so', () => {
    const sealed = ring.encrypt('{"d":"secret"}', AAD);
    const impostor = KeyRing.parse(`k1:${key()}`);

    const err = thrown(() => impostor.decrypt(sealed, AAD));

    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'SECRET_UNREADABLE' });
    expect(err.message).toMatch(/does not authenticate under key id 'k1'/);
  });

  it('when the key id is not in the ring, then decryption fails naming it and the ids it has', () => {
    const sealed = ring.encrypt('{"d":"secret"}', AAD);
    const other = KeyRing.parse(`k7:${key()},k8:${key()}`);

    const err = thrown(() => other.decrypt(sealed, AAD));

    expect(err).toMatchObject({ code: 'SECRET_KEY_UNKNOWN' });
    expect(err.message).toContain("key id 'k1', which is not in the key ring");
    expect(err.message).toContain("'k7', 'k8'");
  });

  it('when the key id in the header is swapped for another key of the ring, then it fails', () => {
    const both = KeyRing.parse(`k2:${key()},k1:${key()}`);
    const sealed = both.encrypt('{"d":"secret"}', AAD);

    expect(thrown(() => both.decrypt(sealed.replace('enc:v1:k2:', 'enc:v1:k1:'), AAD))).toMatchObject({
      code: 'SECRET_UNREADABLE',
    });
  });
});

describe('KeyRing rotation', () => {
  it('when a new key is put first, then old values still decrypt and new ones use the new key', () => {
    const oldKey = key();
    const before = KeyRing.parse(`old:${oldKey}`);
    const oldValue = before.encrypt('{"d":"old"}', AAD);

    const after = KeyRing.parse(`new:${key()},old:${oldKey}`);
    const newValue = after.encrypt('{"d":"new"}', AAD);

    expect(after.decrypt(oldValue, AAD)).toBe('{"d":"old"}');
    expect(keyIdOfSecret(newValue)).toBe('new');
    expect(after.decrypt(newValue, AAD)).toBe('{"d":"new"}');
    expect(after.needsReencryption(oldValue)).toBe(true);
    expect(after.needsReencryption(newValue)).toBe(false);
    expect(after.needsReencryption('{"d":"plain"}')).toBe(true);
    expect(thrown(() => before.decrypt(newValue, AAD))).toMatchObject({ code: 'SECRET_KEY_UNKNOWN' });
  });
});

describe('KeyRing.parse', () => {
  it('when keys are given in base64 or base64url with spaces around entries, then both parse, first encrypts', () => {
    const bytes = randomBytes(32);

    const ring = KeyRing.parse(` a:${bytes.toString('base64')} , b_2:${bytes.toString('base64url')} `);

    expect(ring.primaryKid).toBe('a');
    expect(ring.kids).toEqual(['a', 'b_2']);
  });

  it.each([
    ['', /no key given/],
    [key(), /entry 1 has no key id/],
    [`k1:${randomBytes(16).toString('base64')}`, /'k1'\): the key is 16 bytes; AES-256 needs exactly 32/],
    [`k1:${randomBytes(33).toString('base64')}`, /the key is 33 bytes/],
    ['k1:not base64!!', /'k1'\): the key is not base64/],
    [`k1:${key()},k1:${key()}`, /entry 2: key id 'k1' appears twice/],
    [`bad kid:${key()}`, /entry 1: key id must be/],
    [`:${key()}`, /entry 1: key id must be/],
    [`k1:${Buffer.alloc(32).toString('base64')}`, /one byte repeated/],
  ])('when the spec is %j, then it is refused with a ConfigError that says why', (spec, message) => {
    const err = thrown(() => KeyRing.parse(spec));

    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toMatch(message);
    const material = spec.split(',').map((entry) => entry.split(':')[1]?.trim());
    for (const secret of material) if (secret && secret.length > 8) expect(err.message).not.toContain(secret);
  });

  it('when a ring is logged, inspected or serialised, then no key material shows', () => {
    const secret = key();
    const ring = KeyRing.parse(`k1:${secret}`);

    const shown = [inspect(ring, { depth: 5, showHidden: true }), JSON.stringify(ring), String(ring)].join(
      '\n',
    );

    expect(shown).not.toContain(secret);
    expect(shown).not.toContain(Buffer.from(secret, 'base64').toString('hex'));
    expect(JSON.parse(JSON.stringify(ring))).toEqual({ primaryKid: 'k1', kids: ['k1'] });
  });
});

describe('RCR_ENCRYPTION_KEY in a config schema', () => {
  const schema = z.object(secretsConfigShape);

  it('when the variable is malformed, then loadConfig stops with a message naming it', () => {
    const err = thrown(() => loadConfig(schema, { RCR_ENCRYPTION_KEY: 'k1:c2hvcnQ=' }));

    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toMatch(/RCR_ENCRYPTION_KEY: entry 1 \(key id 'k1'\): the key is 5 bytes/);
  });

  it('when the variable is set, then the config holds the parsed ring; empty or absent means unset', () => {
    expect(
      loadConfig(schema, { RCR_ENCRYPTION_KEY: newKeyRingSpec('main') }).RCR_ENCRYPTION_KEY?.primaryKid,
    ).toBe('main');
    expect(loadConfig(schema, { RCR_ENCRYPTION_KEY: '' }).RCR_ENCRYPTION_KEY).toBeUndefined();
    expect(loadConfig(schema, {}).RCR_ENCRYPTION_KEY).toBeUndefined();
  });
});

describe('resolveKeyRing', () => {
  const dirs: string[] = [];
  const tempDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rcr-secrets-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('when RCR_ENCRYPTION_KEY is set, then that ring is used and nothing is written', async () => {
    const dataDir = await tempDir();
    const ring = KeyRing.parse(newKeyRingSpec('given'));

    const resolved = await resolveKeyRing({
      RCR_ENCRYPTION_KEY: ring,
      RCR_DATA_DIR: dataDir,
      DATABASE_URL: 'postgres://x/y',
    });

    expect(resolved).toEqual({ keyRing: ring, origin: 'RCR_ENCRYPTION_KEY' });
    await expect(stat(keyFileOf(dataDir))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('when DATABASE_URL is set without a key, then it refuses to start with a message saying what to set', async () => {
    const dataDir = await tempDir();
    const err = await resolveKeyRing({ DATABASE_URL: 'postgres://x/y', RCR_DATA_DIR: dataDir }).catch(
      (e: unknown) => e as Error,
    );

    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/RCR_ENCRYPTION_KEY is required when DATABASE_URL is set/);
    await expect(stat(keyFileOf(dataDir))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('when the data dir is memory://, then an ephemeral key is made each time and no file is written', async () => {
    const a = await resolveKeyRing({ RCR_DATA_DIR: 'memory://' });
    const b = await resolveKeyRing({ RCR_DATA_DIR: 'memory://' });

    expect(a.origin).toMatch(/ephemeral/);
    expect(() => b.keyRing.decrypt(a.keyRing.encrypt('x'))).toThrow();
  });

  it('when embedded without a key, then one is created once under the data dir (0600) and reused after a restart', async () => {
    const dataDir = await tempDir();

    const first = await resolveKeyRing({ RCR_DATA_DIR: dataDir });
    const sealed = first.keyRing.encrypt('{"d":"secret"}', AAD);
    const second = await resolveKeyRing({ RCR_DATA_DIR: dataDir });

    const path = join(dataDir, 'secrets', 'encryption-key');
    expect(first.origin).toBe(`${path} (created)`);
    expect(second.origin).toBe(path);
    expect(second.keyRing.decrypt(sealed, AAD)).toBe('{"d":"secret"}');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dataDir, 'secrets'))).mode & 0o777).toBe(0o700);
    expect((await readFile(path, 'utf8')).trim()).toMatch(/^k\d{8}-[0-9a-f]{4}:[A-Za-z0-9+/]{43}=$/);
  });

  it('when several processes resolve at once on a fresh data dir, then they all get the same key', async () => {
    const dataDir = await tempDir();

    const rings = await Promise.all([1, 2, 3, 4, 5].map(() => resolveKeyRing({ RCR_DATA_DIR: dataDir })));

    const sealed = rings[0]?.keyRing.encrypt('shared') as string;
    for (const { keyRing } of rings) expect(keyRing.decrypt(sealed)).toBe('shared');
    expect(rings.filter((r) => r.origin.endsWith('(created)'))).toHaveLength(1);
  });

  it('when the key file under the data dir is malformed, then it refuses naming the file', async () => {
    const dataDir = await tempDir();
    await mkdir(join(dataDir, 'secrets'), { recursive: true });
    await writeFile(keyFileOf(dataDir), 'k1:dG9vLXNob3J0\n', { mode: 0o600 });

    const err = await resolveKeyRing({ RCR_DATA_DIR: dataDir }).catch((e: unknown) => e as Error);

    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain(
      `${keyFileOf(dataDir)}: entry 1 (key id 'k1'): the key is 9 bytes`,
    );
  });
});
