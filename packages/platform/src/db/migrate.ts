import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database, Queryable } from './port.ts';

/** The migration files among a folder's entries (`NNN_name.sql`), in the order they apply. */
export function migrationFileNames(entries: string[]): string[] {
  return entries.filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f)).sort();
}

/**
 * Applies `NNN_name.sql` files from a service's migrations folder in order, each in its own transaction,
 * recording them in `schema_migrations`. On PostgreSQL a transaction-scoped advisory lock (per schema)
 * keeps concurrent starters of the same service apart.
 */
export async function migrate(db: Database, dir: string, prefix = ''): Promise<string[]> {
  const files = migrationFileNames(await readdir(dir));
  // Every start after the first finds everything applied: one read, no transaction, no file read
  // (an applied migration is never undone, so no lock is needed to see that).
  const recorded = await appliedVersions(db);
  if (files.every((file) => recorded.has(prefix + file))) return [];
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

/** The versions `schema_migrations` records in the current schema (none when it has no such table). */
async function appliedVersions(db: Queryable): Promise<Set<string>> {
  const [table] = await db.query<{ present: boolean }>(
    "SELECT to_regclass('schema_migrations') IS NOT NULL AS present",
  );
  if (!table?.present) return new Set();
  const rows = await db.query<{ version: string }>('SELECT version FROM schema_migrations');
  return new Set(rows.map((row) => row.version));
}

/**
 * Splits a migration file into statements on top-level `;`. Semicolons inside quotes, identifiers,
 * comments and dollar-quoted bodies (`$$ … $$`, `$fn$ … $fn$`) do not split; comments are dropped.
 */
function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = '';
  let i = 0;
  const isWordChar = (ch: string | undefined) => ch !== undefined && /[\w$]/.test(ch);
  while (i < sql.length) {
    const ch = sql[i] as string;
    const next = sql[i + 1];
    if (ch === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end;
    } else if (ch === '/' && next === '*') {
      // Block comments nest in PostgreSQL.
      let depth = 1;
      i += 2;
      while (i < sql.length && depth > 0) {
        const pair = sql.slice(i, i + 2);
        if (pair === '/*' || pair === '*/') {
          depth += pair === '/*' ? 1 : -1;
          i += 2;
        } else {
          i += 1;
        }
      }
      current += ' ';
    } else if (ch === "'" || ch === '"') {
      // E'…' strings take backslash escapes; in every quoted text a doubled quote is a literal one.
      const escapes = ch === "'" && /[eE]$/.test(current) && !isWordChar(current.at(-2));
      let j = i + 1;
      while (j < sql.length) {
        if (escapes && sql[j] === '\\') j += 2;
        else if (sql[j] === ch && sql[j + 1] === ch) j += 2;
        else if (sql[j] === ch) break;
        else j += 1;
      }
      current += sql.slice(i, j + 1);
      i = j + 1;
    } else if (ch === '$' && !isWordChar(current.at(-1))) {
      const tag = /^\$(?:[A-Za-z_]\w*)?\$/.exec(sql.slice(i))?.[0];
      if (tag) {
        const end = sql.indexOf(tag, i + tag.length);
        const stop = end === -1 ? sql.length : end + tag.length;
        current += sql.slice(i, stop);
        i = stop;
      } else {
        current += ch;
        i += 1;
      }
    } else if (ch === ';') {
      if (current.trim()) statements.push(current.trim());
      current = '';
      i += 1;
    } else {
      current += ch;
      i += 1;
    }
  }
  if (current.trim()) statements.push(current.trim());
  return statements;
}
