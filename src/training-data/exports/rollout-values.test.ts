import { expect, it } from 'vitest';
import { createMockModel } from '../../models/mock-model.js';
import { createTextPolicy } from '../../policies/text-policy.js';
import { withRolloutValues } from './rollout-values.js';
import { stepwiseSupervisionSchema } from './schemas.js';
import { stepLabels } from './step-labels.js';
import { searched } from './test-support/searched.js';

it('labels steps with Monte-Carlo rollout values, 16 continuations per step', async () => {
  const { tree, record } = await searched(2, 3);
  // Continuing after "Add" is right unless the request's seed is a multiple of 4; after "Multiply", always wrong.
  const model = createMockModel({
    respond: (request) => {
      const soFar = request.messages!.find((m) => m.role === 'assistant')!.content;
      return soFar.startsWith('Add') && (request.seed ?? 0) % 4 !== 0 ? 'So \\boxed{5}.' : 'So \\boxed{6}.';
    },
  });
  const policy = createTextPolicy({ model });
  const valued = await withRolloutValues(tree, record, { policy, rollouts: 16, correct: (a) => a === '5' });
  expect(model.calls).toHaveLength(32);
  const add = valued.nodes.find((n) => n.step.text.startsWith('Add'))!.scores.value!;
  const mul = valued.nodes.find((n) => n.step.text.startsWith('Multiply'))!.scores.value!;
  expect(add * 16).toBe(Math.round(add * 16));
  expect(add).toBeGreaterThan(0.5);
  expect(mul).toBe(0);
  const rows = stepLabels(valued, record, { source: 'rollouts', threshold: 0.5 });
  for (const row of rows) stepwiseSupervisionSchema.parse(row);
  expect(rows.find((r) => r.completions[0]!.startsWith('Add'))!.labels).toEqual([true, true]);
  expect(rows.find((r) => r.completions[0]!.startsWith('Multiply'))!.labels).toEqual([false, false]);
  expect((rows[0]!.metadata as { values: number[] }).values[0]).toBe(add);
  // Seeded: the same values again.
  const again = await withRolloutValues(tree, record, { policy, rollouts: 16, correct: (a) => a === '5' });
  expect(again.nodes.map((n) => n.scores.value)).toEqual(valued.nodes.map((n) => n.scores.value));
});
