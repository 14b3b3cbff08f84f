import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { InvalidEventError, type RcrEvent } from '@rcr/contracts';
import { openEmbeddedBus } from '../src/bus/index.ts';
import { PgliteHost } from '../src/db/pglite.ts';
import { NatsBus, type NatsBusOptions } from '../src/bus/nats.ts';
import type { EventBus, EventHandler } from '../src/bus/port.ts';
import { AppError } from '../src/errors.ts';
import { distributedAvailable, freshNamespace, infra } from '../../../test/support/infra.ts';
import { cameraCreated, eventually, sleep } from './support.ts';

/** Builds a fresh, empty bus (its own namespace) with the given delivery settings. */
type BusFactory = (options: { retrySchedule: number[]; pauseProbeMaxMs: number }) => Promise<EventBus>;

/** Three retries after the first attempt, then the dead letters. */
const SCHEDULE = [10, 20, 10];

/** A handler that records the ids it handled, in order. */
function recorder() {
  const ids: string[] = [];
  const handler: EventHandler = async (event) => {
    ids.push(event.id);
  };
  return { ids, handler };
}

function idsOf(events: RcrEvent[]): string[] {
  return events.map((e) => e.id);
}

/** The event-bus contract (see `EventBus` in src/bus/port.ts), run against one adapter. */
function busContract(makeBus: BusFactory) {
  const open: EventBus[] = [];
  const newBus = async () => {
    const bus = await makeBus({ retrySchedule: SCHEDULE, pauseProbeMaxMs: 50 });
    open.push(bus);
    return bus;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((bus) => bus.close()));
  });

  it('when events are published, then a subscribed group receives every one of them intact', async () => {
    const bus = await newBus();
    const received: RcrEvent[] = [];
    await bus.subscribe({
      group: 'readers',
      types: ['camera.created'],
      handler: async (e) => void received.push(e),
    });
    const events = [1, 2, 3, 4, 5].map(cameraCreated);

    for (const event of events) await bus.publish(event);

    await eventually(() => expect(received.map((e) => e.id).sort()).toEqual(idsOf(events).sort()));
    expect(received.find((e) => e.id === events[0]?.id)).toEqual(events[0]);
  });

  it('when an event id is published twice, then it is delivered once', async () => {
    const bus = await newBus();
    const { ids, handler } = recorder();
    await bus.subscribe({ group: 'readers', types: ['camera.created'], handler });
    const twice = cameraCreated(1);
    const marker = cameraCreated(2);

    await bus.publish(twice);
    await bus.publish(structuredClone(twice));
    await bus.publish(marker);

    await eventually(() => expect(ids).toContain(marker.id));
    await sleep(50);
    expect(ids).toEqual([twice.id, marker.id]);
  });

  it('when a group subscribes for the first time, then it receives the events published before', async () => {
    const bus = await newBus();
    const events = [1, 2, 3].map(cameraCreated);
    for (const event of events) await bus.publish(event);

    const { ids, handler } = recorder();
    await bus.subscribe({ group: 'late', types: ['camera.created'], handler });

    await eventually(() => expect(ids).toEqual(idsOf(events)));
  });

  it('when two groups subscribe, then each receives every event', async () => {
    const bus = await newBus();
    const a = recorder();
    const b = recorder();
    await bus.subscribe({ group: 'group-a', types: ['camera.created'], handler: a.handler });
    await bus.subscribe({ group: 'group-b', types: ['camera.created'], handler: b.handler });
    const events = [1, 2, 3, 4].map(cameraCreated);

    for (const event of events) await bus.publish(event);

    await eventually(() => {
      expect(a.ids).toEqual(idsOf(events));
      expect(b.ids).toEqual(idsOf(events));
    });
  });

  it('when two members share a group, then each handles some events, together all, none twice', async () => {
    const bus = await newBus();
    const slow = (ids: string[]): EventHandler => {
      return async (event) => {
        await sleep(15);
        ids.push(event.id);
      };
    };
    const first: string[] = [];
    const second: string[] = [];
    await bus.subscribe({ group: 'workers', types: ['camera.created'], handler: slow(first) });
    await bus.subscribe({ group: 'workers', types: ['camera.created'], handler: slow(second) });
    const events = Array.from({ length: 10 }, (_, i) => cameraCreated(i));

    for (const event of events) await bus.publish(event);

    await eventually(() => expect([...first, ...second].sort()).toEqual(idsOf(events).sort()));
    await sleep(50);
    expect(first.length).toBeGreaterThan(0);
    expect(second.length).toBeGreaterThan(0);
    expect(first.length + second.length).toBe(events.length);
  });

  it('when events of several aggregates are published, then each aggregate is handled one at a time in order, aggregates in parallel', async () => {
    const bus = await newBus();
    const handled: string[] = [];
    const busy = new Set<string>();
    let overlapWithinAggregate = false;
    let maxParallel = 0;
    const handler: EventHandler = async (event) => {
      if (busy.has(event.subject)) overlapWithinAggregate = true;
      busy.add(event.subject);
      maxParallel = Math.max(maxParallel, busy.size);
      await sleep(5 + Math.random() * 10);
      handled.push(event.id);
      busy.delete(event.subject);
    };
    await bus.subscribe({ group: 'ordered', types: ['camera.created'], handler });
    const events = [1, 2, 3, 4].flatMap((n) =>
      [1, 2, 3].map((cam) => ({ ...cameraCreated(cam), id: cameraCreated(n).id })),
    );

    await Promise.all(events.map((event) => bus.publish(event)));

    await eventually(() => expect(handled).toHaveLength(events.length));
    expect(overlapWithinAggregate).toBe(false);
    for (const cam of ['cam-1', 'cam-2', 'cam-3']) {
      const ofCamera = idsOf(events.filter((e) => e.subject === cam));
      expect(handled.filter((id) => ofCamera.includes(id))).toEqual(ofCamera);
    }
    expect(maxParallel).toBeGreaterThan(1);
  });

  it('when a handler fails once, then the event is retried and later events of its aggregate wait for it', async () => {
    const bus = await newBus();
    const events = [1, 2, 3, 4, 5].map((n) => ({ ...cameraCreated(n), subject: 'one-camera' }));
    const flaky = events[1]?.id;
    const attempts = new Map<string, number>();
    const handled: string[] = [];
    await bus.subscribe({
      group: 'flaky',
      types: ['camera.created'],
      handler: async (event) => {
        const attempt = (attempts.get(event.id) ?? 0) + 1;
        attempts.set(event.id, attempt);
        if (event.id === flaky && attempt === 1) throw new Error('transient failure');
        handled.push(event.id);
      },
    });

    for (const event of events) await bus.publish(event);

    await eventually(() => expect(handled).toEqual(idsOf(events)));
    expect(attempts.get(flaky ?? '')).toBe(2);
    expect(await bus.deadLetters.list({ group: 'flaky' })).toEqual([]);
  });

  it('when a handler keeps failing, then the event is retried on the schedule, dead-lettered, and the group moves on', async () => {
    const bus = await newBus();
    const events = [1, 2, 3].map(cameraCreated);
    const poison = events[1];
    let poisonAttempts = 0;
    const handled: string[] = [];
    await bus.subscribe({
      group: 'strict',
      types: ['camera.created'],
      handler: async (event) => {
        if (event.id === poison?.id) {
          poisonAttempts += 1;
          throw new Error('cannot handle this camera');
        }
        handled.push(event.id);
      },
    });

    for (const event of events) await bus.publish(event);

    await eventually(() => expect(handled).toEqual(idsOf([events[0], events[2]] as RcrEvent[])));
    const letters = await eventually(async () => {
      const found = await bus.deadLetters.list({ group: 'strict' });
      expect(found).toHaveLength(1);
      return found;
    });
    expect(letters[0]).toMatchObject({
      group: 'strict',
      eventId: poison?.id,
      eventType: 'camera.created',
      subject: poison?.subject,
      event: { id: poison?.id, type: 'camera.created' },
      error: 'cannot handle this camera',
      attempts: SCHEDULE.length + 1,
    });
    expect(Number.isNaN(Date.parse(letters[0]?.failedAt ?? ''))).toBe(false);
    expect(poisonAttempts).toBe(SCHEDULE.length + 1);
    expect(await bus.deadLetters.list({ group: 'some-other-group' })).toEqual([]);
    expect(await bus.deadLetters.get(letters[0]?.id ?? '')).toEqual(letters[0]);
  });

  it('when the handler\u2019s dependency is unavailable for a while, then the member pauses and nothing is dead-lettered', async () => {
    const bus = await newBus();
    let down = true;
    let attempts = 0;
    const { ids, handler } = recorder();
    await bus.subscribe({
      group: 'patient',
      types: ['camera.created'],
      handler: async (event, info) => {
        attempts += 1;
        if (down) throw new AppError('unavailable', 'DATABASE_UNAVAILABLE', 'the database is not reachable');
        await handler(event, info);
      },
    });
    const events = [1, 2, 3, 4, 5].map(cameraCreated);

    const publishing = Promise.all(events.map((event) => bus.publish(event)));
    await sleep(400); // far longer than the whole retry schedule
    const attemptsWhileDown = attempts;
    down = false;
    await publishing;

    await eventually(() => expect([...ids].sort()).toEqual(idsOf(events).sort()));
    expect(await bus.deadLetters.list({ group: 'patient' })).toEqual([]);
    // One probe at a time while paused (exponential up to 50 ms), not every event on the retry schedule.
    expect(attemptsWhileDown).toBeLessThan(events.length + 20);
  });

  it('when a dead letter is replayed, then only its group gets the event again, marked replayed, and the letter is gone', async () => {
    const bus = await newBus();
    let broken = true;
    const replays: { id: string; replayed: boolean }[] = [];
    await bus.subscribe({
      group: 'fixable',
      types: ['camera.created'],
      handler: async (event, info) => {
        if (broken) throw new Error('bug in the handler');
        replays.push({ id: event.id, replayed: info.replayed });
      },
    });
    const bystander = recorder();
    await bus.subscribe({ group: 'bystander', types: ['camera.created'], handler: bystander.handler });
    const event = cameraCreated(1);
    await bus.publish(event);
    const [letter] = await eventually(async () => {
      const found = await bus.deadLetters.list({ group: 'fixable' });
      expect(found).toHaveLength(1);
      return found;
    });
    broken = false;

    expect(await bus.deadLetters.replay(letter?.id ?? '')).toBe(true);

    await eventually(() => expect(replays).toEqual([{ id: event.id, replayed: true }]));
    await eventually(async () => expect(await bus.deadLetters.list({ group: 'fixable' })).toEqual([]));
    expect(await bus.deadLetters.get(letter?.id ?? '')).toBeUndefined();
    expect(bystander.ids).toEqual([event.id]);
    expect(await bus.deadLetters.replay('999999')).toBe(false);
  });

  it('when a dead letter is discarded, then it is gone and never delivered', async () => {
    const bus = await newBus();
    await bus.subscribe({
      group: 'discarding',
      types: ['camera.created'],
      handler: async () => {
        throw new Error('always fails');
      },
    });
    await bus.publish(cameraCreated(1));
    const [letter] = await eventually(async () => {
      const found = await bus.deadLetters.list({ group: 'discarding' });
      expect(found).toHaveLength(1);
      return found;
    });

    expect(await bus.deadLetters.discard(letter?.id ?? '')).toBe(true);

    expect(await bus.deadLetters.list({ group: 'discarding' })).toEqual([]);
    expect(await bus.deadLetters.discard(letter?.id ?? '')).toBe(false);
  });

  it('when many letters exist, then they list oldest first, page by cursor, and filter by group', async () => {
    const bus = await newBus();
    for (const group of ['left', 'right'])
      await bus.subscribe({
        group,
        types: ['camera.created'],
        handler: async () => {
          throw new InvalidEventError('rejected by the handler');
        },
      });
    const events = [1, 2, 3].map(cameraCreated);
    for (const event of events) await bus.publish(event);
    await eventually(async () =>
      expect((await bus.deadLetters.list()).map((l) => [l.group, l.eventId, l.error])).toHaveLength(6),
    );

    const first = await bus.deadLetters.list({ group: 'left', limit: 2 });
    const rest = await bus.deadLetters.list({ group: 'left', after: first.at(-1)?.id });

    expect([...first, ...rest].map((l) => l.eventId)).toEqual(idsOf(events));
    expect([...first, ...rest].every((l) => l.group === 'left' && l.attempts === 1)).toBe(true);
  });

  it('when a published event breaks the catalog schema, then publish rejects and nothing is delivered', async () => {
    const bus = await newBus();
    const { ids, handler } = recorder();
    await bus.subscribe({ group: 'readers', types: ['camera.created'], handler });
    const badPayload = { ...cameraCreated(1), data: { cameraId: 42 } } as unknown as RcrEvent;
    const unknownType = { ...cameraCreated(2), type: 'camera.exploded' } as unknown as RcrEvent;
    const badEnvelope = { ...cameraCreated(3), id: 'not-a-uuid' };

    await expect(bus.publish(badPayload)).rejects.toBeInstanceOf(InvalidEventError);
    await expect(bus.publish(unknownType)).rejects.toBeInstanceOf(InvalidEventError);
    await expect(bus.publish(badEnvelope)).rejects.toBeInstanceOf(InvalidEventError);
    const marker = cameraCreated(4);
    await bus.publish(marker);

    await eventually(() => expect(ids).toEqual([marker.id]));
  });

  it('when a group subscribes to some types, then it gets only those, in order', async () => {
    const bus = await newBus();
    const { ids, handler } = recorder();
    await bus.subscribe({ group: 'deletions', types: ['camera.deleted'], handler });
    const created = cameraCreated(1);
    const deleted = {
      ...cameraCreated(2),
      type: 'camera.deleted',
      data: { cameraId: 'cam-2', version: 2 },
    } as RcrEvent;
    const marker = { ...deleted, id: cameraCreated(3).id };

    await bus.publish(created);
    await bus.publish(deleted);
    await bus.publish(marker);

    await eventually(() => expect(ids).toEqual([deleted.id, marker.id]));
  });

  it('when a group resubscribes with more types, then it also receives the new types, old and new', async () => {
    const bus = await newBus();
    const first = recorder();
    const member = await bus.subscribe({
      group: 'growing',
      types: ['camera.created'],
      handler: first.handler,
    });
    const created = cameraCreated(1);
    await bus.publish(created);
    await eventually(() => expect(first.ids).toEqual([created.id]));
    await member.close();
    const deleted = {
      ...cameraCreated(2),
      type: 'camera.deleted',
      data: { cameraId: 'cam-1', version: 2 },
    } as RcrEvent;
    await bus.publish(deleted);

    const second = recorder();
    await bus.subscribe({
      group: 'growing',
      types: ['camera.created', 'camera.deleted'],
      handler: second.handler,
    });
    const later = cameraCreated(3);
    await bus.publish(later);

    await eventually(() => expect(second.ids).toEqual([deleted.id, later.id]));
  });

  it('when a subscription is closed twice, then the other members of its group keep receiving', async () => {
    const bus = await newBus();
    const leaving = recorder();
    const staying = recorder();
    const member = await bus.subscribe({
      group: 'pair',
      types: ['camera.created'],
      handler: leaving.handler,
    });
    await bus.subscribe({ group: 'pair', types: ['camera.created'], handler: staying.handler });

    await member.close();
    await member.close();
    const events = [1, 2, 3].map(cameraCreated);
    for (const event of events) await bus.publish(event);

    await eventually(() => expect(staying.ids).toEqual(idsOf(events)));
    expect(leaving.ids).toEqual([]);
  });

  it('when the history is read after a position, then the events of those types after it come in order, and `through` carries the next read on', async () => {
    const bus = await newBus();
    expect(await bus.history.bounds()).toMatchObject({ last: 0 });
    const created = [1, 2, 3, 4].map(cameraCreated);
    const deleted = {
      ...cameraCreated(5),
      type: 'camera.deleted',
      data: { cameraId: 'cam-5', version: 2 },
    } as RcrEvent;
    for (const event of [...created, deleted]) await bus.publish(event);
    const { first, last } = await bus.history.bounds();
    expect(last - first).toBe(4);

    const one = await bus.history.read({ after: first - 1, types: ['camera.created'], limit: 3 });
    expect(one.events.map((e) => e.event)).toEqual(created.slice(0, 3));
    expect(one.events.map((e) => e.position)).toEqual([first, first + 1, first + 2]);
    expect(one.through).toBe(first + 2);
    const two = await bus.history.read({ after: one.through, types: ['camera.created'], limit: 100 });
    expect(two.events.map((e) => e.event.id)).toEqual([created[3]?.id]);
    expect(two.through).toBe(last);
    const none = await bus.history.read({ after: two.through, types: ['camera.created'], limit: 100 });
    expect(none).toEqual({ events: [], through: last });
  });

  it('when a listener starts after a position, then it gets the retained events after it, then live ones, with no gap and their positions', async () => {
    const bus = await newBus();
    const before = [1, 2, 3].map(cameraCreated);
    for (const event of before) await bus.publish(event);
    const { first } = await bus.history.bounds();
    const got: { id: string; position: number }[] = [];
    const listener = await bus.broadcast({
      types: ['camera.created'],
      after: first, // the first event was seen already
      handler: (event, position) => void got.push({ id: event.id, position }),
    });
    const after = [4, 5].map(cameraCreated);
    for (const event of after) await bus.publish(event);

    await eventually(() => expect(got.map((g) => g.id)).toEqual(idsOf([...before.slice(1), ...after])));
    expect(got.map((g) => g.position)).toEqual([1, 2, 3, 4].map((i) => first + i));
    const logged = await bus.history.read({ after: first, types: ['camera.created'], limit: 100 });
    expect(logged.events.map((e) => ({ id: e.event.id, position: e.position }))).toEqual(got);
    await listener.close();
  });

  it('when two listeners take broadcasts, then each gets every later event of its types, in order', async () => {
    const bus = await newBus();
    const before = cameraCreated(1);
    await bus.publish(before);
    const first: string[] = [];
    const second: string[] = [];
    const a = await bus.broadcast({ types: ['camera.created'], handler: (e) => void first.push(e.id) });
    await bus.broadcast({ types: ['camera.created'], handler: (e) => void second.push(e.id) });
    await sleep(100); // the NATS listener starts at the stream's end
    const events = [2, 3, 4].map(cameraCreated);
    const deleted = {
      ...cameraCreated(5),
      type: 'camera.deleted',
      data: { cameraId: 'cam-5', version: 2 },
    } as RcrEvent;

    for (const event of [...events, deleted]) await bus.publish(event);

    await eventually(() => {
      expect(first).toEqual(idsOf(events));
      expect(second).toEqual(idsOf(events));
    });
    await a.close();
    await bus.publish(cameraCreated(6));
    await eventually(() => expect(second).toHaveLength(4));
    expect(first).toHaveLength(3);
  });

  it('when the bus is closed, then publish and ping reject', async () => {
    const bus = await newBus();
    await bus.ping();

    await bus.close();

    await expect(bus.publish(cameraCreated(1))).rejects.toThrow();
    await expect(bus.ping()).rejects.toThrow();
  });

  it('when a member closes and a new one joins the group, then it resumes without losing or repeating events', async () => {
    const bus = await newBus();
    const first = recorder();
    const member = await bus.subscribe({
      group: 'resumable',
      types: ['camera.created'],
      handler: first.handler,
    });
    const early = [1, 2, 3].map(cameraCreated);
    for (const event of early) await bus.publish(event);
    await eventually(() => expect(first.ids).toEqual(idsOf(early)));

    await member.close();
    const meanwhile = [4, 5, 6].map(cameraCreated);
    for (const event of meanwhile) await bus.publish(event);
    const second = recorder();
    await bus.subscribe({ group: 'resumable', types: ['camera.created'], handler: second.handler });

    await eventually(() => expect(second.ids).toEqual(idsOf(meanwhile)));
    await sleep(100);
    expect(first.ids).toEqual(idsOf(early));
    expect(second.ids).toEqual(idsOf(meanwhile));
  });
}

