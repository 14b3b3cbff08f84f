import {
  AckPolicy,
  connect,
  DeliverPolicy,
  nanos,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  type NatsConnection,
  type NatsError,
} from 'nats';
import { parseEvent, type RcrEvent } from '@rcr/contracts';
import { errors } from '../errors.ts';
import {
  retryDelay,
  type BusOptions,
  type DeadLetter,
  type EventBus,
  type SubscribeOptions,
} from './port.ts';

/** Options of the NATS JetStream adapter. */
export interface NatsBusOptions extends BusOptions {
  url: string;
  /** Connection name shown by the server (process role). */
  name?: string;
  /** How long a member may hold an event without a sign of life before NATS redelivers it (default 30 s). */
  ackWaitMs?: number;
}

/** JetStream API error code of a missing consumer. */
const CONSUMER_NOT_FOUND = 10014;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The event bus on NATS JetStream. One stream `<ns>-events` holds `<ns>.events.<type>` (file storage,
 * `Nats-Msg-Id` de-duplication within a 2-minute window); one durable pull consumer per group
 * (`<ns>-<group>`, at most one unacknowledged message, so a group handles events in order); dead letters
 * go to `<ns>.dlq.<group>` in the `<ns>-dlq` stream.
 */
export class NatsBus implements EventBus {
  readonly kind = 'nats';
  readonly #eventsStream: string;
  readonly #dlqStream: string;
  readonly #iterators = new Set<ConsumerMessages>();
  readonly #ackWaitMs: number;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly options: NatsBusOptions,
  ) {
    this.#eventsStream = `${options.namespace}-events`;
    this.#dlqStream = `${options.namespace}-dlq`;
    // Short, because a member that dies mid-handler holds its group's one in-flight event until
    // the ack wait ends; running handlers extend it with `working()`.
    this.#ackWaitMs = options.ackWaitMs ?? 5_000;
  }

  /** Connects and makes sure both streams exist. */
  static async connect(options: NatsBusOptions): Promise<NatsBus> {
    const nc = await connect({
      servers: options.url,
      name: options.name,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      timeout: 3000,
    }).catch(() => {
      throw errors.unavailable('BUS_UNAVAILABLE', 'the event bus is not reachable');
    });
    try {
      const jsm = await nc.jetstreamManager();
      const bus = new NatsBus(nc, nc.jetstream(), jsm, options);
      await bus.#ensureStream(bus.#eventsStream, `${options.namespace}.events.>`);
      await bus.#ensureStream(bus.#dlqStream, `${options.namespace}.dlq.>`);
      return bus;
    } catch (err) {
      // Do not leave a half-opened connection reconnecting forever.
      await nc.close().catch(() => undefined);
      throw err;
    }
  }

  async #ensureStream(name: string, subject: string) {
    try {
      await this.jsm.streams.info(name);
    } catch {
      await this.jsm.streams
        .add({ name, subjects: [subject], duplicate_window: nanos(120_000) })
        .catch(async (err) => {
          // Another process created it in between: fine; anything else is real.
          await this.jsm.streams.info(name).catch(() => {
            throw err;
          });
        });
    }
  }

  #subject(type: string) {
    return `${this.options.namespace}.events.${type}`;
  }

  async publish(event: RcrEvent): Promise<void> {
    const valid = parseEvent(event);
    await this.js.publish(this.#subject(valid.type), encoder.encode(JSON.stringify(valid)), {
      msgID: valid.id,
      timeout: 5000,
    });
  }

  async subscribe(options: SubscribeOptions) {
    const durable = `${this.options.namespace}-${options.group}`;
    await this.#ensureConsumer(durable);
    const consumer = await this.js.consumers.get(this.#eventsStream, durable);
    const messages = await consumer.consume({ max_messages: 1 });
    this.#iterators.add(messages);
    const done = (async () => {
      for await (const msg of messages) {
        try {
          await this.#handle(options, msg);
        } catch {
          // Handling itself failed (e.g. the dead-letter publish): keep the member alive, try again later.
          msg.nak(retryDelay(msg.info.deliveryCount, this.options.retryBaseMs ?? 50));
        }
      }
    })();
    let closed = false;
    return {
      close: async () => {
        if (closed) return;
        closed = true;
        this.#iterators.delete(messages);
        await messages.close();
        await done.catch(() => undefined);
      },
    };
  }

  /**
   * Creates the group's durable consumer, or brings an existing one up to date. Every group reads all
   * event subjects and skips unwanted types itself, so a change of a group's types never changes the
   * consumer's filter: NATS 2.9 accepts a filter change but keeps delivering by the old one. A consumer
   * left with another filter (older code) is recreated at the group's position.
   */
  async #ensureConsumer(durable: string) {
    const config = {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: this.#subject('>'),
      max_ack_pending: 1,
      ack_wait: nanos(this.#ackWaitMs),
      max_deliver: -1,
    };
    const existing = await this.jsm.consumers.info(this.#eventsStream, durable).catch((err: unknown) => {
      if ((err as NatsError).api_error?.err_code === CONSUMER_NOT_FOUND) return undefined;
      throw err;
    });
    if (!existing) {
      // A concurrent starter may create it too: adding the same settings twice is idempotent.
      await this.jsm.consumers.add(this.#eventsStream, config);
      return;
    }
    if (existing.config.filter_subject !== config.filter_subject) {
      await this.jsm.consumers.delete(this.#eventsStream, durable).catch(() => false);
      await this.jsm.consumers.add(this.#eventsStream, {
        ...config,
        deliver_policy: DeliverPolicy.StartSequence,
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
      await this.jsm.consumers.update(this.#eventsStream, durable, {
        max_ack_pending: config.max_ack_pending,
        ack_wait: config.ack_wait,
        max_deliver: config.max_deliver,
      });
    }
  }

  async #handle(options: SubscribeOptions, msg: JsMsg) {
    let event: RcrEvent;
    try {
      event = parseEvent(JSON.parse(decoder.decode(msg.data)));
    } catch (err) {
      // A poison message can never succeed: park it at once.
      await this.#deadLetter(options.group, decoder.decode(msg.data), err, msg.info.deliveryCount);
      msg.term();
      return;
    }
    if (!options.types.includes(event.type)) {
      msg.ack();
      return;
    }
    // A long handler keeps its claim on the event; otherwise NATS would hand it to another member after
    // `ack_wait`, breaking one-at-a-time order and running it twice.
    const keepAlive = setInterval(() => msg.working(), Math.max(100, this.#ackWaitMs / 3));
    let failure: { error: unknown } | undefined;
    try {
      await options.handler(event);
    } catch (error) {
      failure = { error };
    } finally {
      clearInterval(keepAlive);
    }
    if (!failure) {
      await msg.ackAck().catch(() => undefined);
      return;
    }
    const deliveries = msg.info.deliveryCount;
    if (deliveries >= this.options.maxDeliver) {
      await this.#deadLetter(options.group, event, failure.error, deliveries);
      msg.term();
    } else {
      msg.nak(retryDelay(deliveries, this.options.retryBaseMs ?? 50));
    }
  }

  async #deadLetter(group: string, event: unknown, err: unknown, deliveries: number) {
    const letter: DeadLetter = {
      group,
      event,
      error: err instanceof Error ? err.message : String(err),
      deliveries,
      failedAt: new Date().toISOString(),
    };
    await this.js.publish(`${this.options.namespace}.dlq.${group}`, encoder.encode(JSON.stringify(letter)));
  }

  async deadLetters(group: string): Promise<DeadLetter[]> {
    const subject = `${this.options.namespace}.dlq.${group}`;
    const info = await this.jsm.streams.info(this.#dlqStream, { subjects_filter: subject });
    const count = info.state.subjects?.[subject] ?? 0;
    if (count === 0) return [];
    const consumer = await this.js.consumers.get(this.#dlqStream, { filterSubjects: subject });
    const letters: DeadLetter[] = [];
    const batch = await consumer.fetch({ max_messages: count, expires: 2000 });
    for await (const msg of batch) {
      letters.push(JSON.parse(decoder.decode(msg.data)) as DeadLetter);
      if (letters.length >= count) break;
    }
    return letters;
  }

  async ping(): Promise<void> {
    await this.nc.flush();
  }

  async close(): Promise<void> {
    for (const it of this.#iterators) await it.close().catch(() => undefined);
    await this.nc.drain().catch(() => undefined);
  }
}
