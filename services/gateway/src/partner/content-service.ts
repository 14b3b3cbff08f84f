import * as grpc from '@grpc/grpc-js';
import { CAMERA_LIMITS, SEARCH_TEXT_MAX_LENGTH, type PartnerV1 } from '@rcr/contracts';
import { AppError, errors, type Logger } from '@rcr/platform';
import type { EventStreams, StreamSink } from '../realtime/event-streams.ts';
import type { CallMeta, Upstreams } from '../upstream/clients.ts';
import { callMetaOf, statusOf, unary } from './calls.ts';
import { apiKeyOf, type PartnerKeys } from './credentials.ts';
import { comparisonOf, reviewEventOf, reviewOf, WATCHED_TYPES } from './messages.ts';

/** What the partner ContentService needs from the gateway. */
export interface PartnerContentDeps {
  upstreams: Upstreams;
  keys: PartnerKeys;
  /** The gateway's event streams (as SSE's); absent: WatchReviews is UNAVAILABLE. */
  streams: EventStreams | undefined;
  log: Logger;
  /** How often a WatchReviews stream checks its key again (a revoked key ends it). */
  recheckKeyMs: number;
  /** Open WatchReviews calls, so a stopping server can end them (see server.ts). */
  watching: Set<grpc.ServerWritableStream<unknown, PartnerV1.ReviewEvent>>;
  /** WatchReviews streams one key may have open on this gateway at once (PARTNER_MAX_STREAMS_PER_KEY). */
  maxStreamsPerKey: number;
}

const SLUG = /^[a-z0-9-]{1,120}$/;
const CAMERA_ID = new RegExp(`^[a-z0-9][a-z0-9-]{0,${CAMERA_LIMITS.id.max - 1}}$`);
const POSITION = /^\d{1,15}$/;
const MAX_PAGE_SIZE = 100;

const invalid = (field: string, message: string) =>
  errors.invalid('VALIDATION_FAILED', 'the request is not valid', [{ field, message }]);

function assertSlug(slug: string): string {
  if (!SLUG.test(slug)) throw invalid('slug', 'a review slug: 1–120 of a–z, 0–9 and -');
  return slug;
}

/** The content request of a partner ListContent (validated here where the read model would not). */
function contentRequestOf(request: PartnerV1.ListContentRequest__Output) {
  if (!Number.isInteger(request.pageSize) || request.pageSize < 0 || request.pageSize > MAX_PAGE_SIZE)
    throw invalid('page_size', `from 1 to ${MAX_PAGE_SIZE} (0 means 20)`);
  if (request.pageToken.length > 2000) throw invalid('page_token', 'not a page token of this API');
  if (request.q !== undefined && (request.q.length < 1 || request.q.length > SEARCH_TEXT_MAX_LENGTH))
    throw invalid('q', `1 to ${SEARCH_TEXT_MAX_LENGTH} characters`);
  return {
    page: 1,
    limit: request.pageSize || 20,
    q: request.q,
    cameraId: request.cameraId,
    brand: request.brand,
    authorId: request.authorId,
    minRating: request.minRating,
    publishedAfter: request.publishedAfter,
    sort: request.sort,
    cursor: request.pageToken || undefined,
  };
}

/** One published review by slug, as the partner API shows it. */
async function reviewBySlug(deps: PartnerContentDeps, slug: string, meta: CallMeta) {
  const item = await deps.upstreams.call('content', 'GetContent', { slug: assertSlug(slug) }, meta);
  return reviewOf(item);
}

/** A WatchReviews call as an event-stream sink: review events and resets become messages. */
function watchSink(call: grpc.ServerWritableStream<unknown, PartnerV1.ReviewEvent>): StreamSink {
  let buffered = 0;
  const send = (message: PartnerV1.ReviewEvent, size: number) => {
    buffered += size;
    call.write(message, () => (buffered -= size));
  };
  return {
    event: (streamed) => {
      if (WATCHED_TYPES.has(streamed.event.type)) send(reviewEventOf(streamed), streamed.json.length);
    },
    reset: (reason, position) => send({ position: String(position), reset: { reason } }, 64),
    // HTTP/2 keeps the connection alive (and clients may send keepalive pings): nothing to send.
    keepAlive: () => undefined,
    end: () => void call.end(),
    buffered: () => buffered,
    destroy: () =>
      void call.emit(
        'error',
        Object.assign(new Error('not reading'), {
          code: grpc.status.RESOURCE_EXHAUSTED,
          details: 'the client did not read its stream; resume with `after` = the last position received',
        }),
      ),
    get closed() {
      return call.cancelled || call.writableEnded || call.destroyed;
    },
    onClose: (listener) => {
      call.once('cancelled', listener);
      call.once('close', listener);
    },
  };
}

