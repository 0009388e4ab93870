import { describe, expect, it } from 'vitest';
import { STOP_REASONS, type Budget } from '../core/budget.js';
import { createContext } from '../core/context.js';
import { AbortError, InputError } from '../core/errors.js';
import type { SearchEvent } from '../core/events.js';
import type { Json } from '../core/json.js';
import type { Policy, SearchContext, SearchProblem, Verifier } from '../core/reasoning.js';
import { type TraceTree, type TreeNode } from '../core/tree-schema.js';
import { parseTree } from '../core/parse-tree.js';
import { estimateTokens } from '../core/usage.js';
import { bestRank, type SearchResult } from './search-run.js';
import type { AnySearchAlgorithm } from './types.js';

/**
 * The one conformance suite every search algorithm passes (in the manner of Hono's
 * `runTest({ newRouter })`). It takes factories for the problem, policy and verifier,
 * so any task can run it: call `runSearchConformance({...})` inside a test file.
 */
export interface SearchConformanceSetup<S> {
  /** Label for the describe block (defaults to the algorithm's name). */
  name?: string;
  algorithm: AnySearchAlgorithm;
  options?: Record<string, Json>;
  newProblem(): SearchProblem<S>;
  newPolicy(): Policy<S>;
  newVerifier(): Verifier<S>;
  /** How the algorithm picks its result: by score (default) or by majority vote over answers. */
  bestBy?: 'score' | 'vote';
  /** Seeds to run the per-seed checks with. */
  seeds?: readonly (string | number)[];
}

/** What the instrumented policy and verifier saw during one run. */
interface CallLog {
  policyCalls: number;
  verifierCalls: number;
  verifierBatches: number[];
  tokensIn: number;
  tokensOut: number;
  maxCallTokensOut: number;
  inFlight: number;
  maxInFlight: number;
  /** Calls started after the abort fired (must stay 0). */
  callsAfterAbort: number;
}

interface Hooks {
  /** Runs before policy call `index` (0-based) is delegated; may hang or abort. */
  beforePolicy?(index: number, signal: AbortSignal | undefined): Promise<void> | void;
  beforeVerifier?(index: number, signal: AbortSignal | undefined): Promise<void> | void;
  afterPolicy?(): void;
  afterVerifier?(): void;
  abortSignal?: AbortSignal;
}

/** Wraps a policy and verifier to count what they do; fills in token costs a policy left out. */
function instrument<S>(policy: Policy<S>, verifier: Verifier<S>, hooks: Hooks = {}) {
  const log: CallLog = { policyCalls: 0, verifierCalls: 0, verifierBatches: [], tokensIn: 0, tokensOut: 0, maxCallTokensOut: 0, inFlight: 0, maxInFlight: 0, callsAfterAbort: 0 };
  const wrappedPolicy: Policy<S> = {
    id: policy.id,
    async propose(state: S, count: number, ctx: SearchContext) {
      if (hooks.abortSignal?.aborted) log.callsAfterAbort++;
      const index = log.policyCalls++;
      log.inFlight++;
      log.maxInFlight = Math.max(log.maxInFlight, log.inFlight);
      try {
        const pending = policy.propose(state, count, ctx);
        await hooks.beforePolicy?.(index, ctx.signal);
        const steps = await pending;
        let tokens = 0;
        const out = steps.map((step) => {
          const cost = step.cost ?? { tokensIn: 2, tokensOut: Math.max(1, estimateTokens(step.text)) };
          log.tokensIn += cost.tokensIn ?? 0;
          log.tokensOut += cost.tokensOut ?? 0;
          tokens += cost.tokensOut ?? 0;
          return { ...step, cost };
        });
        log.maxCallTokensOut = Math.max(log.maxCallTokensOut, tokens);
        hooks.afterPolicy?.();
        return out;
      } finally {
        log.inFlight--;
      }
    },
  };
  const wrappedVerifier: Verifier<S> = {
    id: verifier.id,
    kind: verifier.kind,
    async score(states: readonly S[], ctx: SearchContext) {
      if (hooks.abortSignal?.aborted) log.callsAfterAbort++;
      const index = log.verifierBatches.length;
      log.verifierBatches.push(states.length);
      log.verifierCalls += states.length;
      await hooks.beforeVerifier?.(index, ctx.signal);
      const values = await verifier.score(states, ctx);
      hooks.afterVerifier?.();
      return values;
    },
  };
  return { policy: wrappedPolicy, verifier: wrappedVerifier, log };
}

