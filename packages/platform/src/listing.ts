import { errors } from './errors.ts';

/** One key of a multi-field sort: an API field name and its direction. */
export interface SortKey {
  field: string;
  descending: boolean;
}

/**
 * Parses a sort list (`["-publishedAt", "title"]`, as the gateway forwards `sort=-publishedAt,title`)
 * against the fields a list allows; an unknown field is a VALIDATION_FAILED on `sort`. An empty list
 * gives `fallback`.
 */
export function parseSort(
  input: readonly string[],
  allowed: readonly string[],
  fallback: readonly SortKey[],
): SortKey[] {
  const keys: SortKey[] = [];
  for (const raw of input.flatMap((s) => s.split(','))) {
    const item = raw.trim();
    if (item.length === 0) continue;
    const descending = item.startsWith('-');
    const field = descending || item.startsWith('+') ? item.slice(1) : item;
    if (!allowed.includes(field)) {
      throw errors.invalid('VALIDATION_FAILED', `cannot sort by "${field}"`, [
        { field: 'sort', message: `unknown sort field "${field}"; allowed: ${allowed.join(', ')}` },
      ]);
    }
    if (!keys.some((k) => k.field === field)) keys.push({ field, descending });
  }
  return keys.length > 0 ? keys : [...fallback];
}

/** Encodes the sort-key values of the last row of a page as an opaque cursor. */
export function encodeCursor(values: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/** Decodes a cursor made by `encodeCursor` for `length` keys; a forged or stale one is VALIDATION_FAILED. */
export function decodeCursor(cursor: string, length: number): unknown[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(values) &&
      values.length === length &&
      values.every((v) => ['string', 'number'].includes(typeof v) || v === null)
    ) {
      return values;
    }
  } catch {
    // fall through
  }
  throw errors.invalid('VALIDATION_FAILED', 'the cursor is not valid for this list', [
    { field: 'cursor', message: 'invalid or expired cursor' },
  ]);
}

/**
 * The SQL condition selecting rows strictly after a cursor in a keyset ordering with mixed directions:
 * `(a > $1) OR (a = $1 AND b < $2) OR …`. `columns` are SQL expressions in sort order (end with a unique
 * column so the order is total); placeholders start at `$firstParam`. NULLs are not supported in keys.
 */
export function keysetCondition(
  columns: readonly { sql: string; descending: boolean }[],
  values: readonly unknown[],
  firstParam: number,
): { sql: string; params: unknown[] } {
  const ors: string[] = [];
  for (let i = 0; i < columns.length; i++) {
    const ands: string[] = [];
    for (let j = 0; j < i; j++) ands.push(`${columns[j]!.sql} = $${firstParam + j}`);
    ands.push(`${columns[i]!.sql} ${columns[i]!.descending ? '<' : '>'} $${firstParam + i}`);
    ors.push(`(${ands.join(' AND ')})`);
  }
  return { sql: `(${ors.join(' OR ')})`, params: [...values] };
}

/** `ORDER BY` text for a keyset ordering. */
export function orderBy(columns: readonly { sql: string; descending: boolean }[]): string {
  return columns.map((c) => `${c.sql} ${c.descending ? 'DESC' : 'ASC'}`).join(', ');
}
