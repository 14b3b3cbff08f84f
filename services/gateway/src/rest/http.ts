import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppError } from '@rcr/platform';
import { errors, httpStatusOf } from '@rcr/platform';
import { z } from 'zod';

/** Base of the problem `type` URIs; each error code gets its own, documented in the README. */
export const PROBLEM_BASE = 'https://rcr.dev/problems/';

/** The success envelope every JSON answer uses. */
export function envelope(
  request: FastifyRequest,
  data: unknown,
  extra: { meta?: object; links?: object } = {},
) {
  return {
    data,
    meta: { requestId: request.id, timestamp: new Date().toISOString(), ...extra.meta },
    ...(extra.links ? { links: extra.links } : {}),
  };
}

/** An RFC 9457 problem document. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  requestId: string;
  code: string;
  errors?: { field: string; message: string }[];
}

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Sends a problem+json answer. The one place that shapes error bodies. */
export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  detail: string,
  fieldErrors: { field: string; message: string }[] = [],
) {
  const problem: Problem = {
    type: `${PROBLEM_BASE}${code.toLowerCase().replace(/_/g, '-')}`,
    title: titles[status] ?? 'Error',
    status,
    detail,
    instance: request.url.split('?')[0] ?? request.url,
    requestId: request.id,
    code,
    ...(fieldErrors.length > 0 ? { errors: fieldErrors } : {}),
  };
  if (status === 401) reply.header('WWW-Authenticate', 'Bearer realm="rcr"');
  return reply.status(status).type('application/problem+json').send(problem);
}

/** Maps an AppError (from the gateway itself or an upstream service) to its HTTP status. */
export function sendAppError(request: FastifyRequest, reply: FastifyReply, err: AppError) {
  const status = httpStatusOf(err.kind);
  const detail = status >= 500 && err.kind === 'internal' ? 'an unexpected error occurred' : err.message;
  return sendProblem(request, reply, status, err.code, detail, err.fields);
}

/** Parses input with a zod schema; failures become 400 VALIDATION_FAILED with one entry per field. */
export function parse<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: 'body' | 'query' | 'params',
): z.infer<S> {
  const result = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join('.') : where,
    message:
      issue.code === 'unrecognized_keys'
        ? `unknown field(s): ${issue.keys.join(', ')}`
        : issue.code === 'invalid_type' && issue.input === undefined
          ? 'is required'
          : issue.message,
  }));
  throw errors.invalid('VALIDATION_FAILED', `the request ${where} is invalid`, fields);
}

/** page/limit query parameters shared by every list (limit clamps to 100). */
export const pageQuery = {
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .transform((n) => Math.min(n, 100))
    .default(20),
};

/** List metadata and navigation links for a page of `total` items. */
export function listExtras(request: FastifyRequest, page: number, limit: number, total: number) {
  const totalPages = Math.max(1, Math.ceil(total / limit));
  const url = new URL(request.url, 'http://x');
  const link = (p: number) => {
    url.searchParams.set('page', String(p));
    url.searchParams.set('limit', String(limit));
    return `${url.pathname}?${url.searchParams.toString()}`;
  };
  return {
    meta: { page, limit, total, totalPages },
    links: {
      self: link(page),
      first: link(1),
      last: link(totalPages),
      prev: page > 1 ? link(Math.min(page - 1, totalPages)) : null,
      next: page < totalPages ? link(page + 1) : null,
    },
  };
}

/** Parses `If-Match: "v3"` (or `W/"v3"`) into the version number; undefined when absent. */
export function ifMatchVersion(request: FastifyRequest): number | undefined {
  const header = request.headers['if-match'];
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"v(\d{1,9})"$/.exec(String(header).trim());
  if (!match)
    throw errors.preconditionFailed(
      'VERSION_MISMATCH',
      'If-Match must be an ETag of this resource, like "v3"',
    );
  return Number(match[1]);
}

/** The ETag of a versioned resource. */
export function etagOf(version: number): string {
  return `"v${version}"`;
}

/** Answers 304 when the client already has this version; returns true when it did. */
export function notModified(request: FastifyRequest, reply: FastifyReply, etag: string): boolean {
  reply.header('ETag', etag);
  const header = request.headers['if-none-match'];
  if (
    header &&
    String(header)
      .split(',')
      .some((t) => t.trim() === etag || t.trim() === `W/${etag}` || t.trim() === '*')
  ) {
    reply.status(304).send();
    return true;
  }
  return false;
}
