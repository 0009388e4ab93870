import type { Budget } from '../core/budget.js';
import { InputError } from '../core/errors.js';
import type { Json } from '../core/json.js';
import { SHORT_SPEC_OPTIONS } from '../search/parse-search-spec.js';
import type { AnySearchAlgorithm } from '../search/types.js';
import type { ChatRequest } from './chat-request.js';
import { ServerRequestError } from '../http/openai-error.js';

/** Short search specs the server understands, e.g. from the search registry. */
export interface SearchCatalog {
  /** Resolves a spec (`bon-8`, `beam-4x4`, `astar`, or an algorithm name); throws an InputError when unknown or malformed. */
  parse(spec: string): { algorithm: AnySearchAlgorithm; options: Record<string, Json> };
  /** An algorithm by full name with options (throws an InputError naming a bad option). */
  byName(name: string, options: Record<string, Json>): { algorithm: AnySearchAlgorithm; options: Record<string, Json> };
  /** The accepted forms, listed in a 400 (e.g. `bon-N`, `beam-WxD`, `astar`). */
  readonly forms: readonly string[];
  /** Leading words of valid specs (`bon`, `maj`, `beam`...), so `llama3:8b` is not taken for one. */
  readonly families: readonly string[];
  /** First words of multi-word names only (`self` of `self-consistency`): not a search on their own. */
  readonly multiWordFamilies?: readonly string[];
}

/** The word that, as a model name or prefix, asks for the server's default search. */
export const DEFAULT_STRATEGY_WORD = 'metacot';

export interface StrategyDefaults {
  /** The search used for `metacot` / `metacot:NAME` and for offline requests (a spec). */
  search: string;
  /** The upstream model a search uses when the request names none; null: the offline solver. */
  model: string | null;
  /** Whether plain model names are forwarded (false when no upstream is configured). */
  passThrough: boolean;
  /** Hard per-request limits; a request may ask for less, never more. */
  caps: Budget;
}

export type Strategy =
  | { kind: 'pass-through'; model: string }
  | {
      kind: 'search';
      /** The spec as written, e.g. `beam-4x4` (for metrics and the response's `metacot` field). */
      spec: string;
      algorithm: AnySearchAlgorithm;
      options: Record<string, Json>;
      /** The upstream model the policy calls, or null for the offline solver. */
      model: string | null;
      verifier: string | null;
      budget: Budget;
    };

/** A leading word shaped like a spec (`foo-8`, `bar-4x4`) even when the family is unknown. */
const SPEC_SHAPE = /^[a-z]+-\d+(x\d+)?$/;

/**
 * Picks the strategy of one request (docs/server.md, "Choosing the search"):
 * 1. the `metacot` body object, when it names a search, wins;
 * 2. else a model-name prefix `SPEC:NAME` or a bare `SPEC` (`metacot` = the default search);
 * 3. else a plain model name passes through untouched, or, with no upstream, gets the default search.
 * The `metacot` object alone (without a search) also asks for the default search.
 */
export function resolveStrategy(request: ChatRequest, catalog: SearchCatalog, defaults: StrategyDefaults): Strategy {
  const ext = request.metacot;
  const { prefix, name } = splitModel(request.model, catalog);
  let spec: string | null = prefix;
  let resolved: { algorithm: AnySearchAlgorithm; options: Record<string, Json> } | null = null;
  const search = ext?.search;
  if (typeof search === 'string') spec = search;
  else if (search !== undefined) {
    spec = search.name;
    resolved = orBadStrategy(() => catalog.byName(search.name, (search.options ?? {}) as Record<string, Json>), spec, catalog, 'metacot.search');
  }
  if (spec === null && ext === undefined) {
    if (defaults.passThrough) return { kind: 'pass-through', model: request.model };
  }
  if (spec === null || spec === DEFAULT_STRATEGY_WORD) spec = defaults.search;
  const param = ext?.search !== undefined ? 'metacot.search' : 'model';
  resolved ??= orBadStrategy(() => catalog.parse(spec!), spec, catalog, param);
  const budget = requestBudget(request, defaults.caps);
  checkSearchSize(spec, resolved.algorithm.name, resolved.options, budget, param);
  return {
    kind: 'search',
    spec,
    algorithm: resolved.algorithm,
    options: resolved.options,
    model: name ?? defaults.model,
    verifier: ext?.verifier ?? null,
    budget,
  };
}

/** Samples one policy call may ask for (`beam-4x64`: 64): more than any model server's `n` is worth. */
export const MAX_PROPOSALS = 64;

/**
 * A search's size options (`bon-N`'s N, beam's breadth, MCTS's iterations...) are bounded
 * before anything runs: N rollouts need at least N policy calls, so a size above the
 * request's policy-call budget can never be honoured and is refused (400 `over_budget`)
 * rather than allowed to allocate or open connections for it; proposals per call are
 * bounded by MAX_PROPOSALS.
 */
