import { describe, expect, it } from 'vitest';
import { createContext } from '../core/context.js';
import { createRandom } from '../core/random.js';
import { checkTreeInvariants } from '../core/tree-schema.js';
import { createMockModel } from '../models/mock-model.js';
import { createTextSearchSetup } from '../verifiers/llm/text-search-setup.js';
import { parseSearchSpec } from './parse-search-spec.js';
import { REVISION_HEADER, revision } from './revision.js';

/** A model that answers 10, 11, 12, ... : one more than the number of wrong attempts it is shown. */
function countingModel() {
  return createMockModel({
    id: 'counting',
    respond: (request) => {
      const user = request.messages!.find((m) => m.role === 'user')!.content;
      const shown = (user.match(/^Attempt \d+:/gm) ?? []).length;
      return `I think it is \\boxed{${10 + shown}}.`;
    },
  });
}

const ctx = (seed = 1) => createContext({ random: createRandom(seed) });

describe('revision', () => {
  it('retries with every wrong attempt in the context and stops at the first verified answer', async () => {
    const model = countingModel();
    const setup = createTextSearchSetup({ question: 'What is 6 + 6?', model, verifier: 'none', gold: '12' });
    const result = await revision.run(setup.problem, setup.policy, setup.verifier, { attempts: 5 }, ctx());
    expect(result.answer).toBe('12');
    expect(result.verified).toBe(true);
    expect(result.stopReason).toBe('solved');
    expect(model.calls).toHaveLength(3);
    const users = model.calls.map((c) => c.messages!.find((m) => m.role === 'user')!.content);
    expect(users[0]).toBe('What is 6 + 6?');
    expect(users[1]).toContain(REVISION_HEADER);
    expect(users[1]).toContain('Attempt 1:\nI think it is \\boxed{10}.');
    expect(users[2]).toContain('Attempt 2:\nI think it is \\boxed{11}.');
    // Every attempt is a branch from the root.
    const tree = result.tree;
    expect(checkTreeInvariants(tree)).toBeNull();
    expect(tree.nodes.filter((n) => n.parentId === 0)).toHaveLength(3);
    expect(tree.nodes.slice(1).map((n) => n.flags.verified)).toEqual([false, false, true]);
  });

  it('gives up after K attempts and returns the best wrong one', async () => {
    const model = countingModel();
    const setup = createTextSearchSetup({ question: 'What is 50 + 50?', model, verifier: 'none', gold: '100' });
    const result = await revision.run(setup.problem, setup.policy, setup.verifier, { attempts: 3 }, ctx());
    expect(model.calls).toHaveLength(3);
    expect(result.verified).toBe(false);
    expect(result.tree.nodes.filter((n) => n.parentId === 0)).toHaveLength(3);
  });

  it('shows only the last `show` attempts', async () => {
    const model = countingModel();
    const setup = createTextSearchSetup({ question: 'What is 7 + 7?', model, verifier: 'none', gold: '14' });
    await revision.run(setup.problem, setup.policy, setup.verifier, { attempts: 4, show: 1 }, ctx());
    const last = model.calls[3]!.messages!.find((m) => m.role === 'user')!.content;
    // With one attempt shown the model keeps saying 11, and only the latest 11 is in view.
    expect(last).toContain('\\boxed{11}');
    expect(last).not.toContain('\\boxed{10}');
    expect(model.calls.map((c) => c.messages!.find((m) => m.role === 'user')!.content.match(/^Attempt \d+:/gm)?.length ?? 0)).toEqual([0, 1, 1, 1]);
  });

  it('without an exact checker, accepts the first attempt the verifier scores at the threshold', async () => {
    const model = countingModel();
    const setup = createTextSearchSetup({ question: 'What is 5 + 6?', model, verifier: 'none' });
    const low = { ...setup.verifier, score: async (states: readonly unknown[]) => states.map(() => 0.3) };
    const a = await revision.run(setup.problem, setup.policy, low, { attempts: 3, threshold: 0.5 }, ctx());
    expect(a.tree.nodes.filter((n) => n.parentId === 0)).toHaveLength(3);
    const b = await revision.run(setup.problem, setup.policy, low, { attempts: 3, threshold: 0.3 }, ctx());
    expect(b.tree.nodes.filter((n) => n.parentId === 0)).toHaveLength(1);
  });

  it('is reachable as revision-K from a search spec', () => {
    const { algorithm, options } = parseSearchSpec('revision-6');
    expect(algorithm.name).toBe('revision');
    expect(options).toMatchObject({ attempts: 6, threshold: 0.5 });
  });
});
