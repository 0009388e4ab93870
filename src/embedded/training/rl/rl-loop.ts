import { Worker } from 'node:worker_threads';
import { InputError, throwIfAborted } from '../../../core/errors.js';
import type { Json } from '../../../core/json.js';
import { createRandom, shuffled } from '../../../core/random.js';
import { adamStep, createAdamState } from '../../model/adam.js';
import { Backprop } from '../../model/backprop.js';
import type { Checkpoint } from '../../model/checkpoint.js';
import { createDecoder } from '../../model/create-decoder.js';
import { Tokenizer } from '../../model/tokenizer.js';
import { paramViews } from '../../model/transformer.js';
import { groupAdvantages, searchReward, type GrpoOptions, type RewardOptions } from './grpo.js';
import { accumulatePolicyGradient, type GradientStats } from './policy-gradient.js';
import type { RlProblem } from './rl-problem.js';
import { sampleRollouts, type Rollout, type SampleOptions } from './rollouts.js';
import { spellsNumbers } from '../../reasoner/embedded-reasoner.js';
import type { RlWorkerMessage } from './rl-worker.js';

/** The settings of a run; a resumed run must use the same ones (checked). */
export interface RlSettings extends RewardOptions, GrpoOptions {
  /** Problems sampled per iteration. */
  problems: number;
  /** Searches per problem (the GRPO group). */
  k: number;
  temperature: number;
  /** Iterations in all (a resumed run continues up to this count). */
  iterations: number;
  lr: number;
  /** Optimizer steps per iteration, each on a share of the groups (more than one makes the ratio and its clip matter). */
  minibatches: number;
  seed: string;
  valueThreshold: number;
  /** Sample folded searches (the context folds when it fills; see generate-batch's `fold`), as inference runs them. */
  fold?: boolean;
  /** Worker threads (1: in-process). Results are deterministic for a given count. */
  threads: number;
}

/** One iteration's line of the curves file. */
export interface RlCurvePoint {
  iteration: number;
  /** Mean outcome reward (verified answer minus token cost). */
  reward: number;
  solveRate: number;
  /** Mean tokens the model wrote per search. */
  tokens: number;
  /** Model tokens of the solved searches per solve. */
  tokensPerSolve: number | null;
  /** Mean k3 estimate of KL(π ‖ π_ref) per decision. */
  kl: number;
  clipFraction: number;
  /** Share of the values written that the task confirms (exhaustive solvability). */
  valueAccuracy: number | null;
  gradNorm: number;
  /** Model tokens sampled since the start of the run. */
  sampledTokens: number;
  seconds: number;
}

export interface RlOptions {
  settings: RlSettings;
  problems: readonly RlProblem[];
  /** Called with the (resumable) checkpoint every `checkpointEvery` iterations and at the end. */
  onCheckpoint?: (ckpt: Checkpoint) => void;
  checkpointEvery?: number;
  onIteration?: (point: RlCurvePoint, total: number) => void;
  signal?: AbortSignal;
  now?: () => number;
}

interface RlState {
  iteration: number;
  curve: RlCurvePoint[];
  settings: RlSettings;
}

function comparable(s: RlSettings): string {
  // Runs from before the token-reward choice used the linear rule.
  const all: Record<string, unknown> = { ...s, iterations: undefined, tokenReward: s.tokenReward ?? 'linear' };
  return JSON.stringify(Object.keys(all).sort().map((k) => [k, all[k]]));
}

/**
 * On-policy RL of an embedded reasoner on its own in-context searches (GRPO): per
 * iteration, k searches per problem at temperature T with inference's tool-integrated
 * constrained decoding; rewards from the task; group-normalised advantages (plus a
 * process term on the values the model wrote); then `minibatches` AdamW steps on the
 * clipped surrogate with a k3 KL penalty to `reference`. Everything an iteration draws
 * is seeded by (seed, iteration), and the checkpoint holds weights, Adam's moments,
 * the iteration and the curves, so a run resumed after a kill continues bit for bit
 * (with the same thread count). `policy` is trained in place.
 */
