import { newEvent } from '@rcr/platform';
import { claimStalled } from '../store/job-repository.ts';
import type { JobsDeps } from './deps.ts';
import { SOURCE } from './queue-job.ts';

/**
 * Asks again for unfinished jobs whose run has shown no sign of life for `stallAfterMs`: the safety net
 * for a queue message that is gone (the in-process queue of an embedded system forgets its messages when
 * the process stops; a dead-lettered delivery). The new `job.requested` commits with the claim; a
 * duplicate delivery is harmless, since a run starts only for an unfinished job and completes only
 * as the job's current attempt. Returns how many jobs were asked for again.
 */
export async function requeueStalled(deps: Pick<JobsDeps, 'outbox' | 'settings'>): Promise<number> {
  return deps.outbox.transaction(async (tx, emit) => {
    const stalled = await claimStalled(tx, deps.settings.stallAfterMs, 100);
    for (const job of stalled) {
      await emit(
        newEvent(SOURCE, 'job.requested', job.id, {
          jobId: job.id,
          kind: 'export',
          ownerId: job.ownerId,
          attempt: job.attempts,
        }),
      );
    }
    return stalled.length;
  });
}
