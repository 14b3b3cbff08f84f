import type { EmbeddedSystem } from '../../scripts/embedded.ts';
import { TEST_ADMIN } from '../../test/support/flow.ts';
import { startTestSystem } from '../../test/support/system.ts';
import { WebhookReceiver } from '../../test/support/webhook-receiver.ts';
import { EventFactory } from '../support/events.ts';
import { nowMs } from '../support/publisher.ts';
import { intOption, type Scenario } from '../support/scenario.ts';
import { percentiles, round, type Percentiles } from '../support/stats.ts';

export interface PartnersFigures {
  deliveries: {
    count: number;
    /** Events published → every delivery received once (by webhook-id). */
    seconds: number;
    perSecond: number;
    /** Event published → its delivery received. */
    latencyMs: Percentiles;
    concurrency: number;
  };
  export: {
    reviews: number;
    rows: number;
    bytes: number;
    /** POST /v1/exports answered → GET /v1/jobs/{id} says succeeded (polled every 50 ms). */
    ms: number;
    /** Exports run before one held every review (the projection was still catching up). */
    runs: number;
  };
}

const RECEIVER_HOST = '127.0.0.2';
const rounded = ({ p50, p95, p99, max }: Percentiles): Percentiles => ({
  p50: round(p50, 1),
  p95: round(p95, 1),
  p99: round(p99, 1),
  max: round(max, 1),
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A small client of the gateway's public API for an admin. */
class Admin {
  #token = '';
  constructor(private readonly origin: string) {}

  async call<T>(method: string, path: string, body?: unknown, expected = 200): Promise<T> {
    const response = await fetch(`${this.origin}${path}`, {
      method,
      headers: {
        ...(this.#token ? { authorization: `Bearer ${this.#token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status !== expected) throw new Error(`${method} ${path} → ${response.status} ${text}`);
    return (JSON.parse(text) as { data: T }).data;
  }

  async login(): Promise<void> {
    this.#token = (
      await this.call<{ accessToken: string }>('POST', '/v1/auth/login', {
        email: TEST_ADMIN.email,
        password: TEST_ADMIN.password,
      })
    ).accessToken;
  }
}

/** Runs one export and waits for it; its time, rows and size. */
async function timedExport(admin: Admin): Promise<{ ms: number; rows: number; bytes: number }> {
  const started = nowMs();
  const job = await admin.call<{ id: string }>('POST', '/v1/exports', { format: 'csv' }, 202);
  for (;;) {
    const state = await admin.call<{
      status: string;
      error?: string;
      result?: { rows: number; bytes: number };
    }>('GET', `/v1/jobs/${job.id}`);
    if (state.status === 'failed') throw new Error(`export failed: ${state.error}`);
    if (state.status === 'succeeded' && state.result)
      return { ms: nowMs() - started, rows: state.result.rows, bytes: state.result.bytes };
    await sleep(50);
  }
}

/**
 * Partners and long work, in embedded mode (one process, in-memory PGlite, the in-process bus, the test
 * system's settings and admin; no infrastructure needed): webhook deliveries per second to a local receiver on loopback (`--deliveries` camera.created
 * events published on the bus, one endpoint subscribed, until every delivery arrived once), then the time
 * of a CSV export job over `--reviews` published reviews (review events published on the bus; exports are
 * repeated until one holds them all, the projection catching up in between; the last one is reported).
 */
export const scenario: Scenario = {
  summary:
    'webhook deliveries per second to a loopback receiver, and a CSV export job over N reviews (embedded)',
  requires: [],
  options: {
    deliveries: { default: '2000', help: 'webhook deliveries to measure (one event each)' },
    reviews: { default: '10000', help: 'published reviews the export job writes' },
    concurrency: { default: '16', help: 'RCR_WEBHOOK_CONCURRENCY (deliveries in flight)' },
  },
  async run(options, context) {
    const count = intOption(options, 'deliveries');
    const reviews = intOption(options, 'reviews');
    const concurrency = intOption(options, 'concurrency');
    const receiver = await WebhookReceiver.start(RECEIVER_HOST);
    let system: EmbeddedSystem | undefined;
    try {
      context.progress('starting an embedded system');
      system = await startTestSystem({
        RCR_WEBHOOK_ALLOWED_HOSTS: RECEIVER_HOST,
        RCR_WEBHOOK_POLL: '50ms',
        RCR_WEBHOOK_CONCURRENCY: String(concurrency),
        RCR_WEBHOOK_ENDPOINT_CONCURRENCY: String(concurrency),
      });
      const bus = system.bus;
      if (!bus) throw new Error('the embedded system has no in-process bus');
      const admin = new Admin(system.gateway.url);
      await admin.login();
      await admin.call(
        'POST',
        '/v1/webhook-endpoints',
        { url: receiver.url(), events: ['camera.created'] },
        201,
      );

      // Deliveries: one camera.created event per delivery (the cameras the reviews refer to below).
      const factory = new EventFactory({ cameras: count, editors: 4 });
      const sentAt = new Map<string, number>();
      context.progress(`publishing ${count} camera.created events`);
      const started = nowMs();
      for (const event of factory.setup) {
        if (event.type === 'camera.created') sentAt.set(event.subject, Date.now());
        await bus.publish(event);
      }
      const latencies = new Map<string, number>();
      while (latencies.size < count) {
        for (const request of receiver.received) {
          if (latencies.has(request.id)) continue;
          const { data } = JSON.parse(request.body) as { data: { cameraId: string } };
          latencies.set(request.id, request.at - (sentAt.get(data.cameraId) ?? request.at));
        }
        if (nowMs() - started > 10 * 60_000) throw new Error(`only ${latencies.size} of ${count} deliveries`);
        await sleep(20);
      }
      const seconds = (nowMs() - started) / 1000;
      context.progress(`${count} deliveries in ${seconds.toFixed(1)} s`);

      // Export: the reviews reach the jobs service's projection through the bus, then one CSV job.
      context.progress(`publishing ${reviews} review.published events`);
      for (const event of factory.reviews(reviews)) await bus.publish(event);
      let runs = 0;
      let last = { ms: 0, rows: 0, bytes: 0 };
      while (last.rows < reviews) {
        if (runs > 0) await sleep(1000);
        last = await timedExport(admin);
        runs += 1;
        context.progress(`export ${runs}: ${last.rows} rows in ${last.ms.toFixed(0)} ms`);
        if (runs > 120) throw new Error(`the export never held the ${reviews} reviews (last: ${last.rows})`);
      }

      const figures: PartnersFigures = {
        deliveries: {
          count,
          seconds: round(seconds, 2),
          perSecond: round(count / seconds, 1),
          latencyMs: rounded(percentiles([...latencies.values()])),
          concurrency,
        },
        export: { reviews, rows: last.rows, bytes: last.bytes, ms: round(last.ms, 0), runs },
      };
      return {
        tables: [
          {
            title: 'Webhook deliveries to a loopback receiver',
            columns: ['deliveries', 'seconds', 'per second', 'latency p50 ms', 'p95', 'max'],
            rows: [
              [
                count,
                figures.deliveries.seconds,
                figures.deliveries.perSecond,
                figures.deliveries.latencyMs.p50,
                figures.deliveries.latencyMs.p95,
                figures.deliveries.latencyMs.max,
              ],
            ],
          },
          {
            title: 'CSV export job',
            columns: ['reviews', 'rows', 'bytes', 'ms'],
            rows: [[reviews, last.rows, last.bytes, figures.export.ms]],
          },
        ],
        figures,
      };
    } finally {
      await system?.stop();
      await receiver.close();
    }
  },
};
