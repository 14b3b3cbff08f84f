import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { freshDatabase, infra } from '../../test/support/infra.ts';
import { startDistributedSystem, type DistributedSystem } from '../../test/support/distributed.ts';
import { generateDataset, type Dataset } from './dataset.ts';
import { loadDataset, type LoadOutcome, type LoadTarget } from './loader.ts';
import { multiplyPublishedReviews, type SyntheticOutcome } from './synthetic.ts';
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
  synthetic: {
    default: '0',
    help:
      'N > 0: the loader writes N reviews (the data set of these options with --reviews N), then PostgreSQL ' +
      'copies the published ones until the read model holds --reviews published reviews (bench/README.md)',
  },
  reuse: {
    default: 'no',
    help:
      'yes: run on a copy of the database kept by an earlier load of the same data set (rcr_keep_…), ' +
      'loading and keeping it first if there is none; reload: load again and replace the kept one; ' +
      'no: load a fresh database, dropped afterwards',
  },
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

/** How a benchmark's system is started: gateways, and extra environment for them and for content. */
export interface SystemSettings {
  gateways?: number;
  gatewayEnv?: Record<string, string>;
  contentEnv?: Record<string, string>;
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
  load: LoadedData;
  /** The kept database this system runs on a copy of (`--reuse`), if any. */
  reusedFrom?: string;
  /** A gateway's origin. */
  gateway(i?: number): string;
  close(): Promise<void>;
}

/** What the load reported; for a synthetic data set, the base load and how it was multiplied. */
export type LoadedData = LoadOutcome & { synthetic?: SyntheticOutcome };

/** The base a synthetic data set is multiplied from (`--synthetic`), 0 for none. */
function syntheticBase(options: Record<string, string>): number {
  return intOption(options, 'synthetic', 0);
}

/** The data set the options describe (for `--synthetic N`, the N reviews the loader writes). */
export function datasetFromOptions(options: Record<string, string>): Dataset {
  const publishedRatio = Number(options['published-ratio']);
  if (!(publishedRatio >= 0 && publishedRatio <= 1)) throw new UsageError('--published-ratio must be 0–1');
  const synthetic = syntheticBase(options);
  return generateDataset({
    reviews: synthetic > 0 ? synthetic : intOption(options, 'reviews'),
    seed: intOption(options, 'seed', 0),
    editors: intOption(options, 'editors'),
    cameras: intOption(options, 'cameras'),
    publishedRatio,
  });
}

/**
 * Starts a distributed system with `gateways` gateways and loads the options' data set into it.
 *
 * With `--reuse yes|reload` the loaded database is kept after the load under a name made of the data set
 * options (`keptDatabaseName`), with what the load reported and the encryption key its services stored
 * secrets with in the database's comment; this run and every later one with the same data set options
 * then run on a copy of it (`CREATE DATABASE … TEMPLATE`), with a fresh NATS namespace (so fresh streams,
 * consumers and Redis keys), so a 100k data set is loaded through the write path once, not per run. The
 * services migrate the copy when they start; a kept database reflects the projection code of its load
 * (`--reuse reload` after changing what the projection writes).
 */
export async function openLoadedSystem(
  options: Record<string, string>,
  context: ScenarioContext,
  settings: SystemSettings = {},
): Promise<LoadedSystem> {
  const reuse = options.reuse ?? 'no';
  if (!['no', 'yes', 'reload'].includes(reuse)) throw new UsageError('--reuse takes no, yes or reload');
  const dataset = datasetFromOptions(options);
  const synthetic = syntheticBase(options) > 0;
  if (reuse === 'no' && !synthetic) return loadSystem(dataset, options, context, settings);
  if (reuse === 'no') {
    // A synthetic data set for this run only: built, run on, dropped.
    const built = await loadSettled(dataset, options, context, settings);
    return startOn(built.db, built.stored, dataset, context, settings);
  }
  const kept = keptDatabaseName(options);
  let stored = reuse === 'yes' ? await readKept(kept) : undefined;
  if (stored) {
    context.progress(
      `reusing ${kept} (${stored.load.contentTotal} published reviews, loaded ${stored.keptAt})`,
    );
  } else {
    context.progress(`loading ${kept} to keep it`);
    const built = await loadSettled(dataset, options, context, settings);
    stored = built.stored;
    try {
      await keep(databaseName(built.db.url), kept, stored);
    } catch (err) {
      await built.db.drop().catch(() => undefined);
      throw err;
    }
    context.progress(`kept ${kept}`);
  }
  return {
    ...(await startOn(await copyDatabase(kept), stored, dataset, context, settings)),
    reusedFrom: kept,
  };
}

/**
 * Loads the data set into a fresh database with a system of its own, stopped once the read model and
 * every consumer are done (a finished load); with `--synthetic`, multiplies it in PostgreSQL; then
 * settles it. The database is left in place (its `drop` drops it).
 */
