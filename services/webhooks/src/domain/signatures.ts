import { randomBytes } from 'node:crypto';
import { WEBHOOK_LIMITS } from '@rcr/contracts';
import type * as StandardWebhooks from 'standardwebhooks';

// Standard Webhooks signatures, made and checked with the scheme's reference library (`standardwebhooks`),
// loaded on first use: a system that never delivers a webhook never loads it.

let library: Promise<typeof StandardWebhooks> | undefined;
const load = () => (library ??= import('standardwebhooks'));

const SECRET_BYTES = 32;
const SECRET_PATTERN = /^whsec_[A-Za-z0-9+/]+={0,2}$/;

/** A new endpoint secret: `whsec_` and 32 random bytes in base64 (Standard Webhooks' format). */
export function newEndpointSecret(): string {
  return `${WEBHOOK_LIMITS.secretPrefix}${randomBytes(SECRET_BYTES).toString('base64')}`;
}

/**
 * Whether a text is a usable Standard Webhooks secret: `whsec_` and base64 of 24 to 64 bytes (the
 * scheme's recommended sizes). Used on RCR_INBOUND_PRICES_SECRET.
 */
export function isWebhookSecret(text: string): boolean {
  if (!SECRET_PATTERN.test(text)) return false;
  const bytes = Buffer.from(text.slice(WEBHOOK_LIMITS.secretPrefix.length), 'base64').length;
  return bytes >= 24 && bytes <= 64;
}

/** The headers of one signed message. */
export interface SignatureHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * Signs a message for delivery: `webhook-signature` holds one `v1,<signature>` per secret, separated by
 * spaces (the current secret first; during a rotation's overlap the previous one too), so a receiver that
 * knows either secret verifies it.
 */
export async function signMessage(input: {
  id: string;
  body: string;
  secrets: readonly string[];
  at: Date;
}): Promise<SignatureHeaders> {
  const { Webhook } = await load();
  const signatures = input.secrets.map((secret) => new Webhook(secret).sign(input.id, input.at, input.body));
  return {
    'webhook-id': input.id,
    'webhook-timestamp': String(Math.floor(input.at.getTime() / 1000)),
    'webhook-signature': signatures.join(' '),
  };
}

/**
 * Checks a received message against a secret: a `v1` signature of `webhook-id.webhook-timestamp.body`
 * made with it, and a timestamp within 5 minutes of now (the library's tolerance). Resolves with nothing
 * or rejects with why not (missing headers, stale or future timestamp, no matching signature).
 */
export async function verifyMessage(
  secret: string,
  body: Buffer,
  headers: SignatureHeaders,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const { Webhook } = await load();
  try {
    new Webhook(secret).verify(body, { ...headers }, { jsonParse: false });
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
}
