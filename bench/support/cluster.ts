import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { infra } from '../../test/support/infra.ts';
import { startDistributedSystem, type DistributedSystem } from '../../test/support/distributed.ts';
import { generateDataset, type Dataset } from './dataset.ts';
import { loadDataset, type LoadOutcome, type LoadTarget } from './loader.ts';
import { durationOption, intOption, UsageError, type OptionSpec, type ScenarioContext } from './scenario.ts';

/**
 * A whole distributed system for one benchmark — fresh database and NATS namespace, identity, reviews
 * and content as processes, `gateways` gateways, all on the local PostgreSQL, NATS and Redis — loaded with
 * the loader's deterministic data set through the normal write path.
 *
 * The gateways' rate limits are raised out of the way (one benchmark client is one address, far above
 * 600 requests a minute); the limiter still runs on every request, so its cost is measured.
 */

/** The options every scenario on a loaded system takes (spread into its `options`). */
export const LOAD_OPTIONS: Record<string, OptionSpec> = {
  reviews: { default: '10000', help: 'reviews the loader writes before measuring' },
  seed: { default: '1', help: 'seed of the generated data set' },
  editors: { default: '20', help: 'editors who write them' },
  cameras: { default: '300', help: 'cameras they review' },
  'published-ratio': { default: '0.85', help: 'share of the reviews published (the rest stay drafts)' },
  'load-concurrency': { default: '32', help: 'write calls the loader keeps in flight' },
  'load-timeout': { default: '20m', help: 'give up when the read model is not complete after this' },
};

/** The options of a scenario that loads pages over HTTP (spread into its `options`), with its run lengths. */
export function pageLoadOptions(duration: string, warmup: string): Record<string, OptionSpec> {
  return {
    connections: { default: '10', help: 'HTTP connections kept busy' },
    duration: { default: duration, help: 'length of each measured run' },
    warmup: { default: warmup, help: 'unmeasured load before each measured run (JIT, pools)' },
    limit: { default: '20', help: 'page size' },
  };
}

/** The values of `pageLoadOptions`. */
export function pageLoadSettings(options: Record<string, string>) {
  return {
    connections: intOption(options, 'connections'),
    durationMs: durationOption(options, 'duration'),
    warmupMs: durationOption(options, 'warmup'),
    limit: intOption(options, 'limit'),
  };
}

/** The gateway settings of every benchmark system. */
export const BENCH_GATEWAY_ENV: Record<string, string> = {
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000000',
  RATE_LIMIT_EDITOR_PER_MINUTE: '1000000000',
  RATE_LIMIT_LOGIN_PER_MINUTE: '100000',
  RATE_LIMIT_LOGIN_PER_ACCOUNT_PER_MINUTE: '100000',
};

/** A loaded system. */
export interface LoadedSystem {
  system: DistributedSystem;
  target: LoadTarget;
  dataset: Dataset;
  load: LoadOutcome;
  /** A gateway's origin. */
  gateway(i?: number): string;
  close(): Promise<void>;
}

/** The data set the options describe. */
export function datasetFromOptions(options: Record<string, string>): Dataset {
  const publishedRatio = Number(options['published-ratio']);
  if (!(publishedRatio >= 0 && publishedRatio <= 1)) throw new UsageError('--published-ratio must be 0–1');
  return generateDataset({
    reviews: intOption(options, 'reviews'),
    seed: intOption(options, 'seed', 0),
    editors: intOption(options, 'editors'),
    cameras: intOption(options, 'cameras'),
    publishedRatio,
  });
}

/** Starts a distributed system with `gateways` gateways and loads the options' data set into it. */
export async function openLoadedSystem(
  options: Record<string, string>,
  context: ScenarioContext,
  settings: { gateways?: number; gatewayEnv?: Record<string, string> } = {},
): Promise<LoadedSystem> {
  const dataset = datasetFromOptions(options);
  const concurrency = intOption(options, 'load-concurrency');
  const timeoutMs = durationOption(options, 'load-timeout');
  context.progress(`starting a distributed system (${settings.gateways ?? 1} gateway(s))`);
  const system = await startDistributedSystem(settings.gateways ?? 1, () => ({
    gateway: { ...BENCH_GATEWAY_ENV, ...settings.gatewayEnv },
  }));
  try {
    const target: LoadTarget = {
      identity: system.services.identity.address,
      reviews: system.services.reviews.address,
      content: system.services.content.address,
      signingKey: system.internalKeys.signingKey,
    };
    context.progress(`loading ${dataset.reviews.length} reviews`);
    const load = await loadDataset(target, dataset, { concurrency, timeoutMs, progress: context.progress });
    // The other consumers of those events (the gateways' cache invalidation and push, …) may still be
    // working through them: measuring before they are done would measure them too, and cache
    // invalidations arriving mid-run would turn hits into misses.
    const quietMs = await waitForConsumers(system.namespace, timeoutMs);
    context.progress(`every consumer of the events caught up ${quietMs} ms after the read model`);
    context.progress(
      `loaded: ${load.reviews} reviews (${load.published} published) written at ${load.reviewsPerSecond}/s, ` +
        `in the read model after ${load.readModelMs} ms (${load.endToEndPerSecond}/s end to end)`,
    );
    return {
      system,
      target,
      dataset,
      load,
      gateway: (i = 0) => system.gateways[i]?.url as string,
      close: () => system.stop(),
    };
  } catch (err) {
    // What the services said is the only trace of an INTERNAL answer: keep it before they are gone.
    for (const [name, service] of Object.entries(system.services)) {
      const errors = service.process.output.filter((line) => /"level":(50|60)|error/i.test(line)).slice(-5);
      if (errors.length > 0) context.progress(`${name} logged:\n${errors.join('\n')}`);
    }
    await system.stop().catch(() => undefined);
    throw err;
  }
}

/** Waits until no consumer of the namespace's event stream has events pending or unacknowledged. */
export async function waitForConsumers(namespace: string, timeoutMs: number): Promise<number> {
  const nc = await connect({ servers: infra.natsUrl, name: 'bench-quiet' });
  try {
    const jsm = await jetstreamManager(nc);
    const started = Date.now();
    for (;;) {
      let busy = 0;
      for await (const info of jsm.consumers.list(`${namespace}-events`)) {
        busy += info.num_pending + info.num_ack_pending;
      }
      if (busy === 0) return Date.now() - started;
      if (Date.now() - started > timeoutMs)
        throw new Error(`consumers still have ${busy} events after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await nc.close();
  }
}
