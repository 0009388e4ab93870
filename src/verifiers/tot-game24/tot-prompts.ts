/**
 * Game of 24 prompts in the manner of Tree of Thoughts (Yao et al., 2023): a few-shot
 * "propose" prompt that lists candidate next steps, and a "value" prompt that judges
 * whether the numbers left can still make 24, ending in sure / likely / impossible.
 * Worded for this project, with examples of our own (every "sure" and "likely" example
 * can make 24, every "impossible" one cannot).
 */

export function totProposePrompt(numbers: string): string {
  return `Combine two of the numbers with +, -, * or / and write what is left. List several different possibilities, one per line, in this form.
Input: 3 5 7 12
Possible next steps:
3 + 5 = 8 (left: 7 8 12)
12 - 7 = 5 (left: 3 5 5)
5 * 3 = 15 (left: 7 12 15)
12 / 3 = 4 (left: 4 5 7)
7 - 5 = 2 (left: 2 3 12)
12 + 7 = 19 (left: 3 5 19)
7 * 5 = 35 (left: 3 12 35)
12 - 3 = 9 (left: 5 7 9)
Input: ${numbers}
Possible next steps:
`;
}

export function totValuePrompt(numbers: string): string {
  return `Decide whether the numbers can make 24 with +, -, * and /, each number used exactly once. Try a few combinations, then end with one word on the last line: sure, likely or impossible.
Input: 4 6
4 * 6 = 24
sure
Input: 5 7 12
5 + 7 + 12 = 24
sure
Input: 3 5 9
9 + 5 + 3 = 17
(9 - 5) * 3 = 12
9 * 3 - 5 = 22
Not found yet, but the numbers are in a workable range
likely
Input: 1 2 3
1 + 2 + 3 = 6
(1 + 2) * 3 = 9
Every result is far below 24
impossible
Input: 11 13
11 + 13 = 24
sure
Input: 1 1 1
1 + 1 + 1 = 3
1 * 1 * 1 = 1
All far too small
impossible
Input: 4 6 8
4 * 6 = 24, but 8 is left over
4 + 6 + 8 = 18
8 * 6 / 4 = 12
Close enough to keep trying
likely
Input: ${numbers}
`;
}

/** Tree of Thoughts' value for each verdict; summed over the samples. */
export const TOT_VERDICT_VALUES: Readonly<Record<'sure' | 'likely' | 'impossible', number>> = { sure: 20, likely: 1, impossible: 0.001 };

/** The verdict a value reply ends with (its last sure / likely / impossible), or null. */
export function parseVerdict(reply: string): 'sure' | 'likely' | 'impossible' | null {
  const matches = [...reply.toLowerCase().matchAll(/\b(sure|likely|impossible)\b/g)];
  const last = matches[matches.length - 1];
  return last ? (last[1] as 'sure' | 'likely' | 'impossible') : null;
}
