import {
  ExportCreateInputSchema,
  JOB_KINDS,
  JOB_STATUSES,
  ReportCreateInputSchema,
  type JobsV1,
} from '@rcr/contracts';
import { DEFAULT_LIMIT, MAX_LIMIT } from '@rcr/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { BEARER, type RestApp } from './app-types.ts';
import { authenticated, type RouteDeps } from './deps.ts';
import { envelope } from './http.ts';
import { decimalQuery, envelopeOf, problems, UuidParams } from './schemas.ts';

/** An export's filter as it was asked (see ExportFilterSchema for the rules). */
const FilterSchema = z.object({
  cameraId: z.string().optional(),
  brand: z.string().optional(),
  authorId: z.string().optional(),
  minRating: z.number().optional(),
  q: z.string().optional(),
  publishedAfter: z.string().optional(),
});

/** A long task as its owner sees it. */
const JobSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(JOB_KINDS).describe('export: reviews as CSV or JSON; report: a camera comparison as PDF'),
    status: z.enum(JOB_STATUSES),
    progress: z.number().int().min(0).max(100),
    attempts: z.number().int().describe('runs started so far (a worker that died counts)'),
    error: z.string().optional().describe('why the last run failed (a failed job: why it gave up)'),
    result: z
      .object({
        url: z.string().describe('signed link to the file (GET, no token needed); expires at expiresAt'),
        expiresAt: z.string(),
        bytes: z.number().int(),
        rows: z.number().int().describe('reviews exported; cameras compared in a report'),
        contentType: z.string(),
      })
      .optional()
      .describe('once succeeded; each read of the job signs a fresh link'),
    format: z
      .enum(['csv', 'json', 'zip', 'pdf'])
      .describe('the file written: pdf for a report; zip: reviews with their images'),
    filter: FilterSchema.describe("an export's filter, as asked (empty for a report)"),
    cameraIds: z.array(z.string()).optional().describe("a report's cameras, in the order it shows them"),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({
    id: 'Job',
    example: {
      id: '01a22b55-d8c8-77e9-955d-aac8119e932a',
      kind: 'export',
      status: 'succeeded',
      progress: 100,
      attempts: 1,
      result: {
        url: '/v1/files/exports/01a22b55-d8c8-77e9-955d-aac8119e932a.csv?expires=1795000000&signature=k1.abc',
        expiresAt: '2026-11-30T10:12:44.000Z',
        bytes: 20480,
        rows: 42,
        contentType: 'text/csv; charset=utf-8; header=present',
      },
      format: 'csv',
      filter: { brand: 'Fujifilm', minRating: 8 },
      createdAt: '2026-11-30T09:12:44.120Z',
      updatedAt: '2026-11-30T09:12:46.310Z',
    },
  });

type Job = z.output<typeof JobSchema>;

/** The job message as the REST resource (the owner id stays inside: the caller is the owner). */
function presentJob(job: JobsV1.Job__Output): Job {
  const filter = job.filter ?? {};
  return {
    id: job.id,
    kind: job.kind as Job['kind'],
    status: job.status as Job['status'],
    progress: job.progress,
    attempts: job.attempts,
    ...(job.error !== undefined ? { error: job.error } : {}),
    ...(job.result
      ? {
          result: {
            url: job.result.url,
            expiresAt: job.result.expiresAt,
            bytes: job.result.bytes,
            rows: job.result.rows,
            contentType: job.result.contentType,
          },
        }
      : {}),
    format: job.format as Job['format'],
    filter: Object.fromEntries(
      Object.entries({
        cameraId: filter.cameraId,
        brand: filter.brand,
        authorId: filter.authorId,
        minRating: filter.minRating,
        q: filter.q,
        publishedAfter: filter.publishedAfter,
      }).filter(([, value]) => value !== undefined),
    ) as Job['filter'],
    ...(job.kind === 'report' ? { cameraIds: job.cameraIds } : {}),
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
  };
}

/** A job just queued: 202, where to follow it, never cached. */
function queued(request: FastifyRequest, reply: FastifyReply, job: JobsV1.Job__Output) {
  return reply
    .status(202)
    .header('Location', `/v1/jobs/${job.id}`)
    .header('Cache-Control', 'private, no-store')
    .send(envelope(request, presentJob(job)));
}

