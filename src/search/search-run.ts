import type { StopReason } from '../core/budget.js';
import { isAbortError } from '../core/errors.js';
import { ignoreEvents } from '../core/events.js';
import { randomId } from '../core/ids.js';
import type { Json } from '../core/json.js';
import type { Policy, SearchContext, SearchProblem, Step, Verifier } from '../core/reasoning.js';
import { TREE_SCHEMA, TREE_SCHEMA_VERSION, type TraceTree, type TreeNode } from '../core/tree-schema.js';
import { emptyUsage, type Usage } from '../core/usage.js';

/** How often (wall-clock ms) a running search lets the event loop turn. */
const YIELD_EVERY_MS = 10;

/** The longest delay a Node timer holds. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Policy calls one slice of a batch holds at most (see `expandMany`). */
const BATCH_SLICE = 256;

/** Thrown inside a search body to end it; `runSearch` turns it into the result's stopReason. */
export class SearchStopped extends Error {
  constructor(readonly reason: StopReason) {
    super(`search stopped: ${reason}`);
  }
}

export interface SearchResult<S> {
  tree: TraceTree;
  /** The best node found (see `pickBest`), or null when the search made none but the root. */
  best: TreeNode | null;
  bestState: S | null;
  answer: string | null;
  /** True when the best node passed the task's exact checker. */
  verified: boolean;
  stopReason: StopReason;
  usage: Usage;
  /** With stop reason `model-error`: the model's refusal. */
  error?: string;
}

/**
 * The bookkeeping every algorithm shares: it owns the tree, charges the budget, honours
 * the AbortSignal and emits events, so an algorithm body is only its search logic. All
 * calls to the policy and verifier go through `expand` and `evaluate`.
 */
export class SearchRun<S> {
  readonly nodes: TreeNode[] = [];
  readonly visits: number[] = [];
  private readonly states: S[] = [];
  private readonly treeId: string;
  private lastYield = Date.now();

  constructor(
    readonly problem: SearchProblem<S>,
    readonly policy: Policy<S>,
    readonly verifier: Verifier<S>,
    readonly ctx: SearchContext,
    private readonly searchName: string,
    private readonly options: Record<string, Json>,
  ) {
    this.treeId = randomId(ctx.random.fork('tree-id'));
    this.addNode(null, { text: '', state: problem.initialState() });
  }

  get root(): TreeNode {
    return this.nodes[0]!;
  }

  state(node: TreeNode): S {
    return this.states[node.id]!;
  }

  isTerminal(node: TreeNode): boolean {
    return node.flags.terminal;
  }

  /** Ends the search (throws SearchStopped) when aborted or when a budget has run out. */
  guard(): void {
    if (this.ctx.signal?.aborted) throw new SearchStopped('aborted');
    const reason = this.ctx.budget.stopReason();
    if (reason) throw new SearchStopped(reason);
  }

  /** Records a visit: the node is being expanded or selected now. */
  visit(node: TreeNode): void {
    this.visits.push(node.id);
    if (this.ctx.emit !== ignoreEvents) this.ctx.emit({ type: 'visit', nodeId: node.id });
  }

  /**
   * Asks the policy for up to `count` children of `node` and records them. Counts one
   * policy call against the node, and each step's tokens against its child.
   */
  async expand(node: TreeNode, count: number): Promise<TreeNode[]> {
    // The usual symbolic case (no signal, no wall-clock limit, a call left) is `expandMany`
    // of one node without its batch arrays, promise machinery and extra async layers, which
    // showed in profiles at this rate of calls. Anything else goes through `expandMany`.
    if (!this.direct()) return (await this.expandMany([node], count))[0]!;
    let now = Date.now();
    if (now - this.lastYield >= YIELD_EVERY_MS) {
      await this.yieldNow();
      now = this.lastYield;
    }
    this.guard();
    if (this.ctx.budget.remainingPolicyCalls() < 1) return (await this.expandMany([node], count))[0]!;
    this.visit(node);
    let steps: Step<S>[];
    try {
      steps = await this.policy.propose(this.state(node), count, this.ctx);
    } catch (error) {
      if (isAbortError(error)) throw new SearchStopped('aborted');
      throw error;
    }
    if (steps.length > count) throw new Error(`policy ${this.policy.id} returned ${steps.length} steps when asked for at most ${count}`);
    const spent = emptyUsage();
    spent.policyCalls = 1;
    const kids = this.recordChildren(node, steps, Date.now() - now, spent);
    this.ctx.budget.charge(spent);
    return kids;
  }

