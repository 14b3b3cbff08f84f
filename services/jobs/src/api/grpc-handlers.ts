import { idempotentWrite, type CallContext, type UnaryHandlers } from '@rcr/platform';
import type { JobsV1 } from '@rcr/contracts';
import type { Caller, JobsDeps } from '../domain/deps.ts';
import { getJob, listMyJobs } from '../domain/get-job.ts';
import { describeFile, openFile, type FileDescription, type FileLink } from '../domain/read-file.ts';
import { REPORT_FILE } from '../domain/comparison-report.ts';
import { requestExport } from '../domain/request-export.ts';
import { requestReport } from '../domain/request-report.ts';
import { resultLink } from '../domain/result-link.ts';
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
            ...resultLink(deps.links, result, deps.settings.linkTtlMs),
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
      : { format: job.params.format, filter: job.params.filter, cameraIds: [] }),
  };
}

function fileInfo(file: FileDescription): JobsV1.FileInfo {
  return {
    key: file.object.key,
    contentType: file.object.contentType,
    size: file.object.size,
    etag: file.object.etag,
    lastModified: file.object.lastModified.toISOString(),
    expires: file.expires,
    attachmentName: file.attachmentName ?? '',
  };
}

function linkOf(request: JobsV1.FileRequest__Output): FileLink {
  return { key: request.key, expires: request.expires, signature: request.signature };
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
    StatFile: async (request) => fileInfo(await describeFile(deps, linkOf(request))),
    ReadFile: async function* (request) {
      const file = await openFile(deps, linkOf(request));
      try {
        yield { info: fileInfo(file) };
        for await (const chunk of file.body as AsyncIterable<Buffer>) yield { data: chunk };
      } finally {
        file.body.destroy();
      }
    },
  };
}
