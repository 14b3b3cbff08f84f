import { EventFactory } from '../support/events.ts';
import { nowMs, PacedPublisher, publishBurst, type Sent } from '../support/publisher.ts';
import { machineSnapshot, type MachineSnapshot } from '../support/report.ts';
import {
  choiceListOption,
  durationOption,
  intOption,
  type Scenario,
  type ScenarioContext,
} from '../support/scenario.ts';
import { formatSpread, percentile, round, spread, type Spread } from '../support/stats.ts';
import { BenchSystem, type ConsumerState, type LedgerEntry } from '../support/system.ts';
import { caughtUpAt, histogram, prefixes, type Point } from '../support/timeline.ts';

const SIGNALS = ['kill', 'term'] as const;
type SignalName = (typeof SIGNALS)[number];
const SIGNAL_OF: Record<SignalName, NodeJS.Signals> = { kill: 'SIGKILL', term: 'SIGTERM' };

/** p50 and p99 of the per-event lag in a steady phase (null when the phase had no events). */
interface SteadyLag {
  p50: number | null;
  p99: number | null;
  events: number;
}

/** One stop and immediate restart of content while events keep coming (times in ms). */
export interface RecoveryMeasurement {
  run: number;
  signal: NodeJS.Signals;
  load: MachineSnapshot;
  ratePerSecond: number;
  published: number;
  /** Signal sent → the old process exited (SIGKILL: the OS tearing it down; SIGTERM: the graceful drain). */
  stopMs: number;
  /** Old process exited → the new one serves (migrated, subscribed, gRPC SERVING). */
  startupMs: number;
  /** Old process exited → the new one applied its first event. */
  firstApplyMs: number;
  /** New one serves → the read model complete again (backlog lag back within `steadyBacklogLagMs`). */
  catchUpMs: number | null;
  /** Signal → the read model complete again (stop + start-up + catch-up). */
  recoveryMs: number | null;
  /** Events the new process applied per second while catching up (backlog and new events). */
  catchUpAppliedPerSecond: number | null;
  /** The p99 backlog lag of the steady stream before the signal: "complete again" means back within it. */
  steadyBacklogLagMs: number;
  /** Events published before the signal that the old process did not apply (held, or not yet fetched). */
  pendingAtSignal: number;
  /** Signal → the last of those pending events applied (null when none was pending). */
  lastPendingMs: number | null;
  /** The new process's first apply → the last pending event applied (> 0: they waited, e.g. the ack wait). */
  pendingAfterResumeMs: number | null;
  /** Events published before the new process served and applied after (the backlog it caught up). */
  backlogAtServing: number;
  /** Per-event lag in the warm-up's second half (events applied before the signal), and once complete again. */
  lagBeforeMs: SteadyLag;
  lagAfterMs: SteadyLag;
  /**
   * content's consumer as NATS saw it once the old process was gone, and when the new one served: events
   * still held by the dead member count in `ackPending` until the ack wait runs out, and while
   * `ackPending` is at `maxAckPending` the group gets nothing new.
   */
  consumerAtExit: ConsumerState | null;
  consumerAtServing: ConsumerState | null;
  /** Events first applied in each half second from the old process's exit to the end of the stream. */
  appliedPerHalfSecond: number[];
  redelivered: number;
  duplicateEffects: number;
}

/** The recovery scenario's figures: every measurement and the spread per signal. */
export interface RecoveryFigures {
  measurements: RecoveryMeasurement[];
  summary: {
    signal: NodeJS.Signals;
    stopMs: Spread;
    startupMs: Spread;
    catchUpMs: Spread;
    recoveryMs: Spread;
  }[];
}

interface Settings {
  rate: number;
  warmupMs: number;
  tailMs: number;
  cameras: number;
  editors: number;
  timeoutMs: number;
}

