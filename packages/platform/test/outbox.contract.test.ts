import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InvalidEventError, type RcrEvent } from '@rcr/contracts';
import { SqlDeadLetterStore } from '../src/bus/dead-letter-store.ts';
import { MemoryBus } from '../src/bus/memory.ts';
import type { EventBus } from '../src/bus/port.ts';
import { openServiceDatabase, type DatabaseConfig } from '../src/db/index.ts';
import type { Database } from '../src/db/port.ts';
import { createLogger } from '../src/logger.ts';
import { actingFor } from '../src/acting-for.ts';
import { applyOnce, Inbox, Outbox, pruneDelivered } from '../src/outbox.ts';
import { distributedAvailable, freshDatabase } from '../../../test/support/infra.ts';
import { cameraCreated, eventually, sleep, unique } from './support.ts';

const log = createLogger('outbox-contract', 'silent');

/** Opens a service database with the platform migrations (outbox, inbox) applied. */
type ServiceDbFactory = () => Promise<Database>;

/** A bus that refuses the first `failures` publishes, as a bus that is down for a while would. */
function flakyBus(inner: EventBus, failures: number): EventBus & { attempts: number } {
  const flaky = {
    kind: inner.kind,
    attempts: 0,
    async publish(event: RcrEvent) {
      flaky.attempts += 1;
      if (flaky.attempts <= failures) throw new Error('bus unreachable');
      await inner.publish(event);
    },
    subscribe: inner.subscribe.bind(inner),
    broadcast: inner.broadcast.bind(inner),
    history: inner.history,
    deadLetters: inner.deadLetters,
    ping: inner.ping.bind(inner),
    close: inner.close.bind(inner),
  };
  return flaky;
}

