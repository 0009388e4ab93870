import { describe, expect, it } from 'vitest';
import { createRandom } from '../../core/random.js';
import { initialArithState, type ArithState } from './arith-state.js';
import { formatExpression, parseExpression, tidyExpression, tidyStateExpression } from './expression.js';
import { fromInteger } from './rational.js';
import { legalSteps } from './arith-steps.js';

describe('expressions', () => {
  it('writes the fewest parentheses that keep the meaning', () => {
    expect(tidyExpression('((13 - 9) * (10 - 4))')).toBe('(13 - 9) * (10 - 4)');
    expect(tidyExpression('(((1 + 2) + 3) * 4)')).toBe('(1 + 2 + 3) * 4');
    expect(tidyExpression('(8 / (3 - (8 / 3)))')).toBe('8 / (3 - 8 / 3)');
    expect(tidyExpression('(10 - (4 - 1))')).toBe('10 - (4 - 1)');
    expect(formatExpression(parseExpression('-(2 + 3) * 4'))).toBe('-(2 + 3) * 4');
  });

  it('the fast tidier for state expressions agrees with the general one', () => {
    const random = createRandom('tidy');
    let checked = 0;
    for (let k = 0; k < 300; k++) {
      let s: ArithState = initialArithState([0, 0, 0, 0].map(() => fromInteger(1 + random.int(13))), 24);
      while (s.nums.length > 1) {
        const steps = legalSteps(s, 'rational');
        s = steps[random.int(steps.length)]!.state;
      }
      expect(tidyStateExpression(s.exprs[0]!)).toBe(tidyExpression(s.exprs[0]!));
      checked++;
    }
    expect(checked).toBe(300);
    // Anything outside the state's own form goes through the general parser.
    expect(tidyStateExpression('13 × (9 - 4)')).toBe('13 * (9 - 4)');
    expect(tidyStateExpression('(1 + 2')).toBe('(1 + 2');
    expect(tidyStateExpression('')).toBe('');
  });
});
