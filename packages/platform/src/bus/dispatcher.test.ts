import { describe, expect, it } from 'vitest';
import type { RcrEvent } from '@rcr/contracts';
import { AppError } from '../errors.ts';
import { createLogger } from '../logger.ts';
import { newEvent } from '../outbox.ts';
import { Dispatcher, type Delivery } from './dispatcher.ts';
import type { EventHandler, NewDeadLetter } from './port.ts';

const log = createLogger('dispatcher-test', 'silent');

function camera(subject: string, n = 1): RcrEvent {
  return newEvent('test', 'camera.created', subject, {
    cameraId: subject,
    brand: 'Leica',
    model: `Q${n}`,
    type: 'compact',
    specs: {},
    version: n,
  });
}

/** A delivery that records how it was settled. */
function delivery(payload: unknown, redelivered = false) {
  const settled: string[] = [];
  const d: Delivery & { settled: string[] } = {
    payload,
    redelivered,
    replayed: false,
    settled,
    ack: () => void settled.push('ack'),
    term: () => void settled.push('term'),
    release: () => void settled.push('release'),
    keepAlive: () => undefined,
  };
  return d;
}

function dispatcher(handler: EventHandler, options: { schedule?: number[]; sinkFails?: number } = {}) {
  const letters: NewDeadLetter[] = [];
  let sinkFailures = options.sinkFails ?? 0;
  const d = new Dispatcher({
    group: 'g',
    types: ['camera.created'],
    handler,
    retrySchedule: options.schedule ?? [5, 5],
    pauseProbeMaxMs: 20,
    maxInFlight: 8,
    keepAliveMs: 0,
    log,
    sink: {
      add: async (letter) => {
        if (sinkFailures-- > 0) throw new AppError('unavailable', 'DATABASE_UNAVAILABLE', 'down');
        letters.push(letter);
      },
    },
  });
  return { d, letters };
}

const until = async (check: () => boolean, ms = 3000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 2));
  }
};

