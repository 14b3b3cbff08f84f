import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppError } from '@rcr/platform';
import { ANY_VERSION } from '@rcr/contracts';
import { errors, httpStatusOf, maxPageNumber } from '@rcr/platform';

/** Base of the problem `type` URIs; each error code gets its own, documented in the README. */
export const PROBLEM_BASE = 'https://rcr.dev/problems/';

/** The success envelope around one resource: `{data, meta: {requestId, timestamp}}`. */
export function envelope<T>(request: FastifyRequest, data: T) {
  return { data, meta: { requestId: request.id, timestamp: new Date().toISOString() } };
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
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  426: 'Upgrade Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Codes of a 401 for a bearer token that was presented but is invalid, expired or revoked. */
const PRESENTED_TOKEN_REFUSED = new Set(['TOKEN_INVALID', 'TOKEN_EXPIRED', 'TOKEN_REVOKED']);

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
  if (status === 401) {
    // RFC 6750 §3: a token that was sent but cannot be used says so; a missing one gets the bare challenge.
    reply.header(
      'WWW-Authenticate',
      PRESENTED_TOKEN_REFUSED.has(code)
        ? `Bearer realm="rcr", error="invalid_token", error_description="${detail.replace(/["\\]/g, '')}"`
        : 'Bearer realm="rcr"',
    );
  }
  return reply.status(status).type('application/problem+json').send(problem);
}

/** Maps an AppError (from the gateway itself or an upstream service) to its HTTP status. */
export function sendAppError(request: FastifyRequest, reply: FastifyReply, err: AppError) {
  const status = httpStatusOf(err.kind);
  const detail = status >= 500 && err.kind === 'internal' ? 'an unexpected error occurred' : err.message;
  return sendProblem(request, reply, status, err.code, detail, err.fields);
}

/**
 * The envelope around a page of a list: items, `meta.page/limit/total/totalPages` (`totalIsEstimate` when
 * the total is a bounded count), navigation links. Page links stop at the deepest page number answered
 * (MAX_PAGE_DEPTH); beyond it lists go on by cursor.
 */
export function listEnvelope<T>(
  request: FastifyRequest,
  items: T[],
  page: number,
  limit: number,
  total: number,
  /** For lists with cursors: the next page's cursor ('' on the last page); `links.next` then uses it. */
  nextCursor?: string,
  /** The total is a bounded count: at least that many (search); `meta.totalIsEstimate` says so. */
  totalIsEstimate?: boolean,
) {
  const totalPages = Math.max(1, Math.ceil(total / limit));
  const lastPage = Math.min(totalPages, maxPageNumber(limit));
  // The request's URL is parsed once; each link edits a copy of its query.
  const { pathname, searchParams } = new URL(request.url, 'http://x');
  const usingCursor = searchParams.has('cursor');
  const link = (changes: Record<string, string | undefined>) => {
    const params = new URLSearchParams(searchParams);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) params.delete(key);
      else params.set(key, value);
    }
    params.set('limit', String(limit));
    return `${pathname}?${params.toString()}`;
  };
  const atPage = (p: number) => link({ page: String(p), cursor: undefined });
  // Lists with cursors link to the next page by cursor (stable under inserts), others by page number.
  const next =
    nextCursor !== undefined
      ? nextCursor
        ? link({ cursor: nextCursor, page: undefined })
        : null
      : page < lastPage
        ? atPage(page + 1)
        : null;
  return {
    data: items,
    meta: {
      requestId: request.id,
      timestamp: new Date().toISOString(),
      page,
      limit,
      total,
      totalPages,
      ...(totalIsEstimate ? { totalIsEstimate: true } : {}),
      ...(nextCursor !== undefined ? { nextCursor: nextCursor || null } : {}),
    },
    links: {
      self: usingCursor ? link({}) : atPage(page),
      first: atPage(1),
      last: atPage(lastPage),
      prev: !usingCursor && page > 1 ? atPage(Math.min(page - 1, lastPage)) : null,
      next,
    },
  };
}

/** Most entity tags an `If-Match` list may name (each is one conditional write tried upstream). */
const MAX_IF_MATCH_TAGS = 8;

/** One entity tag of an `If-Match` list: optional `W/`, then a quoted opaque tag (RFC 9110 §8.8.3). */
const ENTITY_TAG = /\s*(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"\s*(?:,|$)/y;

/**
 * Parses `If-Match` into the versions it names, newest first: `"v3"` (a version ETag, JSON or XML form)
 * or a list of entity tags (`"v3", "v4"`), `*` into [ANY_VERSION] (the resource must exist); undefined
 * when absent. A weak tag (`W/"v3"`) never matches (If-Match compares strongly), nor does a tag this API
 * never sends: when no tag of the list can match, the precondition fails at once.
 */
function ifMatchVersions(request: FastifyRequest): number[] | undefined {
  const header = request.headers['if-match'];
  if (header === undefined) return undefined;
  const text = String(header).trim();
  if (text === '*') return [ANY_VERSION];
  const versions = new Set<number>();
  let tags = 0;
  for (ENTITY_TAG.lastIndex = 0; ENTITY_TAG.lastIndex < text.length; tags++) {
    const tag = ENTITY_TAG.exec(text);
    // Not a list of entity tags: nothing in it can match.
    if (!tag) return preconditionFailed();
    const ours = /^v(\d{1,9})(?:\.[\w.]+)?(?:-x)?$/.exec(tag[2] as string);
    // Versions start at 1: "v0" names none (0 is what `*` stands for internally, never a tag).
    if (!tag[1] && ours && Number(ours[1]) >= 1) versions.add(Number(ours[1]));
  }
  if (tags > MAX_IF_MATCH_TAGS)
    throw errors.invalid('IF_MATCH_TOO_LONG', `If-Match may name at most ${MAX_IF_MATCH_TAGS} entity tags`);
  if (versions.size === 0) return preconditionFailed();
  return [...versions].sort((a, b) => b - a);
}

function preconditionFailed(): never {
  throw errors.preconditionFailed(
    'VERSION_MISMATCH',
    'If-Match must name a strong ETag of this resource, like "v3"',
  );
}

/**
 * Runs a conditional write with the version `If-Match` names (undefined: unconditional). For a list of
 * entity tags the write is tried with each version, newest first, until one is the current one: the
 * service checks each atomically, so the write happens at most once, and only on a version listed; if
 * none is current the last 412 is the answer. Any other error ends the tries at once.
 */
export async function withIfMatch<T>(
  request: FastifyRequest,
  write: (expectedVersion: number | undefined) => Promise<T>,
): Promise<T> {
  const versions = ifMatchVersions(request);
  if (!versions) return write(undefined);
  for (let i = 0; ; i++) {
    try {
      return await write(versions[i]);
    } catch (err) {
      const stale = (err as Partial<AppError>).code === 'VERSION_MISMATCH';
      if (!stale || i === versions.length - 1) throw err;
    }
  }
}