  /**
   * Expands several nodes with concurrent policy calls (one batch), then records the
   * children in the order of `nodes`, so a seeded run builds the same tree however the
   * calls interleave. The batch is cut to the policy calls the budget still allows;
   * the result then has fewer entries than `nodes` (and the next `guard` stops the run).
   */
  async expandMany(nodes: readonly TreeNode[], count: number): Promise<TreeNode[][]> {
    if (Date.now() - this.lastYield >= YIELD_EVERY_MS) await this.yieldNow();
    this.guard();
    const allowed = this.ctx.budget.remainingPolicyCalls();
    const batch = nodes.length <= allowed ? nodes : nodes.slice(0, allowed);
    const children: TreeNode[][] = [];
    // A large batch (best-of-100000) goes in slices, with the budget and the abort signal
    // checked between them, so a wall-clock limit ends it on time and no slice holds
    // more than BATCH_SLICE calls in memory. Each call's random stream is forked by its
    // place in the whole batch, so the tree is the same however the batch is sliced.
    const forked = batch.length > 1;
    for (let start = 0; start < batch.length; start += BATCH_SLICE) {
      if (start > 0) {
        if (Date.now() - this.lastYield >= YIELD_EVERY_MS) await this.yieldNow();
        if (this.stopReason()) break; // the children so far stand; the next `guard` ends the run
      }
      const slice = batch.slice(start, start + BATCH_SLICE);
      for (let k = 0; k < slice.length; k++) this.visit(slice[k]!);
      const timed = await this.proposeBatch(slice, count, forked ? start : -1);
      // One charge per slice (the sum of its steps' costs): charging per node showed in profiles.
      const spent = emptyUsage();
      let made = 0;
      while (made < slice.length && timed[made] !== null) made++;
      spent.policyCalls = made;
      for (let b = 0; b < made; b++) children.push(this.recordChildren(slice[b]!, timed[b]!.steps, timed[b]!.ms, spent));
      this.ctx.budget.charge(spent);
      if (made < slice.length) break; // calls not started: the budget ran out during the slice
    }
    return children;
  }

  /** Why the run must stop now (abort or a spent budget), or null. */
  private stopReason(): StopReason | null {
    if (this.ctx.signal?.aborted) return 'aborted';
    return this.ctx.budget.stopReason();
  }

  /** True when no abort signal or wall-clock limit needs racing against (see `call`). */
  private direct(): boolean {
    return !this.ctx.signal && this.ctx.budget.budget.timeoutMs === undefined;
  }

  /** Records one policy call's children of `node`, adding their token costs to `spent`. */
  private recordChildren(node: TreeNode, steps: readonly Step<S>[], ms: number, spent: Usage): TreeNode[] {
    node.cost.policyCalls += 1;
    node.cost.ms += ms;
    const kids: TreeNode[] = [];
    for (let k = 0; k < steps.length; k++) {
      const kid = this.addNode(node, steps[k]!);
      kids.push(kid);
      const { cost } = kid;
      spent.tokensIn += cost.tokensIn;
      spent.tokensOut += cost.tokensOut;
      if (cost.cacheHits) spent.cacheHits = (spent.cacheHits ?? 0) + cost.cacheHits;
      if (cost.cacheMisses) spent.cacheMisses = (spent.cacheMisses ?? 0) + cost.cacheMisses;
    }
    return kids;
  }

