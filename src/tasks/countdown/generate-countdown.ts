import { InputError } from '../../core/errors.js';
import { createRandom, shuffled, type Random } from '../../core/random.js';
import { arithStateKey, initialArithState, type ArithAction } from '../arith/arith-state.js';
import { fromInteger } from '../arith/rational.js';
import { findSolution, isSolvableIntegers } from '../arith/solve-arith.js';

/**
 * Countdown problems in the manner of Stream of Search (data/countdown/GENERATION.md):
 * the candidate targets are shuffled with the seed and a tenth of them held out; a sample
 * draws a target from its split's list and numbers uniformly from [minNumber, maxNumber],
 * redrawing the numbers until an exhaustive search under Countdown's rules reaches the
 * target. Same distribution as the paper's data, not the same problems (that would need
 * Python's Mersenne Twister replayed call for call).
 */
export type CountdownSplit = 'train' | 'val' | 'val-target';

export interface CountdownOptions {
  seed: string | number;
  /** Numbers per problem (default 4, as in the paper). */
  count?: number;
  minTarget?: number;
  maxTarget?: number;
  minNumber?: number;
  maxNumber?: number;
  /** Number draws allowed per sample before giving up (default 10 000). */
  maxAttempts?: number;
}

export interface CountdownPuzzle {
  id: string;
  split: CountdownSplit;
  numbers: number[];
  target: number;
  /** The first solution the exhaustive search found, in Stream of Search's form (`42-31=11`). */
  solution: string[];
}

interface Resolved {
  seed: string;
  count: number;
  minTarget: number;
  maxTarget: number;
  minNumber: number;
  maxNumber: number;
  maxAttempts: number;
}

function resolve(options: CountdownOptions): Resolved {
  const r: Resolved = {
    seed: String(options.seed),
    count: options.count ?? 4,
    minTarget: options.minTarget ?? 10,
    maxTarget: options.maxTarget ?? 100,
    minNumber: options.minNumber ?? 1,
    maxNumber: options.maxNumber ?? 99,
    maxAttempts: options.maxAttempts ?? 10_000,
  };
  for (const key of ['count', 'minTarget', 'maxTarget', 'minNumber', 'maxNumber', 'maxAttempts'] as const) {
    if (!Number.isSafeInteger(r[key]) || r[key] < 0) throw new InputError(`countdown ${key} must be a non-negative integer, got ${String(r[key])}`);
  }
  if (r.count < 2 || r.count > 6) throw new InputError(`countdown count must be between 2 and 6, got ${r.count}`);
  if (r.minTarget > r.maxTarget) throw new InputError(`countdown minTarget ${r.minTarget} is above maxTarget ${r.maxTarget}`);
  if (r.minNumber > r.maxNumber) throw new InputError(`countdown minNumber ${r.minNumber} is above maxNumber ${r.maxNumber}`);
  return r;
}

/** The seed's target split: a shuffled tenth of [minTarget, maxTarget] held out, the rest for training. */
export function countdownTargets(options: CountdownOptions): { train: number[]; heldOut: number[] } {
  const r = resolve(options);
  const all: number[] = [];
  for (let t = r.minTarget; t <= r.maxTarget; t++) all.push(t);
  const order = shuffled(all, createRandom(`${r.seed}/countdown/targets`));
  const held = Math.floor(order.length / 10);
  return { heldOut: order.slice(0, held).sort((a, b) => a - b), train: order.slice(held).sort((a, b) => a - b) };
}

function opString(action: ArithAction): string {
  return `${action.a}${action.op}${action.b}=${action.result}`;
}

function drawNumbers(random: Random, r: Resolved): number[] {
  const out: number[] = [];
  for (let k = 0; k < r.count; k++) out.push(r.minNumber + random.int(r.maxNumber - r.minNumber + 1));
  return out;
}

/**
 * `size` solvable problems of one split. Deterministic for (seed, split, options): each
 * split draws from its own stream, so asking for one split never shifts another. `exclude`
 * holds `numbers:target` keys (see `countdownKey`) to redraw, e.g. the training set's when
 * building `val`.
 */
export function generateCountdown(
  split: CountdownSplit,
  size: number,
  options: CountdownOptions,
  exclude?: ReadonlySet<string>,
): CountdownPuzzle[] {
  const r = resolve(options);
  if (!Number.isSafeInteger(size) || size < 0) throw new InputError(`countdown size must be a non-negative integer, got ${size}`);
  const targets = countdownTargets(options);
  const pool = split === 'val-target' ? targets.heldOut : targets.train;
  if (pool.length === 0) {
    throw new InputError(`countdown: no ${split === 'val-target' ? 'held-out' : 'training'} targets in ${r.minTarget}..${r.maxTarget} (a tenth of the range is held out; widen it)`);
  }
  const random = createRandom(`${r.seed}/countdown/${split}`);
  const out: CountdownPuzzle[] = [];
  for (let k = 0; k < size; k++) {
    const target = pool[random.int(pool.length)]!;
    let found: CountdownPuzzle | null = null;
    for (let attempt = 0; attempt < r.maxAttempts && !found; attempt++) {
      const numbers = drawNumbers(random, r);
      if (exclude?.has(countdownKey(numbers, target))) continue;
      if (!isSolvableIntegers(numbers, target)) continue;
      const solution = findSolution(initialArithState(numbers.map(fromInteger), target), 'integer')!;
      found = { id: `countdown:${r.seed}:${split}:${k}`, split, numbers, target, solution: solution.actions.map(opString) };
    }
    if (!found) throw new InputError(`countdown: no solvable numbers for target ${target} after ${r.maxAttempts} draws; widen the number range`);
    out.push(found);
  }
  return out;
}

/** `numbers (sorted):target`, the identity of a problem for de-duplication across splits. */
export function countdownKey(numbers: readonly number[], target: number): string {
  return `${arithStateKey(initialArithState(numbers.map(fromInteger), target))}:${target}`;
}
