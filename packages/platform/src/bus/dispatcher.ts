import { EVENT_TYPES, readEvent, type EventType, type RcrEvent } from '@rcr/contracts';
import type { Logger } from '../logger.ts';
import type { TraceCarrier } from '../tracing.ts';
import { consumeCountersOf, type ConsumeCounters } from './metrics.ts';
import type { NewDeadLetter, SubscribeOptions, SubscriptionStats } from './port.ts';
import { cancellableSleep, classifyFailure, jittered, probeDelay } from './retry.ts';
import { processTraced } from './trace.ts';

/** One message an adapter hands to a member, with the adapter's ways of settling it. */
export interface Delivery {
  /** Bytes off the wire (NATS) or the event object (in-process). */
  readonly payload: Uint8Array | unknown;
  /** The event type the message was published under (NATS: the subject's last token), when known. */
  readonly type?: string | undefined;
  readonly redelivered: boolean;
  readonly replayed: boolean;
  /** The trace context the message carried (NATS headers; the in-process bus keeps it beside the event). */
  readonly headers?: TraceCarrier | undefined;
  /** Handled: the group never gets it again. */
  ack(): void;
  /** Given up on (it is in the dead letters now): the group never gets it again. */
  term(): void;
  /** Not handled (the member is closing): deliver it again, to this or another member, now. */
  release(): void;
  /** Still being worked on (or waiting its turn): keep the claim on it (NATS ack wait). */
  keepAlive(): void;
}

/** Where a dispatcher records the events it gives up on; throwing means "not recorded, keep the event". */
export interface DeadLetterSink {
  add(letter: NewDeadLetter): Promise<void>;
}

/** Settings of one member's dispatcher. */
export interface DispatcherOptions extends SubscribeOptions {
  retrySchedule: readonly number[];
  pauseProbeMaxMs: number;
  maxInFlight: number;
  sink: DeadLetterSink;
  log: Logger;
  /** How often held deliveries are kept alive (NATS: a third of the ack wait); 0 = never. */
  keepAliveMs: number;
}

interface Held {
  delivery: Delivery;
  event?: RcrEvent;
}

const decoder = new TextDecoder();

/** Reads a message: parsed JSON, or the raw text when it is not JSON. */
function decode(payload: unknown): { raw: unknown; json: boolean } {
  if (!(payload instanceof Uint8Array)) return { raw: payload, json: true };
  const text = decoder.decode(payload);
  try {
    return { raw: JSON.parse(text) as unknown, json: true };
  } catch {
    return { raw: text, json: false };
  }
}

const KNOWN_TYPES = new Set<string>(EVENT_TYPES);
const isEventType = (type: string): type is EventType => KNOWN_TYPES.has(type);

function field(raw: unknown, name: string): string | null {
  const value = (raw as Record<string, unknown> | null)?.[name];
  return typeof value === 'string' ? value : null;
}

/**
 * The delivery rules both bus adapters share, for one member of a consumer group:
 * - events of one aggregate (`subject`) are handled one at a time, in the order they arrived; events of
 *   different aggregates run in parallel, at most `maxInFlight` held at once;
 * - a transient failure (a dependency unavailable) pauses the member: it takes no new events, holds the
 *   failing one and probes with it (exponential backoff, capped at `pauseProbeMaxMs`) until it succeeds —
 *   never dead-lettering for an outage, however long;
 * - any other failure is retried after each wait of `retrySchedule`, then dead-lettered; an invalid event
 *   is dead-lettered at once; an event of an unknown type is acknowledged, counted and logged once.
 */
