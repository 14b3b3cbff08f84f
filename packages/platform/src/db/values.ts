/**
 * How both database adapters turn PostgreSQL's text form of a value into JavaScript, so that a row reads
 * the same from `pg` and from PGlite: keyed by type OID.
 */

/** Type OIDs with a parser of ours. */
export const TYPE_OIDS = {
  INT8: 20,
  NUMERIC: 1700,
  DATE: 1082,
  TIMESTAMP: 1114,
  TIMESTAMPTZ: 1184,
} as const;

const UNBOUNDED = new Set(['infinity', '-infinity']);

/** PostgreSQL's text form of a timestamptz in a UTC session (`2026-11-30 12:00:00.123456+00`). */
const UTC_TIMESTAMPTZ = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?\+00$/;

/** timestamptz → ISO 8601 in UTC with milliseconds; `infinity` and dates JS cannot hold stay as text. */
export function parseTimestamptz(text: string): string {
  // The common form rewritten as text (the same result as through Date, which truncates to
  // milliseconds): Date parses this non-ISO form slowly, and every listed row has timestamps.
  const utc = UTC_TIMESTAMPTZ.exec(text);
  if (utc) return `${utc[1]}T${utc[2]}.${`${utc[3] ?? ''}000`.slice(0, 3)}Z`;
  if (UNBOUNDED.has(text)) return text;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}

/** timestamp (no zone) → ISO 8601 read as UTC, so the process's time zone never shifts it. */
export function parseTimestamp(text: string): string {
  if (UNBOUNDED.has(text)) return text;
  const date = new Date(`${text.replace(' ', 'T')}Z`);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}

/** date → `YYYY-MM-DD` as stored (a JS Date would add a time and a zone). */
export function parseDate(text: string): string {
  return text;
}

/** bigint (count(*), sums) → number: our counts never exceed 2^53. */
export function parseInt8(text: string): number {
  return Number.parseInt(text, 10);
}

/** numeric → number (ratings, prices: no exact decimal arithmetic is done in JS). */
export function parseNumeric(text: string): number {
  return Number.parseFloat(text);
}

/** The parsers above by type OID. */
export const VALUE_PARSERS: Record<number, (text: string) => unknown> = {
  [TYPE_OIDS.INT8]: parseInt8,
  [TYPE_OIDS.NUMERIC]: parseNumeric,
  [TYPE_OIDS.DATE]: parseDate,
  [TYPE_OIDS.TIMESTAMP]: parseTimestamp,
  [TYPE_OIDS.TIMESTAMPTZ]: parseTimestamptz,
};
