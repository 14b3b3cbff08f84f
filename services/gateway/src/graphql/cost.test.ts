import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { operationCost } from './cost.ts';

const schema = buildSchema(`
  type Query { items(first: Int = 20): [Item!]! one: Item }
  type Subscription { ticks(first: Int): [Item!]! }
  type Item { name: String! children(first: Int = 5): [Item!]! }
`);
const cost = (query: string, variableValues?: Record<string, unknown>, operationName?: string) =>
  operationCost({ schema, document: parse(query), variableValues, operationName });

describe('operationCost', () => {
  it('when a list has no page size, then it counts the schema default; a literal or a variable counts as given', () => {
    // A list of 20 items of one scalar: (2 + 1.5 × 1) × 20.
    expect(cost('{ items { name } }')).toBe(70);
    expect(cost('{ items(first: 2) { name } }')).toBe(7);
    expect(cost('query($n: Int) { items(first: $n) { name } }', { n: 2 })).toBe(7);
    expect(cost('query($n: Int = 4) { items(first: $n) { name } }')).toBe(14);
    expect(cost('{ one { name } }')).toBe(3.5);
  });

  it('when lists nest, then their page sizes multiply', () => {
    // children: (2 + 1.5) × 5 = 17.5; items: (2 + 1.5 × 17.5) × 20 = 565.
    expect(cost('{ items { children { name } } }')).toBe(565);
    expect(
      cost('query($a: Int, $b: Int) { items(first: $a) { children(first: $b) { name } } }', {
        a: 100,
        b: 100,
      }),
    ).toBe((2 + 1.5 * ((2 + 1.5) * 100)) * 100);
  });

  it('when fields come through fragments, then they cost as if written in place; only the named operation counts', () => {
    const spread =
      'fragment F on Item { name } query A { items(first: 2) { ...F } } query B { one { name } }';

    expect(cost(spread, {}, 'A')).toBe(cost('{ items(first: 2) { name } }'));
    expect(cost(spread, {}, 'B')).toBe(3.5);
    expect(cost('{ items(first: 2) { ... on Item { name } } }')).toBe(7);
    expect(cost('subscription { ticks(first: 3) { name } }')).toBe(10.5);
  });
});
