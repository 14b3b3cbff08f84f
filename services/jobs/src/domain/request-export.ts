import { ExportCreateInputSchema } from '@rcr/contracts';
import { jobRequest } from './queue-job.ts';

/** Queues an export of published reviews for the caller (see queueJob for the guarantees). */
export const requestExport = jobRequest(ExportCreateInputSchema, ({ format, filter }) => ({
  kind: 'export',
  params: { format, filter },
}));
