import type * as JetStream from '@nats-io/jetstream';
import type {
  Consumer,
  ConsumerConfig,
  ConsumerMessages,
  JetStreamClient,
  JetStreamManager,
  JsMsg,
  StreamConfig,
} from '@nats-io/jetstream';
import type * as Transport from '@nats-io/transport-node';
import type { MsgHdrs, NatsConnection } from '@nats-io/transport-node';
import { parseEvent, readEvent, type RcrEvent } from '@rcr/contracts';
import { AppError, errors } from '../errors.ts';
import { createLogger, type Logger } from '../logger.ts';
import type { TraceCarrier } from '../tracing.ts';
import { MAX_DEAD_LETTER_PAGE } from './dead-letter-store.ts';
import { Dispatcher, type DeadLetterSink, type Delivery } from './dispatcher.ts';
import { countPublish, watchConsumerLag } from './metrics.ts';
import { processTraced, publishSpan } from './trace.ts';
import {
  DEFAULT_MAX_IN_FLIGHT,
  DEFAULT_PAUSE_PROBE_MAX_MS,
  type BroadcastOptions,
  type EventLog,
  type BusOptions,
  type DeadLetter,
  type DeadLetterQuery,
  type DeadLetters,
  type EventBus,
  type NewDeadLetter,
  type SubscribeOptions,
  type Subscription,
} from './port.ts';
import { cancellableSleep, probeDelay } from './retry.ts';

/**
 * The NATS client, loaded by the first connection: an embedded system (in-process bus) never makes one,
 * and does not pay for loading it at start (ADR 0034). Set before any bus exists, so every method below
 * may use it.
 */
let nats: { jetstream: typeof JetStream; transport: typeof Transport };
const loadNats = async () => {
  const [jetstream, transport] = await Promise.all([
    import('@nats-io/jetstream'),
    import('@nats-io/transport-node'),
  ]);
  return { jetstream, transport };
};

/** Message headers carrying a trace context (W3C `traceparent`, `tracestate`). */
function headersOf(trace: TraceCarrier): MsgHdrs {
  const headers = nats.transport.headers();
  if (trace.traceparent) headers.set('traceparent', trace.traceparent);
  if (trace.tracestate) headers.set('tracestate', trace.tracestate);
  return headers;
}

/** The trace context a message's headers carry, if any. */
function traceOf(headers: MsgHdrs | undefined): TraceCarrier | undefined {
  const traceparent = headers?.get('traceparent');
  if (!traceparent) return undefined;
  return { traceparent, tracestate: headers?.get('tracestate') || undefined };
}

/** A message's JSON, or undefined when it is not JSON (readEvent then reports it as not an event). */
function jsonOf(msg: JsMsg): unknown {
  try {
    return msg.json<unknown>();
  } catch {
    return undefined;
  }
}

/** Options of the NATS JetStream adapter. */
export interface NatsBusOptions extends BusOptions {
  url: string;
  /** Connection name shown by the server (process role). */
  name?: string | undefined;
  /**
   * How long a member may hold an event without a sign of life before NATS hands it to another member
   * (default 2 s). Held events are kept alive every third of it, so this is also how long the events a
   * killed member held wait before they are redelivered.
   */
  ackWaitMs?: number | undefined;
  /** How long published events stay in the stream (default 7 days); consumers' inboxes must outlive it. */
  retentionMs?: number | undefined;
  log?: Logger | undefined;
}

/** JetStream API error code of a missing consumer. */
const CONSUMER_NOT_FOUND = 10014;
const DEDUPE_WINDOW_MS = 120_000;
/** How long one pull request waits for events; a stopped member's requests linger this long on the server. */
const FETCH_EXPIRES_MS = 1000;

const encoder = new TextEncoder();

/** A failed NATS request means the bus is out of reach for the caller (503), not an internal error. */
function unavailableOnFailure<T>(work: Promise<T>): Promise<T> {
  return work.catch((err: unknown) => {
    if (err instanceof AppError) throw err;
    throw errors.unavailable('BUS_UNAVAILABLE', `the event bus did not answer: ${(err as Error).message}`);
  });
}

