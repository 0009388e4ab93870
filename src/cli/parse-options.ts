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
