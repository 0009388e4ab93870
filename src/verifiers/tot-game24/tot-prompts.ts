/**
 * Tree of Thoughts' Game of 24 "value" prompt (Yao et al., 2023; its "propose" prompt is
 * the proposer's, in policies/tot-propose-policy.ts): it judges whether the numbers left
 * can still make 24, ending in sure / likely / impossible. Worded for this project, with
 * examples of our own (every "sure" and "likely" example can make 24, every "impossible"
 * one cannot).
 */

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
