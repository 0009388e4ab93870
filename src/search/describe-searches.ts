import type { OptionRule } from './option-rules.js';
import { SHORT_SPEC_OPTIONS } from './parse-search-spec.js';
import { SEARCH_ALGORITHMS, SEARCH_ALIASES } from './registry.js';

function describeRule(rule: OptionRule): string {
  if (rule.type === 'choice') return rule.choices.join('|');
  if (rule.type === 'boolean') return 'true|false';
  return `${rule.type} ${rule.min}..${rule.max}`;
}

/**
 * Every search with its aliases, short spec and options (default, type, meaning), as
 * plain text for `--help` pages and error hints; generated from the registry so it
 * cannot drift from what the parser accepts.
 */
export function describeSearches(): string {
  const lines: string[] = [];
  for (const [name, algorithm] of Object.entries(SEARCH_ALGORITHMS)) {
    const aliases = Object.entries(SEARCH_ALIASES).filter(([, a]) => a.name === name).map(([alias]) => alias);
    const short = SHORT_SPEC_OPTIONS[name] ?? [];
    lines.push(`${name}${aliases.length ? ` (${aliases.join(', ')})` : ''}: ${algorithm.description}`);
    if (short.length) lines.push(`  short spec: ${name}-${short.map((o) => o.toUpperCase()).join('x')}  (sets ${short.join(', ')})`);
    for (const [key, rule] of Object.entries(algorithm.rules as Record<string, OptionRule>)) {
      lines.push(`  ${`${key}=${JSON.stringify(algorithm.defaults[key])}`.padEnd(22)} ${describeRule(rule).padEnd(16)} ${rule.description}`);
    }
  }
  return lines.join('\n');
}
