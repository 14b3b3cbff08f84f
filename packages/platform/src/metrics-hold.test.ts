import { describe, expect, it } from 'vitest';
import { counter, enableMetrics, histogram, holdMetricsUntilEnabled, metricsText } from './metrics.ts';

// A gateway that serves /metrics loads prom-client once its start is over (ADR 0034); what it counted
// before then must still be in the figures, which count from the start.

describe('metrics held until prom-client is loaded', () => {
  it('when a process says it will enable metrics, then what it counts meanwhile is in the first scrape', async () => {
    const requests = counter('rcr_hold_requests_total', 'held requests', ['route']);
    const seconds = histogram('rcr_hold_seconds', 'held durations', ['route'], [0.1, 1]);
    const before = requests.with({ route: '/early' });
    const latency = seconds.with({ route: '/early' });
    before.inc();
    latency.observe(0.05);

    holdMetricsUntilEnabled();
    before.inc(2);
    latency.observe(0.5);
    latency.observe(2);
    // A label set bound while held, too.
    requests.with({ route: '/later' }).inc();

    await enableMetrics();
    before.inc();
    const text = await metricsText();

    // The increment made before anyone said metrics would come is not counted (no process keeps counts
    // it may never report); the ones after it are.
    expect(text).toContain('rcr_hold_requests_total{route="/early"} 3');
    expect(text).toContain('rcr_hold_requests_total{route="/later"} 1');
    expect(text).toContain('rcr_hold_seconds_count{route="/early"} 2');
    expect(text).toContain('rcr_hold_seconds_bucket{le="1",route="/early"} 1');
  });
});
