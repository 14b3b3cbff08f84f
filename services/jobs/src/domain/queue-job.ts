import { fieldErrorsOf } from '@rcr/contracts';
import { newEvent, newId, type IdempotentWrite } from '@rcr/platform';
import type { z } from 'zod';
import { insertJob, type JobRecord, type NewJob } from '../store/job-repository.ts';
import type { Caller, JobsDeps } from './deps.ts';
import { jobsErrors } from './errors.ts';

/** The service name on the events it emits. */
export const SOURCE = 'jobs';

/**
 * Validates a request with `schema` (VALIDATION_FAILED naming the fields otherwise), turns it into a job
 * with `toJob` and queues it for the caller (see queueJob).
 */
export async function requestJob<S extends z.ZodType>(
  deps: Pick<JobsDeps, 'outbox'>,
  caller: Caller,
  request: { schema: S; input: unknown; toJob: (input: z.output<S>) => NewJob },
  idempotency?: IdempotentWrite | undefined,
): Promise<JobRecord> {
  if (!caller.actor) throw jobsErrors.unauthenticated();
  const parsed = request.schema.safeParse(request.input);
  if (!parsed.success) throw jobsErrors.validationFailed(fieldErrorsOf(parsed.error));
  return queueJob(deps, caller, request.toJob(parsed.data), idempotency);
}

/**
 * The use case that queues one kind of job from a request: `schema` validates it, `toJob` makes the job.
 */
export function jobRequest<S extends z.ZodType>(schema: S, toJob: (input: z.output<S>) => NewJob) {
  return (
    deps: Pick<JobsDeps, 'outbox'>,
    caller: Caller,
    input: unknown,
    idempotency?: IdempotentWrite | undefined,
  ): Promise<JobRecord> => requestJob(deps, caller, { schema, input, toJob }, idempotency);
}

/**
 * Queues a job of any kind for the caller: the job row and the `job.requested` message commit in one
 * transaction (the outbox), so a job is never queued without its row nor stored without being queued.
 * With an Idempotency-Key, a retry answers the first job instead of queueing another.
 */
export async function queueJob(
  deps: Pick<JobsDeps, 'outbox'>,
  caller: Caller,
  job: NewJob,
  idempotency?: IdempotentWrite | undefined,
): Promise<JobRecord> {
  const actor = caller.actor;
  if (!actor) throw jobsErrors.unauthenticated();
  return deps.outbox.transaction(
    async (tx, emit) => {
      const queued = await insertJob(tx, { id: newId(), ownerId: actor.id, ...job });
      await emit(jobRequested(queued, caller.traceparent));
      return queued;
    },
    { idempotency },
  );
}

/** The queue message of a job just stored: a worker of the `jobs-worker` group runs it. */
export function jobRequested(job: JobRecord, traceparent?: string | undefined) {
  return newEvent(
    SOURCE,
    'job.requested',
    job.id,
    { jobId: job.id, kind: job.kind, ownerId: job.ownerId, attempt: 0 },
    traceparent,
  );
}