describe('Dispatcher', () => {
  it('when a message was published under a type the group does not take, then it is acknowledged without its bytes being read', async () => {
    const handled: string[] = [];
    const { d, letters } = dispatcher(async (event) => void handled.push(event.id));
    // Bytes that are no event at all: reading them would dead-letter the message.
    const other = { ...delivery(new TextEncoder().encode('not json')), type: 'review.published' };
    const wanted = {
      ...delivery(new TextEncoder().encode(JSON.stringify(camera('c1')))),
      type: 'camera.created',
    };

    d.push(other);
    d.push(wanted);

    await until(() => handled.length === 1 && wanted.settled.length === 1);
    expect(other.settled).toEqual(['ack']);
    expect(letters).toEqual([]);
    await d.close();
  });

  it('when events of one aggregate arrive, then they run one at a time in order while other aggregates run alongside', async () => {
    const running = new Set<string>();
    let overlapSameSubject = false;
    let maxParallel = 0;
    const order: string[] = [];
    const { d } = dispatcher(async (event) => {
      if (running.has(event.subject)) overlapSameSubject = true;
      running.add(event.subject);
      maxParallel = Math.max(maxParallel, running.size);
      await new Promise((r) => setTimeout(r, 5));
      order.push(`${event.subject}:${(event.data as { version: number }).version}`);
      running.delete(event.subject);
    });
    const deliveries = [1, 2, 3].flatMap((n) => ['a', 'b', 'c'].map((s) => delivery(camera(s, n))));

    for (const item of deliveries) d.push(item);

    await until(() => deliveries.every((x) => x.settled.length > 0));
    expect(overlapSameSubject).toBe(false);
    expect(maxParallel).toBeGreaterThan(1);
    for (const s of ['a', 'b', 'c'])
      expect(order.filter((o) => o.startsWith(s))).toEqual([`${s}:1`, `${s}:2`, `${s}:3`]);
    expect(deliveries.every((x) => x.settled.join() === 'ack')).toBe(true);
  });

  it('when a dependency is down, then the member pauses, probes with one event only, and handles all once it is back', async () => {
    let down = true;
    const calls: string[] = [];
    const { d, letters } = dispatcher(async (event) => {
      calls.push(event.subject);
      if (down) throw new AppError('unavailable', 'DATABASE_UNAVAILABLE', 'the database is not reachable');
    });
    const deliveries = ['a', 'b', 'c', 'd'].map((s) => delivery(camera(s)));
    for (const item of deliveries) d.push(item);
    await new Promise((r) => setTimeout(r, 150));

    expect(d.stats().paused).toBe(true);
    expect(d.capacity()).toBe(0);
    const callsWhileDown = calls.length;
    down = false;

    await until(() => deliveries.every((x) => x.settled.length > 0));
    expect(letters).toEqual([]);
    expect(d.stats()).toMatchObject({ paused: false, handled: 4, deadLettered: 0 });
    // 4 first attempts, then only the prober retries (exponential, ≤ 20 ms apart here) for 150 ms.
    expect(callsWhileDown).toBeLessThan(4 + 15);
  });

  it('when a handler keeps failing for another reason, then it is retried on the schedule and dead-lettered, and its aggregate moves on', async () => {
    let attempts = 0;
    const handled: number[] = [];
    const { d, letters } = dispatcher(
      async (event) => {
        const version = (event.data as { version: number }).version;
        if (version === 1) {
          attempts += 1;
          throw new Error('cannot project this');
        }
        handled.push(version);
      },
      { schedule: [5, 10, 5] },
    );
    const first = delivery(camera('a', 1));
    const second = delivery(camera('a', 2));

    d.push(first);
    d.push(second);

    await until(() => second.settled.length > 0);
    expect(attempts).toBe(4);
    expect(first.settled).toEqual(['term']);
    expect(handled).toEqual([2]);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({
      group: 'g',
      eventType: 'camera.created',
      subject: 'a',
      error: 'cannot project this',
      attempts: 4,
    });
  });

  it('when the message is not a valid event, then it is dead-lettered at once with what was received', async () => {
    const { d, letters } = dispatcher(async () => undefined);
    const broken = delivery(new TextEncoder().encode('{"id":"oops"}'));
    const notJson = delivery(new TextEncoder().encode('not json'));

    d.push(broken);
    d.push(notJson);

    await until(() => broken.settled.length > 0 && notJson.settled.length > 0);
    expect(broken.settled).toEqual(['term']);
    expect(letters.map((l) => [l.event, l.attempts])).toEqual([
      [{ id: 'oops' }, 1],
      ['not json', 1],
    ]);
  });

  it('when an event has a type this code does not know, or a newer version, then it is acknowledged, counted and not dead-lettered', async () => {
    const handled: string[] = [];
    const { d, letters } = dispatcher(async (event) => void handled.push(event.id));
    const unknown = delivery({ ...camera('a'), type: 'camera.repainted', data: { colour: 'red' } });
    const newer = delivery({ ...camera('b'), version: 2 });
    const known = delivery(camera('c'));

    for (const item of [unknown, newer, known]) d.push(item);

    await until(() => known.settled.length > 0);
    expect([unknown.settled, newer.settled]).toEqual([['ack'], ['ack']]);
    expect(d.stats().unknown).toEqual({ 'camera.repainted': 1, 'camera.created': 1 });
    expect(letters).toEqual([]);
    expect(handled).toEqual([(known.payload as RcrEvent).id]);
  });

  it('when an event carries fields this code does not know, then it is handled without them', async () => {
    const seen: unknown[] = [];
    const { d } = dispatcher(async (event) => void seen.push(event.data));
    const event = camera('a');
    const future = delivery({
      ...event,
      region: 'sa-east',
      data: { ...event.data, colour: 'red', specs: { zoom: 3 } },
    });

    d.push(future);

    await until(() => future.settled.length > 0);
    expect(future.settled).toEqual(['ack']);
    expect(seen[0]).toEqual(event.data);
  });

  it('when the dead-letter store is down, then the event is kept until the letter is recorded', async () => {
    const { d, letters } = dispatcher(async () => undefined, { sinkFails: 3 });
    const broken = delivery(new TextEncoder().encode('{}'));

    d.push(broken);

    await until(() => broken.settled.length > 0);
    expect(broken.settled).toEqual(['term']);
    expect(letters).toHaveLength(1);
  });

  it('when the member closes, then events not handled are handed back', async () => {
    const { d } = dispatcher(async () => {
      throw new AppError('unavailable', 'UPSTREAM_UNAVAILABLE', 'down');
    });
    const held = [delivery(camera('a')), delivery(camera('b'))];
    for (const item of held) d.push(item);
    await new Promise((r) => setTimeout(r, 30));

    await d.close(50);

    expect(held.map((h) => h.settled.at(-1))).toEqual(['release', 'release']);
    const late = delivery(camera('c'));
    d.push(late);
    expect(late.settled).toEqual(['release']);
  });
});
