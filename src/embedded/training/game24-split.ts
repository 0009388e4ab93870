import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InputError } from '../../core/errors.js';

/**
 * The Game of 24 puzzles of 24.csv (Tree of Thoughts), split the way every experiment
 * here must keep it: rows ranked 901–1000 are the test set and never enter training data.
 */
export interface Game24Puzzle {
  rank: number;
  numbers: number[];
}

export const GAME24_TEST_RANKS = { from: 901, to: 1000 } as const;

export function defaultGame24Csv(): string {
  return fileURLToPath(new URL('../../../data/game24/24.csv', import.meta.url));
}

export function loadGame24Csv(path = defaultGame24Csv()): Game24Puzzle[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new InputError(`cannot read the Game of 24 puzzles at ${path}`);
  }
  return text.trim().split(/\r?\n/).slice(1).map((line, i) => {
    const [rank, puzzle] = line.split(',');
    const numbers = (puzzle ?? '').trim().split(/\s+/).map(Number);
    if (numbers.length !== 4 || numbers.some((n) => !Number.isInteger(n))) throw new InputError(`${path}: row ${i + 2} has no four-number puzzle`);
    return { rank: Number(rank), numbers };
  });
}

export function isGame24Test(puzzle: Game24Puzzle): boolean {
  return puzzle.rank >= GAME24_TEST_RANKS.from && puzzle.rank <= GAME24_TEST_RANKS.to;
}

export function game24Split(path?: string): { train: Game24Puzzle[]; test: Game24Puzzle[] } {
  const all = loadGame24Csv(path);
  return { train: all.filter((p) => !isGame24Test(p)), test: all.filter(isGame24Test) };
}
