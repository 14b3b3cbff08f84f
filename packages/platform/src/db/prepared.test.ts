import { describe, expect, it } from 'vitest';
import { MAX_PREPARED, prepared, preparedName } from './prepared.ts';

// The registry is per process: this file registers its own statements (vitest runs each file apart).
describe('prepared statements registry', () => {
  it('when a statement is registered, then it comes back unchanged with one stable name', () => {
    const sql = 'SELECT id FROM reviews WHERE id = $1';
    expect(preparedName(sql)).toBeUndefined();
    expect(prepared(sql)).toBe(sql);
    const name = preparedName(sql);
    expect(name).toMatch(/^rcr_[\w-]{22}$/);
    expect(prepared(sql)).toBe(sql);
    expect(preparedName(sql)).toBe(name);
    expect(preparedName('SELECT id FROM cameras WHERE id = $1')).toBeUndefined();
  });

  it('when a statement to prepare names no result columns, then registering it fails', () => {
    expect(() => prepared('SELECT * FROM reviews WHERE id = $1')).toThrow(/name its result columns/);
    expect(() => prepared('DELETE FROM reviews WHERE id = $1 RETURNING *')).toThrow(
      /name its result columns/,
    );
    // A CTE may select * from a table: the outer list fixes the statement's columns.
    expect(prepared('WITH r AS (SELECT * FROM reviews) SELECT id FROM r')).toContain('SELECT id FROM r');
  });

  it('when text built at run time is registered again and again, then the registry refuses it past its bound', () => {
    expect(() => {
      for (let i = 0; i <= MAX_PREPARED; i++) prepared(`SELECT ${i} AS n`);
    }).toThrow(/constant SQL only/);
  });
});
