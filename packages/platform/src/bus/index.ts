import { openServiceDatabase, type PgliteHost } from '../db/index.ts';
import type { Queryable } from '../db/port.ts';
import { errors } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { SqlDeadLetterStore } from './dead-letter-store.ts';
import { MemoryBus } from './memory.ts';
import { NatsBus } from './nats.ts';
import type { BusOptions, EventBus } from './port.ts';

export * from './port.ts';
export { classifyFailure, type FailureKind } from './retry.ts';
export { SqlDeadLetterStore, MAX_DEAD_LETTER_PAGE } from './dead-letter-store.ts';
export { MemoryBus, type MemoryBusOptions } from './memory.ts';
export { NatsBus, type NatsBusOptions } from './nats.ts';

/** Where the bus is and how it delivers (see the README configuration table). */
export interface BusConfig {
  NATS_URL?: string | undefined;
  RCR_NAMESPACE: string;
  RCR_BUS_RETRY_SCHEDULE: number[];
  RCR_BUS_PAUSE_PROBE_MAX: number;
  RCR_BUS_MAX_IN_FLIGHT: number;
  RCR_BUS_ACK_WAIT: number;
  RCR_BUS_RETENTION: number;
}

/** The delivery settings both adapters take from config. */
export function busOptionsOf(config: BusConfig): BusOptions {
  return {
    namespace: config.RCR_NAMESPACE,
    retrySchedule: config.RCR_BUS_RETRY_SCHEDULE,
    pauseProbeMaxMs: config.RCR_BUS_PAUSE_PROBE_MAX,
    maxInFlight: config.RCR_BUS_MAX_IN_FLIGHT,
  };
}

/**
 * Opens the configured bus: NATS JetStream when `NATS_URL` is set; otherwise the in-process bus shared by
 * the embedded system (`shared`), or — for a service started alone without NATS — an in-process bus of
 * its own whose dead letters go to the service's database.
 */
export async function openBus(
  config: BusConfig,
  name: string,
  options: { shared?: EventBus | undefined; db?: Queryable | undefined; log?: Logger | undefined } = {},
): Promise<EventBus> {
  if (config.NATS_URL) {
    return NatsBus.connect({
      ...busOptionsOf(config),
      url: config.NATS_URL,
      name,
      ackWaitMs: config.RCR_BUS_ACK_WAIT,
      retentionMs: config.RCR_BUS_RETENTION,
      log: options.log,
    });
  }
  if (options.shared) return options.shared;
  if (!options.db) {
    throw errors.unavailable('BUS_UNAVAILABLE', `${name} needs NATS_URL or the embedded system's bus`);
  }
  return new MemoryBus({
    ...busOptionsOf(config),
    deadLetters: new SqlDeadLetterStore(options.db),
    log: options.log,
  });
}

/** Settings of `openEmbeddedBus`; every delivery setting has the config default when left out. */
export interface EmbeddedBusOptions extends Partial<BusOptions> {
  /** The embedded system's database: dead letters go to its `bus` schema. Absent: a PGlite in memory. */
  host?: PgliteHost | undefined;
  /** Schema of the dead letters in that database (default `bus`). */
  schema?: string | undefined;
  log?: Logger | undefined;
  /** Recent events kept after every group handled them (MemoryBusOptions.minRetained). */
  minRetained?: number | undefined;
}

/**
 * The in-process bus of an embedded system, with its dead letters in a table of the `bus` schema (of the
 * shared embedded database, or of a PGlite in memory for tests). Closing the bus closes what it opened.
 */
export async function openEmbeddedBus(options: EmbeddedBusOptions = {}): Promise<MemoryBus> {
  const db = await openServiceDatabase({ RCR_DATA_DIR: 'memory://' }, options.schema ?? 'bus', undefined, {
    host: options.host,
  });
  return new MemoryBus({
    namespace: options.namespace ?? 'rcr',
    retrySchedule: options.retrySchedule ?? [1000, 5000, 30_000, 120_000, 600_000],
    pauseProbeMaxMs: options.pauseProbeMaxMs,
    maxInFlight: options.maxInFlight,
    minRetained: options.minRetained,
    deadLetters: new SqlDeadLetterStore(db),
    log: options.log,
    onClose: () => db.close(),
  });
}
