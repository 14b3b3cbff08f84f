import { Readable } from 'node:stream';
import type { EventData } from '@rcr/contracts';
import { backupDatabase, newEvent, pruneBackups, type Emit, type StoredObject } from '@rcr/platform';
import {
  completeRun,
  failRun,
  findJob,
  giveUp,
  recordProgress,
  startRun,
  type JobRecord,
  type StoredResult,
} from '../store/job-repository.ts';
import {
  countExport,
  readComparedCameras,
  readExportPage,
  type ComparedCamera,
  type ExportCursor,
  type ExportedReview,
} from '../store/review-projection.ts';
import { readReviewImages } from '../store/image-projection.ts';
import { REPORT_FILE, writeComparisonReport } from './comparison-report.ts';
import { decideRun, retryDelay } from './decide-run.ts';
import type { JobsDeps } from './deps.ts';
import { EXPORT_WRITERS } from './export-format.ts';
import { SOURCE } from './queue-job.ts';
import { writeZipExport, ZIP_FILE } from './zip-export.ts';

/** Reviews read per page of an export. */
const PAGE_SIZE = 200;
/** A progress event at most this often (the row is updated every page). */
const PROGRESS_EVENT_EVERY_MS = 500;

type ExportJob = Extract<JobRecord, { kind: 'export' }>;
type ReportJob = Extract<JobRecord, { kind: 'report' }>;
type BackupJob = Extract<JobRecord, { kind: 'backup' }>;

/** The run was taken over by another (its attempt is no longer the job's) or the job finished meanwhile. */
class Superseded extends Error {
  constructor() {
    super('the run was superseded by another run of the job');
  }
}

/** The worker is stopping: the run is left for a redelivery to take over. */
export class RunAbandoned extends Error {
  constructor() {
    super('the worker is stopping; the job will be run again');
  }
}

/**
 * Runs the jobs a worker is handed. Each run is one attempt: it starts (attempt + 1, in the transaction
 * that locks the row), writes the result to the bucket, then records the outcome with its events in one
 * transaction — only if the job's attempt is still the run's (the fencing number). So a job completes at
 * most once whatever is delivered twice, and a run presumed dead cannot overwrite its successor's outcome.
 * A failed run is retried after a growing wait, in the same delivery, until the attempts are spent.
 */
export class JobRunner {
  readonly #stopping = new AbortController();
  #runsStarted = 0;
  #runsCompleted = 0;

  constructor(private readonly deps: JobsDeps) {}

  /** Asks runs in progress to stop at their next step (their jobs are delivered again later). */
  stop(): void {
    this.#stopping.abort();
  }