const ListQuery = z.strictObject({
  // Clamped like every other list's limit (pageQuery), not refused.
  limit: decimalQuery(z.number().int().min(1))
    .transform((n) => Math.min(n, MAX_LIMIT))
    .default(DEFAULT_LIMIT)
    .describe(`newest jobs first, 1–${MAX_LIMIT} (larger values are clamped to ${MAX_LIMIT})`),
});

/** Long tasks: exports of published reviews, run by the jobs service's workers. */
export function jobRoutes(app: RestApp, deps: RouteDeps) {
  const tags = ['jobs'];

  app.post(
    '/v1/exports',
    {
      schema: {
        tags,
        operationId: 'createExport',
        summary: 'Export published reviews',
        description:
          'Editors and admins. Queues a job that writes the published reviews matching `filter` as CSV ' +
          '(RFC 4180, a header row, formula-safe: text cells starting with = + - @ tab or CR get a leading ' +
          "') or JSON (NDJSON: one review object a line). Answers 202 with the queued job and " +
          '`Location: /v1/jobs/{id}`; follow its progress there or on your `user:<id>` push topic ' +
          '(`job.progress`, `job.completed`, `job.failed`). Honours `Idempotency-Key`.',
        security: BEARER,
        body: ExportCreateInputSchema.meta({ example: { format: 'csv', filter: { brand: 'Fujifilm' } } }),
        response: { 202: envelopeOf(JobSchema), ...problems(400, 401, 409, 413, 415, 422, 503) },
      },
    },
    async (request, reply) =>
      queued(
        request,
        reply,
        await deps.upstreams.call('jobs', 'CreateExport', request.body, await authenticated(request, deps)),
      ),
  );

  app.post(
    '/v1/reports',
    {
      schema: {
        tags,
        operationId: 'createReport',
        summary: 'Compare cameras in a PDF report',
        description:
          'Editors and admins. Queues a job that writes a one-page PDF comparing 2–4 cameras: a specs table, ' +
          'the scores of their published reviews (count, average, lowest and highest rating) and a bar ' +
          'chart of the average ratings. Answers 202 with the queued job and `Location: /v1/jobs/{id}`; ' +
          'once succeeded, `result.url` is a signed, expiring link to the PDF. A camera id the system does ' +
          'not know makes the job fail, naming it. Honours `Idempotency-Key`.',
        security: BEARER,
        body: ReportCreateInputSchema.meta({ example: { cameraIds: ['fujifilm-x-t5', 'sony-a7-iv'] } }),
        response: { 202: envelopeOf(JobSchema), ...problems(400, 401, 409, 413, 415, 422, 503) },
      },
    },
    async (request, reply) =>
      queued(
        request,
        reply,
        await deps.upstreams.call('jobs', 'CreateReport', request.body, await authenticated(request, deps)),
      ),
  );

  app.get(
    '/v1/jobs/:id',
    {
      schema: {
        tags,
        operationId: 'getJob',
        summary: 'Get a job',
        description:
          'The owner or an admin; anyone else gets 404. A succeeded job carries `result.url`, a signed link ' +
          'to its file, freshly signed on each read and valid until `result.expiresAt`.',
        security: BEARER,
        params: UuidParams,
        response: { 200: envelopeOf(JobSchema), ...problems(400, 401, 404, 503) },
      },
    },
    async (request, reply) => {
      const meta = await authenticated(request, deps);
      const job = await deps.upstreams.call('jobs', 'GetJob', { id: request.params.id }, meta);
      reply.header('Cache-Control', 'private, no-store');
      return envelope(request, presentJob(job));
    },
  );

  app.get(
    '/v1/jobs',
    {
      schema: {
        tags,
        operationId: 'listJobs',
        summary: 'List my jobs',
        description: "The caller's own jobs, newest first.",
        security: BEARER,
        querystring: ListQuery,
        response: { 200: envelopeOf(z.array(JobSchema)), ...problems(400, 401, 503) },
      },
    },
    async (request, reply) => {
      const meta = await authenticated(request, deps);
      const list = await deps.upstreams.call('jobs', 'ListJobs', { limit: request.query.limit }, meta);
      reply.header('Cache-Control', 'private, no-store');
      return envelope(request, list.items.map(presentJob));
    },
  );
}
