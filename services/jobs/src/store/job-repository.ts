import type { ExportFilter, ExportFormat, JobStatus, QueuedJobKind } from '@rcr/contracts';
import type { Queryable } from '@rcr/platform';

/** What an export job was asked to do. */
export interface ExportParams {
  format: ExportFormat;
  filter: ExportFilter;
}

/** What a comparison report was asked to do: the cameras, in the order it shows them. */
export interface ReportParams {
  cameraIds: string[];
}

/** What a scheduled backup was queued for: the start of its slot (ISO 8601) and how many backups to keep. */
export interface BackupParams {
  slot: string;
  keep: number;
}

/** Where a finished job's result is in the bucket. */
export interface StoredResult {
  key: string;
  bytes: number;
  /** Reviews exported; cameras compared in a report. */
  rows: number;
  contentType: string;
  etag: string;
}

/** A job as stored, of one kind with that kind's params. */
interface JobRow<K extends QueuedJobKind, P> {
  id: string;
  kind: K;
  ownerId: string;
  params: P;
  status: JobStatus;
  progress: number;
  attempts: number;
  error: string | null;
  result: StoredResult | null;
  createdAt: string;
  updatedAt: string;
}

/** A job as stored: an export, a report or a backup (`kind` tells which params it has). */
export type JobRecord =
  JobRow<'export', ExportParams> | JobRow<'report', ReportParams> | JobRow<'backup', BackupParams>;

/** What a new job is: its kind with that kind's params. */
export type NewJob = Pick<JobRecord, 'kind' | 'params'>;

const COLUMNS = `id, kind, owner_id AS "ownerId", params, status, progress, attempts, error, result,
  created_at AS "createdAt", updated_at AS "updatedAt"`;

/** When the newest scheduled backup succeeded (Unix seconds), or 0 when none has. */
export async function lastBackupSucceededAt(q: Queryable): Promise<number> {
  const [found] = await q.query<{ at: number | null }>(
    `SELECT extract(epoch FROM max(finished_at))::float8 AS at FROM jobs
     WHERE kind = 'backup' AND status = 'succeeded'`,
  );
  return found?.at ?? 0;
}

/** Parses jsonb columns that a driver hands back as text. */
function row(record: JobRecord): JobRecord {
  const json = <T>(value: T | string | null): T | null =>
    typeof value === 'string' ? (JSON.parse(value) as T) : value;
  return { ...record, params: json(record.params), result: json(record.result) } as JobRecord;
}

/** Inserts a queued job unless one with its id exists: the inserted job, or undefined when it existed. */
export async function insertJobOnce(
  q: Queryable,
  job: NewJob & { id: string; ownerId: string },
): Promise<JobRecord | undefined> {
  const [inserted] = await q.query<JobRecord>(
    `INSERT INTO jobs (id, kind, owner_id, params, status) VALUES ($1, $2, $3, $4, 'queued')
     ON CONFLICT (id) DO NOTHING RETURNING ${COLUMNS}`,
    [job.id, job.kind, job.ownerId, JSON.stringify(job.params)],
  );
  return inserted && row(inserted);
}

/** Inserts a queued job under a new id. */
export async function insertJob(
  q: Queryable,
  job: NewJob & { id: string; ownerId: string },
): Promise<JobRecord> {
  const inserted = await insertJobOnce(q, job);
  if (!inserted) throw new Error(`job id ${job.id} is taken`);
  return inserted;
}

/** The job with this id (locked for update when `forUpdate`, inside a transaction), or undefined. */
export async function findJob(q: Queryable, id: string, forUpdate = false): Promise<JobRecord | undefined> {
  const [found] = await q.query<JobRecord>(
    `SELECT ${COLUMNS} FROM jobs WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return found && row(found);
}

/** An owner's jobs, newest first. */
export async function listJobsOf(q: Queryable, ownerId: string, limit: number): Promise<JobRecord[]> {
  const rows = await q.query<JobRecord>(
    `SELECT ${COLUMNS} FROM jobs WHERE owner_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
    [ownerId, limit],
  );
  return rows.map(row);
}

/** Starts a run: `running`, one more attempt (the run's fencing number), progress back to 0. */
export async function startRun(q: Queryable, id: string): Promise<JobRecord> {
  const [started] = await q.query<JobRecord>(
    `UPDATE jobs SET status = 'running', attempts = attempts + 1, progress = 0, heartbeat_at = now(),
       updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
    [id],
  );
  return row(started as JobRecord);
}

/**
 * Records a run's progress (and that it is alive) — only while the run is still the job's current one:
 * false when another run took the job over or it is finished (the caller must stop).
 */
export async function recordProgress(
  q: Queryable,
  id: string,
  attempt: number,
  progress: number | undefined,
): Promise<boolean> {
  const rows = await q.query(
    `UPDATE jobs SET progress = COALESCE($3, progress), heartbeat_at = now(),
       updated_at = CASE WHEN $3::int IS NULL THEN updated_at ELSE now() END
     WHERE id = $1 AND attempts = $2 AND status = 'running' RETURNING 1`,
    [id, attempt, progress ?? null],
  );
  return rows.length === 1;
}

/** Records a run's result: `succeeded`, once, by the current run only (false otherwise). */
export async function completeRun(
  q: Queryable,
  id: string,
  attempt: number,
  result: StoredResult,
): Promise<boolean> {
  const rows = await q.query(
    `UPDATE jobs SET status = 'succeeded', progress = 100, result = $3, error = NULL, updated_at = now(),
       finished_at = now() WHERE id = $1 AND attempts = $2 AND status = 'running' RETURNING 1`,
    [id, attempt, JSON.stringify(result)],
  );
  return rows.length === 1;
}

/**
 * Records a run's failure, by the current run only: `failed` for good when `final`, else back to
 * `queued` for another run. False when the run is no longer the job's current one.
 */
export async function failRun(
  q: Queryable,
  id: string,
  attempt: number,
  error: string,
  final: boolean,
): Promise<boolean> {
  const rows = await q.query(
    `UPDATE jobs SET status = $4, error = $3, updated_at = now(),
       finished_at = CASE WHEN $4 = 'failed' THEN now() END
     WHERE id = $1 AND attempts = $2 AND status = 'running' RETURNING 1`,
    [id, attempt, error.slice(0, 500), final ? 'failed' : 'queued'],
  );
  return rows.length === 1;
}

/** Gives a job up for good without a run (its attempts are spent). */
export async function giveUp(q: Queryable, id: string, error: string): Promise<void> {
  await q.query(
    `UPDATE jobs SET status = 'failed', error = $2, updated_at = now(), finished_at = now() WHERE id = $1`,
    [id, error.slice(0, 500)],
  );
}

/**
 * Unfinished jobs with no sign of life for `stallMs` (their run died and no queue message will come):
 * claimed (their heartbeat reset) so that one sweeper asks for each, however many run.
 */
export async function claimStalled(
  q: Queryable,
  stallMs: number,
  limit: number,
): Promise<{ id: string; ownerId: string; attempts: number }[]> {
  return q.query(
    `UPDATE jobs SET heartbeat_at = now() WHERE id IN (
       SELECT id FROM jobs WHERE status IN ('queued', 'running')
         AND heartbeat_at < now() - $1 * interval '1 millisecond'
       ORDER BY heartbeat_at LIMIT $2 FOR UPDATE SKIP LOCKED)
     RETURNING id, owner_id AS "ownerId", attempts`,
    [stallMs, limit],
  );
}
