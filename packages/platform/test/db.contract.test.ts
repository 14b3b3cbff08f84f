import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect as connectSocket, createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../src/errors.ts';
import { migrate } from '../src/db/migrate.ts';
import { openPglite } from '../src/db/pglite.ts';
import { openPostgres } from '../src/db/pg.ts';
import { openServiceDatabase } from '../src/db/index.ts';
import { TcpProxy, viaProxy } from '../../../test/support/tcp-proxy.ts';
import type { Database } from '../src/db/port.ts';
import { prepared } from '../src/db/prepared.ts';
import { distributedAvailable, freshDatabase } from '../../../test/support/infra.ts';
import { unique } from './support.ts';

/** Opens the adapter with `schema` as the service's schema (the same underlying database when it can). */
type DbFactory = (schema: string) => Promise<Database>;

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Writes `files` (name → SQL) into a fresh temporary migrations folder. */
async function migrationsDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'rcr-migrations-'));
  for (const [name, sql] of Object.entries(files)) await writeFile(join(dir, name), sql);
  return dir;
}

/** The database contract (see `Database` in src/db/port.ts), run against one adapter. */
function dbContract(open: DbFactory) {
  let db: Database;
  const dirs: string[] = [];
  beforeAll(async () => {
    db = await open('contract');
  });
  afterAll(async () => {
    await db?.close();
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });
  const tempMigrations = async (files: Record<string, string>) => {
    const dir = await migrationsDir(files);
    dirs.push(dir);
    return dir;
  };
  const countOf = async (table: string) =>
    (await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))[0]?.n;

  it('when a query has parameters, then they are bound as values, never as SQL', async () => {
    const table = unique('people');
    await db.exec(`CREATE TABLE ${table} (id int PRIMARY KEY, name text NOT NULL)`);
    const tricky = "O'Brien'); DROP TABLE people; --";

    await db.query(`INSERT INTO ${table} (id, name) VALUES ($1, $2), ($3, $4)`, [1, tricky, 2, 'Ada']);
    const rows = await db.query<{ id: number; name: string }>(
      `SELECT id, name FROM ${table} WHERE name = $1`,
      [tricky],
    );

    expect(rows).toEqual([{ id: 1, name: tricky }]);
    expect(
      await db.query(`SELECT $1::int + $2::int AS sum, $3::text IS NULL AS missing`, [2, 3, null]),
    ).toEqual([{ sum: 5, missing: true }]);
  });

  it('when a transaction resolves, then its writes are committed and its value returned', async () => {
    const table = unique('notes');
    await db.exec(`CREATE TABLE ${table} (id int PRIMARY KEY)`);

    const value = await db.transaction(async (tx) => {
      await tx.query(`INSERT INTO ${table} (id) VALUES (1), (2)`);
      return (await tx.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))[0]?.n;
    });

    expect(value).toBe(2);
    expect(await countOf(table)).toBe(2);
  });

  it('when a transaction throws, then its writes are rolled back, the error comes out and the database stays usable', async () => {
    const table = unique('notes');
    await db.exec(`CREATE TABLE ${table} (id int PRIMARY KEY)`);
    const failure = new Error('business rule broken');

    const thrown = db.transaction(async (tx) => {
      await tx.query(`INSERT INTO ${table} (id) VALUES (1)`);
      throw failure;
    });
    await expect(thrown).rejects.toBe(failure);
    const badSql = db.transaction(async (tx) => {
      await tx.query(`INSERT INTO ${table} (id) VALUES (2)`);
      await tx.query(`INSERT INTO ${table} (id) VALUES (2)`); // duplicate key
    });
    await expect(badSql).rejects.toThrow(/duplicate key/);

    expect(await countOf(table)).toBe(0);
    await db.transaction((tx) => tx.query(`INSERT INTO ${table} (id) VALUES (3)`));
    expect(await db.query(`SELECT id FROM ${table}`)).toEqual([{ id: 3 }]);
  });

  it('when transactions run concurrently, then each sees a consistent state and only committed ones count', async () => {
    const table = unique('accounts');
    await db.exec(`CREATE TABLE ${table} (id text PRIMARY KEY, balance int NOT NULL)`);
    await db.query(`INSERT INTO ${table} (id, balance) VALUES ('a', 100), ('b', 100)`);
    const transfer = (i: number) =>
      db.transaction(async (tx) => {
        const [from] = await tx.query<{ balance: number }>(
          `SELECT balance FROM ${table} WHERE id = 'a' FOR UPDATE`,
        );
        await new Promise((r) => setTimeout(r, 1));
        await tx.query(`UPDATE ${table} SET balance = $1 WHERE id = 'a'`, [(from?.balance ?? 0) - 1]);
        await tx.query(`UPDATE ${table} SET balance = balance + 1 WHERE id = 'b'`);
        if (i % 4 === 0) throw new Error(`transfer ${i} cancelled`);
      });

    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => transfer(i)));
    await Promise.all([db.query('SELECT 1'), db.ping()]);

    const committed = results.filter((r) => r.status === 'fulfilled').length;
    expect(committed).toBe(15);
    const balances = await db.query<{ id: string; balance: number }>(
      `SELECT id, balance FROM ${table} ORDER BY id`,
    );
    expect(balances).toEqual([
      { id: 'a', balance: 100 - committed },
      { id: 'b', balance: 100 + committed },
    ]);
  });

  it('when values are read, then timestamptz is an ISO string, bigint, count and numeric are numbers, jsonb an object', async () => {
    const table = unique('typed');
    await db.exec(
      `CREATE TABLE ${table} (at timestamptz NOT NULL, big bigint NOT NULL, price numeric(8, 2) NOT NULL, doc jsonb NOT NULL, note text)`,
    );
    const at = '2024-03-01T10:34:56.789Z';
    await db.query(`INSERT INTO ${table} (at, big, price, doc, note) VALUES ($1, $2, $3, $4, $5)`, [
      at,
      9_007_199_254_740_991,
      1299.5,
      JSON.stringify({ tags: ['a'], nested: { ok: true } }),
      null,
    ]);

    const [row] = await db.query(`SELECT at, big, price, doc, note, count(*) OVER () AS n FROM ${table}`);
    expect(row).toEqual({
      at,
      big: 9_007_199_254_740_991,
      price: 1299.5,
      doc: { tags: ['a'], nested: { ok: true } },
      note: null,
      n: 1,
    });
    const [computed] = await db.query<Record<string, unknown>>(
      `SELECT now() AS now, '2024-03-01 12:34:56.789+02'::timestamptz AS offset_time, 7::bigint * 6 AS product,
              0.1::numeric + 0.2 AS sum, '{"a":[1,2]}'::jsonb AS doc, 5::int AS small, true AS flag`,
    );
    expect(computed?.now).toMatch(ISO_UTC);
    expect(computed).toMatchObject({
      offset_time: at,
      product: 42,
      sum: 0.3,
      doc: { a: [1, 2] },
      small: 5,
      flag: true,
    });
  });

  it('when dates and unbounded timestamps are read, then both adapters give the same strings', async () => {
    const [row] = await db.query(
      `SELECT '2024-02-29'::date AS day, '2024-02-29 13:14:15.5'::timestamp AS local_time,
              'infinity'::timestamptz AS forever, '-infinity'::timestamptz AS never`,
    );

    expect(row).toEqual({
      day: '2024-02-29',
      local_time: '2024-02-29T13:14:15.500Z',
      forever: 'infinity',
      never: '-infinity',
    });
  });

  it('when a statement is registered as prepared, then it answers as the same SQL unregistered does, run after run', async () => {
    const sql = prepared('SELECT $1::int * 2 AS doubled, $2::text AS label');
    for (const n of [1, 2, 3, 4, 5, 6, 7]) {
      expect(await db.query(sql, [n, `run ${n}`])).toEqual([{ doubled: n * 2, label: `run ${n}` }]);
      expect(await db.transaction((tx) => tx.query(sql, [n, 'tx']))).toEqual([
        { doubled: n * 2, label: 'tx' },
      ]);
    }
  });

  it('when exec runs several statements, then all of them apply', async () => {
    const table = unique('multi');

    await db.exec(
      `CREATE TABLE ${table} (id int); INSERT INTO ${table} VALUES (1); INSERT INTO ${table} VALUES (2)`,
    );

    expect(await countOf(table)).toBe(2);
  });

  it('when migrate runs twice, then each file is applied once, in order, and the second run applies nothing', async () => {
    const table = unique('cameras');
    const prefix = `${unique('m')}/`;
    const dir = await tempMigrations({
      '002_seed.sql': `INSERT INTO ${table} (id) VALUES ('x100');\n`,
      '001_create.sql': `-- The table; note the semicolon in this comment;\nCREATE TABLE ${table} (\n  id text PRIMARY KEY -- slug;\n);\n`,
      'README.md': 'not a migration',
    });

    const first = await migrate(db, dir, prefix);
    const second = await migrate(db, dir, prefix);
    await writeFile(join(dir, '003_more.sql'), `INSERT INTO ${table} (id) VALUES ('gfx');`);
    const third = await migrate(db, dir, prefix);

    expect(first).toEqual([`${prefix}001_create.sql`, `${prefix}002_seed.sql`]);
    expect(second).toEqual([]);
    expect(third).toEqual([`${prefix}003_more.sql`]);
    expect(await countOf(table)).toBe(2);
  });

  it('when every migration is already applied, then migrate opens no transaction (a start checks in one read)', async () => {
    const table = unique('lenses');
    const prefix = `${unique('m')}/`;
    const dir = await tempMigrations({
      '001_create.sql': `CREATE TABLE ${table} (id text PRIMARY KEY);`,
      '002_seed.sql': `INSERT INTO ${table} (id) VALUES ('50mm');`,
    });
    await migrate(db, dir, prefix);
    let transactions = 0;
    const counting: Database = {
      kind: db.kind,
      query: (sql, params) => db.query(sql, params),
      transaction: (fn) => {
        transactions += 1;
        return db.transaction(fn);
      },
      exec: (sql) => db.exec(sql),
      ping: () => db.ping(),
      close: () => db.close(),
    };

    expect(await migrate(counting, dir, prefix)).toEqual([]);
    expect(transactions).toBe(0);
    await writeFile(join(dir, '003_more.sql'), `INSERT INTO ${table} (id) VALUES ('85mm');`);
    expect(await migrate(counting, dir, prefix)).toEqual([`${prefix}003_more.sql`]);
    expect(await countOf(table)).toBe(2);
  });

  it('when a migration has quoted semicolons and a function body, then it is split into the right statements', async () => {
    const table = unique('quotes');
    const dir = await tempMigrations({
      '001_tricky.sql': [
        `CREATE TABLE ${table} (id int PRIMARY KEY, note text NOT NULL DEFAULT 'a;`,
        `b');`,
        `/* a block comment;`,
        `   spanning lines; */`,
        `CREATE FUNCTION ${table}_touch() RETURNS trigger LANGUAGE plpgsql AS $fn$`,
        `BEGIN`,
        `  NEW.note := NEW.note || ';';`,
        `  RETURN NEW;`,
        `END;`,
        `$fn$;`,
        `CREATE TRIGGER ${table}_touch BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION ${table}_touch();`,
        `INSERT INTO ${table} (id) VALUES (1);`,
      ].join('\n'),
    });

    await migrate(db, dir, `${unique('m')}/`);

    expect(await db.query(`SELECT note FROM ${table}`)).toEqual([{ note: 'a;\nb;' }]);
  });

  it('when a migration fails, then none of its statements stay and it is not recorded', async () => {
    const table = unique('broken');
    const prefix = `${unique('m')}/`;
    const dir = await tempMigrations({
      '001_ok.sql': `CREATE TABLE ${table} (id int PRIMARY KEY);`,
      '002_broken.sql': `INSERT INTO ${table} (id) VALUES (1);\nINSERT INTO ${table} (id) VALUES ('not a number');`,
    });

    await expect(migrate(db, dir, prefix)).rejects.toThrow();

    expect(await countOf(table)).toBe(0);
    const recorded = await db.query<{ version: string }>(
      'SELECT version FROM schema_migrations WHERE version LIKE $1 ORDER BY version',
      [`${prefix}%`],
    );
    expect(recorded.map((r) => r.version)).toEqual([`${prefix}001_ok.sql`]);
  });

  it('when the schema name is not a plain identifier, then opening rejects before touching the database', async () => {
    await expect(open('bad-name; DROP SCHEMA public')).rejects.toThrow(/invalid schema name/);
  });

  it('when two services use the same table name, then the schema option keeps their tables apart', async () => {
    const other = await open('contract_other');
    try {
      const table = unique('items');
      await db.exec(`CREATE TABLE ${table} (id int, owner text)`);
      await other.exec(`CREATE TABLE ${table} (id int, owner text, extra int)`);

      await db.query(`INSERT INTO ${table} (id, owner) VALUES (1, 'contract')`);
      await other.query(`INSERT INTO ${table} (id, owner) VALUES (2, 'other'), (3, 'other')`);

      expect(await db.query(`SELECT id, owner FROM ${table}`)).toEqual([{ id: 1, owner: 'contract' }]);
      expect(await other.query(`SELECT count(*) AS n FROM ${table}`)).toEqual([{ n: 2 }]);
      expect(await db.query('SELECT current_schema() AS s')).toEqual([{ s: 'contract' }]);
      expect(await other.transaction((tx) => tx.query('SELECT current_schema() AS s'))).toEqual([
        { s: 'contract_other' },
      ]);
    } finally {
      await other.close();
    }
  });
}

