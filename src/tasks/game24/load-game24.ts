import { readFileSync } from 'node:fs';
import { InputError } from '../../core/errors.js';
import { packageDataPath } from '../data-path.js';

/** One row of Tree of Thoughts' 24.csv (puzzles ranked by how long people took). */
export interface Game24Puzzle {
  rank: number;
  numbers: number[];
  /** Share of people who solved it (0..1), when the row gives one. */
  solvedRate: number | null;
  /** Average solve time in seconds, when given. */
  amtSeconds: number | null;
}

/** `test`: Rank 901–1000, the puzzles Tree of Thoughts reports on; `train`: all others. */
export type Game24Split = 'train' | 'test' | 'all';

export const GAME24_TEST_RANKS = { first: 901, last: 1000 } as const;

export function isGame24TestRank(rank: number): boolean {
  return rank >= GAME24_TEST_RANKS.first && rank <= GAME24_TEST_RANKS.last;
}

/** Parses 24.csv text (header `Rank,Puzzles,AMT (s),Solved rate,...`). */
export function parseGame24Csv(text: string, source = '24.csv'): Game24Puzzle[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim().length > 0);
  const header = lines.shift()?.split(',').map((h) => h.trim()) ?? [];
  const col = (name: string) => header.indexOf(name);
  const rankCol = col('Rank');
  const puzzleCol = col('Puzzles');
  if (rankCol < 0 || puzzleCol < 0) throw new InputError(`${source}: expected columns Rank and Puzzles, got ${header.join(', ')}`);
  const amtCol = col('AMT (s)');
  const rateCol = col('Solved rate');
  return lines.map((line, k) => {
    const cells = line.split(',');
    const rank = Number(cells[rankCol]);
    const numbers = (cells[puzzleCol] ?? '').trim().split(/\s+/).map(Number);
    if (!Number.isInteger(rank) || numbers.length < 2 || numbers.some((n) => !Number.isInteger(n))) {
      throw new InputError(`${source}: line ${k + 2} is not 'rank,numbers,...': ${line}`);
    }
    const amt = amtCol >= 0 ? Number(cells[amtCol]) : NaN;
    const rate = rateCol >= 0 ? Number(String(cells[rateCol]).replace('%', '')) / 100 : NaN;
    return { rank, numbers, solvedRate: Number.isFinite(rate) ? rate : null, amtSeconds: Number.isFinite(amt) ? amt : null };
  });
}

/** Loads the puzzles of one split from the shipped `data/game24/24.csv` (or `path`). */
export function loadGame24(options: { split?: Game24Split; path?: string } = {}): Game24Puzzle[] {
  const split = options.split ?? 'all';
  const path = options.path ?? packageDataPath('game24/24.csv');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read Game of 24 puzzles from ${path}: ${(error as Error).message}`);
  }
  const all = parseGame24Csv(text, path);
  if (split === 'all') return all;
  return all.filter((p) => isGame24TestRank(p.rank) === (split === 'test'));
}
