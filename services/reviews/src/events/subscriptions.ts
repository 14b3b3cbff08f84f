import { isEvent, type EventType } from '@rcr/contracts';
import { Inbox, type Database, type EventBus, type Faults, type Logger, type Outbox } from '@rcr/platform';
import { repairDrift } from '../domain/reconcile-read-model.ts';

/** The consumer group of this service on the bus, and its name in the inbox. */
export const CONSUMER = 'reviews';

/** THE list of events the reviews service consumes: the read model's drift reports (anti-entropy). */
export const CONSUMED_EVENTS = ['inventory.checked'] as const satisfies readonly EventType[];

/** Repairs reported drift once per report: inbox, repairs and their events commit together. */
export function subscribeToEvents(
  bus: EventBus,
  db: Database,
  log: Logger,
  options: { outbox: Outbox; faults?: Faults },
) {
  const inbox = new Inbox(db, CONSUMER, options);
  return bus.subscribe({
    group: CONSUMER,
    types: CONSUMED_EVENTS,
    handler: async (event) => {
      if (!isEvent(event, 'inventory.checked')) return;
      const report = event.data;
      await inbox.apply(event, (tx, emit) => repairDrift(tx, emit, report));
      if (report.drift.length > 0)
        log.warn(
          { runId: report.runId, kind: report.kind, part: report.part, drift: report.drift.length },
          'read model drift found; re-emitted snapshots',
        );
    },
  });
}
