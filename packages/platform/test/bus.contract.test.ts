import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { AckPolicy, connect } from 'nats';
import { InvalidEventError, type RcrEvent } from '@rcr/contracts';
import { MemoryBus } from '../src/bus/memory.ts';
import { NatsBus, type NatsBusOptions } from '../src/bus/nats.ts';
import type { EventBus, EventHandler } from '../src/bus/port.ts';
import { AppError } from '../src/errors.ts';
import { distributedAvailable, freshNamespace, infra } from '../../../test/support/infra.ts';
import { cameraCreated, eventually, sleep } from './support.ts';

/** Builds a fresh, empty bus (its own namespace) with the given delivery settings. */
type BusFactory = (options: { maxDeliver: number; retryBaseMs: number }) => Promise<EventBus>;

const MAX_DELIVER = 3;

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
    const bus = await makeBus({ maxDeliver: MAX_DELIVER, retryBaseMs: 10 });
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

  it('when a group has two members, then it handles events one at a time in publish order', async () => {
    const bus = await newBus();
    const handled: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const handler: EventHandler = async (event) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await sleep(Math.random() * 10);
      handled.push(event.id);
      inFlight -= 1;
    };
    const before = [1, 2, 3, 4, 5].map(cameraCreated);
    const after = [6, 7, 8, 9, 10].map(cameraCreated);
    for (const event of before) await bus.publish(event);

    await bus.subscribe({ group: 'ordered', types: ['camera.created'], handler });
    await bus.subscribe({ group: 'ordered', types: ['camera.created'], handler });
    for (const event of after) await bus.publish(event);

    await eventually(() => expect(handled).toEqual(idsOf([...before, ...after])));
    expect(maxInFlight).toBe(1);
  });

  it('when a handler fails once, then the event is redelivered and later events wait for it', async () => {
    const bus = await newBus();
    const events = [1, 2, 3, 4, 5].map(cameraCreated);
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
    expect(await bus.deadLetters('flaky')).toEqual([]);
  });

  it('when a handler fails maxDeliver times, then the event is dead-lettered and the group moves on', async () => {
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
      const found = await bus.deadLetters('strict');
      expect(found).toHaveLength(1);
      return found;
    });
    expect(letters[0]).toMatchObject({
      group: 'strict',
      event: { id: poison?.id, type: 'camera.created' },
      error: 'cannot handle this camera',
      deliveries: MAX_DELIVER,
    });
    expect(Number.isNaN(Date.parse(letters[0]?.failedAt ?? ''))).toBe(false);
    expect(poisonAttempts).toBe(MAX_DELIVER);
    expect(await bus.deadLetters('some-other-group')).toEqual([]);
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
  busContract(async (options) => new MemoryBus({ namespace: freshNamespace('bus'), ...options }));
});

const distributed = await distributedAvailable('bus contract');

describe.skipIf(!distributed)('NatsBus', () => {
  const namespaces: string[] = [];
  afterAll(async () => {
    const nc = await connect({ servers: infra.natsUrl });
    try {
      const jsm = await nc.jetstreamManager();
      for (const namespace of namespaces) {
        for (const stream of [`${namespace}-events`, `${namespace}-dlq`])
          await jsm.streams.delete(stream).catch(() => false);
      }
    } finally {
      await nc.close();
    }
  });
  const connectBus = (
    namespace: string,
    options: Omit<NatsBusOptions, 'url' | 'namespace'> = { maxDeliver: MAX_DELIVER, retryBaseMs: 10 },
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
      const events = [1, 2, 3].map(cameraCreated);
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
      const bus = await connectBus(namespace, { maxDeliver: MAX_DELIVER, retryBaseMs: 10, ackWaitMs: 1000 });
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
        await nc
          .jetstream()
          .publish(`${namespace}.events.camera.created`, new TextEncoder().encode('{"id":"oops"}'));
      } finally {
        await nc.close();
      }
      const valid = cameraCreated(1);
      await bus.publish(valid);

      await eventually(() => expect(ids).toEqual([valid.id]));
      const letters = await bus.deadLetters('strict');
      expect(letters).toHaveLength(1);
      expect(letters[0]).toMatchObject({ group: 'strict', event: '{"id":"oops"}', deliveries: 1 });
    });

    it('when a group consumer was left with a one-type filter by older code, then the group resumes with all its types', async () => {
      const namespace = freshNamespace('bus');
      const bus = await startProcess(namespace);
      const nc = await connect({ servers: infra.natsUrl });
      try {
        const jsm = await nc.jetstreamManager();
        await jsm.consumers.add(`${namespace}-events`, {
          durable_name: `${namespace}-legacy`,
          ack_policy: AckPolicy.Explicit,
          filter_subject: `${namespace}.events.camera.created`,
          max_ack_pending: 1,
        });
        const handledBefore = cameraCreated(1);
        await bus.publish(handledBefore);
        const old = await nc.jetstream().consumers.get(`${namespace}-events`, `${namespace}-legacy`);
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
      maxDeliver: MAX_DELIVER,
    });

    await expect(connecting).rejects.toBeInstanceOf(AppError);
    await expect(connecting).rejects.toMatchObject({ kind: 'unavailable', code: 'BUS_UNAVAILABLE' });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
