import type { ChatMessage } from '../models/language-model.js';

export interface ArithPuzzle {
  numbers: number[];
  target: number;
  rules: 'rational' | 'integer';
}

const TARGET = /\b(?:make|makes|making|reach|reaching|obtain|obtaining|get|getting|target(?:\s+(?:is|of))?|equals?|total|=|->|→)\s*:?\s*(\d+)\b/gi;
const GAME_OF = /\bgame\s+of\s+(\d+)\b/i;

/**
 * Finds a Game of 24 / Countdown puzzle in free text: "Use 4 9 10 13 to make 24",
 * "Countdown: 25 50 75 100, reach 71", "Game of 24: 1 2 3 4", or just "4 9 10 13"
 * (four numbers and no target: Game of 24). Returns null when the text holds none.
 * Countdown (integer rules) when the text says "countdown" or "integer".
 */
export function puzzleFromText(text: string): ArithPuzzle | null {
  let rest = text;
  let target: number | null = null;
  const game = GAME_OF.exec(rest);
  if (game) {
    target = Number(game[1]);
    rest = rest.slice(0, game.index) + ' ' + rest.slice(game.index + game[0].length);
  }
  const matches = [...rest.matchAll(TARGET)];
  const last = matches[matches.length - 1];
  if (last) {
    target = Number(last[1]);
    rest = rest.slice(0, last.index) + ' ' + rest.slice(last.index! + last[0].length);
  }
  // Numbers written as words or with decimals are not puzzles this solver takes.
  const numbers = [...rest.matchAll(/(?<![\d.])\d+(?![\d.])/g)].map((m) => Number(m[0]));
  if (target === null) {
    if (numbers.length !== 4) return null;
    target = 24;
  }
  if (numbers.length < 2 || numbers.length > 6 || !numbers.every(Number.isSafeInteger) || !Number.isSafeInteger(target)) return null;
  const rules = /countdown|integer/i.test(text) ? 'integer' : 'rational';
  return { numbers, target, rules };
}

/** The puzzle of the latest user turn that states one (a follow-up like "try again" keeps the earlier puzzle). */
export function puzzleFromConversation(messages: readonly ChatMessage[]): ArithPuzzle | null {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.role !== 'user') continue;
    const puzzle = puzzleFromText(m.content);
    if (puzzle) return puzzle;
  }
  return null;
}
