import { describe, expect, it } from 'vitest';
import { BudgetTracker, validateBudget } from './budget.js';

describe('BudgetTracker', () => {
  it('reports the first exhausted limit', () => {
    let now = 0;
    const t = new BudgetTracker({ maxPolicyCalls: 2, maxTokens: 10, timeoutMs: 100 }, () => now);
    expect(t.stopReason()).toBeNull();
    t.charge({ policyCalls: 1, tokensOut: 9 });
    expect(t.stopReason()).toBeNull();
    t.charge({ tokensOut: 1 });
    expect(t.stopReason()).toBe('tokens');
    const t2 = new BudgetTracker({ timeoutMs: 100 }, () => now);
    now = 100;
    expect(t2.stopReason()).toBe('timeout');
    expect(t2.snapshot().ms).toBe(100);
  });

  it('rejects negative or non-numeric limits, naming the field', () => {
    expect(() => validateBudget({ maxTokens: -1 })).toThrow(/maxTokens/);
    expect(() => validateBudget({ maxPolicyCalls: Number.NaN }, { maxPolicyCalls: '--max-policy-calls' })).toThrow(/--max-policy-calls/);
  });
});
