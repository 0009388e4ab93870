import { createHash } from 'node:crypto';
import { InputError } from '../core/errors.js';
import { createRandom, shuffled } from '../core/random.js';
import type { EvalProblem } from './eval-task.js';

export interface Selection {
  levels?: readonly string[] | null;
  subjects?: readonly string[] | null;
  ids?: readonly string[] | null;
  limit?: number | null;
  /** With `limit`: draw a seeded random sample instead of taking the first problems. */
  sampleSeed?: string | null;
}

export interface Shard {
  index: number;
  count: number;
}

/** More shards than problems in any dataset here would only make empty runs. */
const MAX_SHARDS = 100_000;

/** Parses `--shard i/n` (0 ≤ i < n ≤ 100000). */
export function parseShard(raw: string, flag = '--shard'): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(raw.trim());
  if (!match) throw new InputError(`${flag} must look like i/n (e.g. 0/4), got '${raw}'`);
  const index = Number(match[1]), count = Number(match[2]);
  if (count < 1 || count > MAX_SHARDS || index >= count) throw new InputError(`${flag} ${raw}: need 0 ≤ i < n and 1 ≤ n ≤ ${MAX_SHARDS} (shards are numbered from 0)`);
  return { index, count };
}

/** Whether a problem's level matches a requested one: `5` matches `5` and `Level 5`. */
export function levelMatches(level: string | number | null, wanted: string): boolean {
  if (level === null) return false;
  const a = String(level).trim().toLowerCase(), b = wanted.trim().toLowerCase();
  if (a === b) return true;
  const digits = (s: string) => /(\d+)\s*$/.exec(s)?.[1];
  const da = digits(a), db = digits(b);
  return da !== undefined && da === db && (/^\d+$/.test(a) || /^\d+$/.test(b));
}

/**
 * Filters by level, subject and id, then keeps `limit` problems (the first ones, or a
 * seeded random sample), always in dataset order so that a selection is reproducible.
 */
export function selectProblems(problems: readonly EvalProblem[], selection: Selection): EvalProblem[] {
  let out = problems.slice();
  if (selection.ids && selection.ids.length > 0) {
    const known = new Set(problems.map((p) => p.id));
    const missing = selection.ids.filter((id) => !known.has(id));
    if (missing.length > 0) throw new InputError(`--ids: unknown problem id${missing.length > 1 ? 's' : ''} ${missing.slice(0, 5).map((id) => `'${id}'`).join(', ')}`);
    const wanted = new Set(selection.ids);
    out = out.filter((p) => wanted.has(p.id));
  }
  if (selection.levels && selection.levels.length > 0) {
    const levels = selection.levels;
    out = out.filter((p) => levels.some((l) => levelMatches(p.level, l)));
  }
  if (selection.subjects && selection.subjects.length > 0) {
    const subjects = new Set(selection.subjects.map((s) => s.trim().toLowerCase()));
    out = out.filter((p) => p.subject !== null && subjects.has(p.subject.trim().toLowerCase()));
  }
  if (selection.limit !== undefined && selection.limit !== null && out.length > selection.limit) {
    if (selection.sampleSeed !== undefined && selection.sampleSeed !== null) {
      out = shuffled(out, createRandom(`sample/${selection.sampleSeed}`)).slice(0, selection.limit);
      out.sort((a, b) => a.index - b.index);
    } else {
      out = out.slice(0, selection.limit);
    }
  }
  return out;
}

/** This shard's share: every n-th problem from position i, so that easy and hard problems spread evenly. */
export function shardProblems<T>(problems: readonly T[], shard: Shard | null): T[] {
  if (!shard) return problems.slice();
  return problems.filter((_, i) => i % shard.count === shard.index);
}

/** sha256 of the dataset's content (ids, inputs, gold answers, levels, subjects) in order. */
export function datasetHash(problems: readonly EvalProblem[]): string {
  const hash = createHash('sha256');
  for (const p of problems) hash.update(`${JSON.stringify([p.id, p.input, p.gold, p.level, p.subject])}\n`);
  return `sha256:${hash.digest('hex')}`;
}

/** sha256 of the selected ids in order. */
export function selectionHash(problems: readonly EvalProblem[]): string {
  const hash = createHash('sha256');
  for (const p of problems) hash.update(`${p.id}\n`);
  return `sha256:${hash.digest('hex')}`;
}
