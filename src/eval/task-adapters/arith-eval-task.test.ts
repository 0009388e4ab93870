import { describe, expect, it } from 'vitest';
import { createContext } from '../../core/context.js';
import { createMockModel } from '../../models/mock-model.js';
import { parseSearchSpec } from '../../search/parse-search-spec.js';
import { buildSolver } from '../build-solver.js';
import { recordFromTree } from '../record-from-tree.js';
import { countdownEvalTask } from './countdown-eval-task.js';
import { game24EvalTask } from './game24-eval-task.js';

describe('arithmetic tasks for the harness', () => {
  it('reads Game of 24 and Countdown inputs in every documented form, naming what is wrong', () => {
    const g = game24EvalTask();
    expect(g.problemFromInput('a', [4, 9, 10, 13]).input).toEqual({ numbers: [4, 9, 10, 13], target: 24 });
    expect(g.problemFromInput('b', '4 9 10 13').input).toEqual({ numbers: [4, 9, 10, 13], target: 24 });
    expect(() => g.problemFromInput('c', { target: 24 })).toThrow(/needs 'numbers'/);
    const c = countdownEvalTask();
    expect(c.problemFromInput('d', { numbers: [25, 50, 75, 100], target: 71 }).input).toEqual({ numbers: [25, 50, 75, 100], target: 71 });
    expect(() => c.problemFromInput('e', [1, 2, 3, 4])).toThrow(/must be \{"numbers": \[\.\.\.\], "target": N\}/);
  });

  it('judges expressions with the task checker and keys every valid one alike', () => {
    const g = game24EvalTask();
    const p = g.problemFromInput('a', [4, 9, 10, 13]);
    expect(g.extractAnswer('so \\boxed{(13 - 9) * (10 - 4)}', p)).toBe('(13 - 9) * (10 - 4)');
    expect(g.judge('(13 - 9) * (10 - 4)', p)).toBe(true);
    expect(g.judge('4 + 9 + 10 + 13', p)).toBe(false);
    expect(g.answerKey!('(10-4)*(13-9)', p)).toBe(g.answerKey!('(13 - 9) * (10 - 4)', p));
    expect(g.answerKey!('4 + 9 + 10 + 13', p)).toBe(g.answerKey!('((4+9)+10)+13', p));
    expect(g.answerKey!('4 + 9 + 10 + 13', p)).not.toBe(g.answerKey!('13 + 10 + 9 + 4', p));
    const c = countdownEvalTask();
    const q = c.problemFromInput('d', { numbers: [3, 4, 6], target: 8 });
    expect(c.judge('6 / 3 * 4', q)).toBe(true);
    // Rationally 4/3 * 6 = 8, but Countdown allows only integer intermediates.
    expect(c.judge('4 / 3 * 6', q)).toBe(false);
    expect(game24EvalTask().judge('4 / 3 * 6', game24EvalTask().problemFromInput('r', { numbers: [3, 4, 6], target: 8 }))).toBe(true);
  });

  it('plays Game of 24 with a language model through the Tree of Thoughts prompts', async () => {
    // A stand-in model: proposes every sum and product of the numbers it is shown; judges every state "sure".
    const model = createMockModel({
      id: 'mock-tot',
      respond: (request) => {
        const prompt = request.messages!.at(-1)!.content;
        if (prompt.startsWith('Decide')) return 'sure';
        const numbers = /Input: ([\d ./]+)\nPossible next steps:\n$/.exec(prompt)![1]!.trim().split(' ').map(Number);
        const lines: string[] = [];
        for (let i = 0; i < numbers.length; i++) {
          for (let j = 0; j < numbers.length; j++) {
            if (i === j) continue;
            const [a, b] = [numbers[i]!, numbers[j]!];
            const rest = numbers.filter((_, k) => k !== i && k !== j);
            for (const [op, v] of [['+', a + b], ['*', a * b], ['-', a - b], ['/', a / b]] as const) lines.push(`${a} ${op} ${b} = ${v} (left: ${[...rest, v].join(' ')})`);
          }
        }
        return lines.join('\n');
      },
    });
    const task = game24EvalTask();
    const { algorithm, options } = parseSearchSpec('best-first');
    const solve = await buildSolver(task, { model: 'mock', verifier: null, languageModel: model, search: algorithm, options });
    const problem = task.problemFromInput('p', [4, 9, 10, 13]);
    const tree = await solve(problem, createContext({ seed: 3 }));
    const record = await recordFromTree(tree, problem, task, { seed: '3', treePath: null });
    expect(tree.model).toBe('tot:mock-tot');
    expect(record.correct).toBe(true);
    expect(model.calls.some((c) => c.messages![0]!.content.startsWith('Decide'))).toBe(true);
  });
});
