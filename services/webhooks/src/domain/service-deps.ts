import type { Actor, Database, KeyRing, Logger, Outbox } from '@rcr/platform';
import type { AllowList, Resolve } from './address-guard.ts';
import type { DeliveryPolicy } from './delivery-policy.ts';
import { webhooksErrors } from './errors.ts';

/** The `source` of the events this service emits (and its consumer group on the bus). */
export const SOURCE = 'webhooks';

/** What the use cases need, built once by the service. */
export interface WebhooksDeps {
  /** Reads, and writes that emit no events. */
  db: Database;
  /** Writes whose events must reach the bus only if they commit. */
  outbox: Outbox;
  /** Encrypts endpoint secrets at rest (ADR 0008). */
  keyRing: KeyRing;
  log: Logger;
  /** Where deliveries may go besides public addresses (RCR_WEBHOOK_ALLOWED_HOSTS). */
  allow: AllowList;
  /** The resolver the SSRF guard asks (the system's; tests may pass another). */
  resolve: Resolve;
  policy: DeliveryPolicy;
  /** How long the secret before a rotation keeps signing too. */
  secretOverlapMs: number;
  /** The partners' inbound price feed secret; undefined when the feed is not configured. */
  inboundPricesSecret: string | undefined;
  /** Tells this process's delivery worker that deliveries became due (it polls anyway). */
  wakeWorker: () => void;
}

/** Who made a call and the trace it belongs to (copied onto the events it causes). */
export interface Caller {
  actor: Actor | undefined;
  traceparent?: string | undefined;
}

/** The caller when it is an admin; otherwise UNAUTHENTICATED or ADMIN_ONLY. */
export function assertIsAdmin(caller: Caller): Actor {
  if (!caller.actor) throw webhooksErrors.unauthenticated();
  if (caller.actor.role !== 'admin') throw webhooksErrors.adminOnly();
  return caller.actor;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a text is a UUID (ids that are not cannot name anything, and SQL must not see them as uuid). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
