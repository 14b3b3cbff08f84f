import {
  commonConfigShape,
  grpcTlsShape,
  metricsConfigShape,
  tracingConfigShape,
  uploadLimitShape,
} from '@rcr/platform';
import { z } from 'zod';
import { compileTrustedProxies } from './client-address.ts';

const address = z.string().regex(/^[\w.-]+:\d+$/, 'host:port');

/** The keys of a gateway's config, each on its own. */
const gatewayConfigFields = z.object({
  RCR_NAMESPACE: commonConfigShape.RCR_NAMESPACE,
  LOG_LEVEL: commonConfigShape.LOG_LEVEL,
  NATS_URL: commonConfigShape.NATS_URL,
  RCR_BUS_RETRY_SCHEDULE: commonConfigShape.RCR_BUS_RETRY_SCHEDULE,
  RCR_BUS_PAUSE_PROBE_MAX: commonConfigShape.RCR_BUS_PAUSE_PROBE_MAX,
  RCR_BUS_MAX_IN_FLIGHT: commonConfigShape.RCR_BUS_MAX_IN_FLIGHT,
  RCR_BUS_ACK_WAIT: commonConfigShape.RCR_BUS_ACK_WAIT,
  RCR_BUS_RETENTION: commonConfigShape.RCR_BUS_RETENTION,
  RCR_BUS_MEMORY_RETAINED: commonConfigShape.RCR_BUS_MEMORY_RETAINED,
  ...metricsConfigShape,
  ...tracingConfigShape,
  /**
   * The gateway's operations routes are public (API.md), `GET /metrics` included: this gateway's own
   * metrics on the API port. A deployment that scrapes METRICS_PORT turns it off (deploy/ does).
   */
  METRICS_PUBLIC: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  IDENTITY_GRPC_URL: address.default('127.0.0.1:50051'),
  REVIEWS_GRPC_URL: address.default('127.0.0.1:50052'),
  CONTENT_GRPC_URL: address.default('127.0.0.1:50053'),
  /** The jobs service (exports, and the files under exports/: ADR 0024). */
  JOBS_GRPC_URL: address.default('127.0.0.1:50054'),
  WEBHOOKS_GRPC_URL: address.default('127.0.0.1:50055'),
  /** The media service (review images, and the files under images/: ADR 0029). */
  MEDIA_GRPC_URL: address.default('127.0.0.1:50056'),
  ...uploadLimitShape,
  /** Redis for Socket.IO fan-out across gateway replicas; absent means a single gateway (embedded). */
  REDIS_URL: z.string().optional(),
  /** The Ed25519 seed (base64url) that signs the internal token of every call to a service. */
  RCR_INTERNAL_SIGNING_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/, 'a base64url Ed25519 seed (43 characters); npm run rcr -- keys internal')
    .optional(),
  /**
   * HMAC keys (base64url, ≥ 32 bytes, comma-separated; the first signs) of read-your-writes tokens; every
   * gateway of one system needs the same ones. Required: a gateway without it refuses to start.
   */
  RCR_CONSISTENCY_KEY: z
    .string()
    .regex(
      /^[A-Za-z0-9_-]{43,}(,[A-Za-z0-9_-]{43,})*$/,
      'base64url keys of at least 32 bytes (43+ characters), comma-separated; npm run rcr -- keys consistency',
    )
    .optional(),
  ...grpcTlsShape,
  /** How long one Redis command may wait for its reply; past it Redis counts as away (fail open or 503). */
  REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(50).max(10_000).default(500),
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(3000),
  /** Attempts of an idempotent upstream call (a read, or a write its service deduplicates) on UNAVAILABLE. */
  UPSTREAM_RETRY_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  /** First retry's mean delay (exponential backoff with jitter, within the call's deadline). */
  UPSTREAM_RETRY_BASE_MS: z.coerce.number().int().min(1).max(10_000).default(50),
  /** Consecutive failed calls (UNAVAILABLE or deadline) to one upstream that open its circuit breaker. */
  UPSTREAM_BREAKER_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  /** How long an open breaker fails calls at once before one trial call (half-open) may close it. */
  UPSTREAM_BREAKER_HALF_OPEN_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  /** Bulkhead: calls to one upstream in flight at once… */
  UPSTREAM_MAX_CONCURRENT: z.coerce.number().int().min(1).max(100_000).default(256),
  /** …and calls waiting for a slot; past both, a call fails at once with 503 UPSTREAM_BUSY. */
  UPSTREAM_MAX_QUEUED: z.coerce.number().int().min(0).max(100_000).default(1024),
  /** Bytes of last good public answers kept to serve, marked stale, while content cannot answer. */
  CACHE_STALE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 * 1024 * 1024 * 1024)
    .default(16 * 1024 * 1024),
  /** How old a last good answer may be and still be served stale. */
  CACHE_STALE_MAX_AGE_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 3_600_000)
    .default(3_600_000),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024)
    .default(1024 * 1024),
  /** Comma-separated origins allowed by CORS and for WebSocket upgrades; `*` allows any. */
  CORS_ORIGINS: z.string().default('*'),
  /**
   * Load balancers whose `X-Forwarded-For` names the client (comma-separated IP addresses or CIDR ranges,
   * or `loopback`, `linklocal`, `uniquelocal`); from any other peer the header is ignored. Empty: none.
   */
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((text) =>
      text
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean),
    )
    .superRefine((entries, ctx) => {
      try {
        compileTrustedProxies(entries);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `IP addresses or CIDR ranges: ${(err as Error).message}` });
      }
    }),
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  RATE_LIMIT_EDITOR_PER_MINUTE: z.coerce.number().int().min(1).default(3000),
  RATE_LIMIT_LOGIN_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  /** Login attempts per minute for one account (normalised email), from any number of addresses. */
  RATE_LIMIT_LOGIN_PER_ACCOUNT_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  /**
   * Days an address an account logged in from, or a login device token (`RCR-Login-Device`), keeps a
   * per-account login budget of its own (so failed attempts from elsewhere cannot lock the owner out);
   * 0: every attempt shares the account's.
   */
  RATE_LIMIT_LOGIN_KNOWN_ADDRESS_DAYS: z.coerce.number().int().min(0).max(365).default(30),
  /** How often a gateway pushes its rate-limit counts to Redis and reads back the shared totals. */
  RATE_LIMIT_SYNC_INTERVAL_MS: z.coerce.number().int().min(20).max(5000).default(200),
  /** Bytes of public answers each gateway keeps in its own memory, in front of the shared cache. */
  CACHE_LOCAL_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 * 1024 * 1024 * 1024)
    .default(32 * 1024 * 1024),
  /** How long a gateway that cannot reach Redis keeps serving its local cache (invalidations are unseen). */
  CACHE_LOCAL_UNCONFIRMED_MAX_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
  /** Time a client has to send the request headers; slower clients get 408 and are disconnected. */
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(10_000),
  /** Time a client has to send the whole request (headers and body). */
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /** How long an idle keep-alive connection stays open; above load balancers' idle timeout (often 60 s). */
  HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(72_000),
  /** Open push connections (SSE streams, WebSockets, Socket.IO) one client address may hold per gateway. */
  PUSH_MAX_CONNECTIONS_PER_CLIENT: z.coerce.number().int().min(1).max(100_000).default(100),
  /**
   * Messages per second one push connection may send (Socket.IO events, plain WebSocket messages,
   * graphql-ws subscribes), in bursts of five seconds' worth: past it a message is refused, and a client
   * that sends as much again without pausing is disconnected.
   */
  PUSH_MAX_MESSAGES_PER_SECOND: z.coerce.number().int().min(1).max(10_000).default(20),
  /** Rooms one Socket.IO connection may join. */
  SOCKET_MAX_ROOMS: z.coerce.number().int().min(1).max(10_000).default(50),
  /** Recent streamed events each gateway keeps in memory for SSE clients that resume (older: read from the bus). */
  SSE_RECENT_EVENTS: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  /** How often every SSE stream gets a `: keep-alive` comment. */
  SSE_HEARTBEAT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
  /** Unsent bytes after which an SSE client that does not read is disconnected. */
  SSE_MAX_BUFFERED_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(256 * 1024 * 1024)
    .default(1024 * 1024),
  /** Largest Socket.IO message (or polling request body) a client may send, in bytes. */
  SOCKET_MAX_PAYLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(10 * 1024 * 1024)
    .default(16 * 1024),
  /** Deployment kind; `production` turns GraphQL introspection off unless GRAPHQL_INTROSPECTION says otherwise. */
  NODE_ENV: z.string().optional(),
  /** GraphQL `__schema`/`__type`: `auto` = allowed unless NODE_ENV=production. */
  GRAPHQL_INTROSPECTION: z.enum(['true', 'false', 'auto']).default('auto'),
  /** Deepest GraphQL selection (fields within fields); deeper operations are refused before they run. */
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(2).max(100).default(10),
  /** Highest GraphQL operation cost (objects 2, scalars 1, ×1.5 per level, lists × their page size as run). */
  GRAPHQL_MAX_COST: z.coerce.number().int().min(10).max(1_000_000).default(5000),
  /** Most aliases in one GraphQL operation (each runs its field again); more are refused before they run. */
  GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(0).max(1000).default(15),
  /** Operations (subscriptions included) one graphql-ws socket may have open at once; more are refused. */
  GRAPHQL_MAX_OPERATIONS_PER_SOCKET: z.coerce.number().int().min(1).max(10_000).default(100),
  /** Largest GraphQL query document in bytes (GET or POST; a larger one is 413). */
  GRAPHQL_MAX_QUERY_BYTES: z.coerce
    .number()
    .int()
    .min(256)
    .max(1024 * 1024)
    .default(16 * 1024),
  /** Port of the partner gRPC API (partner.proto); 0 picks a free one. */
  PARTNER_GRPC_PORT: z.coerce.number().int().min(0).max(65535).default(50060),
  /** WatchReviews streams one partner key may have open on one gateway at once; more are RESOURCE_EXHAUSTED. */
  PARTNER_MAX_STREAMS_PER_KEY: z.coerce.number().int().min(1).max(10_000).default(20),
  /** Partner API calls per key and clock minute (unary calls, streams opened, LookupReviews requests). */
  PARTNER_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  /** How long a gateway trusts its last answer about a partner API key: a revoked key works at most this long. */
  PARTNER_KEY_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(2000),
  /**
   * Load shedding: answer 503 at once while the mean event-loop delay exceeds this (ms; 0 = never). Off
   * unless set: a process starved of CPU by its neighbours (embedded mode's own services, a crowded
   * test machine) shows the same delay; deployments set it (deploy/).
   */
  SHED_MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  /** Load shedding: answer 503 at once while resident memory exceeds this (bytes; 0 = never). */
  SHED_MAX_RSS_BYTES: z.coerce.number().int().min(0).default(0),
  /** How long an Idempotency-Key's first response is kept for replays. */
  IDEMPOTENCY_TTL_HOURS: z.coerce
    .number()
    .min(1)
    .max(24 * 30)
    .default(24),
});

/** Config of a gateway process. Every key is listed in the README configuration table. */
export const gatewayConfigSchema = gatewayConfigFields
  .refine((c) => c.HTTP_HEADERS_TIMEOUT_MS <= c.HTTP_REQUEST_TIMEOUT_MS, {
    message: 'must not exceed HTTP_REQUEST_TIMEOUT_MS',
    path: ['HTTP_HEADERS_TIMEOUT_MS'],
  })
  // Metrics describe the internals: they have a port of their own, never the public API's.
  .refine((c) => c.METRICS_PORT === undefined || c.METRICS_PORT === 0 || c.METRICS_PORT !== c.PORT, {
    message: 'must differ from PORT: metrics are not served on the public API port',
    path: ['METRICS_PORT'],
  });
export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
