import { createContext } from '../core/context.js';
import { embeddedPolicy, embeddedValue, pathProblem, type PathState } from '../embedded/reasoner/embedded-policy.js';
import type { EmbeddedModel } from '../embedded/model/embedded-model.js';
import type { Verifier } from '../core/reasoning.js';
import { InputError } from '../core/errors.js';
import { createArithProblem } from '../tasks/arith/arith-problem.js';
import type { ArithState } from '../tasks/arith/arith-state.js';
import { multHeuristicValue, sumHeuristicValue } from '../tasks/arith/arith-values.js';
import { symbolicPolicy } from '../tasks/arith/symbolic-policy.js';
import { ServerRequestError } from './openai-error.js';
import { puzzleFromConversation, type ArithPuzzle } from './puzzle-from-text.js';
import type { PreparedSearch, ReasonRequest } from './reasoner.js';

/** Value functions the offline solver takes as `metacot.verifier` (the first is the default). */
export const ARITH_VERIFIERS: Record<string, () => Verifier<ArithState>> = {
  // mult first: on the 100 Game of 24 test puzzles it lets beam-5 solve 56 (sum: 5) and
  // dfs need a third fewer calls; best-first solves all 100 with either (docs/server.md).
  'mult-heuristic': multHeuristicValue,
  'sum-heuristic': sumHeuristicValue,
};

/** Value functions with the embedded model as the policy (the first is the default). */
export const EMBEDDED_VERIFIERS: Record<string, (model: EmbeddedModel) => Verifier<PathState>> = {
  'model-value': embeddedValue,
  none: () => ({ id: 'none', kind: 'process', score: async (states) => states.map(() => 0.5) }),
};

export interface ArithReasonerOptions {
  /**
   * The embedded model, when the server uses it for Game of 24 questions (it proposes the
   * steps and values them, the task computes and checks them); absent or null: the
   * symbolic policy. Countdown (integer rules) always uses the symbolic policy.
   */
  embedded?: EmbeddedModel | null;
}

/**
 * The offline solver: a Game of 24 / Countdown puzzle found in the conversation, searched
 * with the embedded model or the symbolic policy (every legal step) and a heuristic
 * value. Needs no network, so `metacot serve` answers puzzles out of the box.
 */
export function prepareArithSearch(request: ReasonRequest, options: ArithReasonerOptions = {}): PreparedSearch {
  const puzzle = puzzleFromConversation(request.messages);
  if (!puzzle) {
    throw new ServerRequestError(
      400,
      'without an upstream model this server solves Game of 24 / Countdown puzzles only (e.g. "Use 4 9 10 13 to make 24"); start it with --upstream URL for other questions',
      'invalid_request_error',
      'messages',
      'no_puzzle',
    );
  }
  if (options.embedded && puzzle.rules === 'rational') return prepareEmbeddedSearch(request, puzzle, options.embedded);
  const verifierName = request.verifier ?? 'mult-heuristic';
  const makeVerifier = ARITH_VERIFIERS[verifierName];
  if (!makeVerifier) {
    throw new ServerRequestError(400, `unknown verifier '${verifierName}' for puzzles; valid: ${Object.keys(ARITH_VERIFIERS).join(', ')}`, 'invalid_request_error', 'metacot.verifier', 'unknown_verifier');
  }
  let problem;
  try {
    problem = createArithProblem({ numbers: puzzle.numbers, target: puzzle.target, rules: puzzle.rules });
  } catch (error) {
    if (error instanceof InputError) throw new ServerRequestError(400, `puzzle: ${error.message}`, 'invalid_request_error', 'messages');
    throw error;
  }
  const policy = symbolicPolicy({ rules: puzzle.rules });
  const verifier = makeVerifier();
  return {
    policyId: policy.id,
    async run(emit, signal) {
      const ctx = createContext({ seed: request.seed, budget: request.budget, signal, emit });
      const result = await request.algorithm.run(problem, policy, verifier, request.options, ctx);
      const steps = result.best ? pathSteps(result.tree.nodes, result.best.id) : [];
      const content = result.verified && result.answer
        ? `${steps.join('\n')}\nAnswer: ${result.answer} = ${puzzle.target}`
        : `I found no way to make ${puzzle.target} from ${puzzle.numbers.join(' ')} within this search (it stopped: ${result.stopReason}).`;
      return { tree: result.tree, content };
    },
  };
}

function pathSteps(nodes: ReadonlyArray<{ parentId: number | null; step: { text: string } }>, id: number): string[] {
  const out: string[] = [];
  for (let cur: number | null = id; cur !== null && nodes[cur]!.parentId !== null; cur = nodes[cur]!.parentId) out.push(nodes[cur]!.step.text.trim());
  return out.reverse();
}

function prepareEmbeddedSearch(request: ReasonRequest, puzzle: ArithPuzzle, model: EmbeddedModel): PreparedSearch {
  const verifierName = request.verifier ?? 'model-value';
  const makeVerifier = EMBEDDED_VERIFIERS[verifierName];
  if (!makeVerifier) {
    throw new ServerRequestError(400, `unknown verifier '${verifierName}' for the embedded model; valid: ${Object.keys(EMBEDDED_VERIFIERS).join(', ')}`, 'invalid_request_error', 'metacot.verifier', 'unknown_verifier');
  }
  const problem = pathProblem(puzzle.numbers, puzzle.target);
  const policy = embeddedPolicy(model);
  const verifier = makeVerifier(model);
  return {
    policyId: policy.id,
    async run(emit, signal) {
      const ctx = createContext({ seed: request.seed, budget: request.budget, signal, emit });
      const result = await request.algorithm.run(problem, policy, verifier, request.options, ctx);
      const steps = result.best ? pathSteps(result.tree.nodes, result.best.id) : [];
      // The path problem's answers already read `expression = target`.
      const content = result.verified && result.answer
        ? `${steps.join('\n')}\nAnswer: ${result.answer}`
        : `I found no way to make ${puzzle.target} from ${puzzle.numbers.join(' ')} within this search (it stopped: ${result.stopReason}).`;
      return { tree: result.tree, content };
    },
  };
}
