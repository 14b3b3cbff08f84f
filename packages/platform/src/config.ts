import { z } from 'zod';
import { durationListSchema, durationSchema } from './durations.ts';
import { faultsSchema } from './faults.ts';
import { metricsConfigShape } from './metrics.ts';
import { tracingConfigShape } from './tracing.ts';

/** Thrown at start-up when the environment does not satisfy a process's config schema. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment with one zod schema, once, at start-up. The result is typed and frozen; a bad
 * value stops the process with a message naming every offending variable.
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): Readonly<z.infer<S>> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`,
    );
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return Object.freeze(parsed.data);
}

const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/**
 * Settings every service process shares. Each key is documented in the README configuration table.
 * - `RCR_NAMESPACE`: prefix of every NATS stream/subject/consumer and Redis key.
 * - `DATABASE_URL`: PostgreSQL connection string; when absent the service uses PGlite under `RCR_DATA_DIR`.
 * - `DATABASE_POOL_MAX`: PostgreSQL sessions one service process opens at most (per server: the primary,
 *   and content's read replica); every process's count must fit the server's `max_connections`.
 * - `NATS_URL`: NATS server; when absent the in-process bus is used (embedded mode only).
 */
export const commonConfigShape = {
  RCR_NAMESPACE: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,30}$/, 'lowercase letters, digits, - and _; starts with a letter')
    .default('rcr'),
  LOG_LEVEL: logLevel.default('info'),
  DATABASE_URL: z.url().optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  RCR_DATA_DIR: z.string().default('./data'),
  NATS_URL: z.string().optional(),
  /** Waits between retries of an event whose handler fails for a reason other than an outage; then dead letter. */
  RCR_BUS_RETRY_SCHEDULE: durationListSchema('1s,5s,30s,2m,10m'),
  /** Longest wait between two probes of a consumer paused because its database or upstream is down. */
  RCR_BUS_PAUSE_PROBE_MAX: durationSchema('5s'),
  /** Events of different aggregates one consumer handles at once (and a group's unacknowledged limit). */
  RCR_BUS_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(10_000).default(64),
  /** How long NATS waits for a sign of life from a member holding an event before redelivering it. */
  RCR_BUS_ACK_WAIT: durationSchema('2s'),
  /** How long the event stream keeps events (NATS); inboxes are kept longer (RCR_INBOX_RETENTION). */
  RCR_BUS_RETENTION: durationSchema('7d'),
  /** In-process bus (embedded mode): recent events kept after every group handled them, for resumable push. */
  RCR_BUS_MEMORY_RETAINED: z.coerce.number().int().min(1).max(1_000_000).default(1000),
  /** Published outbox rows are deleted after this. */
  RCR_OUTBOX_RETENTION: durationSchema('7d'),
  /** Inbox and applied-events rows are deleted after this; must be longer than RCR_BUS_RETENTION. */
  RCR_INBOX_RETENTION: durationSchema('14d'),
  /** Test-only fault injection (see faults.ts). */
  RCR_FAULTS: faultsSchema,
  ...metricsConfigShape,
  ...tracingConfigShape,
};

const keyList = z
  .string()
  .default('')
  .transform((text) =>
    text
      .split(',')
      .map((key) => key.trim())
      .filter(Boolean),
  )
  .refine((keys) => keys.every((key) => /^[A-Za-z0-9_-]{43}$/.test(key)), {
    message: 'base64url Ed25519 public keys (43 characters each), comma-separated',
  });

/** PEM files of gRPC TLS (see GrpcTls): server and client read the same three variables. */
export const grpcTlsShape = {
  GRPC_TLS_CA: z.string().optional(),
  GRPC_TLS_CERT: z.string().optional(),
  GRPC_TLS_KEY: z.string().optional(),
};

/** Settings of every back-end service process (identity, reviews, content, …). */
export const serviceConfigShape = {
  ...commonConfigShape,
  GRPC_HOST: z.string().default('127.0.0.1'),
  GRPC_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** How often a service checks that its database answers (its gRPC health follows it). */
  RCR_HEALTH_INTERVAL: durationSchema('1s'),
  /** The gateway's public keys (base64url, comma-separated): calls must carry a token signed by one. */
  RCR_INTERNAL_PUBLIC_KEYS: keyList,
  ...grpcTlsShape,
};

/** A service's config schema: the shared settings plus its own, with the rules that span several keys. */
export function serviceConfigSchemaWith<S extends z.ZodRawShape>(own: S) {
  return z.object({ ...serviceConfigShape, ...own }).refine(
    (config) => {
      const { RCR_INBOX_RETENTION, RCR_BUS_RETENTION } = config as { [key: string]: unknown };
      return (RCR_INBOX_RETENTION as number) > (RCR_BUS_RETENTION as number);
    },
    {
      path: ['RCR_INBOX_RETENTION'],
      message:
        'must be longer than RCR_BUS_RETENTION, or an old event delivered again could be applied twice',
    },
  );
}

/** Config of a back-end service with no settings of its own. */
export const serviceConfigSchema = serviceConfigSchemaWith({});
export type ServiceConfig = z.infer<typeof serviceConfigSchema>;
