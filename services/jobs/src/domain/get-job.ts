import { findJob, listJobsOf, type JobRecord } from '../store/job-repository.ts';
import type { Caller, JobsDeps } from './deps.ts';
import { jobsErrors } from './errors.ts';

/**
 * A job its owner (or an admin) may see; for anyone else it does not exist. The scheduled backups are
 * nobody's: their results are whole databases, read with `rcr restore` from the bucket, never linked.
 */
export async function getJob(deps: Pick<JobsDeps, 'db'>, caller: Caller, id: string): Promise<JobRecord> {
  const actor = caller.actor;
  if (!actor) throw jobsErrors.unauthenticated();
  const job = /^[0-9a-f-]{36}$/i.test(id) ? await findJob(deps.db, id) : undefined;
  if (!job || job.kind === 'backup' || (job.ownerId !== actor.id && actor.role !== 'admin'))
    throw jobsErrors.jobNotFound();
  return job;
}

/** The caller's own jobs, newest first (at most `limit`, 1–100, default 20). */
export async function listMyJobs(
  deps: Pick<JobsDeps, 'db'>,
  caller: Caller,
  limit: number,
): Promise<JobRecord[]> {
  const actor = caller.actor;
  if (!actor) throw jobsErrors.unauthenticated();
  const bounded = Number.isInteger(limit) && limit >= 1 && limit <= 100 ? limit : 20;
  return listJobsOf(deps.db, actor.id, bounded);
}
