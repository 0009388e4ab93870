import { createContext } from '../../../core/context.js';
import { createRandom } from '../../../core/random.js';
import type { TraceTree } from '../../../core/tree-schema.js';
import { createMockModel } from '../../../models/mock-model.js';
import { parseSearchSpec } from '../../../search/parse-search-spec.js';
import { createTextSearchSetup } from '../../../verifiers/llm/text-search-setup.js';
import type { SearchRecord } from '../../generate/search-record.js';

/**
 * A real search over "What is A + B?" with a mock model: the first step is "Add the
 * numbers." (then the right sum) or "Multiply the numbers." (then the product, wrong);
 * the verifier values adding 0.8 and multiplying 0.3 (`misleading`: the other way
 * round, so the search explores the wrong branch first). The record judges every finished
 * node against the gold sum, as the harness does.
 */
export async function searched(a: number, b: number, spec = 'beam-2x2', options: { onlyWrong?: boolean; misleading?: boolean } = {}): Promise<{ tree: TraceTree; record: SearchRecord }> {
  const model = createMockModel({
    respond: (request, index) => {
      const assistant = request.messages!.find((m) => m.role === 'assistant')?.content;
      if (!assistant) return index % 2 === 0 && !options.onlyWrong ? 'Add the numbers.' : 'Multiply the numbers.';
      return assistant.startsWith('Add') ? `The sum is \\boxed{${a + b}}.` : `The result is \\boxed{${a * b}}.`;
    },
  });
  const question = `What is ${a} + ${b}?`;
  const setup = createTextSearchSetup({ question, model, verifier: 'none' });
  const verifier = {
    id: 'fake',
    kind: 'process' as const,
    score: async (states: readonly { steps: string[] }[]) => states.map((s) => (s.steps[0]!.startsWith('Add') !== Boolean(options.misleading) ? 0.8 : 0.3)),
  };
  const { algorithm, options: o } = parseSearchSpec(spec);
  const result = await algorithm.run(setup.problem, setup.policy, verifier as never, o, createContext({ random: createRandom(`${a}+${b}`) }));
  const tree = { ...result.tree, problem: { ...result.tree.problem, id: `${a}+${b}` } };
  const gold = String(a + b);
  const candidates = tree.nodes.filter((n) => n.flags.terminal).map((n) => ({ nodeId: n.id, answer: n.flags.answer ?? null, correct: n.flags.answer === gold }));
  const best = candidates.find((c) => c.nodeId === tree.bestId);
  return {
    tree,
    record: { id: `${a}+${b}`, prompt: question, input: question, gold, level: 1, subject: null, answer: tree.answer, correct: best?.correct ?? false, candidates },
  };
}
