import { ExportCreateInputSchema } from '@rcr/contracts';
import type { IdempotentWrite } from '@rcr/platform';
import type { JobRecord } from '../store/job-repository.ts';
import type { Caller, JobsDeps } from './deps.ts';
import { requestJob } from './queue-job.ts';

/** Queues an export of published reviews for the caller (see queueJob for the guarantees). */
export function requestExport(
  deps: Pick<JobsDeps, 'outbox'>,
  caller: Caller,
  input: unknown,
  idempotency?: IdempotentWrite | undefined,
): Promise<JobRecord> {
  return requestJob(
    deps,
    caller,
    {
      schema: ExportCreateInputSchema,
      input,
      toJob: ({ format, filter }) => ({ kind: 'export', params: { format, filter } }),
    },
    idempotency,
  );
}
