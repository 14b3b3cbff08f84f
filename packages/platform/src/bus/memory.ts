import { parseEvent, type RcrEvent } from '@rcr/contracts';
import { errors } from '../errors.ts';
import { createLogger, type Logger } from '../logger.ts';
import type { SqlDeadLetterStore } from './dead-letter-store.ts';
import type { TraceCarrier } from '../tracing.ts';
import { countPublish, watchConsumerLag } from './metrics.ts';
import { processTraced, publishSpan } from './trace.ts';
import { Dispatcher, type Delivery } from './dispatcher.ts';
import {
  DEFAULT_MAX_IN_FLIGHT,
  DEFAULT_PAUSE_PROBE_MAX_MS,
  type BroadcastOptions,
  type BusOptions,
  type DeadLetter,
  type DeadLetterQuery,
  type EventLog,
  type LogPosition,
  type DeadLetters,
  type EventBus,
  type SubscribeOptions,
  type Subscription,
} from './port.ts';

/** Options of the in-process bus. */
export interface MemoryBusOptions extends BusOptions {
  /** Where dead letters are kept (a table: they survive a restart). */
  deadLetters: SqlDeadLetterStore;
  /** Most published events kept in memory for groups that have not handled them yet (default 10,000). */
  maxRetained?: number | undefined;
  /**
   * Fewest recent events kept once every group has handled them, so listeners can resume by position
   * (`history`, `broadcast({after})`; default 1,000, at most `maxRetained`).
   */
  minRetained?: number | undefined;
  log?: Logger | undefined;
  /** Called once when the bus closes (to close the database its dead letters live in). */
  onClose?: (() => Promise<void>) | undefined;
}

/** How many recent event ids the in-process bus remembers to drop a second publish of the same id. */
const DEDUPE_WINDOW = 100_000;

interface Member {
  dispatcher: Dispatcher;
  closed: boolean;
}

/** Settles once: the first of ack/term/release wins. */
function settleOnce(onSettled: (handled: boolean) => void) {
  let settled = false;
  return (handled: boolean) => {
    if (settled) return;
    settled = true;
    onSettled(handled);
  };
}

/**
 * A consumer group: its members and its place in the log. Events are handed to members as fast as their
 * dispatchers take them (so different aggregates run in parallel, as with NATS); `position` is the first
 * event not yet settled, and only advances over settled events, so `waitFor` means "handled".
 */
class Group {
  readonly members: Member[] = [];
  /** Absolute index of the first event this group has not settled. */
  position: number;
  /** Absolute index of the next event never handed out. */
  #next: number;
  /** Settled indices at or after `position`. */
  #settled = new Set<number>();
  /** Indices handed back by a closing member, handed out again first. */
  #returned: number[] = [];
  #turn = 0;
  #running = false;
  #waiters: { index: number; resolve: () => void }[] = [];

  constructor(
    readonly name: string,
    private readonly bus: MemoryBus,
  ) {
    this.position = bus.firstIndex;
    this.#next = bus.firstIndex;
  }

  /** Resolves once this group has settled the event at `index`, or at once when it has no members. */
  waitFor(index: number): Promise<void> {
    if (this.position > index || this.members.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ index, resolve }));
  }

  leave(member: Member): void {
    const index = this.members.indexOf(member);
    if (index >= 0) this.members.splice(index, 1);
    if (this.members.length === 0) this.#release();
  }

  nextMember(): Member | undefined {
    if (this.members.length === 0) return undefined;
    this.#turn = (this.#turn + 1) % this.members.length;
    return this.members[this.#turn];
  }

  /** Hands out events (returned ones first, then new ones in order) while members take them. */
  async pump(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      for (;;) {
        this.#skipTrimmed();
        const returned = this.#returned.length > 0;
        const index = returned ? this.#returned[0] : this.#next;
        const event = index === undefined ? undefined : this.bus.entry(index);
        if (index === undefined || !event) break;
        const member = this.nextMember();
        if (!member) break;
        await member.dispatcher.whenReady();
        if (member.closed || member.dispatcher.capacity() === 0) continue;
        if (returned) this.#returned.shift();
        else this.#next += 1;
        const settle = settleOnce((handled) => (handled ? this.#settle(index) : this.#handBack(index)));
        const flags = { redelivered: returned, replayed: false, headers: this.bus.headersOf(event) };
        member.dispatcher.push(memoryDelivery(event, flags, settle));
      }
    } finally {
      this.#running = false;
    }
  }

  #skipTrimmed() {
    if (this.position >= this.bus.firstIndex) return;
    this.bus.log.warn(
      { group: this.name, skipped: this.bus.firstIndex - this.position },
      'group fell behind the in-process log bound; skipping to the oldest retained event',
    );
    this.position = Math.max(this.position, this.bus.firstIndex);
    this.#next = Math.max(this.#next, this.position);
    this.#returned = this.#returned.filter((i) => i >= this.position);
    for (const i of this.#settled) if (i < this.position) this.#settled.delete(i);
  }

  #settle(index: number) {
    this.#settled.add(index);
    while (this.#settled.delete(this.position)) this.position += 1;
    this.#waiters = this.#waiters.filter((w) => (w.index < this.position ? (w.resolve(), false) : true));
    this.bus.trim();
  }

  #handBack(index: number) {
    this.#returned.push(index);
    this.#returned.sort((a, b) => a - b);
    void this.pump();
  }

  #release() {
    for (const w of this.#waiters) w.resolve();
    this.#waiters = [];
  }
}