  /**
   * Concurrent policy calls for `batch`, raced against the abort signal and the wall clock
   * (see `call`); a call not started because the budget ran out first is null (see below).
   * `offset` is the batch's place in a larger sliced batch whose calls each
   * get their own random stream; -1 means a single call, which uses the run's stream.
   */
  private proposeBatch(batch: readonly TreeNode[], count: number, offset: number): Promise<({ steps: Step<S>[]; ms: number } | null)[]> {
    // Concurrent calls each get their own random stream, forked in order before any starts,
    // so what a call draws does not depend on how the calls interleave.
    const randoms = offset >= 0 ? batch.map((node, i) => this.ctx.random.fork(`expand/${node.id}/${offset + i}`)) : [this.ctx.random];
    return this.call((ctx) =>
      Promise.all(
        batch.map(async (node, i) => {
          // A policy that computes without awaiting (the embedded model) runs each call to
          // its end right here, so no timer can interrupt the batch: a call that would start
          // after the budget ran out is not started (null), and the batch ends before it.
          if (i > 0 && this.stopReason()) return null;
          const started = Date.now();
          const callCtx = randoms[i] === undefined || randoms[i] === ctx.random ? ctx : { ...ctx, random: randoms[i]! };
          const steps = await this.policy.propose(this.state(node), count, callCtx);
          if (steps.length > count) throw new Error(`policy ${this.policy.id} returned ${steps.length} steps when asked for at most ${count}`);
          return { steps, ms: Date.now() - started };
        }),
      ),
    );
  }

