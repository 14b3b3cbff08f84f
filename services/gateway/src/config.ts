import { commonConfigShape, grpcTlsShape } from '@rcr/platform';
import { z } from 'zod';

const address = z.string().regex(/^[\w.-]+:\d+$/, 'host:port');

/** Config of a gateway process. Every key is listed in the README configuration table. */
export const gatewayConfigSchema = z.object({
  RCR_NAMESPACE: commonConfigShape.RCR_NAMESPACE,
  LOG_LEVEL: commonConfigShape.LOG_LEVEL,
  NATS_URL: commonConfigShape.NATS_URL,
  RCR_BUS_RETRY_SCHEDULE: commonConfigShape.RCR_BUS_RETRY_SCHEDULE,
  RCR_BUS_PAUSE_PROBE_MAX: commonConfigShape.RCR_BUS_PAUSE_PROBE_MAX,
  RCR_BUS_MAX_IN_FLIGHT: commonConfigShape.RCR_BUS_MAX_IN_FLIGHT,
  RCR_BUS_ACK_WAIT: commonConfigShape.RCR_BUS_ACK_WAIT,
  RCR_BUS_RETENTION: commonConfigShape.RCR_BUS_RETENTION,
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  IDENTITY_GRPC_URL: address.default('127.0.0.1:50051'),
  REVIEWS_GRPC_URL: address.default('127.0.0.1:50052'),
  CONTENT_GRPC_URL: address.default('127.0.0.1:50053'),
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
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(3000),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024)
    .default(1024 * 1024),
  /** Comma-separated origins allowed by CORS and for WebSocket upgrades; `*` allows any. */
  CORS_ORIGINS: z.string().default('*'),
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  RATE_LIMIT_EDITOR_PER_MINUTE: z.coerce.number().int().min(1).default(3000),
  RATE_LIMIT_LOGIN_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  /** How long an Idempotency-Key's first response is kept for replays. */
  IDEMPOTENCY_TTL_HOURS: z.coerce
    .number()
    .min(1)
    .max(24 * 30)
    .default(24),
});
export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
