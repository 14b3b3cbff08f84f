import type * as grpc from '@grpc/grpc-js';
import { generateInternalKeyPair, InternalTokenSigner, signCallsOf } from '@rcr/platform';

/** A key pair for tests that start a service alone and call it as the gateway would. */
export const TEST_INTERNAL_KEYS = generateInternalKeyPair();

/** Signs internal call tokens with the test key pair. */
export const testSigner = new InternalTokenSigner(TEST_INTERNAL_KEYS.signingKey);

/** The environment a service needs to accept calls signed by `testSigner`. */
export const TEST_INTERNAL_ENV = { RCR_INTERNAL_PUBLIC_KEYS: TEST_INTERNAL_KEYS.publicKey };

/** `client`, with every call signed as the gateway signs them. */
export function asGateway<C extends grpc.Client>(client: C): C {
  return signCallsOf(client, testSigner);
}
