import pg from 'pg';
import { errors, isConnectionError } from '../errors.ts';
import type { Database, Queryable } from './port.ts';

// Return BIGINT (COUNT(*) and friends) as numbers: our counts never exceed 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));
// Keep timestamps as ISO strings produced by the database rather than JS Dates with lost precision.
pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, (value) => new Date(value).toISOString());
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number.parseFloat(value));

/** Options of the PostgreSQL adapter. */
export interface PgOptions {
  url: string;
  /** The schema this service owns; created if missing and used as `search_path`. */
  schema: string;
  max?: number;
}

function unavailable(err: unknown): never {
  if (isConnectionError(err))
    throw errors.unavailable('DATABASE_UNAVAILABLE', 'the database is not reachable');
  throw err;
}

/** Opens a pooled PostgreSQL connection whose sessions all use the service's schema. */
export async function openPostgres(options: PgOptions): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    connectionTimeoutMillis: 3000,
    options: `-c search_path=${options.schema}`,
  });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it. Queries report their own errors.
  });
  const client = await pool.connect().catch(unavailable);
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${options.schema}`);
  } finally {
    client.release();
  }

  const query = async <T extends object>(
    runner: pg.Pool | pg.PoolClient,
    sql: string,
    params?: unknown[],
  ) => {
    const result = await runner.query(sql, params as unknown[]).catch(unavailable);
    return result.rows as T[];
  };

  return {
    kind: 'pg',
    query: (sql, params) => query(pool, sql, params),
    async transaction(fn) {
      const conn = await pool.connect().catch(unavailable);
      try {
        await conn.query('BEGIN');
        const tx: Queryable = { query: (sql, params) => query(conn, sql, params) };
        const result = await fn(tx);
        await conn.query('COMMIT');
        return result;
      } catch (err) {
        await conn.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        conn.release();
      }
    },
    async exec(sql) {
      await pool.query(sql).catch(unavailable);
    },
    async ping() {
      await pool.query('SELECT 1').catch(unavailable);
    },
    close: () => pool.end(),
  };
}
