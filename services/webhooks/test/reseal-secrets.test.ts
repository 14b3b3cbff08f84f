import { fileURLToPath } from 'node:url';
import {
  KeyRing,
  keyIdOfSecret,
  newId,
  newKeyRingSpec,
  openServiceDatabase,
  type Database,
} from '@rcr/platform';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  resealEndpointSecrets,
  sealPreviousSecret,
  sealSecret,
  signingSecrets,
} from '../src/domain/endpoint-secrets.ts';
import { newEndpointSecret, signMessage } from '../src/domain/signatures.ts';
import { findEndpoint, insertEndpoint, rotateSecret } from '../src/store/endpoint-repository.ts';

// Rotating RCR_ENCRYPTION_KEY for webhook endpoint secrets, against a real (PGlite) database: the start-up
// pass seals every stored secret again under the new key, after which the old key can be dropped and
// deliveries are still signed with the endpoints' own secrets, verifiable by the reference library.

const OLD = newKeyRingSpec('k-old');
const NEW = newKeyRingSpec('k-new');
const MIGRATIONS = fileURLToPath(new URL('../migrations/', import.meta.url));
let db: Database;

beforeAll(async () => {
  db = await openServiceDatabase({ RCR_DATA_DIR: 'memory://' }, 'webhooks', MIGRATIONS);
}, 60_000);

afterAll(async () => {
  await db?.close();
});

/** An endpoint whose secret (and the one a rotation replaced) are sealed under `ring`. */
async function endpointSealedWith(ring: KeyRing): Promise<{ id: string; current: string; previous: string }> {
  const id = newId();
  const previous = newEndpointSecret();
  const current = newEndpointSecret();
  await insertEndpoint(db, {
    id,
    url: 'https://hooks.example.com/',
    description: '',
    events: ['job.completed'],
    secret: sealSecret(ring, id, previous),
    createdBy: newId(),
  });
  await rotateSecret(db, id, {
    secret: sealSecret(ring, id, current),
    previousSecret: sealPreviousSecret(ring, id, previous),
    previousExpiresAt: new Date(Date.now() + 3_600_000),
  });
  return { id, current, previous };
}

describe('re-encrypting endpoint secrets under a rotated key', () => {
  it('when the key is rotated and the secrets resealed, then without the old key deliveries are still signed with both secrets', async () => {
    const endpoint = await endpointSealedWith(KeyRing.parse(OLD));
    const rotated = KeyRing.parse(`${NEW},${OLD}`);

    expect(await resealEndpointSecrets(db, rotated)).toBeGreaterThanOrEqual(1);
    const stored = await findEndpoint(db, endpoint.id);
    expect(keyIdOfSecret(stored?.secret ?? '')).toBe('k-new');
    expect(keyIdOfSecret(stored?.previousSecret ?? '')).toBe('k-new');
    // A second pass (another replica starting) has nothing left to do.
    expect(await resealEndpointSecrets(db, rotated)).toBe(0);

    const newOnly = KeyRing.parse(NEW);
    const secrets = signingSecrets(newOnly, stored!, new Date());
    expect(secrets).toEqual([endpoint.current, endpoint.previous]);
    const body = JSON.stringify({ type: 'job.completed', timestamp: new Date().toISOString(), data: {} });
    const headers = await signMessage({ id: newId(), body, secrets, at: new Date() });
    for (const secret of [endpoint.current, endpoint.previous])
      expect(() => new Webhook(secret).verify(body, { ...headers })).not.toThrow();
  });

  it('when the old key is dropped before resealing, then the secrets cannot be read (the pass is what makes dropping it safe)', async () => {
    const endpoint = await endpointSealedWith(KeyRing.parse(OLD));
    const stored = await findEndpoint(db, endpoint.id);
    expect(() => signingSecrets(KeyRing.parse(NEW), stored!, new Date())).toThrow(/not in the key ring/);
  });
});
