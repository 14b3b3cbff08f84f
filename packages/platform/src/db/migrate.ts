import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database, Queryable } from './port.ts';

/**
 * Applies `NNN_name.sql` files from a service's migrations folder in order, each in its own transaction,
 * recording them in `schema_migrations`. On PostgreSQL a transaction-scoped advisory lock (per schema)
 * keeps concurrent starters of the same service apart.
 */
export async function migrate(db: Database, dir: string, prefix = ''): Promise<string[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f)).sort();
  const applied: string[] = [];
  const lock = async (tx: Queryable) => {
    if (db.kind === 'pg') await tx.query('SELECT pg_advisory_xact_lock(hashtext(current_schema())::bigint)');
    await tx.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
  };
  for (const file of files) {
    const sql = await readFile(join(dir, file), 'utf8');
    const version = prefix + file;
    await db.transaction(async (tx) => {
      await lock(tx);
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [version]);
      if (done.length > 0) return;
      for (const statement of splitStatements(sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
      applied.push(version);
    });
  }
  return applied;
}

/** Splits a migration file into statements on `;` at line ends (our migrations use no `$$` bodies). */
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0);
}