export class Dispatcher {
  readonly #held = new Set<Held>();
  readonly #queues = new Map<string, Held[]>();
  readonly #sleeps = new Set<() => void>();
  readonly #readyWaiters = new Set<() => void>();
  readonly #loggedUnknown = new Set<string>();
  readonly #keepAlive: NodeJS.Timeout | undefined;
  #prober: Held | undefined;
  #pausedAt = 0;
  #resume: { promise: Promise<void>; resolve: () => void } | undefined;
  #closing = false;
  readonly #counts: ConsumeCounters;
  readonly #stats: SubscriptionStats = {
    handled: 0,
    redelivered: 0,
    deadLettered: 0,
    unknown: {},
    paused: false,
  };

  constructor(private readonly options: DispatcherOptions) {
    this.#counts = consumeCountersOf(options.group);
    if (options.keepAliveMs > 0) {
      this.#keepAlive = setInterval(() => {
        for (const held of this.#held) held.delivery.keepAlive();
      }, options.keepAliveMs);
      this.#keepAlive.unref();
    }
  }

  /** How many more deliveries this member takes now (0 while paused, full or closing). */
  capacity(): number {
    if (this.#closing || this.#prober) return 0;
    return Math.max(0, this.options.maxInFlight - this.#held.size);
  }

  /** Resolves once `capacity()` is above 0, or the member is closing. */
  whenReady(): Promise<void> {
    if (this.capacity() > 0 || this.#closing) return Promise.resolve();
    return new Promise((resolve) => this.#readyWaiters.add(resolve));
  }

  stats(): SubscriptionStats {
    return { ...this.#stats, unknown: { ...this.#stats.unknown }, paused: this.#prober !== undefined };
  }

  /** Takes one delivery; returns at once (handling is asynchronous). */
  push(delivery: Delivery): void {
    if (this.#closing) {
      delivery.release();
      return;
    }
    const held: Held = { delivery };
    this.#held.add(held);
    if (delivery.redelivered) this.#stats.redelivered += 1;
    if (delivery.type && isEventType(delivery.type) && !this.options.types.includes(delivery.type)) {
      // Published under a type this group does not take: skipped before its bytes are even decoded.
      this.#skip(held);
      return;
    }
    const { raw, json } = decode(delivery.payload);
    const type = field(raw, 'type');
    if (type && isEventType(type) && !this.options.types.includes(type)) {
      // Not this group's business: skipped before its payload is even checked.
      this.#skip(held);
      return;
    }
    const read = json ? readEvent(raw) : undefined;
    if (!read || read.kind === 'invalid') {
      const error = read?.error.message ?? 'the message is not JSON';
      void this.#giveUp(held, raw, error, 1).then(() => this.#settle(held));
      return;
    }
    if (read.kind === 'unknown') {
      this.#stats.unknown[read.type] = (this.#stats.unknown[read.type] ?? 0) + 1;
      if (!this.#loggedUnknown.has(read.type)) {
        this.#loggedUnknown.add(read.type);
        this.options.log.info(
          { group: this.options.group, type: read.type, version: read.version },
          'skipping events of a type this version does not know (logged once per type)',
        );
      }
      this.#skip(held);
      return;
    }
    if (!this.options.types.includes(read.event.type)) {
      this.#skip(held);
      return;
    }
    held.event = read.event;
    const queue = this.#queues.get(read.event.subject);
    if (queue) {
      queue.push(held);
      return;
    }
    this.#queues.set(read.event.subject, [held]);
    void this.#drain(read.event.subject);
  }

  /**
   * Stops taking deliveries; waits up to `drainMs` for handlers in progress, then hands every delivery not
   * handled back to the bus (so another member, or this one after a restart, gets it at once).
   */
  async close(drainMs = 2000): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    for (const cancel of [...this.#sleeps]) cancel();
    this.#resume?.resolve();
    this.#notifyReady();
    const deadline = Date.now() + drainMs;
    while (this.#held.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    for (const held of this.#held) held.delivery.release();
    this.#held.clear();
    if (this.#keepAlive) clearInterval(this.#keepAlive);
  }

  /** Runs one aggregate's queue until it is empty. */
  async #drain(subject: string): Promise<void> {
    const queue = this.#queues.get(subject) as Held[];
    while (queue.length > 0) {
      const held = queue[0] as Held;
      if (this.#closing) held.delivery.release();
      else await this.#process(held);
      queue.shift();
      this.#settle(held);
    }
    this.#queues.delete(subject);
  }

  async #process(held: Held): Promise<void> {
    const event = held.event as RcrEvent;
    const { group, handler, retrySchedule, log } = this.options;
    let failures = 0;
    let probes = 0;
    for (;;) {
      if (this.#closing) {
        held.delivery.release();
        return;
      }
      if (this.#prober && this.#prober !== held) {
        await this.#resume?.promise;
        continue;
      }
      try {
        await processTraced(group, event, held.delivery.headers, () =>
          handler(structuredClone(event), {
            redelivered: held.delivery.redelivered,
            replayed: held.delivery.replayed,
          }),
        );
        if (this.#prober === held) this.#resumeNow();
        held.delivery.ack();
        this.#stats.handled += 1;
        this.#counts.ack.inc();
        return;
      } catch (err) {
        const kind = classifyFailure(err);
        const message = err instanceof Error ? err.message : String(err);
        if (kind === 'transient') {
          this.#counts.retry.inc();
          if (!this.#prober) this.#pause(held, message);
          if (this.#prober === held) await this.#sleep(probeDelay(++probes, this.options.pauseProbeMaxMs));
          continue;
        }
        if (this.#prober === held) this.#resumeNow();
        failures += 1;
        if (kind === 'poison' || failures > retrySchedule.length) {
          await this.#giveUp(held, event, message, failures);
          return;
        }
        this.#counts.retry.inc();
        const waitMs = jittered(retrySchedule[failures - 1] as number);
        log.warn(
          { group, eventId: event.id, type: event.type, err: message, attempt: failures, retryInMs: waitMs },
          'event handler failed; retrying',
        );
        await this.#sleep(waitMs);
      }
    }
  }

  #pause(held: Held, reason: string) {
    this.#prober = held;
    this.#pausedAt = Date.now();
    let resolve: () => void = () => undefined;
    const promise = new Promise<void>((r) => (resolve = r));
    this.#resume = { promise, resolve };
    this.options.log.warn(
      { group: this.options.group, err: reason },
      'a dependency is unavailable; pausing this consumer until it answers again',
    );
  }

  #resumeNow() {
    this.options.log.warn(
      { group: this.options.group, pausedMs: Date.now() - this.#pausedAt },
      'dependency available again; consumer resumed',
    );
    this.#prober = undefined;
    this.#resume?.resolve();
    this.#resume = undefined;
    this.#notifyReady();
  }

  /** Records a dead letter (retrying while the store is unavailable), then settles the delivery. */
  async #giveUp(held: Held, raw: unknown, error: string, attempts: number): Promise<void> {
    const letter: NewDeadLetter = {
      group: this.options.group,
      eventId: field(raw, 'id'),
      eventType: field(raw, 'type'),
      subject: field(raw, 'subject'),
      event: raw,
      error,
      attempts,
      failedAt: new Date().toISOString(),
    };
    for (let n = 1; ; n++) {
      if (this.#closing) {
        held.delivery.release();
        return;
      }
      try {
        await this.options.sink.add(letter);
        break;
      } catch (err) {
        this.options.log.warn(
          { group: letter.group, eventId: letter.eventId, err: (err as Error).message },
          'could not record a dead letter; keeping the event and retrying',
        );
        await this.#sleep(probeDelay(n, this.options.pauseProbeMaxMs));
      }
    }
    held.delivery.term();
    this.#stats.deadLettered += 1;
    this.#counts.deadLetter.inc();
    this.options.log.error(
      { group: letter.group, eventId: letter.eventId, type: letter.eventType, err: error, attempts },
      'event dead-lettered',
    );
  }

  /** Acknowledges a delivery this group does not handle (not its type, or unknown to this version). */
  #skip(held: Held) {
    held.delivery.ack();
    this.#counts.skipped.inc();
    this.#settle(held);
  }

  #settle(held: Held) {
    this.#held.delete(held);
    this.#notifyReady();
  }

  #notifyReady() {
    if (this.capacity() === 0 && !this.#closing) return;
    for (const resolve of this.#readyWaiters) resolve();
    this.#readyWaiters.clear();
  }

  async #sleep(ms: number): Promise<void> {
    const sleep = cancellableSleep(ms);
    this.#sleeps.add(sleep.cancel);
    await sleep.done;
    this.#sleeps.delete(sleep.cancel);
  }
}
