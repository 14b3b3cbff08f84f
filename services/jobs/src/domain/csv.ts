/**
 * CSV as RFC 4180 writes it (CRLF line ends, every text cell in double quotes, quotes doubled), made safe
 * to open in a spreadsheet: a text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return
 * would be read as a formula (CSV injection, OWASP), so it gets a leading `'`, which spreadsheets show as
 * text and never evaluate.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: numbers as they are, text quoted and formula-safe, null as an empty cell. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return `"${safe.replaceAll('"', '""')}"`;
}

/** One record: its cells joined by commas, ended by CRLF. */
export function csvRecord(cells: readonly (string | number | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
