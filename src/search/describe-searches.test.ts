import { describe, expect, it } from 'vitest';
import { describeSearches } from './describe-searches.js';
import { parseSearchSpec } from './parse-search-spec.js';
import { SEARCH_ALGORITHMS } from './registry.js';

describe('describeSearches', () => {
  it('lists every search with its aliases, short spec and every option with its default', () => {
    const text = describeSearches();
    expect(text).toContain('best-first (astar, a*): ');
    expect(text).toContain('short spec: beam-BREADTHxPROPOSALS');
    expect(text).toMatch(/variant="uct"\s+uct\|puct/);
    for (const algorithm of Object.values(SEARCH_ALGORITHMS)) {
      for (const [key, value] of Object.entries(algorithm.defaults)) expect(text).toContain(`${key}=${JSON.stringify(value)}`);
    }
  });

  it('describes only options the parser accepts, with defaults it accepts', () => {
    let current = '';
    for (const line of describeSearches().split('\n')) {
      if (!line.startsWith(' ')) current = line.split(/[ :]/)[0]!;
      const option = /^ {2}(\w+)=(\S+)/.exec(line);
      if (option) expect(parseSearchSpec(current, [`${option[1]}=${JSON.parse(option[2]!)}`]).algorithm.name).toBe(current);
    }
  });
});
