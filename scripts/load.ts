import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseDuration } from '@rcr/platform';
import { generateDataset, parseReviewLines, reviewLines, type Dataset } from '../bench/support/dataset.ts';
import { loadDataset, type LoadTarget } from '../bench/support/loader.ts';
import { BENCH_GATEWAY_ENV } from '../bench/support/cluster.ts';
import { startDistributedSystem, type DistributedSystem } from '../test/support/distributed.ts';

// `npm run load -- --reviews N [--seed S] [--editors E] [--cameras C] [--published-ratio R] [--file f.jsonl]`
// Writes deterministic Spanish and English camera reviews (or a JSON-lines file of reviews) through the
// services' gRPC write path of a running distributed system and waits until content's read model lists
// them all; prints the rates. See bench/README.md ("Loading data").

const USAGE = `usage: npm run load -- [--reviews N] [--seed S] [--editors E] [--cameras C] [--published-ratio R]
                     [--file reviews.jsonl] [--dump out.jsonl] [--concurrency K] [--timeout 20m]
                     [--start [--keep]]

Against a running distributed system (npm run start:distributed): the services' gRPC addresses come from
IDENTITY_GRPC_URL, REVIEWS_GRPC_URL, CONTENT_GRPC_URL (default 127.0.0.1:50051, :50052, :50053) and the
calls are signed with RCR_INTERNAL_SIGNING_KEY, the key the gateways sign with (start both with the same
one: npm run rcr -- keys internal). --start instead starts a fresh distributed system (new database and
NATS namespace, one gateway) for the load and removes it afterwards (--keep: keep it until Ctrl+C).

  --reviews          reviews to generate (default 10000)
  --seed             seed of the generated data set (default 1): same seed, same data
  --editors          editors who write them (default 20)
  --cameras          cameras reviewed (default 300)
  --published-ratio  share published, the rest stay drafts (default 0.85)
  --file             JSON lines instead of generated reviews, one review a line:
                     {"title","body","rating","verdict","pros":[],"cons":[],"language":"es"|"en",
                      "camera":{"brand","model","type"},"published":true}
  --dump             also write the reviews as JSON lines to this file (the --file format)
  --concurrency      write calls kept in flight (default 32)
  --timeout          give up waiting for the read model after this (default 20m)`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    strict: true,
    options: {
      reviews: { type: 'string', default: '10000' },
      seed: { type: 'string', default: '1' },
      editors: { type: 'string', default: '20' },
      cameras: { type: 'string', default: '300' },
      'published-ratio': { type: 'string', default: '0.85' },
      file: { type: 'string' },
      dump: { type: 'string' },
      concurrency: { type: 'string', default: '32' },
      timeout: { type: 'string', default: '20m' },
      start: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const int = (name: keyof typeof values, min: number) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer ≥ ${min}`);
    return n;
  };
  const publishedRatio = Number(values['published-ratio']);
  if (!(publishedRatio >= 0 && publishedRatio <= 1)) throw new UsageError('--published-ratio must be 0–1');
  const timeoutMs = parseDuration(values.timeout);
  if (timeoutMs === undefined) throw new UsageError('--timeout must be a duration like 90s or 20m');
  const seed = int('seed', 0);
  const dataset: Dataset = values.file
    ? parseReviewLines(await readFile(values.file, 'utf8'), int('editors', 1), seed)
    : generateDataset({
        reviews: int('reviews', 1),
        seed,
        editors: int('editors', 1),
        cameras: int('cameras', 1),
        publishedRatio,
      });
  if (values.dump) await writeFile(values.dump, reviewLines(dataset));

  let system: DistributedSystem | undefined;
  let target: LoadTarget;
  if (values.start) {
    console.error('starting a fresh distributed system…');
    system = await startDistributedSystem(1, () => ({ gateway: BENCH_GATEWAY_ENV }));
    target = {
      identity: system.services.identity.address,
      reviews: system.services.reviews.address,
      content: system.services.content.address,
      signingKey: system.internalKeys.signingKey,
    };
  } else {
    const signingKey = process.env.RCR_INTERNAL_SIGNING_KEY;
    if (!signingKey) throw new UsageError('RCR_INTERNAL_SIGNING_KEY is not set (or use --start)');
    target = {
      identity: process.env.IDENTITY_GRPC_URL ?? '127.0.0.1:50051',
      reviews: process.env.REVIEWS_GRPC_URL ?? '127.0.0.1:50052',
      content: process.env.CONTENT_GRPC_URL ?? '127.0.0.1:50053',
      signingKey,
    };
  }
  try {
    console.error(
      `loading ${dataset.reviews.length} reviews (${dataset.editors.length} editors, ${dataset.cameras.length} cameras)`,
    );
    const outcome = await loadDataset(target, dataset, {
      concurrency: int('concurrency', 1),
      timeoutMs,
      progress: (line) => console.error(line),
    });
    const { editorIds: _e, cameraIds: _c, ...figures } = outcome;
    console.log(JSON.stringify(figures, null, 2));
    console.log(
      `${outcome.reviews} reviews (${outcome.published} published): written at ${outcome.reviewsPerSecond}/s ` +
        `(${outcome.calls} calls in ${outcome.writeMs} ms); all in content's read model after ` +
        `${outcome.readModelMs} ms: ${outcome.endToEndPerSecond} reviews/s end to end`,
    );
    if (system && values.keep) {
      console.log(`gateway: ${system.gateways[0]?.url}/v1/content — Ctrl+C stops and removes the system`);
      await new Promise((resolve) => process.once('SIGINT', resolve));
    }
    return 0;
  } catch (err) {
    // A service's refusal names no cause here: its own log lines do.
    for (const [name, service] of Object.entries(system?.services ?? {})) {
      const lines = service.process.output.slice(-20);
      if (lines.length > 0) console.error(`--- last lines of ${name}:\n${lines.join('\n')}`);
    }
    throw err;
  } finally {
    await system?.stop();
  }
}

class UsageError extends Error {}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const usage = err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    console.error(usage ? `${(err as Error).message}\n\n${USAGE}` : err);
    process.exit(usage ? 2 : 1);
  },
);
