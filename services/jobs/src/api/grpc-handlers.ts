import {
  idempotentWrite,
  signedFileHandlers,
  signedFileUrl,
  type CallContext,
  type UnaryHandlers,
} from '@rcr/platform';
import type { JobsV1 } from '@rcr/contracts';
import type { Caller, JobsDeps } from '../domain/deps.ts';
import { getJob, listMyJobs } from '../domain/get-job.ts';
import { REPORT_FILE } from '../domain/comparison-report.ts';
import { requestExport } from '../domain/request-export.ts';
import { requestReport } from '../domain/request-report.ts';
import type { JobRecord } from '../store/job-repository.ts';

function callerOf(ctx: CallContext): Caller {
  return { actor: ctx.actor, traceparent: ctx.traceparent };
}

/** The filter message: only the fields that were given (proto3 optionals). */
function filterOf(filter: JobsV1.ExportFilter__Output | null | undefined): Record<string, unknown> {
  if (!filter) return {};
  return Object.fromEntries(
    Object.entries({
      cameraId: filter.cameraId,
      brand: filter.brand,
      authorId: filter.authorId,
      minRating: filter.minRating,
      q: filter.q,
      publishedAfter: filter.publishedAfter,
    }).filter(([, value]) => value !== undefined && value !== null),
  );
}

/** A signed, expiring link to a job's result, made fresh on each read of the job. */
function resultLink(deps: JobsDeps, key: string): { url: string; expiresAt: string } {
  const { url, expiresAt } = signedFileUrl(deps.links, key, deps.settings.linkTtlMs / 1000);
  return { url, expiresAt };
}

/** A job as the gateway shows it; a finished export carries a fresh signed link to its file. */
function jobMessage(deps: JobsDeps, job: JobRecord): JobsV1.Job {
  const result = job.status === 'succeeded' && job.result ? job.result : undefined;
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    progress: job.progress,
    attempts: job.attempts,
    ...(job.error && job.status !== 'succeeded' ? { error: job.error } : {}),
    ...(result
      ? {
          result: {
            ...resultLink(deps, result.key),
            bytes: result.bytes,
            rows: result.rows,
            contentType: result.contentType,
          },
        }
      : {}),
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    ownerId: job.ownerId,
    ...(job.kind === 'report'
      ? { format: REPORT_FILE.extension, filter: {}, cameraIds: job.params.cameraIds }
      : job.kind === 'export'
        ? { format: job.params.format, filter: job.params.filter, cameraIds: [] }
        : // A backup is never answered (getJob hides it, nobody owns it); it has no format.
          { format: '', filter: {}, cameraIds: [] }),
  };
}

/** The JobsService rpcs: each maps its message to a use case and the result back, nothing more. */
export function jobsHandlers(deps: JobsDeps): UnaryHandlers<JobsV1.JobsServiceHandlers> {
  return {
    CreateExport: async (request, ctx) => {
      const input = { format: request.format, filter: filterOf(request.filter) };
      const job = await requestExport(deps, callerOf(ctx), input, idempotentWrite(ctx, 'CreateExport'));
      return jobMessage(deps, job);
    },
    CreateReport: async (request, ctx) => {
      const input = { cameraIds: request.cameraIds };
      const job = await requestReport(deps, callerOf(ctx), input, idempotentWrite(ctx, 'CreateReport'));
      return jobMessage(deps, job);
    },
    GetJob: async (request, ctx) => jobMessage(deps, await getJob(deps, callerOf(ctx), request.id)),
    ListJobs: async (request, ctx) => ({
      items: (await listMyJobs(deps, callerOf(ctx), request.limit)).map((job) => jobMessage(deps, job)),
    }),
    // Generated files (exports/…, reports/…) are downloads named after the key's last segment.
    ...signedFileHandlers({
      links: deps.links,
      bucket: deps.bucket,
      serves: (key) => key.startsWith('exports/') || key.startsWith('reports/'),
      attachmentName: (key) => key.slice(key.lastIndexOf('/') + 1),
    }),
  };
}
