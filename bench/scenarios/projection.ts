import { cpuWindow, type CpuWindow } from '../support/cpu.ts';
import { EventFactory } from '../support/events.ts';
import { publishBurst } from '../support/publisher.ts';
import { machineSnapshot, type MachineSnapshot } from '../support/report.ts';
import {
  durationOption,
  intListOption,
  intOption,
  type Scenario,
  type ScenarioContext,
} from '../support/scenario.ts';
import { formatSpread, percentiles, round, spread, type Percentiles, type Spread } from '../support/stats.ts';
import { BenchSystem } from '../support/system.ts';

/** One burst drained by one content process with one `RCR_BUS_MAX_IN_FLIGHT`. */
export interface ProjectionMeasurement {
  run: number;
  inFlight: number;
  events: number;
  load: MachineSnapshot;
  /** Publish calls started → the bus acknowledged the last one (ms), and its rate. */
  publishMs: number;
  publishedPerSecond: number;
  /** First publish → the last event in the ledger (ms), and events applied per second over it. */
  drainMs: number;
  appliedPerSecond: number;
  /** Per-event lag, publish call → `applied_at` (ms). */
  lagMs: Percentiles;
  /** From the first publish until the ledger was complete: the machine's busy share, content's CPU use. */
  cpu: CpuWindow;
  /** Events the inbox saw again (redeliveries) and event ids with more than one ledger row (must be 0). */
  redelivered: number;
  duplicateEffects: number;
}

/** The projection scenario's figures: every measurement, and the spread per in-flight setting. */
export interface ProjectionFigures {
  measurements: ProjectionMeasurement[];
  summary: {
    inFlight: number;
    appliedPerSecond: Spread;
    lagP50Ms: Spread;
    lagP95Ms: Spread;
    lagP99Ms: Spread;
  }[];
}

async function measure(
  run: number,
  inFlight: number,
  options: { events: number; cameras: number; editors: number; concurrency: number; timeoutMs: number },
  context: ScenarioContext,
): Promise<ProjectionMeasurement> {
  const system = await BenchSystem.open({ RCR_BUS_MAX_IN_FLIGHT: String(inFlight) });
  try {
    const content = await system.startContent();
    const factory = new EventFactory(options);
    // The catalogue first, outside the timed window: reviews are what is measured.
    await publishBurst(system.bus, factory.setup, options.concurrency);
    await system.waitApplied(factory.setup.length, options.timeoutMs);
    const reviews = factory.reviews(options.events);
    const load = machineSnapshot();
    context.progress(`run ${run}, in-flight ${inFlight}: publishing ${options.events} review events`);
    const cpu = cpuWindow(content.process.child.pid);
    const burst = await publishBurst(system.bus, reviews, options.concurrency);
    await system.waitApplied(factory.setup.length + options.events, options.timeoutMs);
    const cpuUse = cpu.end();
    const ledger = await system.ledger();
    const lags: number[] = [];
    let lastApplied = 0;
    let duplicateEffects = 0;
    for (const sent of burst.sent) {
      const entry = ledger.get(sent.id);
      if (!entry) throw new Error(`event ${sent.id} is not in the ledger`);
      lags.push(entry.appliedAt - sent.at);
      lastApplied = Math.max(lastApplied, entry.appliedAt);
    }
    for (const entry of ledger.values()) if (entry.rows > 1) duplicateEffects += 1;
    const publishMs = burst.finishedAt - burst.startedAt;
    const drainMs = lastApplied - burst.startedAt;
    const measurement: ProjectionMeasurement = {
      run,
      inFlight,
      events: options.events,
      load,
      publishMs: round(publishMs, 1),
      publishedPerSecond: round((options.events * 1000) / publishMs),
      drainMs: round(drainMs, 1),
      appliedPerSecond: round((options.events * 1000) / drainMs),
      lagMs: mapValues(percentiles(lags), (v) => round(v, 1)),
      cpu: cpuUse,
      redelivered: await system.redelivered(),
      duplicateEffects,
    };
    context.progress(
      `run ${run}, in-flight ${inFlight}: ${measurement.appliedPerSecond} events/s, lag p50 ${measurement.lagMs.p50} ms`,
    );
    return measurement;
  } finally {
    await system.close();
  }
}

