import { isEvent } from '@rcr/contracts';
import type { EventBus, Logger, Subscription } from '@rcr/platform';
import type { JobRunner } from '../domain/run-job.ts';

/**
 * The work queue's consumer group: every `job.requested` goes to one member of it (members share the
 * work); a member runs at most `concurrency` jobs at once; a message is acknowledged when its run ends,
 * and one whose worker dies is delivered again (NATS: after the ack wait, the worker's keep-alives having
 * stopped) — ADR 0024.
 */
export const WORKER_GROUP = 'jobs-worker';

/** Starts this process's worker on the queue. */
export function subscribeWorker(
  bus: EventBus,
  runner: JobRunner,
  concurrency: number,
  log: Logger,
): Promise<Subscription> {
  return bus.subscribe({
    group: WORKER_GROUP,
    types: ['job.requested'],
    maxInFlight: concurrency,
    handler: async (event, info) => {
      if (!isEvent(event, 'job.requested')) return;
      log.debug({ jobId: event.data.jobId, redelivered: info.redelivered }, 'job delivered');
      await runner.run(event.data.jobId, event.traceparent);
    },
  });
}