/** A tree without its wall-clock fields, for comparing seeded runs. */
export function withoutTimings(tree: TraceTree): unknown {
  return JSON.parse(JSON.stringify(tree, (key, value) => (key === 'ms' ? undefined : value)));
}

const never = () => new Promise<never>(() => {});

/**
 * Checks that a result's tree validates and agrees with the event stream the run emitted:
 * every node created after its parent's visit, every visit after its node, `done` last.
 */
export function expectConsistent<S>(result: SearchResult<S>, events: readonly SearchEvent[]): void {
  const tree = parseTree(JSON.parse(JSON.stringify(result.tree)), `${result.tree.search.name} tree`);
  expect(STOP_REASONS).toContain(result.stopReason);
  expect(tree.stopReason).toBe(result.stopReason);
  // Replay the event stream: each node appears after its parent was visited, each visit after its node.
  const created = new Set<number>();
  const visited = new Set<number>();
  for (const event of events.slice(0, -1)) {
    if (event.type === 'node') {
      if (event.node.parentId !== null) expect(visited.has(event.node.parentId), `node ${event.node.id} created before its parent ${event.node.parentId} was visited`).toBe(true);
      created.add(event.node.id);
    } else if (event.type === 'visit') {
      expect(created.has(event.nodeId), `visit of node ${event.nodeId} before it was created`).toBe(true);
      visited.add(event.nodeId);
    } else if (event.type === 'score') {
      expect(created.has(event.nodeId)).toBe(true);
    } else {
      throw new Error(`'done' event before the end of the stream`);
    }
  }
  expect(created.size).toBe(tree.nodes.length);
  expect(tree.visits.filter((id) => !created.has(id))).toEqual([]);
  expect(tree.visits, "the tree's visit order differs from the visit events").toEqual(events.flatMap((e) => (e.type === 'visit' ? [e.nodeId] : [])));
  const done = events[events.length - 1];
  expect(done).toMatchObject({ type: 'done', stopReason: result.stopReason, bestId: tree.bestId });
  if (result.best) {
    expect(tree.nodes[result.best.id]).toEqual(result.best);
    expect(result.answer).toBe(result.best.flags.terminal ? result.best.flags.answer ?? null : null);
    expect(result.verified).toBe(result.best.flags.verified === true);
  } else {
    expect(result.answer).toBeNull();
  }
}

/** Checks that node costs add up to the run's usage, and the run's policy calls to those made. */
export function expectAccounting<S>(result: SearchResult<S>, log: Pick<CallLog, 'policyCalls' | 'inFlight'>): void {
  const sum = (pick: (node: TreeNode) => number) => result.tree.nodes.reduce((total, node) => total + pick(node), 0);
  expect(sum((n) => n.cost.policyCalls)).toBe(result.usage.policyCalls);
  expect(result.usage.policyCalls).toBe(log.policyCalls - log.inFlight);
  expect(sum((n) => n.cost.verifierCalls)).toBe(result.usage.verifierCalls);
  expect(sum((n) => n.cost.tokensOut)).toBe(result.usage.tokensOut);
  expect(sum((n) => n.cost.tokensIn)).toBe(result.usage.tokensIn);
}


