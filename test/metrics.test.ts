import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayConfigSchema, startGateway } from '@rcr/gateway';
import { createLogger, loadConfig } from '@rcr/platform';
import { ApiClient, cameraBody } from './support/client.ts';
import { startDistributedSystem, type DistributedSystem } from './support/distributed.ts';
import { eventually } from './support/eventually.ts';
import { TEST_ADMIN } from './support/flow.ts';
import { distributedAvailable } from './support/infra.ts';
import {
  familyOf,
  metricNamesIn,
  parsePrometheusText,
  sampleValue,
  type Family,
} from './support/prometheus.ts';

const available = await distributedAvailable('metrics (distributed)');

/** Scrapes one process's /metrics and parses it strictly (throws on any malformed line). */
async function scrape(url: string): Promise<Map<string, Family>> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await response.text());
}

const REVIEWS = 'rcr.reviews.v1.ReviewsService';

/**
 * Prometheus metrics in distributed mode (ADR 0027): each process serves its own /metrics on METRICS_PORT;
 * real requests and events move the counters of the processes that handled them.
 */
describe.skipIf(!available)('Prometheus metrics (distributed)', () => {
  let system: DistributedSystem;
  let api: ApiClient;
  let token: string;

  beforeAll(async () => {
    system = await startDistributedSystem(1);
    api = new ApiClient(system.gateways[0]?.url as string);
    token = (await api.login(TEST_ADMIN.email, TEST_ADMIN.password)).accessToken;
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
  });

  it('when a camera is created and read, then the gateway, the reviews service and the content consumer each count their part', async () => {
    const gateway = system.gateways[0]?.metricsUrl as string;
    const before = {
      gateway: await scrape(gateway),
      reviews: await scrape(system.services.reviews.metricsUrl),
      content: await scrape(system.services.content.metricsUrl),
    };
    const http = { route: '/v1/cameras', method: 'POST', status_class: '2xx' };
    const server = { service: REVIEWS, method: 'CreateCamera', code: 'OK' };
    const client = { upstream: REVIEWS, method: 'CreateCamera', code: 'OK' };
    const published = { type: 'camera.created', outcome: 'ok' };
    const consumed = { group: 'content', outcome: 'ack' };
    const count = (families: Map<string, Family>, name: string, labels: Record<string, string>) =>
      sampleValue(families, name, labels) ?? 0;

    const camera = await api.must<{ id: string }>('POST', '/v1/cameras', cameraBody(), token, 201);
    // Read from the read model: 200 once projected, 404 before; either way one request of that route.
    const read = await api.request('GET', `/v1/cameras/${camera.id}`);
    const readClass = `${String(read.status)[0]}xx`;

    // The access hook runs once the answer is sent: the client may see the answer a moment before.
    let after = before.gateway;
    await eventually(async () => {
      after = await scrape(gateway);
      expect(count(after, 'rcr_http_requests_total', http)).toBe(
        count(before.gateway, 'rcr_http_requests_total', http) + 1,
      );
      // The route template, never the raw URL: an id in a label would make one series per camera.
      expect(
        count(after, 'rcr_http_requests_total', {
          route: '/v1/cameras/:id',
          method: 'GET',
          status_class: readClass,
        }),
      ).toBe(1);
    });
    expect(count(after, 'rcr_grpc_client_handled_total', client)).toBe(
      count(before.gateway, 'rcr_grpc_client_handled_total', client) + 1,
    );
    expect(JSON.stringify(after.get('rcr_http_requests_total'))).not.toContain(camera.id);
    expect(
      sampleValue(after, 'rcr_http_request_duration_seconds_count', { route: '/v1/cameras', method: 'POST' }),
    ).toBeGreaterThanOrEqual(1);

    const reviews = await scrape(system.services.reviews.metricsUrl);
    expect(count(reviews, 'rcr_grpc_server_handled_total', server)).toBe(
      count(before.reviews, 'rcr_grpc_server_handled_total', server) + 1,
    );
    // The gateway serves no gRPC of these services, and the services count no HTTP requests.
    expect(after.get('rcr_grpc_server_handled_total')?.samples ?? []).not.toContainEqual(
      expect.objectContaining({ labels: expect.objectContaining({ service: REVIEWS }) }),
    );
    expect(reviews.get('rcr_http_requests_total')).toBeUndefined();

    // The outbox relay publishes camera.created from reviews; the content service consumes it.
    await eventually(async () => {
      const relayed = await scrape(system.services.reviews.metricsUrl);
      expect(count(relayed, 'rcr_bus_published_total', published)).toBeGreaterThan(
        count(before.reviews, 'rcr_bus_published_total', published),
      );
      const content = await scrape(system.services.content.metricsUrl);
      expect(count(content, 'rcr_bus_consumed_total', consumed)).toBeGreaterThan(
        count(before.content, 'rcr_bus_consumed_total', consumed),
      );
      expect(sampleValue(content, 'rcr_bus_consumer_pending', { group: 'content' })).toBe(0);
    }, 15_000);
  }, 60_000);

  it('when an anonymous reader asks twice for the same public list, then the cache counts a miss then a hit', async () => {
    const gateway = system.gateways[0]?.metricsUrl as string;
    const lookups = (families: Map<string, Family>, result: string) =>
      sampleValue(families, 'rcr_cache_lookups_total', { tier: 'local', result }) ?? 0;
    const before = await scrape(gateway);
    // A URL nothing else in this file reads: its first lookup cannot be a hit.
    const url = '/v1/content?limit=7';

    expect((await api.request('GET', url)).status).toBe(200);
    expect((await api.request('GET', url)).status).toBe(200);

    const after = await scrape(gateway);
    expect(lookups(after, 'miss')).toBeGreaterThan(lookups(before, 'miss'));
    expect(lookups(after, 'hit')).toBeGreaterThan(lookups(before, 'hit'));
  });

  it('when outbox rows wait unpublished, then the owning service reports them as its backlog', async () => {
    const sql = new pg.Client({ connectionString: system.databaseUrl });
    await sql.connect();
    const ids = [crypto.randomUUID(), crypto.randomUUID()];
    try {
      // Claimed far ahead, so the relay leaves them alone: a backlog the relay cannot shrink.
      for (const id of ids) {
        await sql.query(
          `INSERT INTO reviews.outbox (id, type, event, claimed_until) VALUES ($1, 'camera.created', '{}', now() + interval '1 hour')`,
          [id],
        );
      }
      const families = await scrape(system.services.reviews.metricsUrl);
      expect(sampleValue(families, 'rcr_outbox_backlog', { service: 'reviews' })).toBe(2);
      const content = await scrape(system.services.content.metricsUrl);
      expect(sampleValue(content, 'rcr_outbox_backlog', { service: 'content' })).toBe(0);
    } finally {
      await sql.query('DELETE FROM reviews.outbox WHERE id = ANY($1::uuid[])', [ids]);
      await sql.end();
    }
  });

  it('when the upstreams answer, then the gateway reports every circuit breaker closed (0)', async () => {
    const breakers = (await scrape(system.gateways[0]?.metricsUrl as string)).get(
      'rcr_upstream_breaker_state',
    );
    expect(breakers?.type).toBe('gauge');
    const text = await (await fetch(system.gateways[0]?.metricsUrl as string)).text();
    for (const upstream of ['identity', 'reviews', 'content', 'jobs', 'webhooks'])
      expect(text).toContain(`rcr_upstream_breaker_state{upstream="${upstream}"} 0`);
  });

  it('when the public port is asked for /metrics, then it serves the gateway\u2019s own metrics (API.md: the gateway\u2019s operations routes are public), and not with METRICS_PUBLIC=false', async () => {
    const res = await fetch(`${system.gateways[0]?.url as string}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const families = parsePrometheusText(await res.text());
    expect(families.get('rcr_http_requests_total')?.type).toBe('counter');
    expect(families.get('rcr_upstream_breaker_state')?.type).toBe('gauge');

    const closed = await startGateway({
      config: loadConfig(gatewayConfigSchema, {
        ...system.env,
        PORT: '0',
        HOST: '127.0.0.1',
        METRICS_PUBLIC: 'false',
        RCR_INTERNAL_SIGNING_KEY: system.internalKeys.signingKey,
        RCR_CONSISTENCY_KEY: system.consistencyKey,
        IDENTITY_GRPC_URL: system.services.identity.address,
        REVIEWS_GRPC_URL: system.services.reviews.address,
        CONTENT_GRPC_URL: system.services.content.address,
        JOBS_GRPC_URL: system.services.jobs.address,
        WEBHOOKS_GRPC_URL: system.services.webhooks.address,
        MEDIA_GRPC_URL: system.services.media.address,
        PARTNER_GRPC_PORT: '0',
      }),
      log: createLogger('metrics-test', 'silent'),
    });
    try {
      const hidden = await new ApiClient(closed.url).request<{ code: string }>('GET', '/metrics');
      expect(hidden.status).toBe(404);
      expect(hidden.headers.get('content-type')).toMatch(/application\/problem\+json/);
    } finally {
      await closed.stop();
    }
  });

  it('when every process is scraped, then each exposes valid Prometheus text with its process metrics, and the Grafana dashboard queries only names they expose', async () => {
    const urls = [
      ...system.gateways.map((g) => g.metricsUrl),
      ...Object.values(system.services).map((s) => s.metricsUrl),
    ];
    const exposed = new Set<string>();
    for (const url of urls) {
      const families = await scrape(url);
      expect(families.get('process_cpu_seconds_total')?.type, url).toBe('counter');
      for (const name of families.keys()) exposed.add(name);
    }
    const dashboard = JSON.parse(
      readFileSync(path.join(import.meta.dirname, '../deploy/grafana/rcr-dashboard.json'), 'utf8'),
    ) as { panels: { targets?: { expr: string }[] }[] };
    const used = dashboard.panels.flatMap((p) => (p.targets ?? []).flatMap((t) => metricNamesIn(t.expr)));

    expect(used.length).toBeGreaterThan(10);
    expect(used.filter((name) => !familyOf(name, exposed))).toEqual([]);
  });
});
