import { describe, expect, it } from 'vitest';
import { MessageBudget } from './message-budget.ts';

describe('MessageBudget', () => {
  it('when a client sends its burst at once, then all of it is handled and the next message is refused', () => {
    const budget = new MessageBudget(2, 4, 0);
    expect([1, 2, 3, 4, 5].map(() => budget.take(0))).toEqual(['ok', 'ok', 'ok', 'ok', 'refused']);
  });

  it('when time passes, then the budget refills at its rate, never above the burst', () => {
    const budget = new MessageBudget(2, 4, 0);
    for (let i = 0; i < 4; i++) budget.take(0);
    expect(budget.take(499)).toBe('refused');
    expect(budget.take(500)).toBe('ok');
    // An hour idle gives back the burst, not an hour's worth.
    const later = 3_600_000;
    expect(Array.from({ length: 5 }, () => budget.take(later))).toEqual(['ok', 'ok', 'ok', 'ok', 'refused']);
  });

  it('when a client keeps sending past the budget, then after another burst of refusals it is exhausted', () => {
    const budget = new MessageBudget(1, 3, 0);
    for (let i = 0; i < 3; i++) budget.take(0);
    expect([1, 2, 3].map(() => budget.take(0))).toEqual(['refused', 'refused', 'refused']);
    expect(budget.take(0)).toBe('exhausted');
  });

  it('when a refused client pauses long enough to be served again, then its refusals start from zero', () => {
    const budget = new MessageBudget(1, 3, 0);
    for (let i = 0; i < 3; i++) budget.take(0);
    for (let i = 0; i < 3; i++) budget.take(0);
    expect(budget.take(1000)).toBe('ok');
    expect([1, 2, 3].map(() => budget.take(1000))).toEqual(['refused', 'refused', 'refused']);
    expect(budget.take(1000)).toBe('exhausted');
  });
});
