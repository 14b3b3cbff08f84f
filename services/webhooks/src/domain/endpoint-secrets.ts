import type { KeyRing } from '@rcr/platform';
import type { EndpointRecord } from '../store/endpoint-repository.ts';

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
    secrets.push(keyRing.decrypt(endpoint.previousSecret, aadOf(endpoint.id, 'previous_secret')));
  }
  return secrets;
}
