import { ReportCreateInputSchema } from '@rcr/contracts';
import { jobRequest } from './queue-job.ts';

/**
 * Queues a comparison report (PDF) of 2–4 cameras for the caller. Whether the cameras exist is the run's
 * question, not the request's: the jobs service knows cameras from events, so one created a moment ago
 * may not be known yet; a run that does not find them fails and is retried (then fails for good, saying
 * which ids are unknown).
 */
export const requestReport = jobRequest(ReportCreateInputSchema, ({ cameraIds }) => ({
  kind: 'report',
  params: { cameraIds },
}));
