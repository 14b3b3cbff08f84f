import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';
import {
  counter,
  gaugeAtScrape,
  histogram,
  metricsText,
  serveMetrics,
  type MetricsServer,
} from './metrics.ts';

const log = createLogger('metrics-test', 'silent');

describe('metrics (prom-client loaded only when served)', () => {
  const requests = counter('rcr_test_requests_total', 'test requests', ['route']);
  const seconds = histogram('rcr_test_seconds', 'test durations', ['route'], [0.1, 1]);
  // Bound before prom-client is loaded: counts from then on are kept once it is.
  const early = requests.with({ route: '/a' });
  let server: MetricsServer | undefined;

  afterAll(async () => {
    await server?.close();
  });

  it('when nothing serves metrics, then counting is inert and there is no text', async () => {
    early.inc();

    expect(await metricsText()).toBe('');
    expect(await serveMetrics({ METRICS_HOST: '127.0.0.1' }, log)).toBeUndefined();
  });

  it('when served, then children bound before and after count, scrape-time gauges are read, a failing reader is left out', async () => {
    server = await serveMetrics({ METRICS_PORT: 0, METRICS_HOST: '127.0.0.1' }, log);
    const url = `http://127.0.0.1:${server?.port}`;
    early.inc(2);
    requests.with({ route: '/b' }).inc();
    seconds.with({ route: '/a' }).observe(0.5);
    const removeOk = gaugeAtScrape('rcr_test_backlog', 'test backlog', ['service'], () => [
      [{ service: 'one' }, 3],
    ]);
    gaugeAtScrape('rcr_test_backlog', 'test backlog', ['service'], async () => {
      throw new Error('database away');
    });

    const text = await (await fetch(`${url}/metrics`)).text();

    expect(text).toContain('rcr_test_requests_total{route="/a"} 2');
    expect(text).toContain('rcr_test_requests_total{route="/b"} 1');
    expect(text).toContain('rcr_test_seconds_bucket{le="1",route="/a"} 1');
    expect(text).toContain('rcr_test_backlog{service="one"} 3');
    expect(text).toContain('process_cpu_seconds_total');
    await removeOk();
    expect(await (await fetch(`${url}/metrics`)).text()).not.toContain('rcr_test_backlog{service="one"}');
    expect(() => gaugeAtScrape('rcr_test_backlog', 'other labels', ['group'], () => 1)).toThrow(/labels/);
    expect((await fetch(`${url}/other`)).status).toBe(404);
    expect((await fetch(`${url}/metrics`, { method: 'POST' })).status).toBe(405);
  });
});
