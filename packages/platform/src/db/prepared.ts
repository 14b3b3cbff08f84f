import { createHash } from 'node:crypto';

/**
 * Statements the PostgreSQL adapter runs as named prepared statements (ADR 0036): parsed and planned
 * once per pooled connection, then only bound and executed, instead of parsed and planned on every run.
 * Meant for the constant SQL of hot paths (the outbox, the inbox, a service's write statements).
 *
 * `prepared(sql)` registers the text and returns it unchanged, so callers pass it to `query` as any other
 * SQL and every adapter still accepts it (PGlite and wrappers see a plain string). Rules:
 * - constant text only: every distinct registered text becomes one server-side statement on every
 *   connection (the registry refuses more than `MAX_PREPARED`, to catch text built at run time);
 * - no `SELECT *` / `RETURNING *` result: a prepared statement whose result columns change under it (a
 *   migration adding a column while this process runs) fails with "cached plan must not change result
 *   type" on every connection that prepared it; name the columns.
 */
const names = new Map<string, string>();
/** Far above what the code registers; reaching it means text built at run time is being registered. */
export const MAX_PREPARED = 200;

/** Registers `sql` as a statement to prepare (see above); returns it unchanged. */
export function prepared(sql: string): string {
  if (names.has(sql)) return sql;
  if (names.size >= MAX_PREPARED) {
    throw new Error(`more than ${MAX_PREPARED} prepared statements: prepared() is for constant SQL only`);
  }
  // The statement's own result (a `SELECT *` inside a CTE is fine: the outer list fixes the columns).
  if (/^\s*SELECT\s+\*|\bRETURNING\s+\*\s*$/i.test(sql)) {
    throw new Error('a prepared statement must name its result columns (no SELECT * / RETURNING *)');
  }
  names.set(sql, `rcr_${createHash('sha256').update(sql).digest('base64url').slice(0, 22)}`);
  return sql;
}

/** The server-side name of a registered statement, or undefined for any other SQL. */
export function preparedName(sql: string): string | undefined {
  return names.get(sql);
}
