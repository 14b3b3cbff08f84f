import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type * as Prom from 'prom-client';
import { z } from 'zod';
import type { Lifecycle } from './lifecycle.ts';
import type { Logger } from './logger.ts';

/**
 * Prometheus metrics of one process (ADR 0027): one registry, Node's default process metrics, and the
 * rcr_* families the platform and the gateway define at module level. prom-client (~55 ms to import on
 * this machine) is loaded only when the process serves `/metrics` (METRICS_PORT): until then every
 * counter, histogram and scrape-time gauge below is an inert shell, so a process without metrics pays
 * for none of it. Hot paths keep pre-bound label sets (`family.with(…)` once, `inc()`/`observe()` per event).
 */

/** METRICS_PORT / METRICS_HOST: where a process serves Prometheus text (unset port = no metrics). */
export const metricsConfigShape = {
  /** Port of this process's Prometheus `/metrics` endpoint (plain HTTP); unset = metrics off. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Address the metrics endpoint binds (`0.0.0.0` in a cluster, where Prometheus scrapes the pod IP). */
  METRICS_HOST: z.string().default('127.0.0.1'),
};

type Labels<L extends string> = Readonly<Record<L, string>>;

/** A counter child with its labels fixed. */
export interface BoundCounter {
  inc(by?: number): void;
}

/** A histogram child with its labels fixed. */
export interface BoundHistogram {
  observe(value: number): void;
  /** Observes the seconds since `startedAt` (a `performance.now()` reading). */
  observeSince(startedAt: number): void;
}

/**
 * Whether a process that will switch metrics on has said so ({@link holdMetricsUntilEnabled}): until
 * prom-client is loaded, shells then keep what they count instead of dropping it.
 */
let holding = false;
/** Observations one histogram child keeps while prom-client loads (a start's worth, many times over). */
const MAX_HELD_OBSERVATIONS = 10_000;