function steadyLag(points: readonly Point[]): SteadyLag {
  const lags = points.map((p) => p.appliedAt - p.at);
  return {
    p50: lags.length > 0 ? round(percentile(lags, 50), 1) : null,
    p99: lags.length > 0 ? round(percentile(lags, 99), 1) : null,
    events: lags.length,
  };
}

const roundOrNull = (value: number | null) => (value === null ? null : round(value, 1));

/**
 * The p99 backlog lag of the events published since `from` that are complete now (every event before
 * them applied too): how far behind the read model runs in a steady stream.
 */
function steadyBacklogLag(
  sent: readonly Sent[],
  ledger: Map<string, LedgerEntry>,
  from: number,
): number | undefined {
  const points: Point[] = [];
  for (const s of [...sent].sort((a, b) => a.at - b.at)) {
    const entry = ledger.get(s.id);
    if (!entry) break; // later events are not complete yet
    points.push({ at: s.at, appliedAt: entry.appliedAt });
  }
  const lags = prefixes(points)
    .filter((p) => p.at >= from)
    .map((p) => p.completeAt - p.at);
  return lags.length === 0 ? undefined : percentile(lags, 99);
}

async function measure(
  run: number,
  signal: NodeJS.Signals,
  contentEnv: Record<string, string>,
  settings: Settings,
  context: ScenarioContext,
): Promise<RecoveryMeasurement> {
  const system = await BenchSystem.open(contentEnv);
  let publisher: PacedPublisher | undefined;
  try {
    await system.startContent();
    const factory = new EventFactory(settings);
    await publishBurst(system.bus, factory.setup);
    await system.waitApplied(factory.setup.length, settings.timeoutMs);
    const load = machineSnapshot();
    publisher = new PacedPublisher(system.bus, settings.rate, () => factory.review());
    publisher.start();
    await new Promise((r) => setTimeout(r, settings.warmupMs));
    // What "complete" means in this stream: the backlog lag it has in steady state (warm-up's second half).
    const steadyFrom = nowMs() - settings.warmupMs / 2;
    // On a busy machine nothing may be applied yet of the warm-up's second half: the warm-up goes on
    // until something is (the stream is steady), within the run's timeout.
    const warmedBy = nowMs() + settings.timeoutMs;
    let steadyLagLimit: number | undefined;
    while (steadyLagLimit === undefined) {
      if (nowMs() > warmedBy)
        throw new Error("no event was applied in the warm-up's second half: not a steady stream");
      steadyLagLimit = steadyBacklogLag(publisher.sentBefore(nowMs()), await system.ledger(), steadyFrom);
      if (steadyLagLimit === undefined) await new Promise((r) => setTimeout(r, 200));
    }
    context.progress(`run ${run}, ${signal}: stopping content after ${publisher.count} events`);
    const stop = await system.stopContent(signal);
    const consumerAtExit = await system.consumerState();
    const restart = await system.startContent();
    const consumerAtServing = await system.consumerState();
    // The stream goes on until everything published more than the steady backlog lag ago is applied (the
    // read model is complete again), then `tail` more, to measure the lag after recovery.
    const unconfirmed = new Set<string>();
    let checked = 0;
    for (;;) {
      const due = publisher.sentBefore(nowMs() - steadyLagLimit);
      for (const s of due.slice(checked)) unconfirmed.add(s.id);
      checked = due.length;
      for (const id of await system.appliedOf([...unconfirmed])) unconfirmed.delete(id);
      if (unconfirmed.size === 0 && nowMs() > restart.servingAt) break;
      if (nowMs() > restart.servingAt + settings.timeoutMs) {
        throw new Error(`the read model was not complete ${settings.timeoutMs} ms after the restart`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    await new Promise((r) => setTimeout(r, settings.tailMs));
    const sent = await publisher.stop();
    await system.waitApplied(factory.setup.length + sent.length, settings.timeoutMs);
    const ledger = await system.ledger();
    const points: Point[] = sent.map((s) => {
      const entry = ledger.get(s.id);
      if (!entry) throw new Error(`event ${s.id} is not in the ledger`);
      return { at: s.at, appliedAt: entry.appliedAt };
    });
    // Nothing published after the old process exited can have been applied by it.
    const complete = caughtUpAt(prefixes(points), stop.exitedAt, steadyLagLimit);
    const pending = points.filter((p) => p.at < stop.signalledAt && p.appliedAt > stop.exitedAt);
    const lastPending = pending.length > 0 ? Math.max(...pending.map((p) => p.appliedAt)) : null;
    const firstByNew = Math.min(...points.map((p) => p.appliedAt).filter((at) => at > stop.exitedAt));
    const catchUpMs = complete === null ? null : complete - restart.servingAt;
    const drained =
      complete === null
        ? 0
        : points.filter((p) => p.appliedAt >= restart.servingAt && p.appliedAt <= complete).length;
    let duplicateEffects = 0;
    for (const entry of ledger.values()) if (entry.rows > 1) duplicateEffects += 1;
    const measurement: RecoveryMeasurement = {
      run,
      signal,
      load,
      ratePerSecond: settings.rate,
      published: sent.length,
      stopMs: round(stop.exitedAt - stop.signalledAt, 1),
      startupMs: round(restart.servingAt - stop.exitedAt, 1),
      firstApplyMs: round(firstByNew - stop.exitedAt, 1),
      catchUpMs: roundOrNull(catchUpMs),
      recoveryMs: roundOrNull(complete === null ? null : complete - stop.signalledAt),
      catchUpAppliedPerSecond:
        catchUpMs === null || catchUpMs <= 0 ? null : round((drained * 1000) / catchUpMs),
      steadyBacklogLagMs: round(steadyLagLimit, 1),
      pendingAtSignal: pending.length,
      lastPendingMs: roundOrNull(lastPending === null ? null : lastPending - stop.signalledAt),
      pendingAfterResumeMs: roundOrNull(lastPending === null ? null : lastPending - firstByNew),
      backlogAtServing: points.filter((p) => p.at < restart.servingAt && p.appliedAt > restart.servingAt)
        .length,
      lagBeforeMs: steadyLag(points.filter((p) => p.at >= steadyFrom && p.appliedAt < stop.signalledAt)),
      lagAfterMs: steadyLag(complete === null ? [] : points.filter((p) => p.at > complete)),
      consumerAtExit,
      consumerAtServing,
      appliedPerHalfSecond: histogram(
        points.map((p) => p.appliedAt),
        stop.exitedAt,
        500,
      ),
      redelivered: await system.redelivered(),
      duplicateEffects,
    };
    context.progress(
      `run ${run}, ${signal}: start-up ${measurement.startupMs} ms, catch-up ${measurement.catchUpMs ?? 'not reached (raise --tail)'} ms`,
    );
    return measurement;
  } finally {
    // A run that failed midway stops its stream before the bus closes: else the next publish fails on the
    // closed connection and that error, not the run's own, ends the process.
    await publisher?.stop().catch(() => undefined);
    await system.close();
  }
}

/**
 * Recovery: content consumes a steady stream of review events; it is stopped (SIGKILL, or SIGTERM) and
 * restarted at once while events keep coming; measured until the read model is complete again (behind by
 * no more than in the steady stream before), split into stop, process start-up and catch-up.
 */
export const scenario: Scenario = {
  summary: 'time for a killed (or stopped) content process to be back and the read model complete again',
  requires: ['PostgreSQL', 'NATS'],
  options: {
    rate: { default: '50', help: 'review.published events per second, published throughout' },
    warmup: { default: '3s', help: 'steady stream before the signal' },
    tail: { default: '2s', help: 'the stream goes on this long after the read model is complete again' },
    signals: { default: 'kill,term', help: 'kill (SIGKILL) and/or term (SIGTERM, graceful)' },
    runs: { default: '2', help: 'repetitions of every signal, interleaved (the spread shows the noise)' },
    'in-flight': { default: '', help: 'RCR_BUS_MAX_IN_FLIGHT of content (empty: its default)' },
    'ack-wait': { default: '', help: 'RCR_BUS_ACK_WAIT of content (empty: its default)' },
    cameras: { default: '50', help: 'cameras the reviews are spread over' },
    editors: { default: '10', help: 'editors who wrote them' },
    timeout: { default: '5m', help: 'give up when the ledger is not complete after this' },
  },
  async run(options, context) {
    const settings: Settings = {
      rate: intOption(options, 'rate'),
      warmupMs: durationOption(options, 'warmup'),
      tailMs: durationOption(options, 'tail'),
      cameras: intOption(options, 'cameras'),
      editors: intOption(options, 'editors'),
      timeoutMs: durationOption(options, 'timeout'),
    };
    const signals = choiceListOption(options, 'signals', SIGNALS).map((name) => SIGNAL_OF[name]);
    const runs = intOption(options, 'runs');
    const contentEnv: Record<string, string> = {};
    if (options['in-flight']) contentEnv.RCR_BUS_MAX_IN_FLIGHT = String(intOption(options, 'in-flight'));
    if (options['ack-wait']) contentEnv.RCR_BUS_ACK_WAIT = `${durationOption(options, 'ack-wait')}ms`;
    const measurements: RecoveryMeasurement[] = [];
    for (let run = 1; run <= runs; run++) {
      for (const signal of signals) {
        measurements.push(await measure(run, signal, contentEnv, settings, context));
      }
    }
    const summary = signals.map((signal) => {
      const mine = measurements.filter((m) => m.signal === signal);
      const of = (f: (m: RecoveryMeasurement) => number | null) =>
        spread(mine.map(f).filter((v): v is number => v !== null));
      return {
        signal,
        stopMs: of((m) => m.stopMs),
        startupMs: of((m) => m.startupMs),
        catchUpMs: of((m) => m.catchUpMs),
        recoveryMs: of((m) => m.recoveryMs),
      };
    });
    const figures: RecoveryFigures = { measurements, summary };
    const cell = (value: number | null) => (value === null ? '-' : round(value));
    return {
      figures,
      tables: [
        {
          title: `Recovery: content stopped and restarted at once under ${settings.rate} review events/s (ms)`,
          columns: [
            'run',
            'signal',
            'load 1m',
            'stop',
            'start-up',
            'first apply',
            'catch-up',
            'recovery',
            'backlog',
            'catch-up/s',
            'pending',
            'held at exit',
            'last pending',
            'after resume',
            'lag p50 before',
            'lag p50 after',
            'redelivered',
            'dup effects',
          ],
          rows: measurements.map((m) => [
            m.run,
            m.signal,
            m.load.loadAverage[0] ?? 0,
            round(m.stopMs),
            round(m.startupMs),
            round(m.firstApplyMs),
            cell(m.catchUpMs),
            cell(m.recoveryMs),
            m.backlogAtServing,
            cell(m.catchUpAppliedPerSecond),
            m.pendingAtSignal,
            m.consumerAtExit ? `${m.consumerAtExit.ackPending}/${m.consumerAtExit.maxAckPending}` : '-',
            cell(m.lastPendingMs),
            cell(m.pendingAfterResumeMs),
            cell(m.lagBeforeMs.p50),
            cell(m.lagAfterMs.p50),
            m.redelivered,
            m.duplicateEffects,
          ]),
        },
        {
          title: 'Summary: median (min–max) over runs, ms',
          columns: ['signal', 'stop', 'start-up', 'catch-up', 'recovery'],
          rows: summary.map((s) => [
            s.signal,
            formatSpread(s.stopMs),
            formatSpread(s.startupMs),
            formatSpread(s.catchUpMs),
            formatSpread(s.recoveryMs),
          ]),
        },
      ],
    };
  },
};
