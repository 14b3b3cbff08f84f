import type { EventType, RcrEvent } from '@rcr/contracts';

/** Handles one event; throwing (or rejecting) asks for redelivery. */
export type EventHandler = (event: RcrEvent) => Promise<void>;

/** One member's place in a consumer group. */
export interface SubscribeOptions {
  /** Consumer group: every group receives every event once; the members of a group share the load. */
  group: string;
  /** Event types this group wants; others are acknowledged and skipped. */
  types: readonly EventType[];
  handler: EventHandler;
}

/** An event that failed `maxDeliver` times (or could not be parsed), parked on the group's dead-letter subject. */
export interface DeadLetter {
  group: string;
  event: unknown;
  error: string;
  deliveries: number;
  failedAt: string;
}

export interface Subscription {
  /** Stops this member; the group's position is kept (durable), so a new member resumes where it was. */
  close(): Promise<void>;
}

/**
 * The event-bus port. Both adapters (NATS JetStream, in-process) honour one contract, checked by one test
 * suite: at-least-once delivery; de-duplication of an event id published twice; each group gets every
 * event (including those published before the group first subscribed); members share the load; events of
 * a group are handled one at a time in publish order; a failing event is redelivered (with backoff) before
 * later ones, and after `maxDeliver` failures it goes to the dead-letter subject and the group moves on.
 */
export interface EventBus {
  readonly kind: 'nats' | 'memory';
  /** Validates the event against the catalog and publishes it with its id as de-duplication id. */
  publish(event: RcrEvent): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /** The dead letters recorded for a group, oldest first. */
  deadLetters(group: string): Promise<DeadLetter[]>;
  /** Resolves when the bus is reachable (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Settings shared by both adapters. */
export interface BusOptions {
  /** Prefix of every stream, subject and consumer. */
  namespace: string;
  /** Deliveries of one event to one group before it is dead-lettered. */
  maxDeliver: number;
  /** Base of the exponential redelivery backoff, in ms. */
  retryBaseMs?: number;
}

/** Redelivery delay after the n-th failed attempt: exponential with full jitter, capped at 5 s. */
export function retryDelay(attempt: number, baseMs: number): number {
  const ceiling = Math.min(5000, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}
