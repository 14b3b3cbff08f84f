import { describe, expect, it } from 'vitest';
import { csvCell, csvRecord } from './csv.ts';

describe('csvCell', () => {
  it.each(['=1+1', '+1', '-2', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://evil","x")'])(
    'when a text cell starts like a formula (%j), then it is prefixed with a quote and quoted',
    (text) => {
      const cell = csvCell(text);
      expect(cell.startsWith(`"'`)).toBe(true);
      expect(cell.slice(2, -1).replaceAll('""', '"')).toBe(text);
    },
  );

  it('when a cell holds quotes, commas and line breaks, then it is quoted with quotes doubled (RFC 4180)', () => {
    expect(csvCell('say "hi", then\r\nleave')).toBe('"say ""hi"", then\r\nleave"');
  });

  it('when a cell is a number, then it is written bare; null and undefined are empty', () => {
    expect(csvCell(8.5)).toBe('8.5');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('when plain text, then it is quoted unchanged', () => {
    expect(csvCell('Fujifilm')).toBe('"Fujifilm"');
    expect(csvCell('a-b = c')).toBe('"a-b = c"');
  });
});

describe('csvRecord', () => {
  it('when cells are joined, then commas separate them and CRLF ends the record', () => {
    expect(csvRecord(['a', 1, null])).toBe('"a",1,\r\n');
  });
});