function memoryDelivery(
  event: RcrEvent,
  flags: { redelivered: boolean; replayed: boolean; headers?: TraceCarrier | undefined },
  settle: (handled: boolean) => void,
): Delivery {
  return {
    payload: event,
    ...flags,
    ack: () => settle(true),
    term: () => settle(true),
    release: () => settle(false),
    keepAlive: () => undefined,
  };
}

/**
 * The in-process bus for embedded mode. Published events stay in memory until every group that has
 * subscribed handled them (at most `maxRetained`), so a group that subscribes late still receives them;
 * `publish` resolves when every active group has handled the event, which lets the outbox relay mark rows
 * as sent only once they were consumed — the outbox in the database stays the record of truth across a
 * restart. Dead letters are kept in a table.
 */
export class MemoryBus implements EventBus {
  readonly kind = 'memory';
  readonly log: Logger;
  readonly deadLetters: DeadLetters;
  #entries: RcrEvent[] = [];
  /** Absolute index of `#entries[0]`. */
  #first = 0;
  /** Ids published lately (the de-duplication window, like NATS's): insertion-ordered, bounded. */
  readonly #seen = new Set<string>();
  /** The trace context each retained event was published with (its message headers). */
  readonly #headers = new WeakMap<RcrEvent, TraceCarrier>();
  readonly #groups = new Map<string, Group>();
  readonly #replaying = new Set<string>();
  readonly #listeners = new Set<BroadcastOptions>();
  #closed = false;
  readonly #unwatch: () => Promise<void>;
  readonly history: EventLog = {
    bounds: async () => {
      const last = this.#first + this.#entries.length;
      return { first: this.#first + 1, last };
    },
    read: async ({ after, types, limit }) => {
      const start = Math.max(after, this.#first); // position p is index p - 1
      const end = Math.min(this.#first + this.#entries.length, start + Math.max(1, limit));
      const events: { event: RcrEvent; position: LogPosition }[] = [];
      for (let index = start; index < end; index++) {
        const event = this.#entries[index - this.#first] as RcrEvent;
        if (types.includes(event.type)) events.push({ event: structuredClone(event), position: index + 1 });
      }
      return { events, through: Math.max(after, end) };
    },
  };

  constructor(private readonly options: MemoryBusOptions) {
    this.log = options.log ?? createLogger('bus', 'warn');
    const store = options.deadLetters;
    this.deadLetters = {
      list: (query?: DeadLetterQuery) => store.list(query),
      get: (id: string) => store.get(id),
      discard: (id: string) => store.remove(id),
      replay: (id: string) => this.#replay(id),
    };
    this.#unwatch = watchConsumerLag(() => {
      const end = this.#first + this.#entries.length;
      return [...this.#groups.values()].map(
        (group) => [{ group: group.name }, end - group.position] as const,
      );
    });
  }

  /** Absolute index of the oldest retained event. */
  get firstIndex(): number {
    return this.#first;
  }

  /** The event at an absolute index, if retained and published. */
  entry(index: number): RcrEvent | undefined {
    return this.#entries[index - this.#first];
  }

  /** The trace context an event (as retained) was published with. */
  headersOf(event: RcrEvent): TraceCarrier | undefined {
    return this.#headers.get(event);
  }

  async publish(event: RcrEvent): Promise<void> {
    if (this.#closed) throw errors.unavailable('BUS_UNAVAILABLE', 'the bus is closed');
    const valid = parseEvent(event);
    countPublish(valid.type, true);
    // An id published before is not appended again (its groups have it, or will): only waited for.
    if (!this.#seen.has(valid.id)) {
      this.#seen.add(valid.id);
      if (this.#seen.size > DEDUPE_WINDOW) this.#seen.delete(this.#seen.values().next().value as string);
      const retained = structuredClone(valid);
      // The message's headers: the publish span's context, kept beside the event (as NATS keeps headers).
      const span = publishSpan(valid);
      this.#headers.set(retained, span.headers);
      span.end();
      this.#entries.push(retained);
      const position = this.#first + this.#entries.length;
      for (const listener of this.#listeners) {
        if (!listener.types.includes(valid.type)) continue;
        this.#notify(listener, retained, position);
      }
    }
    const index = this.#indexOf(valid.id);
    const groups = [...this.#groups.values()];
    for (const group of groups) void group.pump();
    await Promise.all(groups.map((group) => group.waitFor(index)));
  }

  /** Hands a broadcast listener one event, in a `process` span continuing its publish context. */
  #notify(listener: BroadcastOptions, event: RcrEvent, position: LogPosition): void {
    const copy = structuredClone(event);
    Promise.resolve()
      .then(() =>
        processTraced('broadcast', copy, this.#headers.get(event), async () =>
          listener.handler(copy, position),
        ),
      )
      .catch((err: unknown) => this.log.warn({ err, type: event.type }, 'broadcast handler failed'));
  }

  #indexOf(id: string): number {
    for (let i = this.#entries.length - 1; i >= 0; i--)
      if (this.#entries[i]?.id === id) return this.#first + i;
    return this.#first - 1; // trimmed already: every group is past it
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    if (this.#closed) throw errors.unavailable('BUS_UNAVAILABLE', 'the bus is closed');
    let group = this.#groups.get(options.group);
    if (!group) {
      group = new Group(options.group, this);
      this.#groups.set(options.group, group);
    }
    const dispatcher = new Dispatcher({
      ...options,
      retrySchedule: this.options.retrySchedule,
      pauseProbeMaxMs: this.options.pauseProbeMaxMs ?? DEFAULT_PAUSE_PROBE_MAX_MS,
      maxInFlight: options.maxInFlight ?? this.options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT,
      sink: this.options.deadLetters,
      log: this.log,
      keepAliveMs: 0,
    });
    const member: Member = { dispatcher, closed: false };
    group.members.push(member);
    void group.pump();
    const owner = group;
    return {
      stats: () => dispatcher.stats(),
      close: async () => {
        // Closing twice must not remove another member.
        if (member.closed) return;
        member.closed = true;
        owner.leave(member);
        await dispatcher.close(); // what it held is handed back, to another member if any
      },
    };
  }

  async broadcast(options: BroadcastOptions): Promise<{ close(): Promise<void> }> {
    if (this.#closed) throw errors.unavailable('BUS_UNAVAILABLE', 'the bus is closed');
    const listener = { ...options };
    if (options.after !== undefined) {
      // The retained events after it, then live: both in this same tick, so nothing falls between.
      const { events } = await this.history.read({
        after: options.after,
        types: options.types,
        limit: this.#entries.length,
      });
      this.#listeners.add(listener);
      for (const { event, position } of events) {
        Promise.resolve()
          .then(() => listener.handler(event, position))
          .catch((err: unknown) => this.log.warn({ err, type: event.type }, 'broadcast handler failed'));
      }
    } else this.#listeners.add(listener);
    return { close: async () => void this.#listeners.delete(listener) };
  }

  /** Drops events every group has handled (keeping the latest `minRetained`), and the oldest beyond the bound. */
  trim(): void {
    const groups = [...this.#groups.values()];
    const end = this.#first + this.#entries.length;
    const max = this.options.maxRetained ?? 10_000;
    const keep = Math.min(max, this.options.minRetained ?? 1000);
    const floor = Math.min(end - keep, ...groups.map((g) => g.position));
    const bound = end - max;
    const cut = Math.max(floor, bound) - this.#first;
    if (cut <= 0) return;
    this.#entries = this.#entries.slice(cut);
    this.#first += cut;
  }

  /** Hands a dead letter's event to one member of its group; the letter is removed once it is handled. */
  async #replay(id: string): Promise<boolean> {
    const letter: DeadLetter | undefined = await this.options.deadLetters.get(id);
    if (!letter) return false;
    if (this.#replaying.has(id)) return true;
    const member = this.#groups.get(letter.group)?.nextMember();
    if (!member) {
      throw errors.conflict(
        'GROUP_NOT_ACTIVE',
        `no member of group "${letter.group}" is running to replay to`,
      );
    }
    this.#replaying.add(id);
    const settle = settleOnce((handled) => {
      this.#replaying.delete(id);
      // Handled, or dead-lettered again under a new id: this letter is done. Handed back: it stays.
      if (handled)
        void this.options.deadLetters.remove(id).catch((err: unknown) => {
          this.log.warn({ err, id }, 'could not remove a replayed dead letter');
        });
    });
    member.dispatcher.push({
      payload: letter.event,
      redelivered: false,
      replayed: true,
      ack: () => settle(true),
      term: () => settle(true),
      release: () => settle(false),
      keepAlive: () => undefined,
    });
    return true;
  }

  async ping(): Promise<void> {
    if (this.#closed) throw errors.unavailable('BUS_UNAVAILABLE', 'the bus is closed');
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#unwatch();
    // Stop delivering: every member leaves, so running pumps stop after the event in hand.
    const closing: Promise<void>[] = [];
    for (const group of this.#groups.values()) {
      for (const member of [...group.members]) {
        member.closed = true;
        group.leave(member);
        closing.push(member.dispatcher.close(0));
      }
    }
    await Promise.all(closing);
    await this.options.onClose?.();
  }
}
