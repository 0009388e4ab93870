import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { shippedModelPath } from '../model/embedded-model.js';

/**
 * The shipped default for Game of 24: game24-metacot (trained on meta-cot traces) after
 * RL on its own searches, which is better on the held-out puzzles (docs/embedded.md).
 */
export const DEFAULT_REASONER = 'game24-rl';

/**
 * The shipped default for Countdown and other targets: countdown-metacot after RL on its
 * own searches, better on held-out problems in one context and folded (docs/embedded.md).
 */
export const DEFAULT_COUNTDOWN_REASONER = 'countdown-rl';

/**
 * What an embedded reasoner was trained for, read from its checkpoint's `meta`: the task,
 * the targets and the range of the starting numbers. Checkpoints from before these fields
 * were written are Game of 24 models (target 24, numbers 1–13).
 */
export interface ModelFit {
  task: 'game24' | 'countdown';
  /** Integer targets it was trained on. */
  targets: readonly number[];
  numbers: { min: number; max: number };
  /** Countdown's rules: every intermediate result a non-negative integer. */
  integer: boolean;
  /** Trained to write `value 0/1` lines (meta-cot format), which model-guided search reads. */
  writesValues: boolean;
}

export function modelFit(meta: Readonly<Record<string, unknown>>): ModelFit {
  const task = meta.task === 'countdown' ? 'countdown' : 'game24';
  const targets = Array.isArray(meta.targets) && meta.targets.every((t) => Number.isInteger(t)) ? (meta.targets as number[]) : task === 'game24' ? [24] : [];
  const range = meta.numbers as { min?: unknown; max?: unknown } | undefined;
  const numbers = range && typeof range.min === 'number' && typeof range.max === 'number'
    ? { min: range.min, max: range.max }
    : task === 'game24' ? { min: 1, max: 13 } : { min: 1, max: 99 };
  const integer = typeof meta.integer === 'boolean' ? meta.integer : task === 'countdown';
  return { task, targets, numbers, integer, writesValues: (meta.format ?? 'metacot') === 'metacot' };
}

/**
 * Why a model does not fit a puzzle (one line), or null when it does. A Countdown model
 * fits a Game of 24-rules puzzle with one of its targets: it plays by stricter rules
 * (whole numbers only), so every answer it finds holds under the looser ones too.
 */
export function misfit(fit: ModelFit, task: 'game24' | 'countdown', target: number, numbers: readonly number[]): string | null {
  if (fit.task !== task && !playsStricterRules(fit, task)) return `it was trained on ${fit.task === 'game24' ? 'Game of 24' : 'Countdown'}, not ${task === 'game24' ? 'Game of 24' : 'Countdown'}`;
  if (!fit.targets.includes(target)) return `it was trained on ${describeTargets(fit.targets)}, not ${target}`;
  const out = numbers.find((n) => n < fit.numbers.min || n > fit.numbers.max);
  if (out !== undefined) return `it was trained on numbers ${fit.numbers.min}–${fit.numbers.max}, and ${out} is outside them`;
  return null;
}

function describeTargets(targets: readonly number[]): string {
  if (targets.length === 1) return `target ${targets[0]}`;
  const sorted = [...targets].sort((a, b) => a - b);
  return `${sorted.length} targets from ${sorted[0]} to ${sorted[sorted.length - 1]}`;
}

/** The JSON header of a checkpoint file, read without its weights. */
export function readCheckpointMeta(path: string): Record<string, unknown> {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(8);
    readSync(fd, head, 0, 8, 0);
    if (head.subarray(0, 4).toString('latin1') !== 'MCT1') throw new Error(`${path} is not a metacot checkpoint`);
    const length = head.readUInt32LE(4);
    const json = Buffer.alloc(length);
    readSync(fd, json, 0, length, 8);
    const header = JSON.parse(json.toString('utf8')) as { meta?: Record<string, unknown> };
    return header.meta ?? {};
  } finally {
    closeSync(fd);
  }
}

export interface ShippedModel {
  name: string;
  fit: ModelFit;
  /** The format it was trained on (metacot, sos, optimal). */
  format: string;
}

// Headers read once per file version: solve() asks on every call, and a header is a few kB of JSON.
const headerCache = new Map<string, { version: string; model: ShippedModel }>();

/** The models shipped in the package's `models/embedded/`, each with what it fits. */
export function shippedModels(): ShippedModel[] {
  const dir = dirname(shippedModelPath('x'));
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.mct')).sort().map((file) => {
    const path = join(dir, file);
    const stat = statSync(path);
    const version = `${stat.size}:${stat.mtimeMs}`;
    const cached = headerCache.get(path);
    if (cached?.version === version) return cached.model;
    const meta = readCheckpointMeta(path);
    const model = { name: file.slice(0, -4), fit: modelFit(meta), format: typeof meta.format === 'string' ? meta.format : 'metacot' };
    headerCache.set(path, { version, model });
    return model;
  });
}

/** The shipped models that write values (meta-cot), the ones the defaults choose among; the defaults first. */
export function shippedReasoners(): ShippedModel[] {
  const reasoners = shippedModels().filter((m) => m.format === 'metacot');
  const defaults = [DEFAULT_REASONER, DEFAULT_COUNTDOWN_REASONER];
  const rank = (m: ShippedModel) => (defaults.includes(m.name) ? defaults.indexOf(m.name) : defaults.length);
  return [...reasoners].sort((a, b) => rank(a) - rank(b));
}

/** A whole-numbers model asked a puzzle whose rules allow fractions. */
export function playsStricterRules(fit: ModelFit, task: 'game24' | 'countdown'): boolean {
  return fit.integer && task === 'game24';
}

/**
 * The first of `models` trained for this task, target and numbers, or undefined; one
 * trained on the puzzle's own task before one that plays by stricter rules.
 */
export function fittingModel(models: readonly ShippedModel[], task: 'game24' | 'countdown', target: number, numbers: readonly number[]): ShippedModel | undefined {
  const fitting = models.filter((m) => misfit(m.fit, task, target, numbers) === null);
  return fitting.find((m) => m.fit.task === task) ?? fitting[0];
}
