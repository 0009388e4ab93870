import { InputError } from '../core/errors.js';

/** Commander option parsers that fail with an InputError naming the flag. */
export function nonNegativeNumber(flag: string) {
  return (raw: string): number => {
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value) || value < 0) {
      throw new InputError(`${flag} must be a non-negative number, got '${raw}'`);
    }
    return value;
  };
}

export function nonNegativeInteger(flag: string) {
  return (raw: string): number => {
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isInteger(value) || value < 0) {
      throw new InputError(`${flag} must be a non-negative integer, got '${raw}'`);
    }
    return value;
  };
}

export function positiveInteger(flag: string) {
  return (raw: string): number => {
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isInteger(value) || value <= 0) {
      throw new InputError(`${flag} must be a positive integer, got '${raw}'`);
    }
    return value;
  };
}

export function oneOf<T extends string>(flag: string, choices: readonly T[]) {
  return (raw: string): T => {
    if (!(choices as readonly string[]).includes(raw)) {
      throw new InputError(`unknown ${flag} '${raw}'; valid: ${choices.join(', ')}`);
    }
    return raw as T;
  };
}

/** Commander reducer for a repeatable option: every value, in order (an option without a default starts from none). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * Commander parser for a number in a documented range: [min, max], or (min, max] with
 * `above` (e.g. a temperature or learning rate that must be positive); `integer` for counts.
 */
export function numberInRange(flag: string, min: number, max: number, options: { integer?: boolean; above?: boolean } = {}) {
  return (raw: string): number => {
    const value = Number(raw);
    const low = options.above ? value > min : value >= min;
    if (raw.trim() === '' || !Number.isFinite(value) || !low || value > max || (options.integer && !Number.isInteger(value))) {
      const range = `${options.above ? '(' : '['}${min}, ${max}]`;
      throw new InputError(`${flag} must be ${options.integer ? 'an integer' : 'a number'} in ${range}, got '${raw}'`);
    }
    return value;
  };
}