/**
 * The event bus on NATS JetStream.
 * - `<ns>-events` holds `<ns>.events.<type>` (file storage, `Nats-Msg-Id` de-duplication within 2 minutes,
 *   kept for `retentionMs`); one durable pull consumer per group (`<ns>-<group>`) with up to `maxInFlight`
 *   events unacknowledged, so a group's members work on several aggregates at once.
 * - `<ns>-dlq` holds the dead letters, `<ns>.dlq.<group>`, until replayed or discarded (a letter's id is
 *   its stream sequence).
 * - `<ns>-replay` carries replayed letters to one group only: `<ns>.replay.<group>`, read by the group's
 *   second durable consumer `<ns>-<group>--replay`.
 */
export class NatsBus implements EventBus {
  readonly kind = 'nats';
  readonly deadLetters: DeadLetters;
  readonly #streams: { events: string; dlq: string; replay: string };
  readonly #members = new Set<{ close(): Promise<void> }>();
  readonly #ackWaitMs: number;
  readonly #log: Logger;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly options: NatsBusOptions,
  ) {
    const ns = options.namespace;
    this.#streams = { events: `${ns}-events`, dlq: `${ns}-dlq`, replay: `${ns}-replay` };
    this.#ackWaitMs = options.ackWaitMs ?? 2000;
    this.#log = options.log ?? createLogger('bus', 'warn');
    this.deadLetters = {
      list: (query) => unavailableOnFailure(this.#listLetters(query)),
      get: (id) => unavailableOnFailure(this.#getLetter(id)),
      discard: (id) => unavailableOnFailure(this.#discardLetter(id)),
      replay: (id) => unavailableOnFailure(this.#replayLetter(id)),
    };
  }

  /** Connects and makes sure the three streams exist with the configured settings. */
  static async connect(options: NatsBusOptions): Promise<NatsBus> {
    nats ??= await loadNats();
    const nc = await nats.transport
      .connect({
        servers: options.url,
        name: options.name,
        maxReconnectAttempts: -1,
        reconnectTimeWait: 250,
        timeout: 3000,
      })
      .catch(() => {
        throw errors.unavailable('BUS_UNAVAILABLE', 'the event bus is not reachable');
      });
    try {
      const jsm = await nats.jetstream.jetstreamManager(nc);
      const bus = new NatsBus(nc, nats.jetstream.jetstream(nc), jsm, options);
      const ns = options.namespace;
      const retention = nats.transport.nanos(options.retentionMs ?? 7 * 86_400_000);
      await bus.#ensureStream({
        name: bus.#streams.events,
        subjects: [`${ns}.events.>`],
        max_age: retention,
      });
      await bus.#ensureStream({ name: bus.#streams.dlq, subjects: [`${ns}.dlq.>`], max_age: 0 });
      await bus.#ensureStream({
        name: bus.#streams.replay,
        subjects: [`${ns}.replay.>`],
        max_age: retention,
      });
      return bus;
    } catch (err) {
      // Do not leave a half-opened connection reconnecting forever.
      await nc.close().catch(() => undefined);
      throw err;
    }
  }

  async #ensureStream(config: Pick<StreamConfig, 'name' | 'subjects' | 'max_age'>) {
    const wanted = { ...config, duplicate_window: nats.transport.nanos(DEDUPE_WINDOW_MS) };
    const existing = await this.jsm.streams.info(config.name).catch(() => undefined);
    if (!existing) {
      await this.jsm.streams.add(wanted).catch(async (err: unknown) => {
        // Another process created it in between: fine; anything else is real.
        await this.jsm.streams.info(config.name).catch(() => {
          throw err;
        });
      });
      return;
    }
    if (existing.config.max_age !== wanted.max_age) {
      await this.jsm.streams.update(config.name, { max_age: wanted.max_age });
    }
  }

  async publish(event: RcrEvent): Promise<void> {
    const valid = parseEvent(event);
    const span = publishSpan(valid);
    await this.js
      .publish(`${this.options.namespace}.events.${valid.type}`, encoder.encode(JSON.stringify(valid)), {
        msgID: valid.id,
        timeout: 5000,
        ...(span.headers.traceparent ? { headers: headersOf(span.headers) } : {}),
      })
      .then(
        () => {
          countPublish(valid.type, true);
          span.end();
        },
        (err: unknown) => {
          countPublish(valid.type, false);
          span.end(err);
          throw errors.unavailable(
            'BUS_UNAVAILABLE',
            `the event bus did not accept the event: ${String(err)}`,
          );
        },
      );
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    const ns = this.options.namespace;
    const live = `${ns}-${options.group}`;
    const replay = `${ns}-${options.group}--replay`;
    await this.#ensureConsumer(this.#streams.events, live, `${ns}.events.>`);
    await this.#ensureConsumer(this.#streams.replay, replay, `${ns}.replay.${options.group}`);
    const dispatcher = new Dispatcher({
      ...options,
      retrySchedule: this.options.retrySchedule,
      pauseProbeMaxMs: this.options.pauseProbeMaxMs ?? DEFAULT_PAUSE_PROBE_MAX_MS,
      maxInFlight: options.maxInFlight ?? this.options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT,
      sink: this.#sink(options.group),
      log: this.#log,
      keepAliveMs: Math.max(100, Math.floor(this.#ackWaitMs / 3)),
    });
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const state = { stopped: false, signal: stopped, fetches: new Set<ConsumerMessages>() };
    const liveConsumer = await this.js.consumers.get(this.#streams.events, live);
    const loops = [
      this.#pull(liveConsumer, dispatcher, state, false),
      this.#pull(await this.js.consumers.get(this.#streams.replay, replay), dispatcher, state, true),
    ];
    const unwatch = watchConsumerLag(async () => {
      const info = await liveConsumer.info(false);
      return [[{ group: options.group }, info.num_pending + info.num_ack_pending]];
    });
    let closing: Promise<void> | undefined;
    const member = {
      close: () =>
        (closing ??= (async () => {
          state.stopped = true;
          stop();
          await unwatch();
          for (const fetch of state.fetches) fetch.stop();
          await Promise.all(loops); // no more events arrive; then hand back what is held
          await dispatcher.close();
          this.#members.delete(member);
        })()),
    };
    this.#members.add(member);
    return { close: member.close, stats: () => dispatcher.stats() };
  }

  readonly history: EventLog = {
    bounds: async () => {
      const { state } = await this.jsm.streams.info(this.#streams.events);
      return { first: Math.max(1, state.first_seq), last: state.last_seq };
    },
    read: async ({ after, types, limit }) => {
      const { first, last } = await this.history.bounds();
      const start = Math.max(after + 1, first);
      if (start > last) return { events: [], through: after };
      const wanted = Math.min(Math.max(1, limit), last - start + 1);
      const consumer = await this.js.consumers.get(this.#streams.events, {
        filter_subjects: `${this.options.namespace}.events.>`,
        deliver_policy: nats.jetstream.DeliverPolicy.StartSequence,
        opt_start_seq: start,
      });
      const events: { event: RcrEvent; position: number }[] = [];
      let through = start - 1;
      try {
        const messages = await consumer.fetch({ max_messages: wanted, expires: 5000 });
        for await (const msg of messages) {
          through = msg.seq;
          const read = readEvent(jsonOf(msg));
          if (read.kind === 'event' && types.includes(read.event.type))
            events.push({ event: read.event, position: msg.seq });
          if (msg.seq >= start + wanted - 1) {
            messages.stop();
            break;
          }
        }
      } finally {
        await consumer.delete().catch(() => false);
      }
      return { events, through: Math.max(after, through) };
    },
  };

  async broadcast(options: BroadcastOptions): Promise<{ close(): Promise<void> }> {
    // An ordered consumer: ephemeral, server-side flow control, recreated by the client after a gap.
    const consumer = await this.js.consumers.get(this.#streams.events, {
      filter_subjects: `${this.options.namespace}.events.>`,
      ...(options.after === undefined
        ? { deliver_policy: nats.jetstream.DeliverPolicy.New }
        : { deliver_policy: nats.jetstream.DeliverPolicy.StartSequence, opt_start_seq: options.after + 1 }),
    });
    const messages = await consumer.consume();
    const done = (async () => {
      for await (const msg of messages) {
        // Events of other types are skipped by their subject, before their bytes are decoded.
        const published = this.#typeOfSubject(msg.subject);
        if (published !== undefined && !(options.types as readonly string[]).includes(published)) continue;
        const read = readEvent(jsonOf(msg));
        if (read.kind !== 'event' || !options.types.includes(read.event.type)) continue;
        try {
          const event = read.event;
          await processTraced('broadcast', event, traceOf(msg.headers), async () =>
            options.handler(event, msg.seq),
          );
        } catch (err) {
          this.#log.warn({ err, type: read.event.type }, 'broadcast handler failed');
        }
      }
    })();
    const member = {
      close: async () => {
        messages.stop();
        await done.catch(() => undefined);
        this.#members.delete(member);
      },
    };
    this.#members.add(member);
    return member;
  }

  /** Fetches as many events as the dispatcher can take, whenever it can take some, until stopped. */
  async #pull(
    consumer: Consumer,
    dispatcher: Dispatcher,
    state: { stopped: boolean; signal: Promise<void>; fetches: Set<ConsumerMessages> },
    replayed: boolean,
  ): Promise<void> {
    let failures = 0;
    while (!state.stopped) {
      await Promise.race([dispatcher.whenReady(), state.signal]);
      const want = dispatcher.capacity();
      if (state.stopped) break;
      if (want === 0) continue;
      try {
        const batch = await consumer.fetch({ max_messages: want, expires: FETCH_EXPIRES_MS });
        state.fetches.add(batch);
        try {
          for await (const msg of batch) dispatcher.push(this.#delivery(msg, replayed));
        } finally {
          state.fetches.delete(batch);
        }
        failures = 0;
      } catch (err) {
        if (state.stopped) break;
        failures += 1;
        if (failures === 1 || failures % 20 === 0) {
          this.#log.warn({ err: (err as Error).message, failures }, 'fetching events failed; retrying');
        }
        await Promise.race([cancellableSleep(probeDelay(failures, 2000)).done, state.signal]);
      }
    }
  }

  /** The event type a message of the events stream was published under (`<namespace>.events.<type>`). */
  #typeOfSubject(subject: string): string | undefined {
    const prefix = `${this.options.namespace}.events.`;
    return subject.startsWith(prefix) ? subject.slice(prefix.length) : undefined;
  }

  #delivery(msg: JsMsg, replayed: boolean): Delivery {
    return {
      payload: msg.data,
      type: replayed ? undefined : this.#typeOfSubject(msg.subject),
      redelivered: msg.info.deliveryCount > 1,
      replayed,
      headers: traceOf(msg.headers),
      ack: () => msg.ack(),
      term: () => msg.term(),
      // Redelivered once this member's pull requests have expired, so it goes to a live member.
      release: () => msg.nak(FETCH_EXPIRES_MS + 500),
      keepAlive: () => msg.working(),
    };
  }

  /**
   * Creates a group's durable consumer, or brings an existing one up to date. A group reads all event
   * subjects and skips unwanted types itself, so a change of a group's types never changes the filter
   * (NATS 2.9 accepts a filter change but keeps delivering by the old one). A consumer left with another
   * filter (older code) is recreated at the group's position.
   */
  async #ensureConsumer(stream: string, durable: string, filter: string) {
    const config: Partial<ConsumerConfig> = {
      durable_name: durable,
      ack_policy: nats.jetstream.AckPolicy.Explicit,
      deliver_policy: nats.jetstream.DeliverPolicy.All,
      filter_subject: filter,
      max_ack_pending: this.options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT,
      ack_wait: nats.transport.nanos(this.#ackWaitMs),
      max_deliver: -1,
    };
    const existing = await this.jsm.consumers.info(stream, durable).catch((err: unknown) => {
      if (err instanceof nats.jetstream.JetStreamApiError && err.code === CONSUMER_NOT_FOUND)
        return undefined;
      throw err;
    });
    if (!existing) {
      // A concurrent starter may create it too: adding the same settings twice is idempotent.
      await this.jsm.consumers.add(stream, config);
      return;
    }
    if (existing.config.filter_subject !== filter) {
      await this.jsm.consumers.delete(stream, durable).catch(() => false);
      await this.jsm.consumers.add(stream, {
        ...config,
        deliver_policy: nats.jetstream.DeliverPolicy.StartSequence,
        opt_start_seq: existing.ack_floor.stream_seq + 1,
      });
      return;
    }
    const { max_ack_pending, ack_wait, max_deliver } = existing.config;
    if (
      max_ack_pending !== config.max_ack_pending ||
      ack_wait !== config.ack_wait ||
      max_deliver !== config.max_deliver
    ) {
      await this.jsm.consumers.update(stream, durable, {
        max_ack_pending: config.max_ack_pending,
        ack_wait: config.ack_wait,
        max_deliver: config.max_deliver,
      });
    }
  }

  /** Dead letters go to the DLQ stream; the publish is acknowledged by JetStream before the event is. */
  #sink(group: string): DeadLetterSink {
    return {
      add: async (letter: NewDeadLetter) => {
        await this.js.publish(
          `${this.options.namespace}.dlq.${group}`,
          encoder.encode(JSON.stringify(letter)),
          {
            timeout: 5000,
          },
        );
      },
    };
  }

  async #listLetters(query: DeadLetterQuery = {}): Promise<DeadLetter[]> {
    const limit = Math.min(MAX_DEAD_LETTER_PAGE, Math.max(1, query.limit ?? 100));
    const after = query.after !== undefined && /^\d{1,15}$/.test(query.after) ? Number(query.after) : 0;
    const subject = `${this.options.namespace}.dlq.${query.group ?? '>'}`;
    const consumer = await this.js.consumers.get(this.#streams.dlq, {
      filter_subjects: subject,
      ...(after > 0
        ? { deliver_policy: nats.jetstream.DeliverPolicy.StartSequence, opt_start_seq: after + 1 }
        : {}),
    });
    try {
      const pending = (await consumer.info(true)).num_pending;
      const want = Math.min(limit, pending);
      if (want === 0) return [];
      const letters: DeadLetter[] = [];
      const batch = await consumer.fetch({ max_messages: want, expires: 3000 });
      for await (const msg of batch) {
        letters.push({ ...msg.json<NewDeadLetter>(), id: String(msg.seq) });
        if (letters.length >= want) break;
      }
      return letters;
    } finally {
      await consumer.delete().catch(() => undefined);
    }
  }

  async #getLetter(id: string): Promise<DeadLetter | undefined> {
    if (!/^\d{1,15}$/.test(id)) return undefined;
    const stored = await this.jsm.streams
      .getMessage(this.#streams.dlq, { seq: Number(id) })
      .catch(() => null);
    if (!stored) return undefined;
    return { ...stored.json<NewDeadLetter>(), id: String(stored.seq) };
  }

  async #discardLetter(id: string): Promise<boolean> {
    if (!(await this.#getLetter(id))) return false;
    return this.jsm.streams.deleteMessage(this.#streams.dlq, Number(id)).catch(() => false);
  }

  async #replayLetter(id: string): Promise<boolean> {
    const letter = await this.#getLetter(id);
    if (!letter) return false;
    // The replay subject is durable; its message id makes a repeated replay of one letter a no-op.
    await this.js.publish(
      `${this.options.namespace}.replay.${letter.group}`,
      encoder.encode(typeof letter.event === 'string' ? letter.event : JSON.stringify(letter.event)),
      { msgID: `replay-${this.options.namespace}-${id}`, timeout: 5000 },
    );
    await this.jsm.streams.deleteMessage(this.#streams.dlq, Number(id)).catch(() => false);
    return true;
  }

  async ping(): Promise<void> {
    await this.nc.flush();
  }

  async close(): Promise<void> {
    await Promise.all([...this.#members].map((member) => member.close()));
    await this.nc.drain().catch(() => undefined);
  }
}
