import { InputError } from '../../core/errors.js';

export interface ParseNumbersOptions {
  /** Fewest numbers accepted (default 2: one step must be possible). */
  min?: number;
  /** Most numbers accepted (default 8: beyond that exhaustive search explodes). */
  max?: number;
  /** How the input is named in errors, e.g. `numbers` or `--numbers`. */
  name?: string;
}

/**
 * Parses `"4 9 10 13"` (spaces or commas) into non-negative integers, with one-line
 * InputErrors that name the bad part: `'x' is not a number`, too few or too many numbers.
 */
export function parseNumbers(text: string | readonly (string | number)[], options: ParseNumbersOptions = {}): number[] {
  const { min = 2, max = 8, name = 'numbers' } = options;
  const parts = typeof text === 'string'
    ? text.split(/[\s,]+/).filter((p) => p.length > 0)
    : text.map((p) => String(p).trim());
  const out = parts.map((part) => {
    const value = Number(part);
    if (part === '' || !Number.isFinite(value)) throw new InputError(`'${part}' is not a number (${name} must be non-negative integers, e.g. "4 9 10 13")`);
    if (!Number.isInteger(value) || value < 0) throw new InputError(`${part} is not a non-negative integer (${name} must be non-negative integers, e.g. "4 9 10 13")`);
    if (!Number.isSafeInteger(value)) throw new InputError(`${part} is too large (${name} must be safe integers)`);
    return value;
  });
  if (out.length < min) throw new InputError(`${name}: got ${out.length} number${out.length === 1 ? '' : 's'}, need at least ${min} (e.g. "4 9 10 13")`);
  if (out.length > max) throw new InputError(`${name}: got ${out.length} numbers, at most ${max} are supported`);
  return out;
}

/**
 * Parses a target: a non-negative integer (steps only ever produce non-negative numbers,
 * so a negative target could never be reached).
 */
export function parseTarget(raw: string | number, name = '--target'): number {
  const value = typeof raw === 'number' ? raw : Number(String(raw).trim());
  if ((typeof raw === 'string' && raw.trim() === '') || !Number.isSafeInteger(value) || value < 0) {
    throw new InputError(`${name} must be a non-negative integer, got '${String(raw)}'`);
  }
  return value;
}
