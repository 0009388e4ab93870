import { InputError } from '../core/errors.js';
import type { Json } from '../core/json.js';
import { getSearchAlgorithm } from './registry.js';
import type { AnySearchAlgorithm } from './types.js';

/** Which options the numbers of a short spec set, per algorithm (`beam-4x3`: breadth 4, proposals 3). */
export const SHORT_SPEC_OPTIONS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  greedy: ['proposals'],
  'best-of-n': ['n'],
  majority: ['n'],
  beam: ['breadth', 'proposals'],
  dfs: ['proposals'],
  'best-first': ['proposals'],
  mcts: ['iterations'],
  revision: ['attempts'],
});

export interface ParsedSearch {
  algorithm: AnySearchAlgorithm;
  /** The full, checked options (defaults filled in). */
  options: Record<string, Json>;
}

/** `true`/`false` become booleans, numerals numbers, anything else stays a string. */
function parseValue(raw: string): Json {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  const n = Number(raw);
  return raw.trim() !== '' && Number.isFinite(n) ? n : raw;
}

/**
 * Reads a search as the CLI and the server take it: a name, alias or short spec
 * (`greedy`, `astar`, `bon-8`, `maj-16`, `beam-4x4`, `mcts-32`, `puct-64`) plus
 * `key=value` option strings (`breadth=5`), later ones winning. Returns the algorithm and
 * its checked options; throws an InputError naming the bad name or option.
 */
export function parseSearchSpec(spec: string, optionStrings: readonly string[] = []): ParsedSearch {
  const match = /^(.+?)(?:-(\d+(?:\.\d+)?(?:x\d+(?:\.\d+)?)*))?$/i.exec(spec.trim());
  if (!match) throw new InputError(`empty search name; valid forms: greedy, bon-8, maj-16, beam-4x4, mcts-32, astar`);
  const [, name, numbers] = match;
  const { algorithm, options } = getSearchAlgorithm(name!);
  if (numbers) {
    const keys = SHORT_SPEC_OPTIONS[algorithm.name] ?? [];
    const values = numbers.split(/x/i).map(Number);
    if (values.length > keys.length) {
      throw new InputError(`search '${spec}': ${algorithm.name} takes at most ${keys.length} number(s) (${keys.join(' x ')}), got ${values.length}`);
    }
    values.forEach((value, i) => (options[keys[i]!] = value));
  }
  Object.assign(options, parseOptionStrings(optionStrings));
  return { algorithm, options: algorithm.resolveOptions(options) };
}

/** `key=value` option strings as a record (later ones winning), values typed as parseValue reads them. */
export function parseOptionStrings(optionStrings: readonly string[]): Record<string, Json> {
  const options: Record<string, Json> = {};
  for (const raw of optionStrings) {
    const eq = raw.indexOf('=');
    if (eq <= 0) throw new InputError(`search option '${raw}' must look like key=value (e.g. breadth=5)`);
    options[raw.slice(0, eq).trim()] = parseValue(raw.slice(eq + 1).trim());
  }
  return options;
}
