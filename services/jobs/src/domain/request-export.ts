import { ExportCreateInputSchema, fieldErrorsOf } from '@rcr/contracts';
import { newEvent, newId, type IdempotentWrite } from '@rcr/platform';
import { insertJob, type JobRecord } from '../store/job-repository.ts';
import type { Caller, JobsDeps } from './deps.ts';
import { jobsErrors } from './errors.ts';

/** The service name on the events it emits. */
export const SOURCE = 'jobs';

/**
 * Queues an export of published reviews for the caller: the job row and the `job.requested` message
 * commit in one transaction (the outbox), so a job is never queued without its row nor stored without
 * being queued. With an Idempotency-Key, a retry answers the first job instead of queueing another.
 */
export async function requestExport(
  deps: Pick<JobsDeps, 'outbox'>,
  caller: Caller,
  input: unknown,
  idempotency?: IdempotentWrite | undefined,
): Promise<JobRecord> {
  const actor = caller.actor;
  if (!actor) throw jobsErrors.unauthenticated();
  const parsed = ExportCreateInputSchema.safeParse(input);
  if (!parsed.success) throw jobsErrors.validationFailed(fieldErrorsOf(parsed.error));
  return deps.outbox.transaction(
    async (tx, emit) => {
      const job = await insertJob(tx, {
        id: newId(),
        kind: 'export',
        ownerId: actor.id,
        params: { format: parsed.data.format, filter: parsed.data.filter },
      });
      await emit(
        newEvent(
          SOURCE,
          'job.requested',
          job.id,
          { jobId: job.id, kind: job.kind, ownerId: job.ownerId, attempt: 0 },
          caller.traceparent,
        ),
      );
      return job;
    },
    { idempotency },
  );
}
