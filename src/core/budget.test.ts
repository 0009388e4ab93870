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

describe('token claims (what a model call may ask for)', () => {
  it('shares what is left between concurrent calls and gives back the unused part', () => {
    const t = new BudgetTracker({ maxTokens: 120 });
    const a = t.claimTokens(512);
    expect(a.granted).toBe(120);
    expect(t.claimTokens(512).granted).toBe(0);
    a.settle(30); // wrote 30, not yet charged: still held
    expect(t.tokensLeft()).toBe(90);
    t.charge({ tokensOut: 30 });
    expect(t.tokensLeft()).toBe(90);
    expect(t.claimTokens(50).granted).toBe(50);
    expect(t.tokensLeft()).toBe(40);
  });

  it('is unlimited without a token budget', () => {
    const t = new BudgetTracker({});
    expect(t.tokensLeft()).toBe(Infinity);
    expect(t.claimTokens(512).granted).toBe(512);
  });
});
