import type { RestApp } from './app-types.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errors } from '@rcr/platform';
import type { Upstreams } from '../upstream/clients.ts';

/** The header writes answer with and reads may send back (M34). */
export const CONSISTENCY_HEADER = 'rcr-consistency-token';

/** A version of one read-model entity that a write produced. */
export interface Watermark {
  kind: 'review' | 'camera';
  id: string;
  version: number;
}

/** Puts a consistency token on a write's answer: the versions the read model must reach. */
export function setConsistencyToken(reply: FastifyReply, watermarks: Watermark[]): void {
  const compact = watermarks.map((w) => [w.kind === 'review' ? 'r' : 'c', w.id, w.version]);
  reply.header('RCR-Consistency-Token', Buffer.from(JSON.stringify(compact)).toString('base64url'));
}

function parseToken(token: string): Watermark[] {
  try {
    const raw = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(raw) && raw.length > 0 && raw.length <= 20) {
      const marks = raw.map((item): Watermark | undefined => {
        if (!Array.isArray(item) || item.length !== 3) return undefined;
        const [k, id, version] = item as unknown[];
        if ((k !== 'r' && k !== 'c') || typeof id !== 'string' || id.length > 100) return undefined;
        if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) return undefined;
        return { kind: k === 'r' ? 'review' : 'camera', id, version };
      });
      if (marks.every((m) => m !== undefined)) return marks as Watermark[];
    }
  } catch {
    // fall through
  }
  throw errors.invalid('VALIDATION_FAILED', 'the consistency token is not valid', [
    { field: 'RCR-Consistency-Token', message: 'use the value a write returned' },
  ]);
}

/** Paths served by the eventually consistent read model. */
export const isReadModelPath = (url: string) =>
  url.startsWith('/v1/content') || url.startsWith('/v1/cameras') || url.startsWith('/v1/comparisons');

/**
 * Read-your-writes: a read of the read model that carries a consistency token first waits (up to
 * `timeoutMs`) until content has applied those versions, so an editor sees their own change at once.
 * The answer says `RCR-Consistency: reached` or `timeout`.
 */
export function installConsistency(app: RestApp, options: { upstreams: Upstreams; timeoutMs: number }) {
  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const token = request.headers[CONSISTENCY_HEADER];
    if (
      typeof token !== 'string' ||
      (request.method !== 'GET' && request.method !== 'HEAD') ||
      !isReadModelPath(request.url)
    )
      return;
    const watermarks = parseToken(token);
    const { reached } = await options.upstreams.call(
      'content',
      'AwaitVersions',
      { watermarks, timeoutMs: options.timeoutMs },
      { requestId: request.id },
    );
    reply.header('RCR-Consistency', reached ? 'reached' : 'timeout');
  });
}
