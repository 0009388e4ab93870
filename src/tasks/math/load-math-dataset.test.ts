import { describe, expect, it } from 'vitest';
import { loadMathDataset } from './load-math-dataset.js';
import { goldAnswer, mathProblem } from './math-problem.js';
import { selectMathRecords } from './select-math-records.js';

describe('math datasets', () => {
  it('loads every dataset with the common fields', () => {
    const expected: Record<string, number> = { math500: 500, math: 5000, gsm8k: 1319, harp: 4780, 'harp-mcq': 4110, 'omni-math': 2821 };
    for (const [name, count] of Object.entries(expected)) {
      const records = loadMathDataset(name);
      expect(records.length, name).toBe(count);
      expect(new Set(records.map((r) => r.id)).size, `${name} ids unique`).toBe(count);
      for (const r of records) {
        expect(r.problem.length).toBeGreaterThan(0);
        expect(r.answer.length).toBeGreaterThan(0);
      }
    }
  });

  it('reads gold answers where each dataset keeps them', () => {
    const math500 = loadMathDataset('math500');
    expect(math500[0]).toMatchObject({ answer: '\\left( 3, \\frac{\\pi}{2} \\right)', level: 2, subject: 'Precalculus' });
    expect(loadMathDataset('gsm8k')[0]).toMatchObject({ id: 'gsm8k-0', answer: '18', level: null });
    const mcq = loadMathDataset('harp-mcq')[0]!;
    expect(mcq.answerChoice).toBe('A');
    expect(mcq.choices!.A).toBe('$10\\frac{2}{3}$');
    expect(goldAnswer(mcq)).toBe('A');
    expect(loadMathDataset('math')[0]).toMatchObject({ id: 'test/algebra/1.json', answer: '2', level: 3, subject: 'Algebra' });
  });

  it('filters by level and subject and samples with a seed', () => {
    const all = loadMathDataset('math500');
    const hard = selectMathRecords(all, { levels: [5], subjects: ['number theory'] });
    expect(hard.length).toBeGreaterThan(0);
    expect(hard.every((r) => r.level === 5 && r.subject === 'Number Theory')).toBe(true);
    const a = selectMathRecords(all, { limit: 20, seed: 7 });
    const b = selectMathRecords(all, { limit: 20, seed: 7 });
    const c = selectMathRecords(all, { limit: 20, seed: 8 });
    expect(a.map((r) => r.id)).toEqual(b.map((r) => r.id));
    expect(a.map((r) => r.id)).not.toEqual(c.map((r) => r.id));
    expect(selectMathRecords(all, { limit: 3 }).map((r) => r.id)).toEqual(all.slice(0, 3).map((r) => r.id));
  });

  it('is a text task: terminal once a final answer is stated', () => {
    const p = mathProblem(loadMathDataset('gsm8k')[0]!);
    expect(p.prompt).toContain('\\boxed{}');
    expect(p.initialState()).toBe('');
    const partial = 'She has 16 - 3 - 4 = 9 eggs left.';
    expect(p.isTerminal(partial)).toBe(false);
    expect(p.answer(partial)).toBeNull();
    const done = `${partial}\n\nShe makes 9 * 2 = \\boxed{18} dollars.`;
    expect(p.isTerminal(done)).toBe(true);
    expect(p.answer(done)).toBe('18');
  });
});

describe('goldAnswers', () => {
  it('gives the letter and the text of the right choice for multiple choice', async () => {
    const { goldAnswers } = await import('./math-problem.js');
    const mcq = loadMathDataset('harp-mcq')[0]!;
    expect(goldAnswers(mcq)).toEqual(['A', '$10\\frac{2}{3}$']);
    expect(goldAnswers(loadMathDataset('math500')[1]!)).toEqual([loadMathDataset('math500')[1]!.answer]);
  });
});
