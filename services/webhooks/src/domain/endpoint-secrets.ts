import type { Database, KeyRing } from '@rcr/platform';
import {
  lockEndpointSecrets,
  replaceSecretEnvelopes,
  type EndpointRecord,
} from '../store/endpoint-repository.ts';

// Endpoint secrets at rest: each envelope is bound to its row and column (the AAD), so a value copied to
// another endpoint or into the other column does not decrypt.

const aadOf = (endpointId: string, column: 'secret' | 'previous_secret') =>
  `webhooks.endpoints.${column}:${endpointId}`;

/** The envelope of an endpoint's current secret. */
export function sealSecret(keyRing: KeyRing, endpointId: string, secret: string): string {
  return keyRing.encrypt(secret, aadOf(endpointId, 'secret'));
}

/** The envelope of the secret a rotation replaced. */
export function sealPreviousSecret(keyRing: KeyRing, endpointId: string, secret: string): string {
  return keyRing.encrypt(secret, aadOf(endpointId, 'previous_secret'));
}

/** The current secret of an endpoint, in plain text. */
export function openSecret(keyRing: KeyRing, endpointId: string, envelope: string): string {
  return keyRing.decrypt(envelope, aadOf(endpointId, 'secret'));
}

/** The secret a rotation replaced, in plain text. */
function openPreviousSecret(keyRing: KeyRing, endpointId: string, envelope: string): string {
  return keyRing.decrypt(envelope, aadOf(endpointId, 'previous_secret'));
}

/**
 * Seals again under the ring's primary key every endpoint secret (current and previous) still sealed
 * under an older key of the ring, so that after RCR_ENCRYPTION_KEY is rotated (new key first, old ones
 * kept for reading) the old key can be dropped once every service has started. The rows are locked:
 * replicas starting together rewrite each once. Returns how many endpoints it rewrote.
 */
export async function resealEndpointSecrets(db: Database, keyRing: KeyRing): Promise<number> {
  return db.transaction(async (tx) => {
    let rewritten = 0;
    for (const row of await lockEndpointSecrets(tx)) {
      const stale =
        keyRing.needsReencryption(row.secret) ||
        (row.previousSecret !== null && keyRing.needsReencryption(row.previousSecret));
      if (!stale) continue;
      await replaceSecretEnvelopes(tx, row.id, {
        secret: sealSecret(keyRing, row.id, openSecret(keyRing, row.id, row.secret)),
        previousSecret:
          row.previousSecret === null
            ? null
            : sealPreviousSecret(keyRing, row.id, openPreviousSecret(keyRing, row.id, row.previousSecret)),
      });
      rewritten += 1;
    }
    return rewritten;
  });
}

/**
 * The secrets a delivery is signed with at `now`: the current one, and the previous one while its
 * overlap lasts.
 */
export function signingSecrets(
  keyRing: KeyRing,
  endpoint: Pick<EndpointRecord, 'id' | 'secret' | 'previousSecret' | 'previousSecretExpiresAt'>,
  now: Date,
): string[] {
  const secrets = [openSecret(keyRing, endpoint.id, endpoint.secret)];
  if (
    endpoint.previousSecret &&
    endpoint.previousSecretExpiresAt &&
    Date.parse(endpoint.previousSecretExpiresAt) > now.getTime()
  ) {
    secrets.push(openPreviousSecret(keyRing, endpoint.id, endpoint.previousSecret));
  }
  return secrets;
}
