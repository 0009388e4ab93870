import { describe, expect, it } from 'vitest';
import { createContext } from '../../core/context.js';
import type { GenerateRequest } from '../../models/language-model.js';
import { createMockModel } from '../../models/mock-model.js';
import { beam } from '../../search/beam.js';
import { initialArithState } from '../../tasks/arith/arith-state.js';
import { fromInteger, parseRational } from '../../tasks/arith/rational.js';
import { isSolvable } from '../../tasks/arith/solve-arith.js';
import { legalSteps, moveStep } from '../../tasks/arith/arith-steps.js';
import { game24FromNumbers } from '../../tasks/game24/game24-problem.js';
import { matchMoveLine, totProposePolicy, totProposePrompt } from '../../policies/tot-propose-policy.js';
import { parseVerdict, totValuePrompt } from './tot-prompts.js';
import { totValueVerifier } from './tot-value-verifier.js';

const state = (...nums: number[]) => initialArithState(nums.map(fromInteger), 24);

/** The numbers after the last "Input:" of a prompt. */
function inputOf(req: GenerateRequest): string {
  const content = req.messages![0]!.content;
  return content.slice(content.lastIndexOf('Input: ') + 7).split('\n')[0]!;
}

/**
 * A stand-in model that plays both ToT roles well: it proposes legal steps (solvable ones
 * first) and judges states by whether they are solvable. Enough to test the plumbing and
 * that a search with these prompts solves puzzles.
 */
function standIn() {
  return createMockModel({
    id: 'standin',
    respond: (req) => {
      const nums = inputOf(req).split(' ').map((t) => parseRational(t)!);
      const s = initialArithState(nums, 24);
      if (req.messages![0]!.content.startsWith('Combine')) {
        const steps = legalSteps(s, 'rational');
        const good = steps.filter((st) => isSolvable(st.state, 'rational'));
        return [...good, ...steps.filter((st) => !good.includes(st))].map((st) => st.text).join('\n');
      }
      return isSolvable(s, 'rational') ? 'a few tries\nsure' : 'nothing works\nimpossible';
    },
  });
}

describe('Tree of Thoughts on Game of 24 with a language model', () => {
  it('reads model lines as legal moves, by value and in either order for + and *', () => {
    const s = state(4, 9, 10, 13);
    expect(matchMoveLine('13 - 9 = 4 (left: 4 4 10)', s)).toMatchObject({ op: '-' });
    expect(matchMoveLine('9 + 4 = 13 (left: 10 13 13)', s)).toMatchObject({ op: '+' });
    expect(matchMoveLine('2. 10 × 4 = 40 (left: 9 13 40)', s)).toMatchObject({ op: '*' });
    expect(matchMoveLine('9 - 13 = -4', s)).toBeNull();
    expect(matchMoveLine('7 + 1 = 8', s)).toBeNull();
    expect(matchMoveLine('Possible next steps:', s)).toBeNull();
    const half = initialArithState([parseRational('5/2')!, fromInteger(4)], 24);
    expect(matchMoveLine('2.5 * 4 = 10 (left: 10)', half)).toMatchObject({ op: '*' });
  });

  it('teaches with true examples: value verdicts match solvability, proposed lines are legal', () => {
    const blocks = totValuePrompt('').split('Input: ').slice(1, -1);
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    for (const block of blocks) {
      const lines = block.trim().split('\n');
      const verdict = parseVerdict(lines[lines.length - 1]!);
      const solvable = isSolvable(state(...lines[0]!.split(' ').map(Number)), 'rational');
      expect(verdict === 'impossible' ? !solvable : solvable, block).toBe(true);
    }
    const example = state(3, 5, 7, 12);
    const lines = totProposePrompt('').split('Possible next steps:\n')[1]!.split('Input:')[0]!.trim().split('\n');
    for (const line of lines) {
      const move = matchMoveLine(line, example);
      expect(move, line).not.toBeNull();
      const left = (text: string) => text.slice(text.indexOf('(left: ') + 7, -1).split(' ').map(Number).sort((a, b) => a - b);
      expect(left(moveStep(example, move!).text), line).toEqual(left(line));
    }
  });

  it('proposes the parsed steps with exact arithmetic, and values states sure/likely/impossible as 20/1/0.001', async () => {
    const model = standIn();
    const policy = totProposePolicy({ model });
    const steps = await policy.propose(state(4, 9, 10, 13), 5, createContext({ seed: 1 }));
    expect(steps).toHaveLength(5);
    expect(steps[0]!.text).toMatch(/^\d+ [-+*/] \d+ = \S+ \(left: .+\)$/);
    expect(model.calls[0]!.messages![0]!.content).toContain('Input: 4 9 10 13\nPossible next steps:\n');

    const valued = createMockModel({ respond: (_req, i) => ['x\nsure', 'likely', 'hmm impossible'][i]! });
    const verifier = totValueVerifier({ model: valued });
    const [v, done, wrong] = await verifier.score([state(4, 6, 1), state(24), state(23)], createContext());
    expect(v).toBeCloseTo((20 + 1 + 0.001) / 60);
    expect(done).toBe(1);
    expect(wrong).toBe(0);
    expect(valued.calls).toHaveLength(1);
    expect(valued.calls[0]!.n).toBe(3);
    expect(parseVerdict('sure? no: impossible')).toBe('impossible');
  });

  it('evaluates states with the same numbers left once per batch', async () => {
    const model = createMockModel({ respond: () => 'likely' });
    await totValueVerifier({ model }).score([state(1, 2, 3), state(3, 2, 1), state(4, 5, 6)], createContext());
    expect(model.calls).toHaveLength(2);
  });

  it('solves puzzles with beam search (breadth 5, as ToT) against a stand-in model', async () => {
    for (const puzzle of ['4 9 10 13', '1 1 4 6', '2 9 10 12']) {
      const model = standIn();
      const result = await beam.run(game24FromNumbers(puzzle), totProposePolicy({ model }), totValueVerifier({ model }), { breadth: 5, proposals: 8, maxDepth: 4 }, createContext({ seed: 7 }));
      expect(result.verified).toBe(true);
      expect(result.tree.usage.tokensIn).toBeGreaterThan(0);
    }
  });
});