/** The outbox and inbox contract (see src/outbox.ts), run against one database adapter with a MemoryBus. */
function outboxContract(openDb: ServiceDbFactory) {
  let db: Database;
  const outboxes: Outbox[] = [];
  beforeAll(async () => {
    db = await openDb();
  });
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(async () => {
    // Each test starts with an empty outbox: the relay publishes whatever is pending.
    await db.query('DELETE FROM outbox');
  });
  afterEach(async () => {
    await Promise.all(outboxes.splice(0).map((outbox) => outbox.stop()));
  });

  const newBus = () =>
    new MemoryBus({ namespace: 'outbox', retrySchedule: [5, 5], deadLetters: new SqlDeadLetterStore(db) });
  const newOutbox = (bus: EventBus, claimMs?: number) => {
    const outbox = new Outbox(db, bus, log, { pollMs: 50, ...(claimMs ? { claimMs } : {}) });
    outboxes.push(outbox);
    return outbox;
  };
  const cameraTable = async () => {
    const table = unique('cameras');
    await db.exec(`CREATE TABLE ${table} (id text PRIMARY KEY)`);
    return table;
  };
  const pendingOf = async (ids: string[]) =>
    (
      await db.query<{ n: number }>(
        'SELECT count(*) AS n FROM outbox WHERE id = ANY($1::uuid[]) AND published_at IS NULL',
        [ids],
      )
    )[0]?.n;
  const idsOf = (events: RcrEvent[]) => events.map((e) => e.id);

  it('when a committed transaction emitted events, then start() relays them in order and marks them sent', async () => {
    const bus = newBus();
    const received: string[] = [];
    await bus.subscribe({
      group: 'projector',
      types: ['camera.created'],
      handler: async (e) => void received.push(e.id),
    });
    const outbox = newOutbox(bus);
    const table = await cameraTable();
    const first = [1, 2, 3].map(cameraCreated);

    const result = await outbox.transaction(async (tx, emit) => {
      await tx.query(`INSERT INTO ${table} (id) VALUES ('cam-1')`);
      for (const event of first) await emit(event);
      return 'created';
    });
    await sleep(20);
    expect(received).toEqual([]);
    outbox.start();
    await eventually(() => expect(received).toEqual(idsOf(first)));
    const second = [4, 5].map(cameraCreated);
    await outbox.transaction(async (_tx, emit) => {
      for (const event of second) await emit(event);
    });

    expect(result).toBe('created');
    await eventually(() => expect(received).toEqual(idsOf([...first, ...second])));
    await eventually(async () => expect(await pendingOf(idsOf([...first, ...second]))).toBe(0));
  });

  it('when a transaction runs for a caller, then its events record whom; with no caller or inside a consumer, the system (null)', async () => {
    const bus = newBus();
    const received = new Map<string, RcrEvent>();
    await bus.subscribe({
      group: 'actor-test',
      types: ['camera.created'],
      handler: async (e) => void received.set(e.id, e),
    });
    const outbox = newOutbox(bus);
    outbox.start();
    const [byCaller, bySystem, named, byConsumer] = [1, 2, 3, 4].map(cameraCreated) as RcrEvent[];
    const editor = { id: 'editor-1', role: 'editor' as const };

    await actingFor(editor, () => outbox.transaction((_tx, emit) => emit(byCaller!)));
    await outbox.transaction((_tx, emit) => emit(bySystem!));
    await actingFor(editor, () =>
      outbox.transaction((_tx, emit) => emit({ ...named!, actor: { id: 'admin-1', role: 'admin' } })),
    );
    // A consumer reacting to an event acts for no one, even when called inside a caller's context.
    const inbox = new Inbox(db, 'actor-consumer', { outbox });
    await actingFor(editor, () => inbox.apply(cameraCreated(5), (_tx, emit) => emit(byConsumer!)));

    await eventually(() => expect(received.size).toBe(4));
    expect(received.get(byCaller!.id)?.actor).toEqual(editor);
    expect(received.get(bySystem!.id)?.actor).toBeNull();
    expect(received.get(named!.id)?.actor).toEqual({ id: 'admin-1', role: 'admin' });
    expect(received.get(byConsumer!.id)?.actor).toBeNull();
  });

  it('when a committed transaction emitted nothing, then the relay is not woken for it', async () => {
    let rounds = 0;
    const counting: Database = {
      ...db,
      query: (sql, params) => {
        if (sql.includes('SET claimed_until = now()')) rounds += 1;
        return db.query(sql, params);
      },
      transaction: (fn) => db.transaction(fn),
    };
    const outbox = new Outbox(counting, newBus(), log, { pollMs: 60_000 });
    outboxes.push(outbox);
    const table = await cameraTable();
    outbox.start();
    await eventually(() => expect(rounds).toBe(1)); // the round at start

    await outbox.transaction(async (tx) => {
      await tx.query(`INSERT INTO ${table} (id) VALUES ('cam-1')`);
    });
    await sleep(50);
    expect(rounds).toBe(1);
    await outbox.transaction(async (_tx, emit) => emit(cameraCreated(1)));
    await eventually(() => expect(rounds).toBeGreaterThan(1));
  });

  it('when a woken relay publishes fewer rows than a batch, then it claims once, and rows committed meanwhile still go out without waiting for the poll', async () => {
    let claims = 0;
    const counting: Database = {
      ...db,
      query: (sql, params) => {
        if (sql.includes('SET claimed_until = now()')) claims += 1;
        return db.query(sql, params);
      },
      transaction: (fn) => db.transaction(fn),
    };
    const inner = newBus();
    // A slow bus: commits land while a round is publishing (after its claim read the table).
    const slow: EventBus = Object.assign(Object.create(inner) as EventBus, {
      publish: async (event: RcrEvent) => {
        await sleep(15);
        await inner.publish(event);
      },
    });
    const received: string[] = [];
    await inner.subscribe({
      group: 'short-batches',
      types: ['camera.created'],
      handler: async (e) => void received.push(e.id),
    });
    const outbox = new Outbox(counting, slow, log, { pollMs: 60_000 });
    outboxes.push(outbox);
    outbox.start();
    await eventually(() => expect(claims).toBe(1)); // the round at start, which found nothing

    await outbox.transaction(async (_tx, emit) => emit(cameraCreated(1)));
    await eventually(() => expect(received).toHaveLength(1));
    await sleep(50);
    // One claim for the one row: no second claim that would find nothing.
    expect(claims).toBe(2);

    const events = [2, 3, 4, 5, 6, 7, 8, 9].map(cameraCreated);
    for (const event of events) {
      await outbox.transaction(async (_tx, emit) => emit(event));
      await sleep(5);
    }
    // Far sooner than the 60 s poll: each commit during a round woke the relay for another one.
    await eventually(() => expect(received).toHaveLength(9), 3000);
    expect(received.slice(1)).toEqual(idsOf(events));
  });

  it('when a transaction rolls back, then none of its events are stored or relayed', async () => {
    const bus = newBus();
    const outbox = newOutbox(bus);
    const table = await cameraTable();
    const events = [1, 2].map(cameraCreated);

    const failing = outbox.transaction(async (tx, emit) => {
      await tx.query(`INSERT INTO ${table} (id) VALUES ('cam-1')`);
      for (const event of events) await emit(event);
      throw new Error('validation failed after emitting');
    });
    await expect(failing).rejects.toThrow('validation failed after emitting');
    const invalid = outbox.transaction(async (tx, emit) => {
      await tx.query(`INSERT INTO ${table} (id) VALUES ('cam-2')`);
      await emit({ ...cameraCreated(3), data: { cameraId: 3 } } as unknown as RcrEvent);
    });
    await expect(invalid).rejects.toBeInstanceOf(InvalidEventError);

    expect(await outbox.relayPending()).toBe(0);
    expect(bus.entry(bus.firstIndex)).toBeUndefined();
    expect(await db.query('SELECT id FROM outbox')).toEqual([]);
    expect(await db.query(`SELECT id FROM ${table}`)).toEqual([]);
  });

  it('when the relay crashed after publishing but before marking, then relayPending re-publishes and the bus delivers each event once', async () => {
    const bus = newBus();
    const deliveries: string[] = [];
    await bus.subscribe({
      group: 'projector',
      types: ['camera.created'],
      handler: async (e) => void deliveries.push(e.id),
    });
    const events = [1, 2, 3].map(cameraCreated);
    await newOutbox(bus).transaction(async (_tx, emit) => {
      for (const event of events) await emit(event);
    });
    const rows = await db.query<{ event: RcrEvent }>(
      'SELECT event FROM outbox WHERE published_at IS NULL ORDER BY seq',
    );
    for (const row of rows.slice(0, 2)) await bus.publish(row.event); // ... and the process died here

    const sent = await newOutbox(bus).relayPending();

    expect(sent).toBe(3);
    expect(deliveries).toEqual(idsOf(events));
    expect(await pendingOf(idsOf(events))).toBe(0);
  });

  it('when a restarted relay re-publishes to a bus that forgot the events, then the consumer inbox applies each effect once', async () => {
    const effects = unique('effects');
    await db.exec(`CREATE TABLE ${effects} (event_id uuid NOT NULL, camera text NOT NULL)`);
    const handled: { id: string; applied: boolean }[] = [];
    const consumer = (bus: EventBus) =>
      bus.subscribe({
        group: 'projector',
        types: ['camera.created'],
        handler: async (event) => {
          const applied = await applyOnce(db, 'projector', event, async (tx) => {
            await tx.query(`INSERT INTO ${effects} (event_id, camera) VALUES ($1, $2)`, [
              event.id,
              event.subject,
            ]);
          });
          handled.push({ id: event.id, applied });
        },
      });
    const events = [1, 2].map(cameraCreated);
    const before = newBus();
    await consumer(before);
    await newOutbox(before).transaction(async (_tx, emit) => {
      for (const event of events) await emit(event);
    });
    for (const row of await db.query<{ event: RcrEvent }>('SELECT event FROM outbox ORDER BY seq')) {
      await before.publish(row.event); // published, then the process died before marking the rows
    }

    const after = newBus();
    await consumer(after);
    const sent = await newOutbox(after).relayPending();

    expect(sent).toBe(2);
    expect(handled).toEqual([
      ...events.map((e) => ({ id: e.id, applied: true })),
      ...events.map((e) => ({ id: e.id, applied: false })),
    ]);
    expect(await db.query(`SELECT camera FROM ${effects} ORDER BY camera`)).toEqual([
      { camera: 'cam-1' },
      { camera: 'cam-2' },
    ]);
  });

  it('when publishing fails for a while, then the relay keeps the rows and sends them in order once the bus is back', async () => {
    const inner = newBus();
    const received: string[] = [];
    await inner.subscribe({
      group: 'projector',
      types: ['camera.created'],
      handler: async (e) => void received.push(e.id),
    });
    const bus = flakyBus(inner, 2);
    const outbox = newOutbox(bus);
    const events = [1, 2, 3].map(cameraCreated);

    outbox.start();
    await outbox.transaction(async (_tx, emit) => {
      for (const event of events) await emit(event);
    });

    await eventually(() => expect(received).toEqual(idsOf(events)), 5000);
    expect(bus.attempts).toBe(5);
    await eventually(async () => expect(await pendingOf(idsOf(events))).toBe(0));
  });

  it('when the same event is applied twice, then the effect happens once and the second call returns false', async () => {
    const effects = unique('effects');
    await db.exec(`CREATE TABLE ${effects} (event_id uuid NOT NULL)`);
    const event = cameraCreated(1);
    const effect = async (tx: { query: Database['query'] }) => {
      await tx.query(`INSERT INTO ${effects} (event_id) VALUES ($1)`, [event.id]);
    };

    const first = await applyOnce(db, 'projector', event, effect);
    const second = await applyOnce(db, 'projector', event, effect);
    const otherConsumer = await applyOnce(db, 'search-indexer', event, effect);

    expect([first, second, otherConsumer]).toEqual([true, false, true]);
    expect(await db.query(`SELECT count(*) AS n FROM ${effects}`)).toEqual([{ n: 2 }]);
  });

  it('when the same event is applied concurrently, then exactly one call applies it', async () => {
    const effects = unique('effects');
    await db.exec(`CREATE TABLE ${effects} (event_id uuid NOT NULL)`);
    const event = cameraCreated(1);

    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        applyOnce(db, 'projector', event, async (tx) => {
          await tx.query(`INSERT INTO ${effects} (event_id) VALUES ($1)`, [event.id]);
        }),
      ),
    );

    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await db.query(`SELECT count(*) AS n FROM ${effects}`)).toEqual([{ n: 1 }]);
  });

  it('when the effect throws, then no inbox row stays and a redelivery applies the event', async () => {
    const effects = unique('effects');
    await db.exec(`CREATE TABLE ${effects} (event_id uuid NOT NULL)`);
    const event = cameraCreated(1);
    const inboxRows = () =>
      db.query('SELECT event_id FROM inbox WHERE consumer = $1 AND event_id = $2', ['projector', event.id]);

    const failing = applyOnce(db, 'projector', event, async (tx) => {
      await tx.query(`INSERT INTO ${effects} (event_id) VALUES ($1)`, [event.id]);
      throw new Error('projection failed');
    });
    await expect(failing).rejects.toThrow('projection failed');
    expect(await inboxRows()).toEqual([]);
    expect(await db.query(`SELECT count(*) AS n FROM ${effects}`)).toEqual([{ n: 0 }]);

    const retried = await applyOnce(db, 'projector', event, async (tx) => {
      await tx.query(`INSERT INTO ${effects} (event_id) VALUES ($1)`, [event.id]);
    });

    expect(retried).toBe(true);
    expect(await inboxRows()).toEqual([{ event_id: event.id }]);
    expect(await db.query(`SELECT count(*) AS n FROM ${effects}`)).toEqual([{ n: 1 }]);
  });

  it('when two relays share one outbox, then every row is published exactly once', async () => {
    const published = new Map<string, number>();
    const counting: EventBus = {
      ...flakyBus(newBus(), 0),
      publish: async (event: RcrEvent) => {
        published.set(event.id, (published.get(event.id) ?? 0) + 1);
        await sleep(Math.random() < 0.05 ? 2 : 0);
      },
    };
    const events = Array.from({ length: 400 }, (_, i) => cameraCreated(i));
    await newOutbox(counting).transaction(async (_tx, emit) => {
      for (const event of events) await emit(event);
    });

    const [one, two] = await Promise.all([
      newOutbox(counting).relayPending(),
      newOutbox(counting).relayPending(),
    ]);

    expect(one + two).toBe(events.length);
    expect(published.size).toBe(events.length);
    expect([...published.values()].filter((n) => n > 1)).toEqual([]);
    expect(await pendingOf(idsOf(events))).toBe(0);
  });

  it('when a relay dies holding a claim, then another relay publishes those rows once the claim lapses', async () => {
    const bus = newBus();
    const received: string[] = [];
    await bus.subscribe({
      group: 'p',
      types: ['camera.created'],
      handler: async (e) => void received.push(e.id),
    });
    const events = [1, 2].map(cameraCreated);
    await newOutbox(bus).transaction(async (_tx, emit) => {
      for (const event of events) await emit(event);
    });
    // The dead relay's claim: what relayPending writes before it publishes.
    await db.query(
      `UPDATE outbox SET claimed_until = now() + interval '300 milliseconds' WHERE published_at IS NULL`,
    );

    expect(await newOutbox(bus).relayPending()).toBe(0);
    await sleep(350);
    expect(await newOutbox(bus).relayPending()).toBe(2);
    expect(received).toEqual(idsOf(events));
  });

  it('when an event is redelivered, then the inbox counts it and the ledger shows one application', async () => {
    const event = cameraCreated(1);
    const inbox = new Inbox(db, 'ledger-test');

    const results = [
      await inbox.apply(event, async () => undefined),
      await inbox.apply(event, async () => undefined),
    ];
    results.push(await inbox.apply(event, async () => undefined));

    expect(results).toEqual([true, false, false]);
    expect(
      await db.query('SELECT duplicates FROM inbox WHERE consumer = $1 AND event_id = $2', [
        'ledger-test',
        event.id,
      ]),
    ).toEqual([{ duplicates: 2 }]);
    expect(
      await db.query('SELECT event_type, subject FROM applied_events WHERE consumer = $1 AND event_id = $2', [
        'ledger-test',
        event.id,
      ]),
    ).toEqual([{ event_type: 'camera.created', subject: event.subject }]);
  });

  it('when the inbox check is switched off (fault injection), then a redelivery is applied again and the ledger shows it', async () => {
    const event = cameraCreated(1);
    const inbox = new Inbox(db, 'unsafe-test', { faults: { disableInbox: true } });

    await inbox.apply(event, async () => undefined);
    await inbox.apply(event, async () => undefined);

    const rows = await db.query('SELECT seq FROM applied_events WHERE consumer = $1 AND event_id = $2', [
      'unsafe-test',
      event.id,
    ]);
    expect(rows).toHaveLength(2);
  });

  it('when delivered rows are older than their retention, then pruning deletes them and keeps the rest', async () => {
    const bus = newBus();
    const old = cameraCreated(1);
    const fresh = cameraCreated(2);
    const pending = cameraCreated(3);
    await newOutbox(bus).transaction(async (_tx, emit) => {
      for (const event of [old, fresh, pending]) await emit(event);
    });
    await db.query(`UPDATE outbox SET published_at = now() - interval '2 hours' WHERE id = $1`, [old.id]);
    await db.query(`UPDATE outbox SET published_at = now() WHERE id = $1`, [fresh.id]);
    const inbox = new Inbox(db, 'prune-test');
    await inbox.apply(old, async () => undefined);
    await inbox.apply(fresh, async () => undefined);
    await db.query(`UPDATE inbox SET processed_at = now() - interval '3 hours' WHERE event_id = $1`, [
      old.id,
    ]);
    await db.query(`UPDATE applied_events SET applied_at = now() - interval '3 hours' WHERE event_id = $1`, [
      old.id,
    ]);

    const deleted = await pruneDelivered(db, { outboxMs: 3_600_000, inboxMs: 2 * 3_600_000 });

    expect(deleted).toMatchObject({ outbox: 1, inbox: 1, applied_events: 1 });
    expect((await db.query<{ id: string }>('SELECT id FROM outbox ORDER BY seq')).map((r) => r.id)).toEqual([
      fresh.id,
      pending.id,
    ]);
    expect(await db.query('SELECT event_id FROM inbox WHERE consumer = $1', ['prune-test'])).toEqual([
      { event_id: fresh.id },
    ]);
  });
}

/** Opens the outbox contract's service database through the same entry point the services use. */
async function serviceDatabase(config: DatabaseConfig): Promise<Database> {
  const noMigrations = await mkdtemp(join(tmpdir(), 'rcr-no-migrations-'));
  try {
    return await openServiceDatabase(config, 'outbox_contract', noMigrations);
  } finally {
    await rm(noMigrations, { recursive: true, force: true });
  }
}

describe('Outbox on PGlite', () => {
  outboxContract(() => serviceDatabase({ RCR_DATA_DIR: 'memory://' }));
});

const distributed = await distributedAvailable('outbox contract');

describe.skipIf(!distributed)('Outbox on PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>> | undefined;
  beforeAll(async () => {
    database = await freshDatabase('rcr_platform_outbox');
  });
  afterAll(async () => {
    await database?.drop();
  });

  outboxContract(() => serviceDatabase({ DATABASE_URL: database?.url, RCR_DATA_DIR: 'memory://' }));
});
