import { describe, expect, it } from 'vitest';
import { firstDuplicateKey } from './input-hygiene.ts';

describe('firstDuplicateKey', () => {
  it('when an object names a member twice, at any depth, then that name; escapes are decoded first', () => {
    expect(firstDuplicateKey('{"a":1,"a":2}')).toBe('a');
    expect(firstDuplicateKey('{"x":{"b":[1,{"c":1,"c":2}]}}')).toBe('c');
    expect(firstDuplicateKey('{"a":1,"\\u0061":2}')).toBe('a');
    expect(firstDuplicateKey('[{"k":1},{"k":2,"j":"k","k":3}]')).toBe('k');
  });

  it('when names repeat only across objects, or as values, or inside strings, then none', () => {
    expect(firstDuplicateKey('{"a":{"a":{"a":1}},"b":"a"}')).toBeUndefined();
    expect(firstDuplicateKey('[{"a":1},{"a":2}]')).toBeUndefined();
    expect(firstDuplicateKey('{"a":"\\"a\\":1,{","b":["a","a"]}')).toBeUndefined();
    expect(firstDuplicateKey('{"title":"x \\\\","body":"y"}')).toBeUndefined();
    expect(firstDuplicateKey('"a"')).toBeUndefined();
    expect(firstDuplicateKey('[]')).toBeUndefined();
  });
});