export async function runRl(reference: Checkpoint, policy: Checkpoint, options: RlOptions): Promise<Checkpoint> {
  const { settings } = options;
  if (options.problems.length === 0) throw new InputError('no training problems for RL');
  const previous = policy.meta.rl as unknown as RlState | undefined;
  if (previous && comparable(previous.settings) !== comparable(settings)) {
    throw new InputError('the checkpoint to resume was trained with other RL settings; pass the same flags or --no-resume');
  }
  const state: RlState = { iteration: previous?.iteration ?? 0, curve: previous?.curve ?? [], settings };
  const threads = Math.max(1, settings.threads);
  if (threads > 1 && !(policy.params.buffer instanceof SharedArrayBuffer)) {
    const shared = new Float32Array(new SharedArrayBuffer(policy.params.byteLength));
    shared.set(policy.params);
    policy.params = shared;
  }
  const adam = policy.adam ?? createAdamState(policy.params.length);
  policy.adam = adam;
  const engine = threads > 1 ? startWorkers(threads, reference, policy) : inProcess(reference, policy);
  const clock = options.now ?? (() => performance.now() / 1000);
  const last = state.curve[state.curve.length - 1];
  const started = clock() - (last?.seconds ?? 0);
  let sampledTokens = last?.sampledTokens ?? 0;
  const save = () => {
    policy.meta.rl = state as unknown as Json;
    options.onCheckpoint?.(policy);
  };
  const gradBuf = new Float32Array(policy.params.length);
  try {
    while (state.iteration < settings.iterations) {
      throwIfAborted(options.signal);
      const it = state.iteration;
      const picked = shuffled(options.problems, createRandom(`${settings.seed}:rl:problems:${it}`)).slice(0, settings.problems);
      const sampleOptions: SampleOptions = { temperature: settings.temperature, k: settings.k, seed: `${settings.seed}:rl:${it}`,
        valueThreshold: settings.valueThreshold, spelledNumbers: spellsNumbers(policy.meta), ...(settings.fold ? { fold: true } : {}),
      };
      const rollouts = await engine.sample(picked, sampleOptions);
      // A folded search is several rollouts (one per context): rewards, group statistics and
      // the curve count searches; every context of a search gets the search's advantage.
      const searches = rollouts.filter((r) => r.first);
      const rewards = searches.map((r) => searchReward(r.solved, r.modelTokens, settings));
      const searchAdv = groupAdvantages(rewards, searches.map((r) => r.group));
      const advOf = new Map(searches.map((r, i) => [`${r.group}:${r.sample}`, searchAdv[i]!]));
      const advantages = rollouts.map((r) => Float64Array.from(r.valueCheck, (v) => advOf.get(`${r.group}:${r.sample}`)! + settings.valueCredit * v));
      const total: GradientStats = { decisions: 0, kl: 0, clipped: 0 };
      let gradNorm = 0;
      for (let mb = 0; mb < settings.minibatches; mb++) {
        const part = rollouts.map((_, i) => i).filter((i) => rollouts[i]!.group % settings.minibatches === mb);
        const decisions = part.reduce((s, i) => s + rollouts[i]!.decisions.length, 0);
        if (decisions === 0) continue;
        gradBuf.fill(0);
        const stats = await engine.gradient(part.map((i) => rollouts[i]!), part.map((i) => advantages[i]!), settings, 1 / decisions, gradBuf);
        total.decisions += stats.decisions;
        total.kl += stats.kl;
        total.clipped += stats.clipped;
        gradNorm = adamStep(policy.params, gradBuf, adam, { lr: settings.lr });
      }
      const solved = searches.filter((r) => r.solved);
      const tokens = searches.reduce((s, r) => s + r.modelTokens, 0);
      sampledTokens += tokens;
      const values = rollouts.flatMap((r) => [...r.valueCheck].filter((v) => v !== 0));
      const point: RlCurvePoint = {
        iteration: it + 1,
        reward: rewards.reduce((s, r) => s + r, 0) / searches.length,
        solveRate: solved.length / searches.length,
        tokens: tokens / searches.length,
        tokensPerSolve: solved.length > 0 ? tokens / solved.length : null,
        kl: total.decisions > 0 ? total.kl / total.decisions : 0,
        clipFraction: total.decisions > 0 ? total.clipped / total.decisions : 0,
        valueAccuracy: values.length > 0 ? values.filter((v) => v > 0).length / values.length : null,
        gradNorm,
        sampledTokens,
        seconds: Math.round((clock() - started) * 10) / 10,
      };
      state.curve.push(point);
      state.iteration = it + 1;
      options.onIteration?.(point, settings.iterations);
      if (state.iteration % (options.checkpointEvery ?? 1) === 0 || state.iteration === settings.iterations) save();
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    await engine.close();
  }
  save();
  return policy;
}

interface Engine {
  sample(problems: readonly RlProblem[], options: SampleOptions): Promise<Rollout[]>;
  /** Overwrites `into` with the summed gradient. */
  gradient(rollouts: Rollout[], advantages: Float64Array[], settings: RlSettings, scale: number, into: Float32Array): Promise<GradientStats>;
  close(): Promise<void>;
}

function inProcess(reference: Checkpoint, policy: Checkpoint): Engine {
  const tokenizer = new Tokenizer(policy.vocab);
  const decoder = createDecoder(policy.config, policy.params);
  const backprop = new Backprop(policy.config);
  const params = paramViews(policy.config, policy.params).view;
  const ref = paramViews(reference.config, reference.params).view;
  return {
    sample: (problems, options) => {
      // The weights changed in place since the last round.
      decoder.reload?.();
      return sampleRollouts(decoder, tokenizer, problems, options);
    },
    async gradient(rollouts, advantages, settings, scale, into) {
      const grads = paramViews(policy.config, into).view;
      return accumulatePolicyGradient(backprop, params, ref, grads, rollouts, advantages, settings.temperature, settings, scale);
    },
    async close() {},
  };
}

/** Splits items into `parts` runs of contiguous indices with about equal cost. */
export function splitByCost(costs: readonly number[], parts: number): number[][] {
  const total = costs.reduce((s, c) => s + c, 0);
  const out: number[][] = Array.from({ length: parts }, () => []);
  let acc = 0;
  costs.forEach((c, i) => {
    const k = Math.min(parts - 1, Math.floor((acc + c / 2) / Math.max(1e-9, total / parts)));
    out[k]!.push(i);
    acc += c;
  });
  return out;
}

function startWorkers(threads: number, reference: Checkpoint, policy: Checkpoint): Engine {
  const here = import.meta.url;
  const file = new URL(here.endsWith('.ts') ? './rl-worker.ts' : './rl-worker.js', here);
  const ref = new SharedArrayBuffer(reference.params.byteLength);
  new Float32Array(ref).set(reference.params);
  const grads: Float32Array[] = [];
  const pending: ((reply: { error?: string } & Record<string, unknown>) => void)[] = [];
  let failed: ((error: unknown) => void) | null = null;
  const workers = Array.from({ length: threads }, (_, k) => {
    const g = new SharedArrayBuffer(policy.params.byteLength);
    grads.push(new Float32Array(g));
    const workerData = { config: policy.config, vocab: policy.vocab, params: policy.params.buffer, ref, grads: g };
    // From TypeScript sources (tsx, in development) the worker registers tsx first.
    const worker = file.pathname.endsWith('.ts')
      ? new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(file.href)}); })`, { eval: true, workerData })
      : new Worker(file, { workerData });
    worker.on('message', (reply) => pending[k]?.(reply));
    worker.on('error', (error) => failed?.(error));
    return worker;
  });
  const ask = <T>(messages: (RlWorkerMessage | null)[]): Promise<(T | null)[]> => new Promise((resolve, reject) => {
    failed = reject;
    const replies: (T | null)[] = messages.map(() => null);
    let left = messages.filter(Boolean).length;
    if (left === 0) resolve(replies);
    messages.forEach((msg, k) => {
      if (!msg) return;
      pending[k] = (reply) => {
        if (reply.error) return reject(new Error(`RL worker ${k}: ${reply.error}`));
        replies[k] = reply as T;
        if (--left === 0) resolve(replies);
      };
      workers[k]!.postMessage(msg);
    });
  });
  return {
    async sample(problems, options) {
      const parts = splitByCost(problems.map(() => 1), threads);
      const replies = await ask<{ rollouts: Rollout[] }>(parts.map((idx) => (idx.length === 0 ? null : {
        type: 'sample', problems: idx.map((i) => problems[i]!), options, groupBase: idx[0]!,
      })));
      return replies.flatMap((r) => r?.rollouts ?? []);
    },
    async gradient(rollouts, advantages, settings, scale, into) {
      // Cost: the forward passes grow with length (and attention with its square).
      const parts = splitByCost(rollouts.map((r) => r.tokens.length * (1 + r.tokens.length / 256)), threads);
      const replies = await ask<{ stats: GradientStats }>(parts.map((idx) => (idx.length === 0 ? null : {
        type: 'grad', rollouts: idx.map((i) => rollouts[i]!), advantages: idx.map((i) => advantages[i]!),
        temperature: settings.temperature, grpo: { clip: settings.clip, kl: settings.kl }, scale,
      })));
      into.fill(0);
      const stats: GradientStats = { decisions: 0, kl: 0, clipped: 0 };
      // Summed in worker order: deterministic for a given thread count.
      replies.forEach((r, k) => {
        if (!r) return;
        const g = grads[k]!;
        for (let i = 0; i < into.length; i++) into[i]! += g[i]!;
        stats.decisions += r.stats.decisions;
        stats.kl += r.stats.kl;
        stats.clipped += r.stats.clipped;
      });
      return stats;
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
