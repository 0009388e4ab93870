import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createMockModel } from '../models/mock-model.js';
import { parseSearchSpec } from '../search/parse-search-spec.js';
import { buildRunConfig } from './build-run-config.js';
import { buildSolver } from './build-solver.js';
import type { EvalProblem } from './eval-task.js';
import { readRun } from './read-run.js';
import { runEval } from './run-eval.js';
import { mathEvalTask } from './task-adapters/math-eval-task.js';

const root = await mkdtemp(join(tmpdir(), 'metacot-math-eval-'));
afterAll(() => rm(root, { recursive: true, force: true }));

const problems: EvalProblem[] = [
  { id: 'half', index: 0, prompt: 'What is 1/4 + 1/4?', input: 'What is 1/4 + 1/4?', gold: '\\frac{1}{2}', level: 1, subject: 'Arithmetic' },
  { id: 'seven', index: 1, prompt: 'What is 3 + 4?', input: 'What is 3 + 4?', gold: '7', level: 2, subject: 'Arithmetic' },
];

it('runs a math task with a language model and judges every candidate with the grader', async () => {
  // A stand-in model: one reasoning step, then an answer written one of several ways.
  const spellings: Record<string, string[]> = { '1/4 + 1/4': ['0.5', '\\frac{1}{2}', '2/4', '1/8'], '3 + 4': ['7', '7.0', '12', '12'] };
  const answered = new Map<string, number>();
  const model = createMockModel({
    id: 'mock-math',
    respond: (request) => {
      const text = (request.messages ?? []).map((m) => m.content).join('\n');
      const key = Object.keys(spellings).find((k) => text.includes(k))!;
      const continuing = (request.messages ?? []).some((m) => m.role === 'assistant');
      if (!continuing) return 'Adding gives the result.';
      const k = (answered.get(key) ?? 0) + 1;
      answered.set(key, k);
      return `The answer is \\boxed{${spellings[key]![(k - 1) % 4]!}}.`;
    },
  });
  const task = mathEvalTask({ name: 'tiny-math', splits: ['test'], load: (split) => ({ problems, split, source: 'test' }) });
  const { algorithm, options } = parseSearchSpec('bon-4');
  const solve = await buildSolver(task, { model: 'mock', verifier: 'none', languageModel: model, search: algorithm, options });
  const dataset = await task.load({});
  const config = buildRunConfig({
    task: task.name, dataset, selected: dataset.problems, selection: {}, seed: '1', shard: null, command: [],
    method: { model: model.id, search: algorithm.name, options, verifier: 'none', budget: {} },
  });
  const dir = join(root, 'run');
  await runEval({ dir, config, task, problems: dataset.problems, solve });
  const run = await readRun(dir, { trees: true });
  const [half, seven] = run.records;
  expect(half!.candidates.map((c) => c.correct)).toEqual([true, true, true, false]);
  expect(new Set(half!.candidates.slice(0, 3).map((c) => c.cluster)).size).toBe(1);
  expect(seven!.candidates.map((c) => c.correct)).toEqual([true, true, false, false]);
  expect(seven!.candidates[2]!.cluster).toBe(seven!.candidates[3]!.cluster);
  expect(half!.usage.tokensOut).toBeGreaterThan(0);
  expect(run.trees.get('half')!.problem.id).toBe('half');
  expect(model.calls.length).toBeGreaterThan(0);
});