describe('openPglite', () => {
  dbContract((schema) => openPglite({ dataDir: 'memory://', schema }));
});

const distributed = await distributedAvailable('db contract');

describe.skipIf(!distributed)('openPostgres', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>> | undefined;
  beforeAll(async () => {
    database = await freshDatabase('rcr_platform_db');
  });
  afterAll(async () => {
    await database?.drop();
  });

  dbContract((schema) => {
    if (!database) throw new Error('no test database');
    return openPostgres({ url: database.url, schema, max: 5 });
  });

  it('when a service connects, then its sessions use its schema and never JIT-compile a plan', async () => {
    const db = await openPostgres({ url: database!.url, schema: 'session_settings', max: 1 });
    try {
      const [row] = await db.query<{ jit: string; path: string }>(
        "SELECT current_setting('jit') AS jit, current_setting('search_path') AS path",
      );
      expect(row).toEqual({ jit: 'off', path: 'session_settings' });
    } finally {
      await db.close();
    }
  });

  it('when a statement is registered as prepared, then each connection parses it once and then runs it by name', async () => {
    const db = await openPostgres({ url: database!.url, schema: 'prepared_statements', max: 1 });
    const sql = prepared('SELECT $1::int + 1 AS next');
    const preparedHere = (tx: { query: Database['query'] }) =>
      tx.query<{ n: number }>(
        'SELECT count(*) AS n FROM pg_prepared_statements WHERE statement = $1 AND NOT from_sql',
        [sql],
      );
    try {
      expect(await preparedHere(db)).toEqual([{ n: 0 }]);
      expect(await db.query(sql, [1])).toEqual([{ next: 2 }]);
      // The one connection of the pool holds the statement, and runs it again without a second Parse.
      expect(await preparedHere(db)).toEqual([{ n: 1 }]);
      expect(await db.transaction((tx) => tx.query(sql, [41]))).toEqual([{ next: 42 }]);
      expect(await preparedHere(db)).toEqual([{ n: 1 }]);
      // SQL that was not registered is not kept on the connection.
      await db.query('SELECT $1::int + 2 AS later', [1]);
      const [kept] = await db.query<{ n: number }>('SELECT count(*) AS n FROM pg_prepared_statements');
      expect(kept).toEqual({ n: 1 });
    } finally {
      await db.close();
    }
  });

  it('when every connection is busy past the connect timeout, then a query fails as unavailable (503), not internal', async () => {
    const db = await openPostgres({ url: database!.url, schema: 'pool_busy', max: 1, connectTimeoutMs: 100 });
    let release!: () => void;
    const held = db.transaction(() => new Promise<void>((resolve) => (release = resolve)));
    try {
      await expect(db.query('SELECT 1')).rejects.toMatchObject({ name: 'AppError', kind: 'unavailable' });
    } finally {
      release();
      await held;
      await db.close();
    }
  });

  it('when a transaction starts, then its BEGIN goes out with its first statement, not one round trip before it', async () => {
    // A proxy that, once it has seen the client send BEGIN, holds the server's answers back until the
    // client has also sent the transaction's first statement (or a second has passed).
    let held: Buffer[] | undefined;
    let beginSeen = false;
    let armed = false; // from the test's transaction on (opening runs a transaction of its own)
    let statementBeforeBeginAnswered: boolean | undefined;
    const sockets = new Set<Socket>();
    const target = new URL(database!.url);
    const proxy = createServer((client) => {
      sockets.add(client);
      const server = connectSocket(Number(target.port || 5432), target.hostname);
      sockets.add(server);
      const release = () => {
        if (!held) return;
        for (const chunk of held) client.write(chunk);
        held = undefined;
      };
      client.on('data', (chunk: Buffer) => {
        server.write(chunk);
        if (armed && !beginSeen && chunk.includes('BEGIN')) {
          beginSeen = true;
          held = [];
          setTimeout(release, 1000);
        }
        if (beginSeen && statementBeforeBeginAnswered === undefined && chunk.includes('pipelined-marker')) {
          statementBeforeBeginAnswered = held !== undefined;
          release();
        }
      });
      server.on('data', (chunk: Buffer) => (held ? held.push(chunk) : client.write(chunk)));
      client.on('error', () => server.destroy());
      server.on('error', () => client.destroy());
      client.on('close', () => server.destroy());
      server.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxied = new URL(database!.url);
    proxied.host = `127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const db = await openPostgres({ url: proxied.toString(), schema: 'pipelined_begin', max: 1 });
    try {
      armed = true;
      const rows = await db.transaction((tx) => tx.query("SELECT 'pipelined-marker' AS m"));

      expect(rows).toEqual([{ m: 'pipelined-marker' }]);
      expect(statementBeforeBeginAnswered).toBe(true);
      // And it is still a transaction: the statement ran inside it.
      expect(
        await db.transaction((tx) =>
          tx.query<{ inside: boolean }>('SELECT now() = statement_timestamp() AS inside'),
        ),
      ).toEqual([{ inside: false }]);
    } finally {
      await db.close();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('when two transactions deadlock, then the one PostgreSQL aborts runs again and both commit', async () => {
    const db = await openPostgres({ url: database!.url, schema: 'deadlocks', max: 4 });
    try {
      await db.exec('CREATE TABLE IF NOT EXISTS pair (id int PRIMARY KEY, n int NOT NULL)');
      await db.exec('INSERT INTO pair VALUES (1, 0), (2, 0) ON CONFLICT DO NOTHING');
      let attempts = 0;
      const bothLocked = { count: 0, waiters: [] as (() => void)[] };
      const barrier = () =>
        new Promise<void>((resolve) => {
          bothLocked.count += 1;
          bothLocked.waiters.push(resolve);
          if (bothLocked.count === 2) for (const w of bothLocked.waiters) w();
        });
      // Each locks one row, waits until the other has locked its row, then asks for the other's row.
      const crossing = (first: number, second: number) =>
        db.transaction(async (tx) => {
          attempts += 1;
          await tx.query('UPDATE pair SET n = n + 1 WHERE id = $1', [first]);
          if (attempts <= 2) await barrier();
          await tx.query('UPDATE pair SET n = n + 1 WHERE id = $1', [second]);
        });
      await Promise.all([crossing(1, 2), crossing(2, 1)]);
      // At least one retry (both deadlocked once; under load PostgreSQL may abort a retry too): both commit.
      expect(attempts).toBeGreaterThanOrEqual(3);
      expect(await db.query('SELECT id, n FROM pair ORDER BY id')).toEqual([
        { id: 1, n: 2 },
        { id: 2, n: 2 },
      ]);
    } finally {
      await db.close();
    }
  });
  it('when a transaction keeps losing races past its attempts, then it fails as unavailable (503, DATABASE_CONTENDED), not internal', async () => {
    const db = await openPostgres({ url: database!.url, schema: 'contended', max: 2 });
    try {
      let attempts = 0;
      const outcome = await db
        .transaction(async (tx) => {
          attempts += 1;
          await tx.query(`DO $$ BEGIN RAISE EXCEPTION 'lost a race' USING ERRCODE = '40001'; END $$`);
        })
        .catch((err: unknown) => err);
      // At least one retry (both deadlocked once; under load PostgreSQL may abort a retry too): both commit.
      expect(attempts).toBeGreaterThanOrEqual(3);
      expect(outcome).toMatchObject({ kind: 'unavailable', code: 'DATABASE_CONTENDED' });
    } finally {
      await db.close();
    }
  });
});

describe('openPostgres without a server', () => {
  it('when the server is unreachable, then it rejects quickly with an unavailable AppError', async () => {
    const started = Date.now();

    const opening = openPostgres({ url: 'postgres://postgres@127.0.0.1:1/postgres', schema: 'nowhere' });

    await expect(opening).rejects.toBeInstanceOf(AppError);
    await expect(opening).rejects.toMatchObject({ kind: 'unavailable', code: 'DATABASE_UNAVAILABLE' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('when the server accepts but never answers, then it rejects with an unavailable AppError after the connect timeout', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => void sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const started = Date.now();

      const opening = openPostgres({
        url: `postgres://postgres@127.0.0.1:${port}/postgres`,
        schema: 'nowhere',
        connectTimeoutMs: 200,
      });

      await expect(opening).rejects.toMatchObject({ name: 'AppError', kind: 'unavailable' });
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('when the server takes no more sessions (FATAL 53300, too many clients), then it rejects with DATABASE_UNAVAILABLE, not an internal error', async () => {
    // A server that answers every startup as a PostgreSQL whose max_connections is full does.
    const full = createServer((socket) => {
      socket.on('error', () => undefined);
      socket.once('data', () => {
        const fields = Buffer.from('SFATAL\0VFATAL\0C53300\0Msorry, too many clients already\0\0');
        const header = Buffer.alloc(5);
        header.write('E', 0);
        header.writeInt32BE(fields.length + 4, 1);
        socket.end(Buffer.concat([header, fields]));
      });
    });
    await new Promise<void>((resolve) => full.listen(0, '127.0.0.1', resolve));
    const { port } = full.address() as AddressInfo;
    try {
      const opening = openPostgres({
        url: `postgres://postgres@127.0.0.1:${port}/postgres`,
        schema: 'nowhere',
      });
      await expect(opening).rejects.toMatchObject({ kind: 'unavailable', code: 'DATABASE_UNAVAILABLE' });
    } finally {
      await new Promise((resolve) => full.close(resolve));
    }
  });
});

const startWaitAvailable = await distributedAvailable('a service start waiting for PostgreSQL');

describe.skipIf(!startWaitAvailable)(
  'openServiceDatabase while PostgreSQL is out of reach (distributed)',
  () => {
    it('when the connection breaks between two statements of a transaction, then the next one fails as unavailable, the process lives on, and the pool serves again once the database is back', async () => {
      const database = await freshDatabase();
      const target = new URL(database.url);
      const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
      await proxy.listen();
      try {
        const db = await openPostgres({ url: viaProxy(database.url, proxy), schema: 'broken_link', max: 2 });
        const transaction = db.transaction(async (tx) => {
          await tx.query('SELECT 1');
          await proxy.cut();
          // The broken connection is noticed while no statement is in flight (an 'error' event).
          await new Promise((resolve) => setTimeout(resolve, 300));
          await tx.query('SELECT 2');
        });
        await expect(transaction).rejects.toMatchObject({
          kind: 'unavailable',
          code: 'DATABASE_UNAVAILABLE',
        });
        await proxy.restore();
        expect(await db.query('SELECT 3 AS three')).toEqual([{ three: 3 }]);
        await db.close();
      } finally {
        await proxy.close();
        await database.drop();
      }
    });

    it('when DATABASE_POOL_MAX is set, then the service never holds more sessions than that, however many statements wait', async () => {
      const database = await freshDatabase();
      try {
        const db = await openServiceDatabase(
          { DATABASE_URL: database.url, DATABASE_POOL_MAX: 2, RCR_DATA_DIR: 'unused' },
          'pool_max',
          undefined,
        );
        const name = new URL(database.url).pathname.slice(1);
        const sleeping = Array.from({ length: 5 }, () => db.query('SELECT pg_sleep(0.4)'));
        await new Promise((resolve) => setTimeout(resolve, 150));
        // Counted from outside the pool: its sessions on the database, busy or idle.
        const admin = await openPostgres({ url: database.url, schema: 'pool_max_admin', max: 1 });
        const [counted] = await admin.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
          [name],
        );
        expect(counted?.n).toBe(2);
        await admin.close();
        await Promise.all(sleeping);
        await db.close();
      } finally {
        await database.drop();
      }
    });

    it('when the database refuses connections as a service starts, then the start waits and completes once it is back; past the wait it fails', async () => {
      const database = await freshDatabase();
      const target = new URL(database.url);
      const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
      await proxy.listen();
      await proxy.cut();
      try {
        const config = { DATABASE_URL: viaProxy(database.url, proxy), RCR_DATA_DIR: 'unused' };
        const waits: number[] = [];
        const opening = openServiceDatabase(config, 'start_wait', undefined, {
          startWaitMs: 20_000,
          onWait: (_err, waitedMs) => waits.push(waitedMs),
        });
        setTimeout(() => void proxy.restore(), 1200);
        const db = await opening;
        expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
        expect(waits.length).toBeGreaterThan(0);
        await db.close();

        await proxy.cut();
        const started = Date.now();
        await expect(
          openServiceDatabase(config, 'start_wait', undefined, { startWaitMs: 1000 }),
        ).rejects.toMatchObject({ kind: 'unavailable', code: 'DATABASE_UNAVAILABLE' });
        expect(Date.now() - started).toBeLessThan(5000);
      } finally {
        await proxy.close();
        await database.drop();
      }
    });
  },
);
