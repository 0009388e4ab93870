import { createContext } from '../core/context.js';
import type { Budget } from '../core/budget.js';
import type { TraceTree } from '../core/tree-schema.js';
import type { Usage } from '../core/usage.js';
import { InputError } from '../core/errors.js';
import { linearize } from '../linearize/linearize.js';
import { parseSearchSpec } from '../search/parse-search-spec.js';
import { countdownFromNumbers } from '../tasks/countdown/countdown-problem.js';
import { game24FromNumbers } from '../tasks/game24/game24-problem.js';
import type { SolveFlags } from './commands/solve.js';
import { symbolicPolicyFor, symbolicValue } from './solve-symbolic.js';

export interface SolveJson {
  problem: string;
  answer: string | null;
  verified: boolean;
  search: string;
  searchOptions: Record<string, unknown>;
  model: string;
  stopReason: string;
  usage: Usage;
  format: string;
  trace: string;
  tree: TraceTree;
}

export interface SolveOutcome {
  json: SolveJson;
  /** What a person reads: the trace, then the answer and what it cost. */
  text: string;
}

function budgetFrom(flags: SolveFlags): Budget {
  const budget: Budget = {};
  if (flags.maxPolicyCalls !== undefined) budget.maxPolicyCalls = flags.maxPolicyCalls;
  if (flags.maxTokens !== undefined) budget.maxTokens = flags.maxTokens;
  if (flags.maxVerifierCalls !== undefined) budget.maxVerifierCalls = flags.maxVerifierCalls;
  if (flags.timeout !== undefined) budget.timeoutMs = flags.timeout;
  return budget;
}

/** `metacot solve`: builds the puzzle, the policy and the search from flags, runs it, linearizes the tree. */
export async function solve(problemText: string, flags: SolveFlags, signal?: AbortSignal): Promise<SolveOutcome> {
  const target = flags.target ?? 24;
  const problem = flags.task === 'countdown' ? countdownFromNumbers(problemText, target) : game24FromNumbers(problemText, target);
  const { algorithm, options } = parseSearchSpec(flags.search, flags.searchOpt);
  const model = flags.model ?? 'symbolic';
  if (model !== 'symbolic') {
    throw new InputError(`unknown --model '${model}'; valid: symbolic`);
  }
  const policy = symbolicPolicyFor(algorithm.name, problem.rules);
  const verifier = symbolicValue(flags.value, problem.rules);
  const ctx = createContext({ seed: flags.seed, budget: budgetFrom(flags), ...(signal ? { signal } : {}) });
  const result = await algorithm.run(problem, policy, verifier, options, ctx);
  const trace = linearize(result.tree, flags.format).text;
  const json: SolveJson = {
    problem: problem.prompt,
    answer: result.answer,
    verified: result.verified,
    search: algorithm.name,
    searchOptions: options,
    model: policy.id,
    stopReason: result.stopReason,
    usage: result.usage,
    format: flags.format,
    trace,
    tree: result.tree,
  };
  return { json, text: renderText(json, target) };
}

function renderText(json: SolveJson, target: number): string {
  const u = json.usage;
  const cost = `${u.policyCalls} policy calls, ${u.verifierCalls} verifier calls, ${u.tokensOut} tokens out, ${Math.round(u.ms)} ms`;
  const verdict = json.verified
    ? `verified: ${json.answer} = ${target}`
    : `unsolved (${json.stopReason})${json.answer ? `; best attempt ${json.answer} is wrong` : ''}`;
  return `${json.trace.replace(/\n*$/, '\n')}\n${verdict}\n${json.search} search with ${json.model} policy: ${cost}\n`;
}