describe('MemoryBus', () => {
  // One embedded database for the file (a PGlite takes seconds to create); a schema per bus.
  let host: PgliteHost | undefined;
  afterAll(async () => host?.close());
  busContract(async (options) => {
    host ??= await PgliteHost.open({ dataDir: 'memory://bus-contract' });
    const namespace = freshNamespace('bus');
    return openEmbeddedBus({ namespace, host, schema: namespace, ...options });
  });
});

const distributed = await distributedAvailable('bus contract');

describe.skipIf(!distributed)('NatsBus', () => {
  const namespaces: string[] = [];
  afterAll(async () => {
    const nc = await connect({ servers: infra.natsUrl });
    try {
      const jsm = await jetstreamManager(nc);
      for (const namespace of namespaces) {
        for (const stream of [`${namespace}-events`, `${namespace}-dlq`, `${namespace}-replay`])
          await jsm.streams.delete(stream).catch(() => false);
      }
    } finally {
      await nc.close();
    }
  });
  const connectBus = (
    namespace: string,
    options: Omit<NatsBusOptions, 'url' | 'namespace'> = { retrySchedule: SCHEDULE, pauseProbeMaxMs: 50 },
  ) => {
    if (!namespaces.includes(namespace)) namespaces.push(namespace);
    return NatsBus.connect({ url: infra.natsUrl, name: 'bus-contract', namespace, ...options });
  };

  busContract((options) => connectBus(freshNamespace('bus'), options));

  describe('across processes (one connection each)', () => {
    const open: EventBus[] = [];
    const startProcess = async (namespace: string) => {
      const bus = await connectBus(namespace);
      open.push(bus);
      return bus;
    };
    afterEach(async () => {
      await Promise.all(open.splice(0).map((bus) => bus.close()));
    });

    it('when members of one group run in two processes, then they share the events, none twice', async () => {
      const namespace = freshNamespace('bus');
      const [one, two] = [await startProcess(namespace), await startProcess(namespace)];
      const first: string[] = [];
      const second: string[] = [];
      const slow =
        (ids: string[]): EventHandler =>
        async (event) => {
          await sleep(10);
          ids.push(event.id);
        };
      await one.subscribe({ group: 'workers', types: ['camera.created'], handler: slow(first) });
      await two.subscribe({ group: 'workers', types: ['camera.created'], handler: slow(second) });
      const events = Array.from({ length: 10 }, (_, i) => cameraCreated(i));

      for (const event of events) await one.publish(event);

      await eventually(() => expect([...first, ...second].sort()).toEqual(events.map((e) => e.id).sort()));
      expect(first.length).toBeGreaterThan(0);
      expect(second.length).toBeGreaterThan(0);
    });

    it('when a process shuts down while handling an event, then a restarted one resumes after it', async () => {
      const namespace = freshNamespace('bus');
      const before = await startProcess(namespace);
      const handled: string[] = [];
      let started = 0;
      await before.subscribe({
        group: 'restarting',
        types: ['camera.created'],
        handler: async (event) => {
          started += 1;
          await sleep(100);
          handled.push(event.id);
        },
      });
      const events = [1, 2, 3].map((n) => ({ ...cameraCreated(n), subject: 'one-camera' }));
      for (const event of events) await before.publish(event);
      await eventually(() => expect(started).toBe(1));

      await before.close();
      const after = await startProcess(namespace);
      const resumed: string[] = [];
      await after.subscribe({
        group: 'restarting',
        types: ['camera.created'],
        handler: async (e) => void resumed.push(e.id),
      });

      await eventually(() => expect([...handled, ...resumed]).toEqual(events.map((e) => e.id)));
      await sleep(100);
      expect([...handled, ...resumed]).toEqual(events.map((e) => e.id));
    });

    it('when a handler runs longer than the ack wait, then the event stays with it and is handled once', async () => {
      const namespace = freshNamespace('bus');
      const bus = await connectBus(namespace, { retrySchedule: SCHEDULE, ackWaitMs: 1000 });
      open.push(bus);
      const starts: string[] = [];
      const slow: EventHandler = async (event) => {
        starts.push(event.id);
        await sleep(event.subject === 'cam-1' ? 2500 : 1);
      };
      await bus.subscribe({ group: 'slow', types: ['camera.created'], handler: slow });
      await bus.subscribe({ group: 'slow', types: ['camera.created'], handler: slow });
      const events = [1, 2].map(cameraCreated);

      for (const event of events) await bus.publish(event);

      await eventually(() => expect(starts).toEqual(events.map((e) => e.id)), 5000);
      await sleep(300);
      expect(starts).toEqual(events.map((e) => e.id));
    });

    it('when a message on the stream breaks the catalog, then it is dead-lettered at once and the group moves on', async () => {
      const namespace = freshNamespace('bus');
      const bus = await startProcess(namespace);
      const { ids, handler } = recorder();
      await bus.subscribe({ group: 'strict', types: ['camera.created'], handler });
      const nc = await connect({ servers: infra.natsUrl });
      try {
        await jetstream(nc).publish(
          `${namespace}.events.camera.created`,
          new TextEncoder().encode('{"id":"oops"}'),
        );
      } finally {
        await nc.close();
      }
      const valid = cameraCreated(1);
      await bus.publish(valid);

      await eventually(() => expect(ids).toEqual([valid.id]));
      const letters = await bus.deadLetters.list({ group: 'strict' });
      expect(letters).toHaveLength(1);
      expect(letters[0]).toMatchObject({ group: 'strict', event: { id: 'oops' }, attempts: 1 });
    });

    it('when a newer producer publishes an event type this code does not know, then it is skipped, counted, and not dead-lettered', async () => {
      const namespace = freshNamespace('bus');
      const bus = await startProcess(namespace);
      const { ids, handler } = recorder();
      const member = await bus.subscribe({ group: 'tolerant', types: ['camera.created'], handler });
      const future = { ...cameraCreated(1), type: 'camera.repainted', data: { colour: 'red' } };
      const nc = await connect({ servers: infra.natsUrl });
      try {
        const js = jetstream(nc);
        for (let i = 0; i < 3; i++)
          await js.publish(
            `${namespace}.events.camera.repainted`,
            new TextEncoder().encode(JSON.stringify({ ...future, id: cameraCreated(i).id })),
          );
      } finally {
        await nc.close();
      }
      const valid = cameraCreated(2);
      await bus.publish(valid);

      await eventually(() => expect(ids).toEqual([valid.id]));
      expect(member.stats().unknown).toEqual({ 'camera.repainted': 3 });
      expect(await bus.deadLetters.list({ group: 'tolerant' })).toEqual([]);
    });

    it('when a group consumer was left with a one-type filter by older code, then the group resumes with all its types', async () => {
      const namespace = freshNamespace('bus');
      const bus = await startProcess(namespace);
      const nc = await connect({ servers: infra.natsUrl });
      try {
        const jsm = await jetstreamManager(nc);
        await jsm.consumers.add(`${namespace}-events`, {
          durable_name: `${namespace}-legacy`,
          ack_policy: AckPolicy.Explicit,
          filter_subject: `${namespace}.events.camera.created`,
          max_ack_pending: 1,
        });
        const handledBefore = cameraCreated(1);
        await bus.publish(handledBefore);
        const old = await jetstream(nc).consumers.get(`${namespace}-events`, `${namespace}-legacy`);
        const msg = await old.next({ expires: 2000 });
        await msg?.ackAck();
      } finally {
        await nc.close();
      }
      const deleted = {
        ...cameraCreated(2),
        type: 'camera.deleted',
        data: { cameraId: 'cam-1', version: 2 },
      } as RcrEvent;
      await bus.publish(deleted);

      const { ids, handler } = recorder();
      await bus.subscribe({ group: 'legacy', types: ['camera.created', 'camera.deleted'], handler });
      const later = cameraCreated(3);
      await bus.publish(later);

      await eventually(() => expect(ids).toEqual([deleted.id, later.id]));
    });
  });
});

describe('NatsBus without a server', () => {
  it('when NATS is unreachable, then connect rejects quickly with an unavailable AppError', async () => {
    const started = Date.now();

    const connecting = NatsBus.connect({
      url: 'nats://127.0.0.1:1',
      namespace: 'nowhere',
      retrySchedule: SCHEDULE,
    });

    await expect(connecting).rejects.toBeInstanceOf(AppError);
    await expect(connecting).rejects.toMatchObject({ kind: 'unavailable', code: 'BUS_UNAVAILABLE' });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