async function loadSettled(
  dataset: Dataset,
  options: Record<string, string>,
  context: ScenarioContext,
  settings: SystemSettings,
): Promise<{ db: { url: string; drop: () => Promise<void> }; stored: KeptLoad }> {
  const loadDb = await freshDatabase('rcr_bench');
  try {
    const loaded = await loadSystem(dataset, options, context, { ...settings, gateways: 1 }, loadDb);
    await loaded.close();
    let load: LoadedData = loaded.load;
    if (syntheticBase(options) > 0) {
      const synthetic = await multiplyPublishedReviews(
        loadDb.url,
        intOption(options, 'reviews'),
        context.progress,
      );
      context.progress(
        `synthetic: ${synthetic.base} published reviews ×${synthetic.copies} → ${synthetic.published} ` +
          `(${synthetic.vocabulary} words) in ${synthetic.buildMs} ms`,
      );
      load = { ...loaded.load, contentTotal: synthetic.published, synthetic };
    }
    // Measured as a settled database (as autovacuum leaves one, which it may not have done yet right
    // after the load): statistics gathered, visibility map set.
    const settle = new pg.Client({ connectionString: loadDb.url });
    await settle.connect();
    try {
      await settle.query('VACUUM ANALYZE');
    } finally {
      await settle.end();
    }
    const encryptionKey = loaded.system.env.RCR_ENCRYPTION_KEY ?? '';
    return { db: loadDb, stored: { load, encryptionKey, keptAt: new Date().toISOString() } };
  } catch (err) {
    await loadDb.drop().catch(() => undefined);
    throw err;
  }
}

/** A distributed system started on a loaded database (dropped when the system stops). */
async function startOn(
  database: { url: string; drop: () => Promise<void> },
  stored: KeptLoad,
  dataset: Dataset,
  context: ScenarioContext,
  settings: SystemSettings,
): Promise<LoadedSystem> {
  context.progress(`starting a distributed system (${settings.gateways ?? 1} gateway(s)) on the loaded data`);
  const system = await startDistributedSystem(
    settings.gateways ?? 1,
    () => ({
      gateway: { ...BENCH_GATEWAY_ENV, ...settings.gatewayEnv },
      content: { ...settings.contentEnv },
    }),
    { RCR_ENCRYPTION_KEY: stored.encryptionKey },
    database,
  );
  return {
    system,
    target: {
      identity: system.services.identity.address,
      reviews: system.services.reviews.address,
      content: system.services.content.address,
      signingKey: system.internalKeys.signingKey,
    },
    dataset,
    load: stored.load,
    gateway: (i = 0) => system.gateways[i]?.url as string,
    close: () => system.stop(),
  };
}

/**
 * The name a loaded data set is kept under: its options, readable; a synthetic one ends in `_x<base>`
 * (`--reviews` is then the published reviews it holds).
 */
export function keptDatabaseName(options: Record<string, string>): string {
  const ratio = Math.round(Number(options['published-ratio']) * 100);
  const [reviews, seed, editors, cameras] = ['reviews', 'seed', 'editors', 'cameras'].map((o) =>
    intOption(options, o, 0),
  );
  const synthetic = syntheticBase(options);
  return `rcr_keep_r${reviews}_s${seed}_e${editors}_c${cameras}_p${ratio}${synthetic > 0 ? `_x${synthetic}` : ''}`;
}

/** What a kept database's comment holds. */
interface KeptLoad {
  load: LoadedData;
  /** RCR_ENCRYPTION_KEY of the services that wrote it (identity's stored secrets are sealed with it). */
  encryptionKey: string;
  keptAt: string;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: infra.postgresUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function databaseName(url: string): string {
  return new URL(url).pathname.slice(1);
}

async function readKept(name: string): Promise<KeptLoad | undefined> {
  const { rows } = await admin((c) =>
    c.query<{ comment: string | null }>(
      `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
      [name],
    ),
  );
  const comment = rows[0]?.comment;
  // A database without its comment is a load that did not finish keeping: not reused.
  return comment ? (JSON.parse(comment) as KeptLoad) : undefined;
}

async function keep(loaded: string, name: string, stored: KeptLoad): Promise<void> {
  await admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`ALTER DATABASE ${loaded} RENAME TO ${name}`);
    // COMMENT takes no parameters: the JSON is quoted as a literal.
    await c.query(`COMMENT ON DATABASE ${name} IS ${c.escapeLiteral(JSON.stringify(stored))}`);
  });
}

/** A fresh database copied from `template`, and its drop. */
async function copyDatabase(template: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `rcr_bench_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  // FILE_COPY copies the files at once instead of logging every block: seconds for a 100k data set.
  await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template} STRATEGY FILE_COPY`));
  const url = new URL(infra.postgresUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** A fresh system (on `database` when given, else a fresh one) loaded with `dataset`. */
async function loadSystem(
  dataset: Dataset,
  options: Record<string, string>,
  context: ScenarioContext,
  settings: SystemSettings,
  database?: { url: string; drop: () => Promise<void> },
): Promise<LoadedSystem> {
  const concurrency = intOption(options, 'load-concurrency');
  const timeoutMs = durationOption(options, 'load-timeout');
  context.progress(`starting a distributed system (${settings.gateways ?? 1} gateway(s))`);
  // A database to keep is not dropped when the system stops.
  const db = database && { url: database.url, drop: async () => undefined };
  const system = await startDistributedSystem(
    settings.gateways ?? 1,
    () => ({
      gateway: { ...BENCH_GATEWAY_ENV, ...settings.gatewayEnv },
      content: { ...settings.contentEnv },
    }),
    {},
    db,
  );
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
