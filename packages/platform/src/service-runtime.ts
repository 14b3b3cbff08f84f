import type * as grpc from '@grpc/grpc-js';
import type { EventBus } from './bus/port.ts';
import { openBus } from './bus/index.ts';
import { ConfigError, type ServiceConfig } from './config.ts';
import { openServiceDatabase, type PgliteHost, type ServiceDatabaseOptions } from './db/index.ts';
import type { Database } from './db/port.ts';
import { hasFaults, type Faults } from './faults.ts';
import { addUnaryService, GrpcServer, grpcTlsFromFiles, type UnaryHandlers } from './grpc.ts';
import { InternalTokenVerifier } from './internal-auth.ts';
import { Lifecycle, type RunningService } from './lifecycle.ts';
import { createLogger, type Logger } from './logger.ts';
import { scrapeGauge, serveMetricsIn } from './metrics.ts';
import { Outbox, pruneDelivered } from './outbox.ts';
import { startTracing } from './tracing.ts';

/** What a service's setup gets from the runtime: its started infrastructure. */
export interface ServiceContext<C extends ServiceConfig> {
  readonly name: string;
  readonly config: C;
  readonly log: Logger;
  readonly db: Database;
  readonly bus: EventBus;
  readonly outbox: Outbox;
  readonly faults: Faults;
  /** Registers how to undo something the setup started; stop runs it before the outbox, bus and database. */
  onStop(label: string, stop: () => Promise<void>): void;
  /**
   * Sets the grpc.health.v1 status of a part of the service under its own name (e.g.
   * `rcr.content.v1.ContentService/read-replica`), beside the whole server's, which follows the database.
   */
  reportHealth(name: string, serving: boolean): void;
}

/** How one service is built: its name, migrations, gRPC service and a setup that returns its handlers. */
export interface ServiceSpec<C extends ServiceConfig, S extends grpc.UntypedServiceImplementation> {
  name: string;
  migrationsDir: string;
  database?: Omit<ServiceDatabaseOptions, 'host'>;
  grpc: { serviceName: string; definition: grpc.ServiceDefinition };
  setup(context: ServiceContext<C>): Promise<UnaryHandlers<S>>;
}

/** What starting a service takes; `bus` and `host` are the embedded system's shared ones. */
export interface StartServiceOptions<C extends ServiceConfig> {
  config: C;
  bus?: EventBus | undefined;
  log?: Logger | undefined;
  host?: PgliteHost | undefined;
}

const PRUNE_EVERY_MS = 10 * 60_000;
const outboxBacklog = scrapeGauge('rcr_outbox_backlog', 'Outbox rows not yet published to the bus', [
  'service',
]);

/**
 * Starts a back-end service the one way every service starts: database (migrated) → bus → outbox relay →
 * database health monitor → the service's own setup (subscriptions, …) → gRPC server, whose health is
 * SERVING only while the database answers. A failure half-way undoes what started; `stop()` undoes it all
 * in reverse order: the gRPC server drains calls, subscriptions hand back unhandled events, the relay
 * flushes, then bus and database close.
 */
