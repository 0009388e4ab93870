import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.js';
import { parseSearchSpec } from './parse-search-spec.js';
import { getSearchAlgorithm, SEARCH_ALGORITHMS, searchNames } from './registry.js';

describe('parseSearchSpec', () => {
  it('reads names, aliases and short specs', () => {
    expect(parseSearchSpec('greedy').algorithm.name).toBe('greedy');
    expect(parseSearchSpec('bon-8')).toMatchObject({ algorithm: { name: 'best-of-n' }, options: { n: 8 } });
    expect(parseSearchSpec('maj-16')).toMatchObject({ algorithm: { name: 'majority' }, options: { n: 16, weighted: false } });
    expect(parseSearchSpec('beam-4x3')).toMatchObject({ algorithm: { name: 'beam' }, options: { breadth: 4, proposals: 3 } });
    expect(parseSearchSpec('beam-5')).toMatchObject({ options: { breadth: 5, proposals: 0 } });
    expect(parseSearchSpec('mcts-32')).toMatchObject({ algorithm: { name: 'mcts' }, options: { iterations: 32, variant: 'uct' } });
    expect(parseSearchSpec('puct-64')).toMatchObject({ algorithm: { name: 'mcts' }, options: { iterations: 64, variant: 'puct' } });
    expect(parseSearchSpec('astar').algorithm.name).toBe('best-first');
    expect(parseSearchSpec('best-first-3')).toMatchObject({ algorithm: { name: 'best-first' }, options: { proposals: 3 } });
    expect(parseSearchSpec('Best-Of-N').algorithm.name).toBe('best-of-n');
  });

  it('applies key=value options over the spec, typed', () => {
    const parsed = parseSearchSpec('beam-4x4', ['breadth=5', 'maxDepth=4']);
    expect(parsed.options).toEqual({ breadth: 5, proposals: 4, maxDepth: 4, dedupe: true, stopOnSolved: true });
    expect(parseSearchSpec('mcts', ['variant=puct', 'stopOnSolved=false', 'exploration=1.5']).options).toMatchObject({ variant: 'puct', stopOnSolved: false, exploration: 1.5 });
  });

  it('names the bad input in one InputError', () => {
    const fails = (spec: string, opts: string[] = []) => {
      try {
        parseSearchSpec(spec, opts);
      } catch (error) {
        expect(error).toBeInstanceOf(InputError);
        return (error as Error).message;
      }
      throw new Error(`no error for ${spec}`);
    };
    const unknown = fails('bogus-3');
    expect(unknown).toMatch(/unknown search 'bogus'/);
    for (const name of Object.keys(SEARCH_ALGORITHMS)) expect(unknown).toContain(name);
    expect(fails('beam-1x2x3')).toMatch(/at most 2/);
    expect(fails('beam', ['breadth'])).toMatch(/key=value/);
    expect(fails('beam', ['width=3'])).toMatch(/unknown option 'width'.*breadth/);
    expect(fails('beam', ['breadth=0'])).toMatch(/'breadth' must be an integer in \[1, 10000\], got 0/);
    expect(fails('mcts', ['variant=alphazero'])).toMatch(/'variant' must be one of uct, puct/);
    expect(fails('bon-2.5')).toMatch(/'n' must be an integer/);
  });

  it('every name and alias resolves', () => {
    for (const name of searchNames()) expect(getSearchAlgorithm(name).algorithm.name).toBeTruthy();
  });
});
