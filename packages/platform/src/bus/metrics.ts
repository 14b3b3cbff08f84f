import { counter, scrapeGauge, type BoundCounter, type GaugeReader } from '../metrics.ts';

/** The bus's metrics (ADR 0027), shared by both adapters and the dispatcher. */

const published = counter(
  'rcr_bus_published_total',
  'Events published to the bus, by event type and outcome (ok, error)',
  ['type', 'outcome'],
);

const consumed = counter(
  'rcr_bus_consumed_total',
  'Deliveries a consumer group settled, by outcome: ack (handled), retry (failed, will be retried), dead_letter, skipped (not its type)',
  ['group', 'outcome'],
);

const publishedByType = new Map<string, { ok: BoundCounter; error: BoundCounter }>();

/** Counts one publish of an event of `type` (event types are a closed catalogue: bounded labels). */
export function countPublish(type: string, ok: boolean): void {
  let bound = publishedByType.get(type);
  if (!bound) {
    bound = {
      ok: published.with({ type, outcome: 'ok' }),
      error: published.with({ type, outcome: 'error' }),
    };
    publishedByType.set(type, bound);
  }
  (ok ? bound.ok : bound.error).inc();
}

/** A group's consume counters, bound once per member. */
export interface ConsumeCounters {
  ack: BoundCounter;
  retry: BoundCounter;
  deadLetter: BoundCounter;
  skipped: BoundCounter;
}

export function consumeCountersOf(group: string): ConsumeCounters {
  return {
    ack: consumed.with({ group, outcome: 'ack' }),
    retry: consumed.with({ group, outcome: 'retry' }),
    deadLetter: consumed.with({ group, outcome: 'dead_letter' }),
    skipped: consumed.with({ group, outcome: 'skipped' }),
  };
}

const consumerPending = scrapeGauge(
  'rcr_bus_consumer_pending',
  'Events a consumer group has not acknowledged yet (its lag)',
  ['group'],
);

/**
 * Registers a reader of consumer lag: events published that a group has not acknowledged yet (not yet
 * delivered + delivered and unacknowledged), read when Prometheus scrapes. Returns how to remove it.
 */
export function watchConsumerLag(read: GaugeReader<'group'>): () => Promise<void> {
  return consumerPending.read(read);
}