export function checkSearchSize(spec: string, algorithm: string, options: Record<string, Json>, budget: Budget, param: string): void {
  for (const key of SHORT_SPEC_OPTIONS[algorithm] ?? []) {
    const value = options[key];
    if (typeof value !== 'number') continue;
    const limit = key === 'proposals' ? MAX_PROPOSALS : budget.maxPolicyCalls ?? Infinity;
    if (value > limit) {
      const why = key === 'proposals' ? `at most ${MAX_PROPOSALS} proposals per policy call` : `at most ${limit} policy calls (the request's budget), so at most ${limit}`;
      throw new ServerRequestError(400, `strategy '${spec}': ${algorithm} ${key} = ${value} is too large: this server allows ${why}`, 'invalid_request_error', param, 'over_budget');
    }
  }
}

/**
 * `beam-4x4:qwen` → prefix `beam-4x4`, name `qwen`; `qwen2.5:7b` → no prefix, name `qwen2.5:7b`.
 * Before a colon, a known family word (`bon`, `beam`...) or a spec-shaped word (`foo-8`)
 * is a strategy (and an unknown one is a 400); a bare name is a strategy only when it
 * parses as one, so model names like `self-hosted` still pass through.
 */
export function splitModel(model: string, catalog: SearchCatalog): { prefix: string | null; name: string | null } {
  const colon = model.indexOf(':');
  if (colon < 0) {
    if (model === DEFAULT_STRATEGY_WORD) return { prefix: model, name: null };
    try {
      catalog.parse(model);
      return { prefix: model, name: null };
    } catch {
      // `bon-0`, `bon-abc`, `beam-0x0`: a known family with a bad size is a malformed
      // strategy (a 400 listing the valid forms), not a model name to pass through.
      return isFamilySpec(model, catalog) ? { prefix: model, name: null } : { prefix: null, name: model };
    }
  }
  const head = model.slice(0, colon);
  const rest = model.slice(colon + 1) || null;
  const isStrategy = head === DEFAULT_STRATEGY_WORD || catalog.families.includes(head.split('-')[0]!.toLowerCase()) || SPEC_SHAPE.test(head);
  return isStrategy ? { prefix: head, name: rest } : { prefix: null, name: model };
}

/**
 * A one-word search family followed by a dash and something (`bon-0`, `bon-abc`,
 * `beam-0x0`). Words of multi-word names (`self` of `self-consistency`) do not count, so
 * `self-hosted-llm` stays a model name.
 */
function isFamilySpec(model: string, catalog: SearchCatalog): boolean {
  const dash = model.indexOf('-');
  if (dash <= 0 || dash === model.length - 1) return false;
  const word = model.slice(0, dash).toLowerCase();
  return catalog.families.includes(word) && !catalog.multiWordFamilies?.includes(word);
}

function orBadStrategy<T>(fn: () => T, spec: string, catalog: SearchCatalog, param: string): T {
  try {
    return fn();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new ServerRequestError(
      400,
      `unknown or malformed strategy '${spec}' (${error.message}); valid: ${[DEFAULT_STRATEGY_WORD, ...catalog.forms].join(', ')}; write it as a model prefix (SPEC:MODEL) or as metacot.search`,
      'invalid_request_error',
      param,
      'unknown_strategy',
    );
  }
}

const BUDGET_FIELDS: ReadonlyArray<[keyof Budget, 'max_policy_calls' | 'max_tokens' | 'max_verifier_calls' | 'timeout_ms']> = [
  ['maxPolicyCalls', 'max_policy_calls'],
  ['maxTokens', 'max_tokens'],
  ['maxVerifierCalls', 'max_verifier_calls'],
  ['timeoutMs', 'timeout_ms'],
];

/**
 * The budget of one search: the server's caps, lowered by what the request asks for.
 * Asking `metacot.budget` for more than a cap is refused (400 naming the cap) rather than
 * quietly cut, so a client never believes it bought compute it did not get; the standard
 * `max_tokens` / `max_completion_tokens` is a ceiling that clients set loosely, so it is
 * only lowered to the cap.
 */
export function requestBudget(request: ChatRequest, caps: Budget): Budget {
  const budget: Budget = { ...caps };
  const asked = request.metacot?.budget ?? {};
  for (const [field, wire] of BUDGET_FIELDS) {
    const value = asked[wire];
    if (value === undefined) continue;
    const cap = caps[field];
    if (cap !== undefined && value > cap) {
      throw new ServerRequestError(400, `metacot.budget.${wire} = ${value} is over this server's limit of ${cap}; ask for at most ${cap}`, 'invalid_request_error', `metacot.budget.${wire}`, 'over_budget');
    }
    budget[field] = value;
  }
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (maxTokens != null && asked.max_tokens === undefined) budget.maxTokens = Math.min(maxTokens, caps.maxTokens ?? Infinity);
  return budget;
}
