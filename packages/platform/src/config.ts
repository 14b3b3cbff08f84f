import { z } from 'zod';

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
 * - `NATS_URL`: NATS server; when absent the in-process bus is used (embedded mode only).
 */
export const commonConfigShape = {
  RCR_NAMESPACE: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,30}$/, 'lowercase letters, digits, - and _; starts with a letter')
    .default('rcr'),
  LOG_LEVEL: logLevel.default('info'),
  DATABASE_URL: z.url().optional(),
  RCR_DATA_DIR: z.string().default('./data'),
  NATS_URL: z.string().optional(),
  RCR_BUS_MAX_DELIVER: z.coerce.number().int().min(1).max(100).default(5),
};

/** Config of one back-end service process (identity, reviews, content). */
export const serviceConfigSchema = z.object({
  ...commonConfigShape,
  GRPC_HOST: z.string().default('127.0.0.1'),
  GRPC_PORT: z.coerce.number().int().min(0).max(65535).default(0),
});
export type ServiceConfig = z.infer<typeof serviceConfigSchema>;
