import { describe, expect, it } from 'vitest';
import { BudgetTracker } from './budget.js';
import { budgetedCall } from './model-call-tokens.js';

describe('budgetedCall', () => {
  it('asks for at most what the budget has left, split over the choices', () => {
    const budget = new BudgetTracker({ maxTokens: 120 });
    const call = budgetedCall(budget, 512, 4)!;
    expect(call).toMatchObject({ maxTokens: 30, n: 4, cut: true });
    expect(budgetedCall(budget, 512, 4)).toBeNull(); // all 120 are promised to the first call
    call.settle(100);
    budget.charge({ tokensOut: 100 });
    expect(budgetedCall(budget, 512, 4)).toMatchObject({ maxTokens: 5, n: 4 });
  });

  it('asks for fewer choices when each cannot get a token', () => {
    const budget = new BudgetTracker({ maxTokens: 3 });
    expect(budgetedCall(budget, 6, 8)).toMatchObject({ maxTokens: 1, n: 3, cut: true });
  });

  it('leaves a call alone when the budget has room', () => {
    expect(budgetedCall(new BudgetTracker({ maxTokens: 10_000 }), 512, 2)).toMatchObject({ maxTokens: 512, n: 2, cut: false });
    expect(budgetedCall(new BudgetTracker({}), 512, 2)).toMatchObject({ maxTokens: 512, n: 2, cut: false });
  });
});