  /** Handles one delivery of a job: runs it until it succeeds, fails for good or is not to be run. */
  async run(jobId: string, traceparent?: string | undefined): Promise<void> {
    const { outbox, settings, log } = this.deps;
    for (;;) {
      if (this.#stopping.signal.aborted) throw new RunAbandoned();
      const claim = await outbox.transaction(async (tx, emit) => {
        const job = await findJob(tx, jobId, true);
        const decision = decideRun(job, settings.maxAttempts);
        if (!job || decision.action === 'skip') return { decision, job };
        if (decision.action === 'give-up') {
          await giveUp(tx, jobId, decision.error);
          await emit(
            this.#event('job.failed', job, { attempt: job.attempts, error: decision.error }, traceparent),
          );
          return { decision, job };
        }
        const started = await startRun(tx, jobId);
        await emit(
          this.#event('job.progress', started, { attempt: started.attempts, progress: 0 }, traceparent),
        );
        return { decision, job: started };
      });
      const { decision, job } = claim;
      if (decision.action !== 'run' || !job) {
        log.debug({ jobId, decision }, 'job delivery not run');
        return;
      }
      const attempt = decision.attempt;
      try {
        const result =
          job.kind === 'report'
            ? await this.#report(job, attempt, traceparent)
            : job.kind === 'backup'
              ? await this.#backup(job, attempt)
              : await this.#export(job, attempt, traceparent);
        const completed = await outbox.transaction(async (tx, emit) => {
          if (!(await completeRun(tx, jobId, attempt, result))) return false;
          await emit(
            this.#event(
              'job.completed',
              job,
              { attempt, rows: result.rows, bytes: result.bytes },
              traceparent,
            ),
          );
          return true;
        });
        log.info(
          { jobId, kind: job.kind, attempt, rows: result.rows, bytes: result.bytes, completed },
          'job finished',
        );
        if (completed && this.deps.faults.crashAfterJob !== undefined) {
          this.#runsCompleted += 1;
          // Fault injection: die after the outcome committed and before the queue hears of it.
          if (this.#runsCompleted >= this.deps.faults.crashAfterJob) process.kill(process.pid, 'SIGKILL');
        }
        return;
      } catch (err) {
        if (err instanceof Superseded) {
          log.info({ jobId, attempt }, 'job run superseded; leaving it to the current run');
          return;
        }
        if (err instanceof RunAbandoned || this.#stopping.signal.aborted) throw new RunAbandoned();
        const message = err instanceof Error ? err.message : String(err);
        const final = attempt >= settings.maxAttempts;
        const recorded = await outbox.transaction(async (tx, emit) => {
          const error = final ? `gave up after ${attempt} attempts: ${message}` : message;
          if (!(await failRun(tx, jobId, attempt, error, final))) return false;
          if (final) await emit(this.#event('job.failed', job, { attempt, error }, traceparent));
          return true;
        });
        log.warn({ jobId, attempt, err: message, final }, 'job run failed');
        if (!recorded || final) return;
        await new Promise((resolve) => setTimeout(resolve, retryDelay(settings.retryDelayMs, attempt)));
      }
    }
  }

  /**
   * Records a run's progress (and that it is alive), with a `job.progress` event when `withEvent`; throws
   * Superseded when the run is no longer the job's current one.
   */
  async #progress(
    job: JobRecord,
    attempt: number,
    percent: number,
    withEvent: boolean,
    traceparent: string | undefined,
  ): Promise<void> {
    const alive = await this.deps.outbox.transaction(async (tx, emit: Emit) => {
      if (!(await recordProgress(tx, job.id, attempt, percent))) return false;
      if (withEvent)
        await emit(this.#event('job.progress', job, { attempt, progress: percent }, traceparent));
      return true;
    });
    if (!alive) throw new Superseded();
  }

  /**
   * Writes a comparison report of the job's cameras (in the order asked) to the bucket as a PDF. A camera
   * the projection does not know (not yet, or deleted) fails the run, naming it; the retry gives a camera
   * created a moment ago the time to arrive.
   */
  async #report(job: ReportJob, attempt: number, traceparent: string | undefined): Promise<StoredResult> {
    const { db, bucket } = this.deps;
    const ids = job.params.cameraIds;
    const found = new Map((await readComparedCameras(db, ids)).map((camera) => [camera.cameraId, camera]));
    const unknown = ids.filter((id) => !found.has(id));
    if (unknown.length > 0) throw new Error(`unknown camera id(s): ${unknown.join(', ')}`);
    await this.#progress(job, attempt, 50, true, traceparent);
    if (this.#stopping.signal.aborted) throw new RunAbandoned();
    const cameras = ids.map((id) => found.get(id) as ComparedCamera);
    const pdf = await writeComparisonReport(cameras, new Date());
    const key = `reports/${job.id}.${REPORT_FILE.extension}`;
    const stored = await bucket.put(key, pdf, {
      contentType: REPORT_FILE.contentType,
      metadata: { job: job.id, attempt: String(attempt) },
    });
    return {
      key,
      bytes: stored.size,
      rows: cameras.length,
      contentType: REPORT_FILE.contentType,
      etag: stored.etag,
    };
  }

  /**
   * Dumps every service schema to the bucket (one snapshot, the manifest last: ADR 0033), then deletes
   * the backups past the newest `keep`. Its progress is one step per schema (no `job.progress` events:
   * nobody follows a backup); a run taken over meanwhile stops at its next schema, and its dumps, never
   * given a manifest, are pruned by a later backup.
   */
  async #backup(job: BackupJob, attempt: number): Promise<StoredResult> {
    const { bucket, log, settings } = this.deps;
    if (!settings.backupDatabaseUrl) throw new Error('backups need PostgreSQL (DATABASE_URL)');
    let done = 0;
    const manifest = await backupDatabase(settings.backupDatabaseUrl, bucket, async () => {
      done += 1;
      await this.#progress(job, attempt, Math.min(90, done * 15), false, undefined);
      if (this.#stopping.signal.aborted) throw new RunAbandoned();
    });
    const pruned = await pruneBackups(bucket, job.params.keep);
    const bytes = manifest.schemas.reduce((sum, schema) => sum + schema.bytes, 0);
    log.info(
      { jobId: job.id, backup: manifest.id, bytes, ms: manifest.ms, removed: pruned.removed },
      'database backed up',
    );
    return {
      key: `backups/${manifest.id}/manifest.json`,
      bytes,
      rows: manifest.schemas.length,
      contentType: 'application/json',
      etag: manifest.id,
    };
  }

  /**
   * Writes the export to the bucket, recording progress (and that the run is alive) page by page: the
   * text formats as one stream of records, the zip with the reviews' images (zip-export.ts).
   */
  async #export(job: ExportJob, attempt: number, traceparent: string | undefined): Promise<StoredResult> {
    const { db, bucket, faults, settings } = this.deps;
    const format = job.params.format;
    const file = format === 'zip' ? ZIP_FILE : EXPORT_WRITERS[format];
    const key = `exports/${job.id}.${file.extension}`;
    const filter = job.params.filter;
    const total = await countExport(db, filter);
    this.#runsStarted += 1;
    const crashHere = faults.crashMidJob !== undefined && this.#runsStarted >= faults.crashMidJob;
    let rows = 0;
    let lastEventAt = 0;
    const progress = async (percent: number) => {
      const emitEvent = Date.now() - lastEventAt >= PROGRESS_EVENT_EVERY_MS;
      await this.#progress(job, attempt, percent, emitEvent, traceparent);
      if (emitEvent) lastEventAt = Date.now();
    };
    // Between pages the run shows it is alive through its progress; a long bucket write needs a beat too.
    let superseded = false;
    const beat = setInterval(
      () => {
        recordProgress(db, job.id, attempt, undefined)
          .then((alive) => (superseded ||= !alive))
          .catch(() => undefined);
      },
      Math.max(500, Math.min(15_000, settings.stallAfterMs / 4)),
    );
    beat.unref();
    const stopping = this.#stopping.signal;
    async function* pages(): AsyncGenerator<ExportedReview[]> {
      let cursor: ExportCursor | undefined;
      for (;;) {
        const page = await readExportPage(db, filter, cursor, PAGE_SIZE);
        if (stopping.aborted) throw new RunAbandoned();
        if (superseded) throw new Superseded();
        if (page.length > 0) yield page;
        rows += page.length;
        const last = page.at(-1);
        if (last) cursor = { publishedAt: last.publishedAt, reviewId: last.reviewId };
        await progress(Math.min(90, Math.floor((rows / Math.max(total, 1)) * 90)));
        // Fault injection: die half-way, after progress was recorded and before the result is stored.
        if (crashHere) process.kill(process.pid, 'SIGKILL');
        if (page.length < PAGE_SIZE) return;
      }
    }
    const metadata = { job: job.id, attempt: String(attempt) };
    try {
      let stored: StoredObject;
      if (format === 'zip') {
        // yazl is loaded by the first zip export, not when the system starts (ADR 0034).
        const { ZipFile } = await import('yazl');
        const zip = new ZipFile();
        // yazl's output is a PassThrough (typed as the older NodeJS.ReadableStream).
        const output = zip.outputStream as Readable;
        // A rendition failing while read makes yazl emit 'error': the upload fails with it (never unhandled).
        zip.on('error', (err: Error) => output.destroy(err));
        const uploadFailed = new AbortController();
        const upload = bucket.put(key, output, { contentType: file.contentType, metadata });
        upload.catch((err: unknown) => uploadFailed.abort(err));
        try {
          const summary = await writeZipExport(
            pages(),
            (ids) => readReviewImages(db, ids),
            bucket,
            zip,
            uploadFailed.signal,
          );
          if (summary.missingImages > 0)
            this.deps.log.warn({ jobId: job.id, ...summary }, 'images deleted while zipping were left out');
        } catch (err) {
          output.destroy(err as Error);
          await upload.catch(() => undefined);
          throw err;
        }
        stored = await upload;
      } else {
        const writer = EXPORT_WRITERS[format];
        const content = async function* (): AsyncGenerator<Buffer> {
          yield Buffer.from(writer.head);
          for await (const page of pages()) yield Buffer.from(page.map(writer.review).join(''));
        };
        stored = await bucket.put(key, Readable.from(content()), { contentType: file.contentType, metadata });
      }
      if (superseded) throw new Superseded();
      return { key, bytes: stored.size, rows, contentType: file.contentType, etag: stored.etag };
    } finally {
      clearInterval(beat);
    }
  }

  #event<T extends 'job.progress' | 'job.completed' | 'job.failed'>(
    type: T,
    job: JobRecord,
    data: Omit<EventData<T>, 'jobId' | 'kind' | 'ownerId'>,
    traceparent: string | undefined,
  ) {
    const full = { jobId: job.id, kind: job.kind, ownerId: job.ownerId, ...data } as EventData<T>;
    return newEvent(SOURCE, type, job.id, full, traceparent);
  }
}