export function runSearchConformance<S>(setup: SearchConformanceSetup<S>): void {
  const { algorithm } = setup;
  const seeds = setup.seeds ?? [1, 2, 3];
  const bestBy = setup.bestBy ?? (algorithm.name === 'majority' ? 'vote' : 'score');

  async function run(opts: { seed?: string | number; budget?: Budget; hooks?: Hooks; signal?: AbortSignal; now?: () => number } = {}) {
    const events: SearchEvent[] = [];
    const { policy, verifier, log } = instrument(setup.newPolicy(), setup.newVerifier(), opts.hooks);
    const ctx = createContext({
      seed: opts.seed ?? 1,
      ...(opts.budget ? { budget: opts.budget } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.now ? { now: opts.now } : {}),
      emit: (event) => events.push(event),
    });
    const result: SearchResult<S> = await algorithm.run(setup.newProblem(), policy, verifier, setup.options ?? {}, ctx);
    return { result, events, log };
  }

  describe(`search conformance: ${setup.name ?? algorithm.name}`, () => {
    it('builds a valid tree, consistent with its visit order and events', async () => {
      for (const seed of seeds) {
        const { result, events } = await run({ seed });
        expectConsistent(result, events);
        expect(result.tree.nodes.length).toBeGreaterThan(1);
      }
    });

    it('accounts for every call and token on the nodes and in the run usage', async () => {
      for (const seed of seeds) {
        const { result, log } = await run({ seed });
        expectAccounting(result, log);
        expect(result.usage.tokensOut).toBe(log.tokensOut);
        expect(result.usage.tokensIn).toBe(log.tokensIn);
        expect(result.usage.verifierCalls).toBe(log.verifierCalls);
      }
    });

    it('replays a seeded run exactly', async () => {
      for (const seed of seeds) {
        const a = await run({ seed }), b = await run({ seed });
        expect(withoutTimings(b.result.tree)).toEqual(withoutTimings(a.result.tree));
        expect(b.events.map((e) => e.type)).toEqual(a.events.map((e) => e.type));
      }
    });

    it('returns a best that really is the best it found', async () => {
      for (const seed of seeds) {
        const { result } = await run({ seed });
        const { nodes } = result.tree;
        if (bestBy === 'score') {
          const comparable = nodes.filter((n) => n.parentId !== null && (n.scores.value !== undefined || n.flags.verified !== undefined));
          if (comparable.length === 0) continue;
          expect(result.best).not.toBeNull();
          const top = Math.max(...comparable.map(bestRank));
          expect(bestRank(result.best!)).toBeGreaterThanOrEqual(top);
        } else {
          const counts = new Map<string, number>();
          for (const n of nodes) if (n.flags.terminal && n.flags.answer != null) counts.set(n.flags.answer, (counts.get(n.flags.answer) ?? 0) + 1);
          if (counts.size === 0) continue;
          expect(result.best).not.toBeNull();
          expect(counts.get(result.best!.flags.answer!)).toBe(Math.max(...counts.values()));
        }
      }
    });

    it('never makes more policy calls than the budget allows', async () => {
      for (const max of [0, 1, 2, 5]) {
        const { result, log, events } = await run({ budget: { maxPolicyCalls: max } });
        expect(result.usage.policyCalls).toBeLessThanOrEqual(max);
        expect(log.policyCalls).toBeLessThanOrEqual(max);
        if (result.stopReason === 'policy-calls') expect(result.usage.policyCalls).toBe(max);
        expectConsistent(result, events);
        expectAccounting(result, log);
      }
    });

    it('overruns the token budget by at most one batch (a policy that honours it: not at all)', async () => {
      for (const max of [0, 1, 15, 60]) {
        const { result, log } = await run({ budget: { maxTokens: max } });
        expect(result.usage.tokensOut).toBeLessThanOrEqual(Math.max(max, max - 1 + log.maxCallTokensOut * log.maxInFlight));
        // A search stopped by tokens need not have spent them all: a policy that honours the
        // budget (the symbolic one) writes no step that would not fit.
        expectAccounting(result, log);
      }
    });

    it('never makes more verifier calls than the budget allows', async () => {
      for (const max of [0, 1, 3, 7]) {
        const { result, log } = await run({ budget: { maxVerifierCalls: max } });
        expect(result.usage.verifierCalls).toBeLessThanOrEqual(max);
        expect(log.verifierCalls).toBeLessThanOrEqual(max);
        if (result.stopReason === 'verifier-calls') expect(result.usage.verifierCalls).toBe(max);
        expectAccounting(result, log);
      }
    });

    it('stops on the wall-clock budget within one batch', async () => {
      // A fake clock: each policy call takes 10 ms, each verifier batch 1 ms.
      for (const timeoutMs of [0, 25, 55]) {
        let now = 0;
        const hooks: Hooks = { afterPolicy: () => (now += 10), afterVerifier: () => (now += 1) };
        const { result, log } = await run({ budget: { timeoutMs }, hooks, now: () => now });
        expect(result.usage.ms).toBeLessThanOrEqual(Math.max(timeoutMs, timeoutMs - 1 + 10 * log.maxInFlight + 1));
        if (result.stopReason === 'timeout') expect(result.usage.ms).toBeGreaterThanOrEqual(timeoutMs);
      }
    });

    it('returns at once, aborted, when aborted before it starts', async () => {
      const controller = new AbortController();
      controller.abort();
      const { result, log, events } = await run({ signal: controller.signal });
      expect(result.stopReason).toBe('aborted');
      expect(log.policyCalls + log.verifierCalls).toBe(0);
      expectConsistent(result, events);
    });

    it('returns promptly when aborted during a policy call that ignores its signal', async () => {
      const controller = new AbortController();
      const hooks: Hooks = {
        abortSignal: controller.signal,
        beforePolicy: (index) => {
          if (index < 1) return;
          setTimeout(() => controller.abort(), 1);
          return never();
        },
      };
      const started = Date.now();
      const { result, log, events } = await run({ signal: controller.signal, hooks });
      if (log.policyCalls < 2) return; // finished with one call: nothing to abort
      expect(Date.now() - started).toBeLessThan(2_000); // the hung call is left behind, not awaited
      expect(result.stopReason).toBe('aborted');
      expect(log.callsAfterAbort).toBe(0);
      expectConsistent(result, events);
    }, 5_000);

    it('returns promptly when aborted during a policy call that honours its signal', async () => {
      const controller = new AbortController();
      const hooks: Hooks = {
        abortSignal: controller.signal,
        beforePolicy: (index, signal) => {
          if (index < 1) return;
          setTimeout(() => controller.abort(), 1);
          return new Promise<void>((_, reject) => signal?.addEventListener('abort', () => reject(new AbortError()), { once: true }));
        },
      };
      const { result, log } = await run({ signal: controller.signal, hooks });
      if (log.policyCalls < 2) return;
      expect(result.stopReason).toBe('aborted');
      expect(log.callsAfterAbort).toBe(0);
    }, 5_000);

    it('returns promptly when aborted during a verifier call', async () => {
      const controller = new AbortController();
      const hooks: Hooks = {
        abortSignal: controller.signal,
        beforeVerifier: () => {
          setTimeout(() => controller.abort(), 1);
          return never();
        },
      };
      const { result, log } = await run({ signal: controller.signal, hooks });
      if (log.verifierBatches.length === 0) return; // this configuration never asks the verifier
      expect(result.stopReason).toBe('aborted');
      expect(log.callsAfterAbort).toBe(0);
    }, 5_000);

    it('rejects an unknown option with an InputError naming it', async () => {
      const ctx = createContext({ seed: 1 });
      await expect(algorithm.run(setup.newProblem(), setup.newPolicy(), setup.newVerifier(), { ...setup.options, noSuchOption: 1 }, ctx))
        .rejects.toThrow(InputError);
      await expect(algorithm.run(setup.newProblem(), setup.newPolicy(), setup.newVerifier(), { noSuchOption: 1 }, ctx))
        .rejects.toThrow(/noSuchOption/);
    });
  });
}
