import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CONTENT_DB_EXTENSIONS, contentConfigSchema, startContentService } from '@rcr/content';
import { generateConsistencyKey, startGateway, gatewayConfigSchema, type RunningGateway } from '@rcr/gateway';
import { identityConfigSchema, startIdentityService } from '@rcr/identity';
import { jobsConfigSchema, startJobsService } from '@rcr/jobs';
import { mediaConfigSchema, startMediaService } from '@rcr/media';
import {
  busOptionsOf,
  createLogger,
  generateInternalKeyPair,
  Lifecycle,
  loadConfig,
  migrateServiceSchema,
  openEmbeddedBus,
  PgliteHost,
  publicKeyOf,
  serviceMigrationFiles,
  type PgliteOptions,
  type PgliteTemplate,
  type EventBus,
  type Logger,
  type RunningService,
} from '@rcr/platform';
import { reviewsConfigSchema, startReviewsService } from '@rcr/reviews';
import { startWebhooksService, webhooksConfigSchema } from '@rcr/webhooks';

/** A whole rcr system in one process. */
export interface EmbeddedSystem {
  gateway: RunningGateway;
  services: RunningService[];
  /** The in-process bus (absent when `NATS_URL` makes the services use NATS). */
  bus: EventBus | undefined;
  /** Where the embedded database lives (`memory://…` in tests); absent with `DATABASE_URL`. */
  databaseDir: string | undefined;
  /** The embedded database itself (tests read or tamper with a service's schema); absent with `DATABASE_URL`. */
  database: PgliteHost | undefined;
  /** The bucket's directory when it is local: `<RCR_DATA_DIR>/bucket`, or one temporary for all services. */
  bucketDir: string | undefined;
  stop(): Promise<void>;
}

/**
 * Every schema of the embedded database and the service migrations applied to it (the platform's
 * always are; `bus` holds the in-process bus's dead letters and has only those).
 */
const EMBEDDED_SCHEMAS: Record<string, string | undefined> = {
  bus: undefined,
  identity: fileURLToPath(new URL('../services/identity/migrations/', import.meta.url)),
  reviews: fileURLToPath(new URL('../services/reviews/migrations/', import.meta.url)),
  content: fileURLToPath(new URL('../services/content/migrations/', import.meta.url)),
  jobs: fileURLToPath(new URL('../services/jobs/migrations/', import.meta.url)),
  webhooks: fileURLToPath(new URL('../services/webhooks/migrations/', import.meta.url)),
  media: fileURLToPath(new URL('../services/media/migrations/', import.meta.url)),
};

/** Where `npm start` keeps the embedded database's template (ADR 0016). */
export const TEMPLATE_CACHE_DIR = fileURLToPath(new URL('../node_modules/.cache/rcr/', import.meta.url));

/**
 * The template of a new embedded database (ADR 0016): initialised once, with every schema migrated,
 * and copied into each new data directory instead of running PGlite's initdb and the migrations
 * again. Keyed by the text of every migration file: a new or changed migration makes a new template.
 * It holds no rows of any service: keys, accounts and demo data are made by each start as before.
 */
export async function embeddedTemplate(cacheDir = TEMPLATE_CACHE_DIR): Promise<PgliteTemplate> {
  const schemas = Object.entries(EMBEDDED_SCHEMAS);
  const files = await Promise.all(
    schemas.map(async ([schema, dir]) => ({
      schema,
      migrations: (await serviceMigrationFiles(dir)).map(({ path, sql }) => [basename(path), sql]),
    })),
  );
  return {
    cacheDir,
    key: JSON.stringify(files),
    prepare: async (host) => {
      for (const [schema, dir] of schemas) {
        const db = await host.database(schema);
        try {
          await migrateServiceSchema(db, dir);
        } finally {
          await db.close();
        }
      }
    },
  };
}

/** How the embedded system opens its database: a copy of the template when it is new (ADR 0016). */
export async function embeddedDatabaseOptions(): Promise<
  Omit<PgliteOptions, 'dataDir' | 'template'> & { template: PgliteTemplate }
> {
  return { extensions: CONTENT_DB_EXTENSIONS, template: await embeddedTemplate() };
}

/** True when `dir` is missing or empty: a database made there now is new (a copy of the template). */
async function isNewDirectory(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw err;
  }
}

/** The embedded database's directory for a data dir: `<dir>/db`, or a memory database of its own. */
export function embeddedDatabaseDir(dataDir: string): string {
  return dataDir.startsWith('memory://') ? `memory://${randomUUID()}` : join(dataDir, 'db');
}

/**
 * Embedded mode: every service in this process, sharing one PGlite database (a schema each, as in
 * distributed mode) under `RCR_DATA_DIR` (unless `DATABASE_URL` says otherwise), one in-process bus
 * (unless `NATS_URL`) whose dead letters live in that database, gRPC over loopback on free ports, and
 * the gateway on `PORT`. Same code as distributed mode; only the adapters differ.
 */
