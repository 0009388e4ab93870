import type { Budget } from '../core/budget.js';
import { InputError } from '../core/errors.js';
import type { Json } from '../core/json.js';
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
  resolved ??= orBadStrategy(() => catalog.parse(spec!), spec, catalog, ext?.search !== undefined ? 'metacot.search' : 'model');
  return {
    kind: 'search',
    spec,
    algorithm: resolved.algorithm,
    options: resolved.options,
    model: name ?? defaults.model,
    verifier: ext?.verifier ?? null,
    budget: requestBudget(request, defaults.caps),
  };
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
      return { prefix: null, name: model };
    }
  }
  const head = model.slice(0, colon);
  const rest = model.slice(colon + 1) || null;
  const isStrategy = head === DEFAULT_STRATEGY_WORD || catalog.families.includes(head.split('-')[0]!.toLowerCase()) || SPEC_SHAPE.test(head);
  return isStrategy ? { prefix: head, name: rest } : { prefix: null, name: model };
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