export async function startService<C extends ServiceConfig, S extends grpc.UntypedServiceImplementation>(
  spec: ServiceSpec<C, S>,
  options: StartServiceOptions<C>,
): Promise<RunningService> {
  const { config } = options;
  const log = options.log ?? createLogger(spec.name, config.LOG_LEVEL);
  const faults = config.RCR_FAULTS;
  if (hasFaults(faults)) log.warn({ faults }, 'FAULT INJECTION IS ON (RCR_FAULTS): for tests only');
  if (config.RCR_INTERNAL_PUBLIC_KEYS.length === 0) {
    throw new ConfigError(
      'RCR_INTERNAL_PUBLIC_KEYS is not set: services accept only calls signed by the gateway (npm run rcr -- keys internal prints a key pair)',
    );
  }
  const verifier = new InternalTokenVerifier(config.RCR_INTERNAL_PUBLIC_KEYS);
  const tls = grpcTlsFromFiles(config);
  const lifecycle = new Lifecycle(log);
  // The metrics endpoint (METRICS_PORT) loads prom-client while the database opens, not after it.
  const metrics = serveMetricsIn(lifecycle, config, log);
  try {
    // First started, last stopped: the spans of the stop itself are flushed too.
    await lifecycle.step(
      'tracing',
      () => startTracing(config, spec.name),
      (tracing) => tracing.stop(),
    );
    const db = await lifecycle.step(
      'database',
      () =>
        openServiceDatabase(config, spec.name, spec.migrationsDir, {
          ...spec.database,
          host: options.host,
          onWait: (err, waitedMs) =>
            log.warn({ err: err.message, waitedMs }, 'the database is not available yet; trying again'),
        }),
      (opened) => opened.close(),
    );
    performance.mark(`rcr:${spec.name} migrated`);
    const bus = await openBus(config, spec.name, { shared: options.bus, db, log });
    if (bus !== options.bus) lifecycle.add('bus', () => bus.close());
    const outbox = new Outbox(db, bus, log);
    outbox.start();
    lifecycle.add('outbox relay', () => outbox.stop());
    lifecycle.add(
      'outbox backlog gauge',
      outboxBacklog.read(async () => [[{ service: spec.name }, await outbox.backlog()]]),
    );
    const grpc = new GrpcServer([spec.grpc.serviceName]);
    const monitor = watchDatabase(db, config.RCR_HEALTH_INTERVAL, log, (healthy) => grpc.setServing(healthy));
    lifecycle.add('database health', async () => monitor.stop());
    const prune = setInterval(() => {
      pruneDelivered(db, { outboxMs: config.RCR_OUTBOX_RETENTION, inboxMs: config.RCR_INBOX_RETENTION })
        .then((deleted) => log.debug({ deleted }, 'pruned delivered outbox and inbox rows'))
        .catch((err: unknown) =>
          log.warn({ err: (err as Error).message }, 'pruning the outbox and inbox failed'),
        );
    }, PRUNE_EVERY_MS);
    prune.unref();
    lifecycle.add('pruning', async () => clearInterval(prune));

    const handlers = await spec.setup({
      name: spec.name,
      config,
      log,
      db,
      bus,
      outbox,
      faults,
      onStop: (label, stop) => lifecycle.add(label, stop),
      reportHealth: (name, serving) => grpc.health.setStatus(name, serving ? 'SERVING' : 'NOT_SERVING'),
    });
    performance.mark(`rcr:${spec.name} set up`);
    addUnaryService(
      grpc,
      spec.grpc.definition,
      withFaults(handlers, faults, spec.grpc.definition),
      log,
      verifier,
    );
    await metrics;
    const port = await grpc.listen(config.GRPC_HOST, config.GRPC_PORT, tls);
    lifecycle.add('gRPC server', () => grpc.close());
    grpc.setServing(monitor.healthy);
    const host = ['0.0.0.0', '::', '[::]'].includes(config.GRPC_HOST) ? '127.0.0.1' : config.GRPC_HOST;
    log.info(
      { port, db: db.kind, bus: bus.kind, tls: tls ? (tls.ca ? 'mtls' : 'tls') : 'off' },
      `${spec.name} service ready`,
    );
    return { name: spec.name, address: `${host}:${port}`, stop: () => lifecycle.stop() };
  } catch (err) {
    await lifecycle.stop();
    throw err;
  }
}

/** Unary handlers whose answers are held back by `slow-reply` fault injection (others are returned as they are). */
function withFaults<H extends object>(handlers: H, faults: Faults, definition: grpc.ServiceDefinition): H {
  const delay = faults.slowReplyMs;
  if (!delay) return handlers;
  return Object.fromEntries(
    Object.entries(handlers).map(([name, handler]) => [
      name,
      definition[name]?.responseStream
        ? handler
        : async (...args: unknown[]) => {
            const answer: unknown = await (handler as (...a: unknown[]) => Promise<unknown>)(...args);
            await new Promise((resolve) => setTimeout(resolve, delay));
            return answer;
          },
    ]),
  ) as H;
}

/**
 * Pings the database every `intervalMs` (each ping bounded by the same time) and reports changes, so a
 * service stops reporting SERVING while its database is out of reach and resumes when it answers.
 */
function watchDatabase(db: Database, intervalMs: number, log: Logger, onChange: (healthy: boolean) => void) {
  let healthy = true;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const check = async () => {
    const ok = await Promise.race([
      db.ping().then(
        () => true,
        () => false,
      ),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), Math.max(500, intervalMs)).unref()),
    ]);
    if (stopped) return;
    if (ok !== healthy) {
      healthy = ok;
      if (ok) log.warn('database reachable again; serving');
      else log.error('database unreachable; reporting NOT_SERVING');
      onChange(ok);
    }
    timer = setTimeout(() => void check(), intervalMs);
    timer.unref();
  };
  timer = setTimeout(() => void check(), intervalMs);
  timer.unref();
  return {
    get healthy() {
      return healthy;
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
