import { LOAD_OPTIONS, openLoadedSystem, type LoadedSystem } from '../support/cluster.ts';
import { cpuWindow } from '../support/cpu.ts';
import { generateDataset, type ReviewSpec } from '../support/dataset.ts';
import { EditorClient } from '../support/editor-client.ts';
import { ServiceClients } from '../support/loader.ts';
import { nowMs } from '../support/publisher.ts';
import { durationOption, intOption, UsageError, type Scenario } from '../support/scenario.ts';
import { percentiles, round, type Percentiles } from '../support/stats.ts';

export interface WritesFigures {
  load: LoadedSystem['load'];
  writers: number;
  durationMs: number;
  /** create + publish requests answered per second, all editors together. */
  requestsPerSecond: number;
  reviewsPerSecond: number;
  requests: number;
  failed: number;
  statuses: Record<string, number>;
  createMs: Percentiles;
  publishMs: Percentiles;
  /** Both kinds of request together. */
  allMs: Percentiles;
  /** Publish answered → content's read model has that version (AwaitVersions), per published review. */
  readModelLagMs: Percentiles;
  /** Reviews whose version the read model had not applied 30 s after the publish answer. */
  notVisible: number;
  cpu: { machineBusyPercent: number; processes: Record<string, number | null> };
}

const p = (values: number[]): Percentiles => {
  const all = percentiles(values);
  return { p50: round(all.p50, 1), p95: round(all.p95, 1), p99: round(all.p99, 1), max: round(all.max, 1) };
};

/**
 * Writes: `--writers` editors in parallel (default 8), each logged in through the gateway and looping
 * POST /v1/reviews then POST /v1/reviews/{id}/publish for `--duration`, on top of the loaded data set.
 * Every published review's read-model lag is measured from the publish answer to content reporting
 * that version applied (its AwaitVersions call, the read-your-writes wait; one gRPC round trip added).
 * Targets of issue 7: ≥ 400 requests/s, p99 ≤ 50 ms, lag p99 ≤ 100 ms.
 */
export const scenario: Scenario = {
  summary: '8 editors in parallel creating and publishing reviews through the gateway; read-model lag',
  requires: ['PostgreSQL', 'NATS', 'Redis'],
  options: {
    ...LOAD_OPTIONS,
    writers: { default: '8', help: 'editors writing in parallel (at most --editors)' },
    duration: { default: '15s', help: 'how long they write' },
  },
  async run(options, context) {
    const writers = intOption(options, 'writers');
    const durationMs = durationOption(options, 'duration');
    if (writers > intOption(options, 'editors')) throw new UsageError('--writers must not exceed --editors');
    const sys = await openLoadedSystem(options, context);
    const clients = new ServiceClients(sys.target);
    try {
      const origin = sys.gateway();
      const editors = sys.dataset.editors
        .slice(0, writers)
        .map((e) => new EditorClient(origin, e.email, e.password));
      await Promise.all(editors.map((e) => e.login()));
      // Fresh review texts (another seed), over the loaded cameras.
      const texts = generateDataset({
        reviews: 2000,
        seed: intOption(options, 'seed', 0) + 1,
        editors: 1,
        cameras: sys.dataset.cameras.length,
        publishedRatio: 1,
      }).reviews;
      const createMs: number[] = [];
      const publishMs: number[] = [];
      const lags: number[] = [];
      const statuses: Record<string, number> = {};
      const waits: Promise<void>[] = [];
      let notVisible = 0;
      let failed = 0;
      let n = 0;
      const count = (status: number) => {
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status >= 300) failed += 1;
      };
      context.progress(`${writers} editors writing for ${durationMs} ms`);
      const machine = cpuWindow(undefined);
      const windows = {
        gateway: cpuWindow(sys.system.gateways[0]?.process.child.pid),
        reviews: cpuWindow(sys.system.services.reviews.process.child.pid),
        content: cpuWindow(sys.system.services.content.process.child.pid),
      };
      const startedAt = nowMs();
      const endAt = startedAt + durationMs;
      await Promise.all(
        editors.map(async (editor) => {
          while (nowMs() < endAt) {
            const text = texts[n++ % texts.length] as ReviewSpec;
            const cameraId = sys.load.cameraIds[text.camera % sys.load.cameraIds.length] as string;
            let t = nowMs();
            const created = await editor.create(text, cameraId);
            createMs.push(nowMs() - t);
            count(created.status);
            if (created.status !== 201) continue;
            t = nowMs();
            const published = await editor.publish(created.data.id as string);
            const answeredAt = nowMs();
            publishMs.push(answeredAt - t);
            count(published.status);
            if (published.status !== 200) continue;
            const id = published.data.id as string;
            const version = published.data.version as number;
            waits.push(
              (async () => {
                for (;;) {
                  if (await clients.awaitReview(id, version, 5000)) {
                    lags.push(nowMs() - answeredAt);
                    return;
                  }
                  if (nowMs() - answeredAt > 30_000) {
                    notVisible += 1;
                    return;
                  }
                }
              })(),
            );
          }
        }),
      );
      const elapsed = nowMs() - startedAt;
      const cpu = {
        machineBusyPercent: machine.end().machineBusyPercent,
        processes: Object.fromEntries(
          Object.entries(windows).map(([name, w]) => [name, w.end().processPercent]),
        ),
      };
      await Promise.all(waits);
      const requests = createMs.length + publishMs.length;
      const figures: WritesFigures = {
        load: sys.load,
        writers,
        durationMs: Math.round(elapsed),
        requestsPerSecond: round((requests * 1000) / elapsed),
        reviewsPerSecond: round((publishMs.length * 1000) / elapsed),
        requests,
        failed,
        statuses,
        createMs: p(createMs),
        publishMs: p(publishMs),
        allMs: p([...createMs, ...publishMs]),
        readModelLagMs: p(lags),
        notVisible,
        cpu,
      };
      const row = (label: string, ms: Percentiles) => [label, ms.p50, ms.p95, ms.p99, ms.max];
      return {
        figures,
        tables: [
          {
            title:
              `Writes: ${writers} editors, create + publish through the gateway for ${round(elapsed / 1000, 1)} s ` +
              `on ${sys.load.published} published reviews (targets ≥ 400 req/s, p99 ≤ 50 ms, lag p99 ≤ 100 ms)`,
            columns: [
              'requests',
              'req/s',
              'reviews/s',
              'failed',
              'not visible',
              'busy %',
              'gateway CPU %',
              'reviews CPU %',
              'content CPU %',
            ],
            rows: [
              [
                requests,
                figures.requestsPerSecond,
                figures.reviewsPerSecond,
                failed,
                notVisible,
                cpu.machineBusyPercent,
                cpu.processes.gateway ?? '-',
                cpu.processes.reviews ?? '-',
                cpu.processes.content ?? '-',
              ],
            ],
          },
          {
            title: 'Latency, ms',
            columns: ['what', 'p50', 'p95', 'p99', 'max'],
            rows: [
              row('create (POST /v1/reviews)', figures.createMs),
              row('publish (POST …/publish)', figures.publishMs),
              row('both', figures.allMs),
              row('read-model lag (publish answered → applied)', figures.readModelLagMs),
            ],
          },
        ],
      };
    } finally {
      clients.close();
      await sys.close();
    }
  },
};
