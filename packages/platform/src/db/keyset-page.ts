import { errors } from '../errors.ts';
import { decodeCursor, encodeCursor, keysetCondition, orderBy } from '../listing.ts';
import type { Queryable } from './port.ts';

/** How a sort key's value travels in a cursor, and so how a decoded value is checked before SQL sees it. */
export type KeyKind = 'timestamp' | 'number' | 'text' | 'uuid';

/** One key of a keyset ordering: a non-NULL SQL expression, its kind and its direction. */
export interface KeyColumn {
  sql: string;
  kind: KeyKind;
  descending: boolean;
}

/** A filtered, ordered list query over one table. `where` placeholders are numbered from $1 in `params`. */
export interface KeysetQuery {
  /** The row's columns, as in `SELECT <select> FROM <from>`. */
  select: string;
  from: string;
  where: string[];
  params: unknown[];
  /** Sort keys in order, ending with a unique one (the id) so the order is total. */
  keys: KeyColumn[];
  /** Names the ordering; a cursor made under another ordering is rejected instead of misread. */
  ordering: string;
  cursor?: string | undefined;
  limit: number;
  /** Rows to skip; ignored when a cursor is given (the cursor already says where the page starts). */
  offset: number;
}

// Microseconds, so a cursor names a row exactly even when the column was set by now().
const ISO_MICROS = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

function cursorSql(key: KeyColumn): string {
  if (key.kind === 'timestamp') return `to_char((${key.sql}) AT TIME ZONE 'UTC', ${ISO_MICROS})`;
  if (key.kind === 'uuid') return `(${key.sql})::text`;
  return key.sql;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function validKey(kind: KeyKind, value: unknown): boolean {
  switch (kind) {
    case 'timestamp': {
      if (typeof value !== 'string' || !TIMESTAMP.test(value)) return false;
      const parsed = new Date(value);
      // Date rolls 02-30 over to 03-02; PostgreSQL would reject it, so compare the fields back.
      return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 19) === value.slice(0, 19);
    }
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'text':
      return typeof value === 'string' && value.length <= 1000 && !value.includes('\u0000');
    case 'uuid':
      return typeof value === 'string' && UUID.test(value);
  }
}

/** The values after which the page starts, checked so that no forged cursor reaches SQL as a bad value. */
function decodeAfter(query: KeysetQuery, cursor: string): unknown[] {
  const [ordering, ...values] = decodeCursor(cursor, query.keys.length + 1);
  if (ordering === query.ordering && query.keys.every((key, i) => validKey(key.kind, values[i]))) {
    return values;
  }
  throw errors.invalid('VALIDATION_FAILED', 'the cursor is not valid for this list', [
    { field: 'cursor', message: 'the cursor belongs to another list or sort order' },
  ]);
}

/**
 * Runs a list query: the filtered total, one page in keyset order (after the cursor, or at the offset)
 * and the cursor of the next page (empty on the last one).
 */
export async function keysetPage<T extends object>(
  db: Queryable,
  query: KeysetQuery,
): Promise<{ rows: T[]; total: number; nextCursor: string }> {
  const filter = query.where.length > 0 ? `WHERE ${query.where.join(' AND ')}` : '';
  const [count] = await db.query<{ total: number }>(
    `SELECT count(*)::int AS total FROM ${query.from} ${filter}`,
    query.params,
  );

  const where = [...query.where];
  const params = [...query.params];
  let offset = query.offset;
  if (query.cursor !== undefined) {
    const after = keysetCondition(query.keys, decodeAfter(query, query.cursor), params.length + 1);
    where.push(after.sql);
    params.push(...after.params);
    offset = 0;
  }
  const keyColumns = query.keys.map((key, i) => `${cursorSql(key)} AS "__key${i}"`).join(', ');
  const rows = await db.query<Record<string, unknown>>(
    `SELECT ${query.select}, ${keyColumns} FROM ${query.from}
     ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY ${orderBy(query.keys)}
     LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, query.limit + 1, offset],
  );

  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > query.limit && last
      ? encodeCursor([query.ordering, ...query.keys.map((_, i) => last[`__key${i}`])])
      : '';
  for (const row of page) for (let i = 0; i < query.keys.length; i++) delete row[`__key${i}`];
  return { rows: page as T[], total: count?.total ?? 0, nextCursor };
}
