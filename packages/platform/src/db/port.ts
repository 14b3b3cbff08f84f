/** Anything that runs SQL: the database itself or an open transaction. SQL is PostgreSQL SQL in both adapters. */
export interface Queryable {
  /** Runs one statement with `$1…` parameters and returns its rows as plain objects. */
  query<T extends object = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

/** The database port: PostgreSQL (`pg`) in distributed mode, PGlite in embedded mode. */
export interface Database extends Queryable {
  /** Which adapter this is ("pg" or "pglite"), for logs and health. */
  readonly kind: 'pg' | 'pglite';
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. A transaction
   * that loses a race with another one (serialization failure, deadlock) is run again, whole, a few
   * times: `fn` must only act through `tx` (nothing outside the database before the commit).
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs several statements separated by `;` with no parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Resolves when the database answers a trivial query (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
