import { ReportCreateInputSchema } from '@rcr/contracts';
import type { IdempotentWrite } from '@rcr/platform';
import type { JobRecord } from '../store/job-repository.ts';
import type { Caller, JobsDeps } from './deps.ts';
import { requestJob } from './queue-job.ts';

/**
 * Queues a comparison report (PDF) of 2–4 cameras for the caller. Whether the cameras exist is the run's
 * question, not the request's: the jobs service knows cameras from events, so one created a moment ago
 * may not be known yet; a run that does not find them fails and is retried (then fails for good, saying
 * which ids are unknown).
 */
export function requestReport(
  deps: Pick<JobsDeps, 'outbox'>,
  caller: Caller,
  input: unknown,
  idempotency?: IdempotentWrite | undefined,
): Promise<JobRecord> {
  return requestJob(
    deps,
    caller,
    {
      schema: ReportCreateInputSchema,
      input,
      toJob: ({ cameraIds }) => ({ kind: 'report', params: { cameraIds } }),
    },
    idempotency,
  );
}
