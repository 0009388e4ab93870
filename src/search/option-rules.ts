import { InputError } from '../core/errors.js';
import type { Json } from '../core/json.js';

/** How one algorithm option is checked and described (the CLI's help text comes from here). */
export type OptionRule =
  | { type: 'integer' | 'number'; min: number; max: number; description: string }
  | { type: 'boolean'; description: string }
  | { type: 'choice'; choices: readonly string[]; description: string };

export type OptionRules<O> = { readonly [K in keyof O]: OptionRule };

function describeRange(rule: { type: 'integer' | 'number'; min: number; max: number }): string {
  return `${rule.type === 'integer' ? 'an integer' : 'a number'} in [${rule.min}, ${rule.max}]`;
}

function checkValue(algorithm: string, key: string, rule: OptionRule, value: Json): void {
  const bad = (want: string) => new InputError(`${algorithm}: option '${key}' must be ${want}, got ${JSON.stringify(value)}`);
  switch (rule.type) {
    case 'boolean':
      if (typeof value !== 'boolean') throw bad('true or false');
      return;
    case 'choice':
      if (typeof value !== 'string' || !rule.choices.includes(value)) throw bad(`one of ${rule.choices.join(', ')}`);
      return;
    default: {
      const ok =
        typeof value === 'number' && Number.isFinite(value) && (rule.type === 'number' || Number.isInteger(value)) &&
        value >= rule.min && value <= rule.max;
      if (!ok) throw bad(describeRange(rule));
    }
  }
}

/**
 * Merges `given` over `defaults` and checks every field against its rule, so that a
 * wrong option fails before any compute is spent, naming the algorithm and the option.
 * Undefined values mean "use the default".
 */
export function resolveOptions<O extends Record<string, Json>>(
  algorithm: string,
  defaults: O,
  rules: OptionRules<O>,
  given: Readonly<Record<string, Json | undefined>> = {},
): O {
  const out: Record<string, Json> = { ...defaults };
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined) continue;
    if (!Object.hasOwn(rules, key)) {
      throw new InputError(`${algorithm}: unknown option '${key}'; valid: ${Object.keys(rules).join(', ')}`);
    }
    out[key] = value;
  }
  for (const key of Object.keys(rules)) checkValue(algorithm, key, rules[key as keyof O], out[key]!);
  return out as O;
}

/** Option value `0` for a proposal count means "all the policy can enumerate". */
export function proposalCount(proposals: number): number {
  return proposals === 0 ? Infinity : proposals;
}