class LazyCounterChild implements BoundCounter {
  #child: Prom.Counter.Internal | undefined;
  #held = 0;
  constructor(readonly labels: Record<string, string>) {}
  inc(by = 1): void {
    if (this.#child) this.#child.inc(by);
    else if (holding) this.#held += by;
  }
  bind(child: Prom.Counter.Internal): void {
    this.#child = child;
    if (this.#held > 0) child.inc(this.#held);
    this.#held = 0;
  }
}

class LazyHistogramChild implements BoundHistogram {
  #child: Prom.Histogram.Internal<string> | undefined;
  #held: number[] = [];
  constructor(readonly labels: Record<string, string>) {}
  observe(value: number): void {
    if (this.#child) this.#child.observe(value);
    else if (holding && this.#held.length < MAX_HELD_OBSERVATIONS) this.#held.push(value);
  }
  observeSince(startedAt: number): void {
    if (this.#child || holding) this.observe((performance.now() - startedAt) / 1000);
  }
  bind(child: Prom.Histogram.Internal<string>): void {
    this.#child = child;
    for (const value of this.#held) child.observe(value);
    this.#held = [];
  }
}

interface Family {
  attach(prom: typeof Prom, registry: Prom.Registry): void;
}

/** Every family defined in this process, made real when metrics are switched on. */
const families: Family[] = [];
let enabled: { prom: typeof Prom; registry: Prom.Registry } | undefined;

function define<F extends Family>(family: F): F {
  families.push(family);
  if (enabled) family.attach(enabled.prom, enabled.registry);
  return family;
}

abstract class BoundFamily<
  L extends string,
  C extends LazyCounterChild | LazyHistogramChild,
> implements Family {
  readonly #children = new Map<string, C>();
  /** Binds a real prom-client child, once metrics are on. */
  #bind: ((labels: Record<string, string>) => never) | undefined;

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly L[],
  ) {}

  /** Creates the prom-client metric; returns how to get its child for a label set. */
  protected abstract create(
    prom: typeof Prom,
    registry: Prom.Registry,
  ): (labels: Record<string, string>) => never;
  protected abstract newChild(labels: Record<string, string>): C;

  /** The child for these labels: call once per label set and keep it (bind at set-up, not per event). */
  with(labels: Labels<L>): C {
    const key = this.labelNames.map((name) => labels[name]).join('\u0000');
    let child = this.#children.get(key);
    if (!child) {
      child = this.newChild({ ...labels });
      if (this.#bind) child.bind(this.#bind(child.labels));
      this.#children.set(key, child);
    }
    return child;
  }

  attach(prom: typeof Prom, registry: Prom.Registry): void {
    const bind = this.create(prom, registry);
    this.#bind = bind;
    for (const child of this.#children.values()) child.bind(bind(child.labels));
  }
}

/** A counter family (name ends in `_total`). */
export class CounterFamily<L extends string> extends BoundFamily<L, LazyCounterChild> {
  protected create(prom: typeof Prom, registry: Prom.Registry) {
    const metric = new prom.Counter<string>({
      name: this.name,
      help: this.help,
      labelNames: [...this.labelNames],
      registers: [registry],
    });
    return (labels: Record<string, string>) => metric.labels(labels) as never;
  }
  protected newChild(labels: Record<string, string>) {
    return new LazyCounterChild(labels);
  }
}

/** A histogram family (durations in seconds, name ends in `_seconds`). */
export class HistogramFamily<L extends string> extends BoundFamily<L, LazyHistogramChild> {
  constructor(
    name: string,
    help: string,
    labelNames: readonly L[],
    readonly buckets: readonly number[],
  ) {
    super(name, help, labelNames);
  }
  protected create(prom: typeof Prom, registry: Prom.Registry) {
    const metric = new prom.Histogram<string>({
      name: this.name,
      help: this.help,
      labelNames: [...this.labelNames],
      buckets: [...this.buckets],
      registers: [registry],
    });
    return (labels: Record<string, string>) => metric.labels(labels) as never;
  }
  protected newChild(labels: Record<string, string>) {
    return new LazyHistogramChild(labels);
  }
}

/** Latency buckets (seconds) for requests and calls: 2.5 ms … 10 s. */
export const LATENCY_BUCKETS = [0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

/** Defines a counter family; define each once per process (module level). */
export function counter<L extends string>(
  name: string,
  help: string,
  labelNames: readonly L[],
): CounterFamily<L> {
  return define(new CounterFamily(name, help, labelNames));
}

/** Defines a histogram family; define each once per process (module level). */
export function histogram<L extends string>(
  name: string,
  help: string,
  labelNames: readonly L[],
  buckets: readonly number[] = LATENCY_BUCKETS,
): HistogramFamily<L> {
  return define(new HistogramFamily(name, help, labelNames, buckets));
}

/** One value of a scrape-time gauge: its labels and value. */
export type GaugeSample<L extends string> = readonly [labels: Labels<L>, value: number];

/** What a scrape-time gauge reads: one value (no labels), or labelled samples; may be async. */
export type GaugeReader<L extends string> = () =>
  number | readonly GaugeSample<L>[] | Promise<number | readonly GaugeSample<L>[]>;

/** How long one scrape waits for a reader (a database count, a JetStream info) before leaving it out. */
const READ_TIMEOUT_MS = 2000;

/** A gauge whose values are read when Prometheus scrapes, from every reader registered with `read`. */
export class ScrapeGauge<L extends string> implements Family {
  readonly #readers = new Set<GaugeReader<L>>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly L[],
  ) {}

  /** Adds a reader (several may feed one gauge: each service of an embedded process its own labels); returns how to remove it. */
  read(reader: GaugeReader<L>): () => Promise<void> {
    this.#readers.add(reader);
    return async () => void this.#readers.delete(reader);
  }

  attach(prom: typeof Prom, registry: Prom.Registry): void {
    const readers = this.#readers;
    const name = this.name;
    new prom.Gauge<string>({
      name: this.name,
      help: this.help,
      labelNames: [...this.labelNames],
      registers: [registry],
      async collect() {
        this.reset();
        const results = await Promise.all(
          [...readers].map((read) =>
            withTimeout(Promise.resolve().then(read), READ_TIMEOUT_MS).catch((err: unknown) => {
              metricsLog?.debug({ err, metric: name }, 'a metric could not be read for this scrape');
              return undefined;
            }),
          ),
        );
        for (const result of results) {
          if (result === undefined) continue;
          if (typeof result === 'number') this.set(result);
          else for (const [labels, value] of result) this.set(labels as Record<string, string>, value);
        }
      },
    });
  }
}

const scrapeGauges = new Map<string, ScrapeGauge<string>>();
let metricsLog: Logger | undefined;

/**
 * Declares (once per name; later calls get the same one) a gauge computed when Prometheus scrapes: a
 * backlog count, a breaker state, open connections. Declare at module level so the family exists from
 * import on; feed it with `.read(…)`.
 */
export function scrapeGauge<L extends string>(
  name: string,
  help: string,
  labelNames: readonly L[],
): ScrapeGauge<L> {
  const known = scrapeGauges.get(name);
  if (known) {
    if (known.labelNames.join() !== labelNames.join())
      throw new Error(`gauge ${name} is already declared with labels ${known.labelNames.join(', ')}`);
    return known as unknown as ScrapeGauge<L>;
  }
  const gauge = define(new ScrapeGauge(name, help, labelNames));
  scrapeGauges.set(name, gauge as unknown as ScrapeGauge<string>);
  return gauge;
}

/**
 * A gauge computed at scrape time, in one line of a composition root, e.g.
 * `lifecycle.add('breaker gauge', gaugeAtScrape('rcr_upstream_breaker_state', 'help', ['upstream'], () => …))`.
 * Returns how to remove this reader. A reader that throws or takes over 2 s is left out of that scrape.
 */
export function gaugeAtScrape<L extends string>(
  name: string,
  help: string,
  labelNames: readonly L[],
  read: GaugeReader<L>,
): () => Promise<void> {
  return scrapeGauge(name, help, labelNames).read(read);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no value within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Says that this process will switch metrics on (`enableMetrics`) a little later, e.g. once it is ready:
 * what is counted until then is kept and handed to prom-client when it loads, so the figures still count
 * from the start while loading prom-client stays off the start's critical path (ADR 0034).
 */
export function holdMetricsUntilEnabled(): void {
  if (!enabled) holding = true;
}

/** Loads prom-client and makes every family real (once per process); Node's default metrics included. */
export async function enableMetrics(log?: Logger): Promise<Prom.Registry> {
  metricsLog ??= log;
  if (!enabled) {
    const prom = await import('prom-client');
    if (!enabled) {
      const registry = new prom.Registry();
      prom.collectDefaultMetrics({ register: registry });
      enabled = { prom, registry };
      for (const family of families) family.attach(prom, registry);
      holding = false;
    }
  }
  return enabled.registry;
}

/** Names of every metric family this process defines (after `enableMetrics`): rcr_* and Node's defaults. */
export async function metricNames(): Promise<string[]> {
  const registry = await enableMetrics();
  return registry.getMetricsAsArray().map((metric) => metric.name);
}

/** The process's metrics in the Prometheus text format (after `enableMetrics`; empty before). */
export async function metricsText(): Promise<string> {
  return enabled ? enabled.registry.metrics() : '';
}

/** A running metrics endpoint. */
export interface MetricsServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Serves `GET /metrics` (Prometheus text) of the whole process on its own plain-HTTP port, never on a
 * public one. Returns undefined when `METRICS_PORT` is unset (an embedded process gives the port to its
 * gateway only: one endpoint per process, one registry behind it).
 */
export async function serveMetrics(
  config: { METRICS_PORT?: number | undefined; METRICS_HOST: string },
  log: Logger,
): Promise<MetricsServer | undefined> {
  if (config.METRICS_PORT === undefined) return undefined;
  const registry = await enableMetrics(log);
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /metrics\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end();
      return;
    }
    registry.metrics().then(
      (text) => {
        response.writeHead(200, { 'content-type': registry.contentType });
        response.end(request.method === 'HEAD' ? undefined : text);
      },
      (err: unknown) => {
        log.warn({ err }, 'collecting metrics failed');
        response.writeHead(500, { 'content-type': 'text/plain' }).end('collecting metrics failed\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.METRICS_PORT, config.METRICS_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  log.info({ port, host: config.METRICS_HOST }, 'serving Prometheus metrics at /metrics');
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * The way a process starts its metrics endpoint: at once, in the background (prom-client loads while the
 * database and bus open), its stop registered with the process's lifecycle. Await the result before
 * reporting ready: a port already taken fails the start.
 */
export function serveMetricsIn(
  lifecycle: Lifecycle,
  config: { METRICS_PORT?: number | undefined; METRICS_HOST: string },
  log: Logger,
): Promise<MetricsServer | undefined> {
  const serving = serveMetrics(config, log);
  serving.catch(() => undefined);
  lifecycle.add('metrics endpoint', async () => (await serving.catch(() => undefined))?.close());
  return serving;
}
