import { Option } from 'commander';
import { InputError } from '../core/errors.js';

/**
 * The one place where the CLI reads numbers. Every numeric flag of every command is
 * declared with `numberOption`, which puts its range into `--help` and enforces it while
 * commander parses, with one line naming the flag (exit 2). A number outside its range
 * never reaches a command: no timer beyond Node's cap, no array of 10^9 slots, no port
 * Node rejects with its own message.
 */
export interface NumberRange {
  integer: boolean;
  min: number;
  max: number;
  /** The bound itself is excluded (e.g. a confidence strictly between 0 and 1). */
  minExclusive?: boolean;
  maxExclusive?: boolean;
}

/** Node's timers hold at most 2^31 - 1 ms (about 24.8 days); longer delays fire after 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Ranges several commands share. */
export const RANGES = {
  /** A wall-clock limit in ms (0 allowed: stop at once), within what a Node timer can hold. */
  timeoutMs: { integer: false, min: 0, max: MAX_TIMER_MS },
  /** A timer that must be able to fire at all. */
  positiveTimeoutMs: { integer: true, min: 1, max: MAX_TIMER_MS },
  /** Counts of calls or tokens: bounded far above any real budget, well inside exact integers. */
  budgetCount: { integer: true, min: 0, max: 1e12 },
  port: { integer: true, min: 0, max: 65535 },
  /** Problems, examples or records taken at most. */
  limit: { integer: true, min: 1, max: 1e9 },
  /** Problems or requests worked on at once. */
  concurrency: { integer: true, min: 1, max: 256 },
  fraction: { integer: false, min: 0, max: 1 },
  valueDenominator: { integer: true, min: 1, max: 1_000_000 },
} as const satisfies Record<string, NumberRange>;

/** Bootstrap resamples (`score`, `report`): each costs one pass over the problems. */
export const BOOTSTRAP_RANGE: NumberRange = { integer: true, min: 0, max: 100_000 };

const fmt = (n: number) => (n === MAX_TIMER_MS ? '2147483647' : Number.isInteger(n) && Math.abs(n) >= 1e9 ? n.toExponential().replace('e+', 'e') : String(n));

/** The range as `--help` and the docs show it, e.g. `integer 1..64` or `number in (0, 1)`. */
export function describeRange(range: NumberRange): string {
  if (!range.minExclusive && !range.maxExclusive) return `${range.integer ? 'integer' : 'number'} ${fmt(range.min)}..${fmt(range.max)}`;
  return `${range.integer ? 'integer' : 'number'} in ${range.minExclusive ? '(' : '['}${fmt(range.min)}, ${fmt(range.max)}${range.maxExclusive ? ')' : ']'}`;
}

/** Reads `raw` as a number in `range`, or throws an InputError naming `flag` and the range. */
export function parseNumberIn(flag: string, range: NumberRange, raw: string): number {
  const value = raw.trim() === '' ? NaN : Number(raw);
  const inRange =
    Number.isFinite(value) && (!range.integer || Number.isInteger(value)) &&
    (range.minExclusive ? value > range.min : value >= range.min) &&
    (range.maxExclusive ? value < range.max : value <= range.max);
  if (!inRange) throw new InputError(`${flag} must be ${range.integer ? 'an integer' : 'a number'} ${describeBounds(range)}, got '${oneLine(raw)}'`);
  return value;
}

function describeBounds(range: NumberRange): string {
  return `in ${range.minExclusive ? '(' : '['}${fmt(range.min)}, ${fmt(range.max)}${range.maxExclusive ? ')' : ']'}`;
}

/** Parsers made here, so a test can check that every numeric flag went through this module. */
const RANGED = new WeakMap<object, NumberRange>();

/** The range of a parser made by `numberParser`, if it is one. */
export function rangeOfParser(parser: unknown): NumberRange | undefined {
  return typeof parser === 'function' ? RANGED.get(parser) : undefined;
}

/** A commander argument parser enforcing `range` for `flag`. */
export function numberParser(flag: string, range: NumberRange): (raw: string) => number {
  const parse = (raw: string) => parseNumberIn(flag, range, raw);
  RANGED.set(parse, range);
  return parse;
}

/**
 * A numeric option: `flags` as commander takes them (`--workers <n>`), its help with the
 * range appended, and the range enforced when the flag is given.
 */
export function numberOption(flags: string, description: string, range: NumberRange, defaultValue?: number): Option {
  const option = new Option(flags, `${description} (range: ${describeRange(range)})`);
  option.argParser(numberParser(option.long ?? flags, range));
  if (defaultValue !== undefined) option.default(defaultValue);
  return option;
}

export function oneOf<T extends string>(flag: string, choices: readonly T[]) {
  return (raw: string): T => {
    if (!(choices as readonly string[]).includes(raw)) {
      throw new InputError(`unknown ${flag} '${oneLine(raw)}'; valid: ${choices.join(', ')}`);
    }
    return raw as T;
  };
}

/** Commander reducer for a repeatable option: every value, in order (an option without a default starts from none). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** A value quoted in a one-line message: control characters (a file's newline, say) shown escaped. */
export function oneLine(text: string, max = 80): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1));
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/**
 * `numberParser` in the short form some commands use, with the range in their own help
 * text: [min, max], or (min, max] with `above`; `integer` for counts.
 */
export function numberInRange(flag: string, min: number, max: number, options: { integer?: boolean; above?: boolean } = {}): (raw: string) => number {
  return numberParser(flag, { integer: options.integer === true, min, max, ...(options.above ? { minExclusive: true } : {}) });
}
