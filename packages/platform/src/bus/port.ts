import type { EventType, RcrEvent } from '@rcr/contracts';

/** What a handler learns about one delivery besides the event. */
export interface DeliveryInfo {
  /** The bus delivered this event to the group before (a crash or a lost ack); the inbox makes it harmless. */
  redelivered: boolean;
  /** An administrator replayed it from the dead letters. */
  replayed: boolean;
}

/**
 * Handles one event; resolving acknowledges it. Throwing asks for a retry, judged by `classifyFailure`:
 * a dependency that is unavailable (transient) pauses the member until it answers again; any other error
 * is retried on the retry schedule and then dead-lettered; an invalid event is dead-lettered at once.
 */
export type EventHandler = (event: RcrEvent, info: DeliveryInfo) => Promise<void>;

/** One member's place in a consumer group. */
export interface SubscribeOptions {
  /** Consumer group: every group receives every event once; the members of a group share the load. */
  group: string;
  /** Event types this group wants; others are acknowledged and skipped. */
  types: readonly EventType[];
  handler: EventHandler;
  /**
   * Events this member handles at once (default: the bus's `maxInFlight`). A group used as a work queue
   * sets its worker concurrency here; the group's shared limit on unacknowledged events stays the bus's.
   */
  maxInFlight?: number | undefined;
}

/**
 * A place in the bus's log of published events: positive, increasing in publish order, the same in every
 * process that reads the log (NATS: the events stream's sequence; in-process: the event's index + 1).
 */
export type LogPosition = number;

/** A broadcast listener: its types and handler (a failing handler is logged, not retried). */
export interface BroadcastOptions {
  types: readonly EventType[];
  handler: (event: RcrEvent, position: LogPosition) => Promise<void> | void;
  /**
   * Start after this position: first the retained events after it, then live, with no gap between (the
   * events before the oldest retained one are gone: compare with `history.bounds()` first). Without it,
   * the listener gets events published from about now on.
   */
  after?: LogPosition | undefined;
}

/** Where the log stands: `first` the oldest retained position (`last + 1` when none is), `last` the newest (0 when empty). */
export interface LogBounds {
  first: LogPosition;
  last: LogPosition;
}

/** The retained log of published events, read by position (resumable push: SSE, WebSocket, streams). */
export interface EventLog {
  bounds(): Promise<LogBounds>;
  /**
   * The events of `types` after `after`, oldest first, looking at no more than `limit` events of any type;
   * `through` is the position read through (≥ `after`): every event of those types up to it was
   * returned, so the next read starts after it. Positions older than the retained ones are skipped.
   */
  read(query: {
    after: LogPosition;
    types: readonly EventType[];
    limit: number;
  }): Promise<{ events: { event: RcrEvent; position: LogPosition }[]; through: LogPosition }>;
}

/** Counters of one member since it subscribed (for tests, logs and metrics). */
export interface SubscriptionStats {
  handled: number;
  redelivered: number;
  deadLettered: number;
  /** Events of a type (or version) this code does not know, acknowledged and skipped, by type. */
  unknown: Record<string, number>;
  /** Whether the member is paused, waiting for a dependency to answer again. */
  paused: boolean;
}

export interface Subscription {
  /** Stops this member: waits briefly for handlers in progress, hands the rest back for redelivery. */
  close(): Promise<void>;
  stats(): SubscriptionStats;
}

/** An event a consumer group gave up on, kept durably until an administrator replays or discards it. */
export interface DeadLetter {
  /** Opaque id, assigned by the store. */
  id: string;
  group: string;
  eventId: string | null;
  eventType: string | null;
  /** The aggregate id of the event, when it could be read. */
  subject: string | null;
  /** The event as received (the raw text when it was not even JSON). */
  event: unknown;
  error: string;
  /** Attempts made before giving up (1 for an invalid event). */
  attempts: number;
  failedAt: string;
}

/** A dead letter before the store gives it an id. */
export type NewDeadLetter = Omit<DeadLetter, 'id'>;

/** Which dead letters to list: oldest first, after a cursor (a previous page's last id). */
export interface DeadLetterQuery {
  group?: string | undefined;
  limit?: number | undefined;
  after?: string | undefined;
}

/** Administration of a bus's dead letters (durable in both adapters). */
export interface DeadLetters {
  list(query?: DeadLetterQuery): Promise<DeadLetter[]>;
  get(id: string): Promise<DeadLetter | undefined>;
  /**
   * Delivers the event to its group again (only that group) and removes the letter; false when there is
   * no such letter. If it fails again it comes back as a new letter.
   */
  replay(id: string): Promise<boolean>;
  /** Removes a letter without delivering it; false when there is no such letter. */
  discard(id: string): Promise<boolean>;
}

/**
 * The event-bus port. Both adapters (NATS JetStream, in-process) honour one contract, checked by one test
 * suite: at-least-once delivery; de-duplication of an event id published twice; each group gets every
 * event (including those published before the group first subscribed); members share the load; events of
 * one aggregate (`subject`) are handled one at a time in publish order while different aggregates proceed
 * in parallel; a handler failure is retried (transient: the member pauses and probes; otherwise on the
 * retry schedule, then dead-lettered); dead letters are durable and can be replayed to their group;
 * events of unknown types are acknowledged and counted, never dead-lettered.
 */
export interface EventBus {
  readonly kind: 'nats' | 'memory';
  /** Validates the event against the catalog and publishes it with its id as de-duplication id. */
  publish(event: RcrEvent): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /**
   * Every process that calls this receives the given types published from now on (or after a position),
   * in order, with their positions, at most once (no group, no acknowledgement, nothing kept for it while
   * it is away: a caller that must not miss anything resumes from its last position, or resynchronises
   * from the owner of the data, as gateways do with revocations).
   */
  broadcast(options: BroadcastOptions): Promise<{ close(): Promise<void> }>;
  /** The log the broadcasts come from, read by position. */
  readonly history: EventLog;
  readonly deadLetters: DeadLetters;
  /** Resolves when the bus is reachable (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Settings shared by both adapters. */
export interface BusOptions {
  /** Prefix of every stream, subject and consumer. */
  namespace: string;
  /** Waits between retries of an event whose handler fails (not transiently); after the last, dead letter. */
  retrySchedule: readonly number[];
  /** Longest wait between two probes of a member paused by a transient failure. */
  pauseProbeMaxMs?: number | undefined;
  /** Events one member handles at once (different aggregates); also the group's unacknowledged limit. */
  maxInFlight?: number | undefined;
}

/** Default of `BusOptions.maxInFlight`. */
export const DEFAULT_MAX_IN_FLIGHT = 64;
/** Default of `BusOptions.pauseProbeMaxMs`. */
export const DEFAULT_PAUSE_PROBE_MAX_MS = 5000;