  /**
   * A search over a fast symbolic policy never waits on I/O, so without this it would hold
   * the event loop until it ends: no abort from a timer or a closed connection could reach
   * it and no streamed event would be flushed. Every ~10 ms it lets the loop turn once.
   */
  private async yieldNow(): Promise<void> {
    await new Promise<void>((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
    this.lastYield = Date.now();
  }

  /**
   * Runs one batch of policy or verifier calls so that an abort or the wall-clock budget
   * ends the run at once, even when the callee ignores its signal: the callee gets a
   * signal that fires on either, and the run stops without waiting for it.
   */
  private async call<T>(fn: (ctx: SearchContext) => Promise<T>): Promise<T> {
    const outer = this.ctx.signal;
    const timeoutMs = this.ctx.budget.budget.timeoutMs;
    if (!outer && timeoutMs === undefined) {
      try {
        return await fn(this.ctx);
      } catch (error) {
        if (isAbortError(error)) throw new SearchStopped('aborted');
        throw error;
      }
    }
    const controller = new AbortController();
    let reason: StopReason | null = null;
    let rejectStopped: (error: Error) => void = () => {};
    const stopped = new Promise<never>((_, reject) => (rejectStopped = reject));
    stopped.catch(() => {});
    const stop = (why: StopReason) => {
      if (reason) return;
      reason = why;
      controller.abort();
      rejectStopped(new SearchStopped(why));
    };
    const onAbort = () => stop('aborted');
    outer?.addEventListener('abort', onAbort, { once: true });
    // Clamped to what a Node timer holds (2^31 - 1 ms): a longer delay would fire at once.
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => stop('timeout'), Math.min(MAX_TIMER_MS, Math.max(0, timeoutMs - this.ctx.budget.elapsedMs())));
    try {
      return await Promise.race([fn({ ...this.ctx, signal: controller.signal }), stopped]);
    } catch (error) {
      if (reason) throw new SearchStopped(reason);
      if (isAbortError(error) || outer?.aborted) throw new SearchStopped('aborted');
      throw error;
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * Scores nodes: terminal nodes of a task with an exact checker are settled by it (1 or 0,
   * free of charge); the rest go to the verifier in one batch, one verifier call per state.
   * Stores the score as `scores.value` and returns the scores in order. A batch larger than
   * the verifier calls left is cut: the states that fit are scored and kept, then the run
   * stops with `verifier-calls`, so that budget is never exceeded.
   */
  async evaluate(nodes: readonly TreeNode[]): Promise<number[]> {
    const scores = new Array<number | undefined>(nodes.length);
    let pending: number[] | null = null;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      if (node.flags.verified !== undefined) scores[i] = node.flags.verified ? 1 : 0;
      else if (node.scores.value !== undefined) scores[i] = node.scores.value;
      else (pending ??= []).push(i);
    }
    let cut = false;
    if (pending) {
      this.guard();
      const allowed = this.ctx.budget.remainingVerifierCalls();
      if (pending.length > allowed) {
        pending = pending.slice(0, allowed);
        cut = true;
      }
      const started = Date.now();
      const states: S[] = [];
      for (let k = 0; k < pending.length; k++) states.push(this.state(nodes[pending[k]!]!));
      let values: number[];
      if (this.direct()) {
        // Awaited directly, as in `expand`, when there is nothing to race against.
        try {
          values = await this.verifier.score(states, this.ctx);
        } catch (error) {
          if (isAbortError(error)) throw new SearchStopped('aborted');
          throw error;
        }
      } else {
        values = await this.call((ctx) => this.verifier.score(states, ctx));
      }
      if (values.length !== pending.length) {
        throw new Error(`verifier ${this.verifier.id} returned ${values.length} scores for ${pending.length} states`);
      }
      const msEach = (Date.now() - started) / pending.length;
      const spent = emptyUsage();
      spent.verifierCalls = pending.length;
      this.ctx.budget.charge(spent);
      for (let k = 0; k < pending.length; k++) {
        const i = pending[k]!;
        scores[i] = values[k]!;
        const node = nodes[i]!;
        node.cost.verifierCalls += 1;
        node.cost.ms += msEach;
      }
    }
    const emitting = this.ctx.emit !== ignoreEvents;
    for (let i = 0; i < nodes.length; i++) {
      const score = scores[i];
      const node = nodes[i]!;
      if (score !== undefined && node.scores.value !== score) {
        node.scores.value = score;
        if (emitting) this.ctx.emit({ type: 'score', nodeId: node.id, value: score });
      }
    }
    if (cut) throw new SearchStopped('verifier-calls');
    return scores as number[];
  }

  /** A copy of `node`'s subtree root for re-use: the path of states from the root. */
  pathStates(node: TreeNode): S[] {
    const out: S[] = [];
    for (let cur: TreeNode | undefined = node; cur; cur = cur.parentId === null ? undefined : this.nodes[cur.parentId]) {
      out.push(this.state(cur));
    }
    return out.reverse();
  }

  /** The best node so far: see `pickBest`. */
  best(): TreeNode | null {
    return pickBest(this.nodes);
  }

  /**
   * Records one node. It runs for every node a search creates (several per expansion), so
   * it builds each object whole, in the key order the trace has always had, and skips
   * building events nobody listens to.
   */
  private addNode(parent: TreeNode | null, step: Step<S>): TreeNode {
    const { problem } = this;
    const state = step.state;
    const terminal = problem.isTerminal(state);
    let flags: TreeNode['flags'];
    if (!terminal) flags = { terminal };
    else if (problem.verify) flags = { terminal, answer: problem.answer(state), verified: problem.verify(state) };
    else flags = { terminal, answer: problem.answer(state) };
    const c = step.cost;
    const cost: Usage = c
      ? { policyCalls: 0, tokensIn: 0 + (c.tokensIn ?? 0), tokensOut: 0 + (c.tokensOut ?? 0), verifierCalls: 0, ms: 0 + (c.ms ?? 0) }
      : { policyCalls: 0, tokensIn: 0, tokensOut: 0, verifierCalls: 0, ms: 0 };
    if (c) {
      if (c.cacheHits) cost.cacheHits = c.cacheHits;
      if (c.cacheMisses) cost.cacheMisses = c.cacheMisses;
    }
    const node: TreeNode = {
      id: this.nodes.length,
      parentId: parent ? parent.id : null,
      depth: parent ? parent.depth + 1 : 0,
      step: step.action === undefined ? { text: step.text } : { text: step.text, action: step.action },
      state: state as Json,
      scores: {},
      flags,
      cost,
    };
    if (step.prior !== undefined) node.scores.prior = step.prior;
    if (step.logprob !== undefined) node.scores.logprob = step.logprob;
    this.nodes.push(node);
    this.states.push(state);
    if (this.ctx.emit !== ignoreEvents) this.ctx.emit({ type: 'node', node });
    return node;
  }

  /** Freezes the run into its result. `best` defaults to `pickBest` over all nodes. */
  result(stopReason: StopReason, best: TreeNode | null = this.best()): SearchResult<S> {
    const usage = this.ctx.budget.snapshot();
    const answer = best && best.flags.terminal ? best.flags.answer ?? null : null;
    const verified = best?.flags.verified === true;
    const tree: TraceTree = {
      schema: TREE_SCHEMA,
      version: TREE_SCHEMA_VERSION,
      id: this.treeId,
      problem: {
        id: this.problem.id,
        task: this.problem.task,
        prompt: this.problem.prompt,
        ...(this.problem.input !== undefined ? { input: this.problem.input } : {}),
      },
      search: { name: this.searchName, options: this.options },
      model: this.policy.id,
      seed: this.ctx.random.seed,
      nodes: this.nodes,
      visits: this.visits,
      bestId: best ? best.id : null,
      answer,
      verified: best && best.flags.terminal ? (best.flags.verified ?? null) : null,
      stopReason,
      usage,
    };
    this.ctx.emit({ type: 'done', stopReason, bestId: tree.bestId, usage });
    return { tree, best, bestState: best ? this.state(best) : null, answer, verified, stopReason, usage };
  }
}

/**
 * How good a node is as a final result: a verified terminal beats everything; then
 * terminals by value; then partial states by value. Unscored nodes count as value 0.
 */
export function bestRank(node: TreeNode): number {
  const value = node.scores.value ?? 0;
  return node.flags.verified === true ? 3 + value : node.flags.terminal ? 1 + value : value - 1;
}

/**
 * The best node by `bestRank`, the root excluded. Ties go to the earlier node, so the
 * choice is deterministic.
 */
export function pickBest(nodes: readonly TreeNode[]): TreeNode | null {
  let best: TreeNode | null = null;
  let bestValue = -Infinity;
  for (const node of nodes) {
    if (node.parentId === null) continue;
    const rank = bestRank(node);
    if (rank > bestValue) {
      best = node;
      bestValue = rank;
    }
  }
  return best;
}

/**
 * Runs an algorithm body against a fresh SearchRun and turns however it ends (normal
 * return, budget, abort) into a SearchResult. The body returns the stop reason of a
 * normal end and, optionally, the node it chose.
 */
export async function runSearch<S>(
  name: string,
  options: Record<string, Json>,
  problem: SearchProblem<S>,
  policy: Policy<S>,
  verifier: Verifier<S>,
  ctx: SearchContext,
  body: (run: SearchRun<S>) => Promise<{ stopReason: StopReason; best?: TreeNode | null }>,
): Promise<SearchResult<S>> {
  const run = new SearchRun(problem, policy, verifier, ctx, name, options);
  try {
    const { stopReason, best } = await body(run);
    // A search that ran out of steps because the token budget cut its last proposals
    // short was stopped by the budget, not by the problem.
    const { maxTokens } = ctx.budget.budget;
    const cut = stopReason !== 'solved' && maxTokens !== undefined && (ctx.budget.spent.tokensOut >= maxTokens || ctx.budget.tokensCut);
    return run.result(cut ? 'tokens' : stopReason, best === undefined ? run.best() : best);
  } catch (error) {
    if (error instanceof SearchStopped) return run.result(error.reason);
    if (isAbortError(error) && ctx.signal?.aborted) return run.result('aborted');
    // A model that refuses a request (e.g. the context is full) will refuse it again: the
    // search ends there and keeps what it finished, rather than losing the whole tree.
    if (isModelRefusal(error)) return { ...run.result('model-error'), error: (error as Error).message };
    throw error;
  }
}

/**
 * A request the model refused for what it asked (400, 413, 422: a context overflow, a
 * prompt too long): a retry cannot fix it, but the search so far is sound. Refusals of
 * the caller (401, 403, 404) still fail the search.
 */
function isModelRefusal(error: unknown): boolean {
  // Read from the error's fields (models' ModelRequestError has them): search knows no model layer.
  const e = error as { status?: unknown; retryable?: unknown } | null;
  return error instanceof Error && e !== null && e.retryable === false && (e.status === 400 || e.status === 413 || e.status === 422);
}
