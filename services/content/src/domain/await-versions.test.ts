import { newEvent } from '@rcr/platform';
import { describe, expect, it } from 'vitest';
import {
  MAX_WAIT_MS,
  parseAwaitRequest,
  VersionNotifier,
  watermarkOf,
  type Watermark,
} from './await-versions.ts';

describe('parseAwaitRequest', () => {
  it('when the timeout is out of range, then it is clamped to 0–5000 ms', () => {
    expect(parseAwaitRequest({ timeoutMs: 60_000 }).timeoutMs).toBe(MAX_WAIT_MS);
    expect(parseAwaitRequest({ timeoutMs: -5 }).timeoutMs).toBe(0);
    expect(parseAwaitRequest({}).timeoutMs).toBe(0);
  });

  it('when watermarks are well formed, then they are kept', () => {
    const watermarks = [
      { kind: 'review', id: 'r1', version: 3 },
      { kind: 'camera', id: 'c1', version: 0 },
    ];
    expect(parseAwaitRequest({ watermarks, timeoutMs: 100 })).toEqual({ watermarks, timeoutMs: 100 });
  });

  it.each([
    [{ kind: 'editor', id: 'e1', version: 1 }],
    [{ kind: 'review', id: '', version: 1 }],
    [{ kind: 'review', id: 'r1', version: -1 }],
  ])('when a watermark is %j, then it is VALIDATION_FAILED on watermarks', (watermark) => {
    expect(() => parseAwaitRequest({ watermarks: [watermark] })).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        fields: [expect.objectContaining({ field: 'watermarks' })],
      }),
    );
  });
});

describe('watermarkOf', () => {
  it('when a review or camera event is applied, then its entity and version are the watermark; an editor event (no version) is its own', () => {
    const review = newEvent('reviews', 'review.deleted', 'r1', {
      reviewId: 'r1',
      cameraId: 'c1',
      authorId: 'a1',
      version: 4,
    });
    const camera = newEvent('reviews', 'camera.deleted', 'c1', { cameraId: 'c1', version: 2 });
    const editor = newEvent('identity', 'editor.updated', 'e1', {
      editorId: 'e1',
      name: 'Ana',
      role: 'editor',
      active: true,
    });

    expect(watermarkOf(review)).toEqual({ kind: 'review', id: 'r1', version: 4 });
    expect(watermarkOf(camera)).toEqual({ kind: 'camera', id: 'c1', version: 2 });
    expect(watermarkOf(editor)).toEqual({ kind: 'event', id: editor.id, version: 0 });
  });
});

/** A read model in memory whose reads are counted: `kind:id` → applied version. */
function fakeReadModel(initial: Record<string, number> = {}) {
  const stored = new Map(Object.entries(initial));
  const model = {
    reads: 0,
    stored,
    read: async (entities: readonly Watermark[]): Promise<Watermark[]> => {
      model.reads++;
      return entities.flatMap((e) => {
        const version = stored.get(`${e.kind}:${e.id}`);
        return version === undefined ? [] : [{ kind: e.kind, id: e.id, version }];
      });
    },
  };
  return model;
}

