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
    await system.stop().catch(() => undefined);
    throw err;
  }
}