/** The partner ContentService: each call authenticated by its API key, answered through the services. */
export function partnerContentService(deps: PartnerContentDeps): PartnerV1.ContentServiceHandlers {
  const { upstreams, keys, log } = deps;
  // Open streams per key: each may replay the event log from any position, so one key's streams are
  // bounded (as SSE's are per address) and a partner cannot take the gateway's memory and CPU.
  const streamsOf = new Map<string, number>();
  return {
    ListContent: unary(log, async (request: PartnerV1.ListContentRequest__Output, call, meta) => {
      await keys.authenticate(call.metadata, meta);
      const page = await upstreams.call('content', 'ListContent', contentRequestOf(request), meta);
      return {
        reviews: page.items.map(reviewOf),
        nextPageToken: page.nextCursor,
        totalSize: page.total,
        totalIsEstimate: page.totalIsEstimate,
      };
    }),

    GetReview: unary(log, async (request: PartnerV1.GetReviewRequest__Output, call, meta) => {
      await keys.authenticate(call.metadata, meta);
      return reviewBySlug(deps, request.slug, meta);
    }),

    CompareCameras: unary(log, async (request: PartnerV1.CompareCamerasRequest__Output, call, meta) => {
      await keys.authenticate(call.metadata, meta);
      const result = await upstreams.call(
        'content',
        'CompareCameras',
        { cameraIds: request.cameraIds },
        meta,
      );
      return comparisonOf(result);
    }),

    WatchReviews: (call) => {
      const meta = callMetaOf(call);
      // A stream outlives any deadline the upstream calls could use: only its key checks have one.
      const checkMeta = { ...meta, deadline: undefined };
      const fail = (err: unknown) => {
        if (!call.cancelled && !call.writableEnded) call.emit('error', statusOf(err, log, call, meta));
      };
      const start = async () => {
        const partner = await keys.authenticate(call.metadata, checkMeta);
        const { cameraId, after } = call.request as PartnerV1.WatchReviewsRequest__Output;
        if (cameraId !== undefined && !CAMERA_ID.test(cameraId)) throw invalid('camera_id', 'a camera id');
        if (after !== undefined && !POSITION.test(after))
          throw invalid('after', 'the `position` of an event received (decimal digits)');
        if (!deps.streams) throw errors.unavailable('EVENTS_UNAVAILABLE', 'this gateway streams no events');
        const open = streamsOf.get(partner.keyId) ?? 0;
        if (open >= deps.maxStreamsPerKey) {
          const metadata = new grpc.Metadata();
          metadata.set('x-error-code', 'TOO_MANY_STREAMS');
          metadata.set('x-request-id', meta.requestId);
          call.emit('error', {
            code: grpc.status.RESOURCE_EXHAUSTED,
            details: `this API key has ${deps.maxStreamsPerKey} WatchReviews streams open on this gateway: close one first`,
            metadata,
          });
          return;
        }
        // Headers now, so the client knows the stream is open before the first event.
        call.sendMetadata(new grpc.Metadata());
        const sink = watchSink(call);
        deps.watching.add(call);
        streamsOf.set(partner.keyId, open + 1);
        sink.onClose(() => {
          // Both close events may come: count the stream out once.
          if (!deps.watching.delete(call)) return;
          const left = (streamsOf.get(partner.keyId) ?? 1) - 1;
          if (left > 0) streamsOf.set(partner.keyId, left);
          else streamsOf.delete(partner.keyId);
        });
        // A key revoked while its stream is open ends the stream at the next check.
        const recheck = setInterval(() => {
          keys.verify(apiKeyOf(call.metadata) ?? '', checkMeta).catch((err: unknown) => {
            if (err instanceof AppError && err.kind === 'unauthenticated') fail(err);
          });
        }, deps.recheckKeyMs);
        recheck.unref();
        sink.onClose(() => clearInterval(recheck));
        log.debug({ requestId: meta.requestId, partner: partner.keyId, cameraId, after }, 'WatchReviews');
        await deps.streams.serve(
          sink,
          new Set([cameraId === undefined ? 'feed' : `camera:${cameraId}`]),
          after === undefined ? undefined : Number(after),
        );
      };
      start().catch(fail);
    },

    LookupReviews: (call) => {
      const meta = callMetaOf(call);
      const fail = (err: unknown) => {
        if (!call.cancelled && !call.writableEnded) call.emit('error', statusOf(err, log, call, meta));
      };
      const answer = async (slug: string): Promise<PartnerV1.LookupReviewsResponse> => {
        try {
          return { slug, review: await reviewBySlug(deps, slug, meta) };
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          const { code, details } = statusOf(err, log, call, meta);
          return { slug, error: { code: grpc.status[code], message: details } };
        }
      };
      // Not `for await`: ending its iteration destroys the stream, and the status would never be sent.
      // One request at a time (the stream pauses meanwhile): answers keep the order of the requests.
      let answered = Promise.resolve();
      call.pause();
      keys.authenticate(call.metadata, meta).then((partner) => {
        call.on('data', (request: PartnerV1.LookupReviewsRequest__Output) => {
          call.pause();
          answered = answered
            // Each request counts like a call: past the key's budget the stream ends RESOURCE_EXHAUSTED.
            .then(() => keys.budget?.(partner.keyId))
            .then(() => answer(request.slug))
            .then((response) => {
              if (call.cancelled) return;
              call.write(response);
              call.resume();
            });
          answered.catch(fail);
        });
        // The client is done asking: end once the last answer is out.
        call.on('end', () => {
          answered.then(() => {
            if (!call.cancelled && !call.writableEnded) call.end();
          }, fail);
        });
        call.resume();
      }, fail);
    },
  };
}
