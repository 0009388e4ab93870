import { createContext } from '../core/context.js';
import type { TraceTree } from '../core/tree-schema.js';
import type { NumberPuzzle } from '../solve/embedded-methods.js';
import { runEmbeddedSearch } from '../solve/run-embedded.js';
import { modelFit, type EmbeddedModel } from '../embedded/index.js';
import type { Verifier } from '../core/reasoning.js';
import { InputError } from '../core/errors.js';
import { createArithProblem } from '../tasks/arith/arith-problem.js';
import type { ArithState } from '../tasks/arith/arith-state.js';
import { multHeuristicValue, sumHeuristicValue } from '../tasks/arith/arith-values.js';
import { symbolicPolicy } from '../policies/symbolic-policy.js';
import { ServerRequestError } from '../http/openai-error.js';
import { puzzleFromConversation, type ArithPuzzle } from './puzzle-from-text.js';
import type { PreparedSearch, ReasonRequest } from './reasoner.js';

/** Value functions the offline solver takes as `metacot.verifier` (the first is the default). */
export const ARITH_VERIFIERS: Record<string, () => Verifier<ArithState>> = {
  // mult first: on the 100 Game of 24 test puzzles it lets beam-5 solve 56 (sum: 5) and
  // dfs need a third fewer calls; best-first solves all 100 with either (docs/server.md).
  'mult-heuristic': multHeuristicValue,
  'sum-heuristic': sumHeuristicValue,
};


export interface ArithReasonerOptions {
  /**
   * The embedded model for a puzzle, when one fits its task, target and numbers (it writes
   * the search, the task computes and checks every step); null or absent: the symbolic
   * policy, which solves any puzzle.
   */
  chooseEmbedded?: (puzzle: ArithPuzzle) => EmbeddedModel | null;
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
  const embedded = options.chooseEmbedded?.(puzzle) ?? null;
  if (embedded) return prepareEmbeddedSearch(request, puzzle, embedded);
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
        : noAnswer(puzzle, result.stopReason);
      return { tree: result.tree, content };
    },
  };
}

function pathSteps(nodes: ReadonlyArray<{ parentId: number | null; step: { text: string } }>, id: number): string[] {
  const out: string[] = [];
  for (let cur: number | null = id; cur !== null && nodes[cur]!.parentId !== null; cur = nodes[cur]!.parentId) out.push(nodes[cur]!.step.text.trim());
  return out.reverse();
}

/**
 * The embedded model's searches, as `solve` runs them: `adaptive` (greedy in-context search,
 * T=1 resamples, then model-guided best-first over every legal step), best-of-N and
 * majority as N in-context searches, any other tree search guided by the model over every
 * legal step (the tree's events stream live).
 */
function prepareEmbeddedSearch(request: ReasonRequest, puzzle: ArithPuzzle, model: EmbeddedModel): PreparedSearch {
  if (request.verifier !== null && request.verifier !== 'model-value') {
    throw new ServerRequestError(400, `unknown verifier '${request.verifier}' for the embedded model; valid: model-value`, 'invalid_request_error', 'metacot.verifier', 'unknown_verifier');
  }
  const numbers: NumberPuzzle = { numbers: puzzle.numbers, target: puzzle.target, integer: puzzle.rules === 'integer' };
  const fit = modelFit(model.checkpoint.meta);
  return {
    policyId: model.id,
    async run(emit, signal) {
      const run = await runEmbeddedSearch(model, fit, numbers, {
        algorithm: request.algorithm, options: request.options, seed: request.seed, budget: request.budget, signal, emit,
      });
      const { outcome } = run;
      const steps = outcome.verified ? verifiedPath(outcome.tree) : [];
      const content = outcome.verified && outcome.answer
        ? `${steps.join('\n')}\nAnswer: ${outcome.answer} = ${puzzle.target}`
        : noAnswer(puzzle, run.complete ? outcome.stopReason : outcome.stopReason === 'exhausted' ? 'its search ran out of steps to try' : outcome.stopReason);
      return { tree: outcome.tree, content };
    },
  };
}

/** The lines of the verified path of a tree (its best node's ancestors). */
function verifiedPath(tree: TraceTree): string[] {
  return tree.bestId === null ? [] : pathSteps(tree.nodes, tree.bestId);
}

function noAnswer(puzzle: ArithPuzzle, stopReason: string): string {
  return stopReason === 'exhausted'
    ? `There is no way to make ${puzzle.target} from ${puzzle.numbers.join(' ')}: the search tried every legal step.`
    : `I found no way to make ${puzzle.target} from ${puzzle.numbers.join(' ')} within this search (it stopped: ${stopReason}).`;
}
