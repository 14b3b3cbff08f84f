import type * as grpc from '@grpc/grpc-js';
import {
  protos,
  type ContentV1,
  type IdentityV1,
  type JobsV1,
  type MediaV1,
  type ReviewsV1,
  type WebhooksV1,
} from '@rcr/contracts';
import {
  AppError,
  bindToActiveContext,
  callClientStream,
  callServerStream,
  callUnary,
  channelCredentials,
  checkHealth,
  signCallsOf,
  type Actor,
  type GrpcTls,
  type IdempotencyKey,
  type InternalTokenSigner,
} from '@rcr/platform';
import {
  DEFAULT_RESILIENCE,
  isIdempotentCall,
  UpstreamGuard,
  type BreakerState,
  type ResilienceOptions,
} from './policies.ts';

/** Addresses of the services the gateway calls. */
export interface UpstreamAddresses {
  identity: string;
  reviews: string;
  content: string;
  jobs: string;
  webhooks: string;
  media: string;
}

/** The name of an upstream service. */
export type UpstreamName = keyof UpstreamAddresses;

/** Told when an upstream's circuit breaker changes state (e.g. to feed a metrics gauge). */
export type BreakerListener = (upstream: UpstreamName, state: BreakerState) => void;

/** Per-request call context the gateway forwards upstream. */
export interface CallMeta {
  actor?: Actor | undefined;
  /** The request's Idempotency-Key, for the services that record it with their writes. */
  idempotency?: IdempotencyKey | undefined;
  requestId: string;
  traceparent?: string | undefined;
  /**
   * The caller's own deadline (a gRPC client's): the upstream call gets what remains of it when that is
   * less than the gateway's own bound, and fails at once when nothing remains.
   */
  deadline?: Date | undefined;
}

type Methods<C> = {
  [K in keyof C as K extends `${Capitalize<string & K>}` ? K : never]: C[K];
};

/**
 * Typed, promise-returning gRPC clients for every upstream. Each call has a deadline and goes through its
 * upstream's guard (policies.ts, ADR 0026): bulkhead, retry for idempotent calls, circuit breaker.
 */
export class Upstreams {
  readonly identity: IdentityV1.IdentityServiceClient;
  readonly reviews: ReviewsV1.ReviewsServiceClient;
  readonly content: ContentV1.ContentServiceClient;
  readonly jobs: JobsV1.JobsServiceClient;
  readonly webhooks: WebhooksV1.WebhooksServiceClient;
  readonly media: MediaV1.MediaServiceClient;
  readonly #guards: Record<UpstreamName, UpstreamGuard>;
  readonly #listeners = new Set<BreakerListener>();

  /**
   * Every call carries an internal token signed by `signer` (services refuse calls without one); with
   * `tls`, the channels use TLS (mTLS when it holds a client certificate).
   */
  constructor(
    readonly addresses: UpstreamAddresses,
    private readonly timeoutMs: number,
    signer: InternalTokenSigner,
    private readonly tls?: GrpcTls | undefined,
    resilience: ResilienceOptions = DEFAULT_RESILIENCE,
  ) {
    const guard = (name: UpstreamName) =>
      new UpstreamGuard(name, resilience, (state) => {
        for (const listener of this.#listeners) listener(name, state);
      });
    this.#guards = {
      identity: guard('identity'),
      reviews: guard('reviews'),
      content: guard('content'),
      jobs: guard('jobs'),
      webhooks: guard('webhooks'),
      media: guard('media'),
    };
    const credentials = channelCredentials(tls);
    const options = {
      'grpc.keepalive_time_ms': 30_000,
      'grpc.initial_reconnect_backoff_ms': 200,
      'grpc.max_reconnect_backoff_ms': 2000,
    };
    this.identity = signCallsOf(
      new protos.identity.IdentityService(addresses.identity, credentials, options),
      signer,
    );
    this.reviews = signCallsOf(
      new protos.reviews.ReviewsService(addresses.reviews, credentials, options),
      signer,
    );
    this.content = signCallsOf(
      new protos.content.ContentService(addresses.content, credentials, options),
      signer,
    );
    this.jobs = signCallsOf(new protos.jobs.JobsService(addresses.jobs, credentials, options), signer);
    this.webhooks = signCallsOf(
      new protos.webhooks.WebhooksService(addresses.webhooks, credentials, options),
      signer,
    );
    this.media = signCallsOf(new protos.media.MediaService(addresses.media, credentials, options), signer);
  }