function mapValues<T extends object>(object: T, f: (v: number) => number): T {
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, f(v as number)])) as T;
}

/**
 * Projection throughput: a burst of `review.published` events (distinct reviews) published straight to
 * NATS while content runs as its own process; measured until content's applied-events ledger holds them
 * all, for each `RCR_BUS_MAX_IN_FLIGHT` asked for, each on a fresh database and namespace.
 */
export const scenario: Scenario = {
  summary: 'events applied per second and per-event lag of the content projection (distributed mode)',
  requires: ['PostgreSQL', 'NATS'],
  options: {
    events: { default: '5000', help: 'review.published events in the timed burst' },
    cameras: { default: '50', help: 'cameras the reviews are spread over (camera.created events)' },
    editors: { default: '10', help: 'editors who wrote them (editor.registered events)' },
    'in-flight': {
      default: '1,64',
      help: 'RCR_BUS_MAX_IN_FLIGHT values to compare (1 = one event at a time, as before ADR 0010)',
    },
    runs: { default: '2', help: 'repetitions of every setting, interleaved (the spread shows the noise)' },
    concurrency: { default: '64', help: 'publish calls the benchmark keeps outstanding' },
    timeout: { default: '10m', help: 'give up when the ledger is not complete after this' },
  },
  async run(options, context) {
    const settings = {
      events: intOption(options, 'events'),
      cameras: intOption(options, 'cameras'),
      editors: intOption(options, 'editors'),
      concurrency: intOption(options, 'concurrency'),
      timeoutMs: durationOption(options, 'timeout'),
    };
    const inFlights = intListOption(options, 'in-flight');
    const runs = intOption(options, 'runs');
    const measurements: ProjectionMeasurement[] = [];
    for (let run = 1; run <= runs; run++) {
      for (const inFlight of inFlights) measurements.push(await measure(run, inFlight, settings, context));
    }
    const summary = inFlights.map((inFlight) => {
      const mine = measurements.filter((m) => m.inFlight === inFlight);
      return {
        inFlight,
        appliedPerSecond: spread(mine.map((m) => m.appliedPerSecond)),
        lagP50Ms: spread(mine.map((m) => m.lagMs.p50)),
        lagP95Ms: spread(mine.map((m) => m.lagMs.p95)),
        lagP99Ms: spread(mine.map((m) => m.lagMs.p99)),
      };
    });
    const figures: ProjectionFigures = { measurements, summary };
    return {
      figures,
      tables: [
        {
          title: `Projection: ${settings.events} review.published events, burst, content in its own process`,
          columns: [
            'run',
            'in-flight',
            'load 1m',
            'publish/s',
            'applied/s',
            'lag p50 ms',
            'p95 ms',
            'p99 ms',
            'max ms',
            'busy %',
            'content CPU %',
            'redelivered',
            'dup effects',
          ],
          rows: measurements.map((m) => [
            m.run,
            m.inFlight,
            m.load.loadAverage[0] ?? 0,
            m.publishedPerSecond,
            m.appliedPerSecond,
            round(m.lagMs.p50),
            round(m.lagMs.p95),
            round(m.lagMs.p99),
            round(m.lagMs.max),
            m.cpu.machineBusyPercent,
            m.cpu.processPercent ?? '-',
            m.redelivered,
            m.duplicateEffects,
          ]),
        },
        {
          title: 'Summary: median (min–max) over runs',
          columns: ['in-flight', 'applied/s', 'lag p50 ms', 'lag p95 ms', 'lag p99 ms'],
          rows: summary.map((s) => [
            s.inFlight,
            formatSpread(s.appliedPerSecond),
            formatSpread(s.lagP50Ms),
            formatSpread(s.lagP95Ms),
            formatSpread(s.lagP99Ms),
          ]),
        },
      ],
    };
  },
};
