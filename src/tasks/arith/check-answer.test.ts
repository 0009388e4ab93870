import { describe, expect, it } from 'vitest';
import { checkAnswer, extractExpression } from './check-answer.js';
import { fromInteger } from './rational.js';

const puzzle = [4, 9, 10, 13].map(fromInteger);
const check = (text: string) => checkAnswer(text, puzzle, 24);

describe('extractExpression', () => {
  it('finds the expression in the forms models write', () => {
    expect(extractExpression('(13 - 9) * (10 - 4)')).toBe('(13 - 9) * (10 - 4)');
    expect(extractExpression('(13 - 9) * (10 - 4) = 24')).toBe('(13 - 9) * (10 - 4)');
    expect(extractExpression('Steps:\n13 - 9 = 4 (left: 4 4 10)\nAnswer: (13 - 9) * (10 - 4) = 24\n')).toBe('(13 - 9) * (10 - 4)');
    expect(extractExpression('so the answer is $\\boxed{(13-9)\\times(10-4)}$.')).toBe('(13-9)\\times(10-4)');
    expect(extractExpression('I think:\n(13 - 9) * (10 - 4).')).toBe('(13 - 9) * (10 - 4)');
  });
});

describe('checkAnswer', () => {
  it('accepts correct answers in every accepted notation', () => {
    for (const text of [
      '(13 - 9) * (10 - 4)',
      'Answer: (13 - 9) * (10 - 4) = 24',
      '\\boxed{(13 - 9) \\times (10 - 4)}',
      '(13 − 9) × (10 − 4) = 24',
      '[13 - 9] * [10 - 4]',
    ]) {
      const r = check(text);
      expect(r.ok, text).toBe(true);
      if (r.ok) expect(r.expression).toBe('(13 - 9) * (10 - 4)');
    }
  });

  it('accepts fractions in between for Game of 24 and \\div, \\frac', () => {
    const r = checkAnswer('8 \\div (3 - 8 \\div 3)', [3, 3, 8, 8].map(fromInteger), 24);
    expect(r.ok).toBe(true);
    expect(checkAnswer('\\frac{8}{3 - \\frac{8}{3}}', [3, 3, 8, 8].map(fromInteger), 24).ok).toBe(true);
    expect(checkAnswer('8 ÷ (3 - 8 ÷ 3)', [3, 3, 8, 8].map(fromInteger), 24).ok).toBe(true);
  });

  it('says why an answer is wrong', () => {
    expect(check('(13 - 9) * (10 - 4) + 4 - 4')).toMatchObject({ ok: false, reason: 'uses 4 3 times' });
    expect(check('4 * 4 + 10 - 13 + 9')).toMatchObject({ ok: false, reason: 'uses 4 twice' });
    expect(check('13 + 10 + 4')).toMatchObject({ ok: false, reason: 'does not use 9' });
    expect(check('13 + 10 + 9 - 4 * 7')).toMatchObject({ ok: false, reason: 'uses 7, which is not among 4 9 10 13' });
    expect(check('13 + 10 + 4 - 9 + 5').ok).toBe(false);
    expect(check('(13 - 9) * 10 - 4')).toMatchObject({ ok: false, reason: 'equals 36, not 24' });
    expect(check('13 + 9 + 10 / 4')).toMatchObject({ ok: false, reason: 'equals 49/2, not 24' });
    const unparsable = check('13 9 + 10 * 4');
    expect(unparsable.ok).toBe(false);
    if (!unparsable.ok) expect(unparsable.reason).toMatch(/^cannot parse '13 9 \+ 10 \* 4': expected an operator/);
    expect(check('')).toMatchObject({ ok: false, reason: 'no expression found in the answer' });
    expect(checkAnswer('4 / (4 - 4) + 9', [4, 4, 4, 9].map(fromInteger), 24)).toMatchObject({ ok: false, reason: '4 / (4 - 4) divides by zero' });
  });

  it('counts duplicated numbers', () => {
    const given = [4, 4, 10, 10].map(fromInteger);
    expect(checkAnswer('(10 * 10 - 4) / 4', given, 24).ok).toBe(true);
    expect(checkAnswer('(10 * 10 - 4) / 10', given, 24)).toMatchObject({ ok: false, reason: 'uses 10 3 times but it is given twice' });
    expect(checkAnswer('10 * 10 - 4', given, 96)).toMatchObject({ ok: false, reason: 'uses 4 once, but it is given twice' });
  });

  it("applies Countdown's integer rules when asked", () => {
    const nums = [3, 3, 8, 8].map(fromInteger);
    expect(checkAnswer('8 / (3 - 8 / 3)', nums, 24, { rules: 'integer' })).toMatchObject({ ok: false, reason: '8 / 3 is not an integer (Countdown allows only exact integer results)' });
    expect(checkAnswer('3 - 8 + 8 * 3', nums, 19, { rules: 'integer' })).toMatchObject({ ok: false, reason: '3 - 8 is negative (Countdown allows only non-negative integers)' });
    expect(checkAnswer('8 * 3 - 8 + 3', nums, 19, { rules: 'integer' }).ok).toBe(true);
  });
});