export async function startEmbeddedSystem(
  env: Record<string, string | undefined> = process.env,
  log?: Logger,
): Promise<EmbeddedSystem> {
  // The gateway signs every call to a service; one process, so a key pair made for this start will do.
  const signingKey = env.RCR_INTERNAL_SIGNING_KEY ?? generateInternalKeyPair().signingKey;
  const serviceEnv: Record<string, string | undefined> = {
    ...env,
    GRPC_HOST: '127.0.0.1',
    GRPC_PORT: '0',
    RCR_INTERNAL_PUBLIC_KEYS: env.RCR_INTERNAL_PUBLIC_KEYS ?? publicKeyOf(signingKey),
    // One process, one registry: the gateway serves /metrics (METRICS_PORT) for every service in it.
    METRICS_PORT: undefined,
  };
  const logger = log ?? createLogger('rcr', env.LOG_LEVEL ?? 'info');
  const gatewayConfig = loadConfig(gatewayConfigSchema, {
    ...env,
    RCR_INTERNAL_SIGNING_KEY: signingKey,
    // One gateway: a key made for this start signs its read-your-writes tokens (they outlive no restart).
    RCR_CONSISTENCY_KEY: env.RCR_CONSISTENCY_KEY ?? generateConsistencyKey(),
  });
  const lifecycle = new Lifecycle(logger);
  try {
    // Media writes renditions that jobs zips: every service needs the same bucket. A system that keeps
    // nothing gets one temporary directory for all of them, removed at stop (not one per service).
    const dataDir = env.RCR_DATA_DIR ?? './data';
    let bucketDir = env.BUCKET_URL?.startsWith('file://') ? new URL(env.BUCKET_URL).pathname : undefined;
    if (!env.BUCKET_URL) {
      bucketDir = dataDir.startsWith('memory://')
        ? await lifecycle.step(
            'temporary bucket',
            () => mkdtemp(join(tmpdir(), 'rcr-bucket-')),
            (dir) => rm(dir, { recursive: true, force: true }),
          )
        : join(dataDir, 'bucket');
      serviceEnv.BUCKET_URL = pathToFileURL(bucketDir).href;
    }
    const databaseDir = env.DATABASE_URL ? undefined : embeddedDatabaseDir(dataDir);
    const host = databaseDir
      ? await lifecycle.step(
          'embedded database',
          async () =>
            PgliteHost.open(
              // The template (whose key is the text of every migration file) only for a new database.
              databaseDir.startsWith('memory://') || !(await isNewDirectory(databaseDir))
                ? { dataDir: databaseDir, extensions: CONTENT_DB_EXTENSIONS }
                : { ...(await embeddedDatabaseOptions()), dataDir: databaseDir },
            ),
          (opened) => opened.close(),
        )
      : undefined;
    performance.mark('rcr:database open');
    const shared = env.NATS_URL
      ? undefined
      : await lifecycle.step(
          'in-process bus',
          () =>
            openEmbeddedBus({
              ...busOptionsOf(gatewayConfig),
              minRetained: gatewayConfig.RCR_BUS_MEMORY_RETAINED,
              host,
              log: logger.child({ service: 'bus' }),
            }),
          (bus) => bus.close(),
        );
    const started = await Promise.allSettled([
      startIdentityService({
        config: loadConfig(identityConfigSchema, serviceEnv),
        bus: shared,
        host,
        log: logger.child({ service: 'identity' }),
      }),
      startReviewsService({
        config: loadConfig(reviewsConfigSchema, serviceEnv),
        bus: shared,
        host,
        log: logger.child({ service: 'reviews' }),
      }),
      startContentService({
        config: loadConfig(contentConfigSchema, serviceEnv),
        bus: shared,
        host,
        log: logger.child({ service: 'content' }),
      }),
      startJobsService({
        config: loadConfig(jobsConfigSchema, serviceEnv),
        bus: shared,
        host,
        log: logger.child({ service: 'jobs' }),
      }),
      startWebhooksService({
        config: loadConfig(webhooksConfigSchema, serviceEnv),
        bus: shared,
        host,
        log: logger.child({ service: 'webhooks' }),
      }),
      startMediaService({
        config: loadConfig(mediaConfigSchema, serviceEnv),
        bus: shared,
        host,
        log: logger.child({ service: 'media' }),
      }),
    ]);
    const services: RunningService[] = [];
    for (const result of started) {
      if (result.status === 'fulfilled') {
        services.push(result.value);
        lifecycle.add(result.value.name, () => result.value.stop());
      }
    }
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    const [identity, reviews, content, jobs, webhooks, media] = services as [
      RunningService,
      RunningService,
      RunningService,
      RunningService,
      RunningService,
      RunningService,
    ];
    performance.mark('rcr:services serving');
    const gateway = await lifecycle.step(
      'gateway',
      () =>
        startGateway({
          config: gatewayConfig,
          bus: shared,
          log: logger.child({ service: 'gateway' }),
          upstreams: {
            identity: identity.address,
            reviews: reviews.address,
            content: content.address,
            jobs: jobs.address,
            webhooks: webhooks.address,
            media: media.address,
          },
        }),
      (running) => running.stop(),
    );
    performance.mark('rcr:gateway listening');
    return {
      gateway,
      services,
      bus: shared,
      databaseDir,
      database: host,
      bucketDir,
      stop: () => lifecycle.stop(),
    };
  } catch (err) {
    await lifecycle.stop();
    throw err;
  }
}
