import { describe, expect, it } from 'vitest';
import { AfterNow } from './after-now.ts';

/** A run that records when it started and ends when told. */
function controlledWork() {
  const runs: { startedAt: number; finish: () => void; fail: (err: Error) => void }[] = [];
  let clock = 0;
  const work = () =>
    new Promise<void>((resolve, reject) => {
      runs.push({ startedAt: ++clock, finish: resolve, fail: reject });
    });
  return { runs, work, tick: () => ++clock };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('AfterNow', () => {
  it('when calls arrive while a run is under way, then they share one next run that starts after the current one ends', async () => {
    const { runs, work, tick } = controlledWork();
    const afterNow = new AfterNow(work);
    const first = afterNow.run();
    const calledAt = tick();
    const waiting = [afterNow.run(), afterNow.run(), afterNow.run()];
    expect(runs).toHaveLength(1); // never two at once
    runs[0]!.finish();
    await first;
    await settle();
    expect(runs).toHaveLength(2);
    // The shared run began after the calls were made: what they react to is covered.
    expect(runs[1]!.startedAt).toBeGreaterThan(calledAt);
    let done = false;
    void Promise.all(waiting).then(() => (done = true));
    await settle();
    expect(done).toBe(false); // not answered by the run that was under way when they called
    runs[1]!.finish();
    await Promise.all(waiting);
    expect(runs).toHaveLength(2);
  });

  it('when nothing is running, then a call starts a run at once and the next idle call another', async () => {
    const { runs, work } = controlledWork();
    const afterNow = new AfterNow(work);
    const one = afterNow.run();
    runs[0]!.finish();
    await one;
    const two = afterNow.run();
    expect(runs).toHaveLength(2);
    runs[1]!.finish();
    await two;
  });

  it('when a run fails, then its callers see the error and the callers waiting for the next run still get one', async () => {
    const { runs, work } = controlledWork();
    const afterNow = new AfterNow(work);
    const failing = afterNow.run();
    const next = afterNow.run();
    runs[0]!.fail(new Error('redis away'));
    await expect(failing).rejects.toThrow('redis away');
    await settle();
    expect(runs).toHaveLength(2);
    runs[1]!.finish();
    await expect(next).resolves.toBeUndefined();
  });
});