const review = (id: string, version: number): Watermark => ({ kind: 'review', id, version });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('VersionNotifier', () => {
  it('when the versions are already applied, then it answers reached after one read, even with no time to wait', async () => {
    const model = fakeReadModel({ 'review:r1': 3, 'camera:c1': 1 });
    const notifier = new VersionNotifier(model.read);

    const outcome = await notifier.wait([review('r1', 2), { kind: 'camera', id: 'c1', version: 1 }], 0);

    expect(outcome).toBe('reached');
    expect(model.reads).toBe(1);
  });

  it('when the projection reports the version while waiting, then the wait ends at once, without re-reading', async () => {
    const model = fakeReadModel({ 'review:r1': 1 });
    const notifier = new VersionNotifier(model.read, { recheckEveryMs: 10_000 });
    const started = Date.now();

    const waiting = notifier.wait([review('r1', 2)], 4000);
    await sleep(30);
    notifier.applied(review('r1', 2));

    expect(await waiting).toBe('reached');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(model.reads).toBe(1);
    expect(notifier.waiting).toBe(0);
  });

  it('when an older version or another entity is reported, then the wait goes on until the one it needs', async () => {
    const notifier = new VersionNotifier(fakeReadModel().read, { recheckEveryMs: 10_000 });
    let outcome: string | undefined;

    const waiting = notifier.wait([review('r1', 3), review('r2', 1)], 4000).then((o) => (outcome = o));
    await sleep(10);
    notifier.applied(review('r1', 2));
    notifier.applied(review('r9', 5));
    notifier.applied(review('r2', 1));
    await sleep(10);
    expect(outcome).toBeUndefined();
    notifier.applied(review('r1', 4));

    await waiting;
    expect(outcome).toBe('reached');
  });

  it('when the version is applied elsewhere (no report), then the periodic re-read finds it', async () => {
    const model = fakeReadModel();
    const notifier = new VersionNotifier(model.read, { recheckEveryMs: 40 });

    const waiting = notifier.wait([review('r1', 1)], 4000);
    await sleep(10);
    model.stored.set('review:r1', 1);

    expect(await waiting).toBe('reached');
    expect(model.reads).toBeLessThanOrEqual(3);
  });

  it('when the version never arrives, then it answers timeout at the deadline, reading once per re-check interval', async () => {
    const model = fakeReadModel();
    const notifier = new VersionNotifier(model.read, { recheckEveryMs: 50 });
    const started = Date.now();

    expect(await notifier.wait([review('r1', 99)], 300)).toBe('timeout');

    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    // One read at the start, then at most one per 50 ms.
    expect(model.reads).toBeLessThanOrEqual(1 + 300 / 50);
  });

  it('when many wait for versions that never arrive, then the re-checks are shared: one read per interval for all', async () => {
    const model = fakeReadModel();
    const notifier = new VersionNotifier(model.read, { recheckEveryMs: 50 });

    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => notifier.wait([review(`r${i}`, 1)], 300)),
    );

    expect(outcomes.every((o) => o === 'timeout')).toBe(true);
    // 20 first reads, plus one shared re-read per interval (the polling it replaces read 20 × 20 times).
    expect(model.reads).toBeLessThanOrEqual(20 + 300 / 50);
  });

  it('when more waits than the bound are held, then the excess answers busy at once after one read', async () => {
    const model = fakeReadModel({ 'review:done': 1 });
    const notifier = new VersionNotifier(model.read, { maxWaits: 2, recheckEveryMs: 10_000 });
    const held = [notifier.wait([review('a', 1)], 2000), notifier.wait([review('b', 1)], 2000)];
    await sleep(10);
    const started = Date.now();

    expect(await notifier.wait([review('c', 1)], 2000)).toBe('busy');
    // A version already applied is still answered truthfully.
    expect(await notifier.wait([review('done', 1)], 2000)).toBe('reached');
    expect(Date.now() - started).toBeLessThan(500);

    notifier.applied(review('a', 1));
    notifier.applied(review('b', 1));
    expect(await Promise.all(held)).toEqual(['reached', 'reached']);
    expect(notifier.waiting).toBe(0);
  });

  it('when a version is reported between the first read and the wait, then it is not missed', async () => {
    // The report lands while the first read is in flight (it read "not yet").
    const read = async () => {
      notifier.applied(review('r1', 1));
      return [];
    };
    const notifier = new VersionNotifier(read, { recheckEveryMs: 10_000 });

    expect(await notifier.wait([review('r1', 1)], 1000)).toBe('reached');
  });

  it('when it is closed, then every wait ends as timeout', async () => {
    const notifier = new VersionNotifier(fakeReadModel().read, { recheckEveryMs: 10_000 });
    const waiting = notifier.wait([review('r1', 1)], 5000);
    await sleep(10);

    notifier.close();

    expect(await waiting).toBe('timeout');
  });
});