  /** Calls `service.method(request)` with the caller's identity, request id and deadline. */
  call<
    S extends 'identity' | 'reviews' | 'content' | 'jobs' | 'webhooks' | 'media',
    M extends keyof Methods<Upstreams[S]>,
  >(
    service: S,
    method: M,
    request: Parameters<Extract<Upstreams[S][M], (...args: never[]) => unknown>>[0],
    meta: CallMeta,
  ): Promise<UnaryResponse<Upstreams[S][M]>> {
    const client = this[service] as unknown as grpc.Client & Record<string, unknown>;
    const fn = client[method as string] as Parameters<typeof callUnary>[1];
    const budgetMs = upstreamTimeout(this.timeoutMs, meta.deadline);
    if (budgetMs <= 0) {
      return Promise.reject(
        new AppError('timeout', 'DEADLINE_EXCEEDED', 'the deadline passed before the back-end call'),
      );
    }
    return this.#guards[service].run(
      // Bound to the request's trace: a call the bulkhead queued starts from another call's continuation.
      bindToActiveContext(
        (timeoutMs: number) =>
          callUnary(client, fn, request, { ...meta, timeoutMs }) as Promise<UnaryResponse<Upstreams[S][M]>>,
      ),
      {
        ms: budgetMs,
        idempotent: isIdempotentCall(method as string, meta.idempotency !== undefined),
        deadlineWasOwn: budgetMs >= this.timeoutMs,
      },
    );
  }

  /** Each upstream's circuit breaker state (for `/readyz` and metrics). */
  breakerStates(): Record<UpstreamName, BreakerState> {
    const states = {} as Record<UpstreamName, BreakerState>;
    for (const name of Object.keys(this.#guards) as UpstreamName[]) states[name] = this.#guards[name].state;
    return states;
  }

  /** Calls `listener` on every breaker state change; returns how to stop. */
  onBreakerChange(listener: BreakerListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Reads a file of the bucket through the service that serves it (`ReadFile`, server streaming): its
   * description first, then its bytes, passed on as they come. The deadline bounds the whole transfer.
   */
  readFile(
    service: 'jobs' | 'media',
    request: JobsV1.FileRequest,
    meta: CallMeta,
    timeoutMs: number,
  ): AsyncGenerator<JobsV1.FileChunk__Output> {
    // A stream is not retried or counted (it may have sent bytes), but an open circuit fails it at once.
    this.#guards[service].checkOpen();
    const client = this[service];
    return callServerStream(client, client.ReadFile.bind(client), request, { ...meta, timeoutMs });
  }

  /**
   * Uploads an image to the media service (`UploadImage`, client streaming): the messages are sent as
   * they come; the service's answer (or its refusal, which may come before everything was sent) ends
   * the call. The deadline bounds the whole transfer. Not retried (the body is consumed as it goes).
   */
  uploadImage(
    messages: AsyncIterable<MediaV1.UploadChunk>,
    meta: CallMeta,
    timeoutMs: number,
  ): Promise<MediaV1.Image__Output> {
    this.#guards.media.checkOpen();
    return callClientStream(this.media, this.media.UploadImage.bind(this.media), messages, {
      ...meta,
      timeoutMs,
    });
  }

  /** Whether every upstream reports SERVING on grpc.health.v1 (a probe, outside the breakers). */
  async health(): Promise<Record<UpstreamName, boolean>> {
    const [identity, reviews, content, jobs, webhooks, media] = await Promise.all([
      checkHealth(this.addresses.identity, 1000, this.tls),
      checkHealth(this.addresses.reviews, 1000, this.tls),
      checkHealth(this.addresses.content, 1000, this.tls),
      checkHealth(this.addresses.jobs, 1000, this.tls),
      checkHealth(this.addresses.webhooks, 1000, this.tls),
      checkHealth(this.addresses.media, 1000, this.tls),
    ]);
    return { identity, reviews, content, jobs, webhooks, media };
  }

  close(): void {
    this.identity.close();
    this.reviews.close();
    this.content.close();
    this.jobs.close();
    this.webhooks.close();
    this.media.close();
  }
}

/** An upstream call's timeout: the gateway's own bound, or what remains of the caller's deadline if less. */
export function upstreamTimeout(ownMs: number, deadline: Date | undefined, now = Date.now()): number {
  return deadline ? Math.min(ownMs, deadline.getTime() - now) : ownMs;
}

/**
 * The response message type of a generated unary client method. Inference on an overloaded method sees
 * its last overload, `(argument, callback)`, whose callback carries the response type.
 */
type UnaryResponse<F> = F extends (argument: never, callback: grpc.requestCallback<infer R>) => unknown
  ? R
  : never;
