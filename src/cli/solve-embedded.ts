import { existsSync } from 'node:fs';
import { InputError } from '../core/errors.js';
import type { Policy, SearchProblem, Verifier } from '../core/reasoning.js';
import type { TraceTree } from '../core/tree-schema.js';
import type { Usage } from '../core/usage.js';
import type { PathState } from '../embedded/reasoner/embedded-policy.js';
import type { EmbeddedModel } from '../embedded/model/embedded-model.js';

/** The embedded model `solve` uses when no --model is given and its weights are shipped. */
export const DEFAULT_EMBEDDED = 'game24-metacot';

/** True when the shipped default weights are present (a fresh clone has them; a trimmed install may not). */
export async function hasShippedEmbedded(): Promise<boolean> {
  const { shippedModelPath } = await import('../embedded/model/embedded-model.js');
  return existsSync(shippedModelPath(DEFAULT_EMBEDDED));
}

/** `embedded` or `embedded:NAME` (a shipped name or a checkpoint path) → the loaded model. */
export async function loadEmbeddedFromSpec(spec: string): Promise<EmbeddedModel> {
  const name = spec === 'embedded' ? DEFAULT_EMBEDDED : spec.slice('embedded:'.length);
  if (name === '') throw new InputError(`--model embedded:NAME needs a name or a .mct path, got '${spec}'`);
  const { loadEmbeddedReasoner } = await import('../embedded/reasoner/embedded-reasoner.js');
  return loadEmbeddedReasoner(name);
}

export interface InContextOutcome {
  tree: TraceTree;
  answer: string | null;
  verified: boolean;
  stopReason: string;
  usage: Usage;
  /** The search exactly as the model wrote it (the task's computed text included). */
  text: string;
}

/**
 * The model's own search, in its context: it writes operations, value estimates and
 * backtracks; the task computes each result and checks the final answer.
 */
export async function solveInContext(
  model: EmbeddedModel,
  numbers: readonly number[],
  options: { target: number; integer: boolean; seed: string; samples: number; maxTokens?: number; signal?: AbortSignal },
): Promise<InContextOutcome> {
  const { solveWithEmbedded } = await import('../embedded/reasoner/embedded-reasoner.js');
  const seed = Number.isFinite(Number(options.seed)) ? Number(options.seed) : options.seed;
  const result = await solveWithEmbedded(numbers, {
    model, target: options.target, integer: options.integer, samples: options.samples, seed,
    ...(options.maxTokens !== undefined ? { maxTokens: options.maxTokens } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { tree: result.tree, answer: result.answer, verified: result.solved, stopReason: result.tree.stopReason, usage: result.tree.usage, text: result.text };
}

/** Tree search with the embedded model as the policy and its written value estimates as the verifier. */
export async function embeddedSearchSetup(model: EmbeddedModel, numbers: readonly number[], target: number): Promise<{ problem: SearchProblem<PathState>; policy: Policy<PathState>; verifier: Verifier<PathState> }> {
  const { embeddedPolicy, embeddedValue, pathProblem } = await import('../embedded/reasoner/embedded-policy.js');
  return { problem: pathProblem(numbers, target), policy: embeddedPolicy(model), verifier: embeddedValue(model) };
}
