import type { GenerateChoice } from '../../models/language-model.js';

type Verdict = 'yes' | 'no' | null;

/** Reads a token or a short reply as Yes or No. */
export function verdictOf(text: string): Verdict {
  const word = text.trim().toLowerCase().replace(/^[^a-z]+/, '').match(/^[a-z]+/)?.[0] ?? '';
  if (word === 'yes' || word === 'y' || word === 'true' || word === 'correct') return 'yes';
  if (word === 'no' || word === 'n' || word === 'false' || word === 'incorrect') return 'no';
  return null;
}

/**
 * P(Yes) from the first generated token's alternatives: the probability mass on Yes-like
 * tokens over the mass on Yes- and No-like ones. Null when the choice has no logprobs or
 * neither answer is among them (the caller then falls back to votes).
 */
export function yesProbability(choice: GenerateChoice): number | null {
  const first = choice.logprobs?.find((t) => t.token.trim().length > 0);
  if (!first) return null;
  let yes = 0;
  let no = 0;
  const seen = new Set<string>();
  for (const t of [...(first.top ?? []), { token: first.token, logprob: first.logprob }]) {
    if (seen.has(t.token)) continue;
    seen.add(t.token);
    const v = verdictOf(t.token);
    if (v === 'yes') yes += Math.exp(t.logprob);
    else if (v === 'no') no += Math.exp(t.logprob);
  }
  return yes + no > 0 ? yes / (yes + no) : null;
}

/** The share of Yes among the Yes/No replies (0.5 when none gave either). */
export function yesVoteShare(choices: readonly GenerateChoice[]): number {
  let yes = 0;
  let no = 0;
  for (const c of choices) {
    const v = verdictOf(c.text);
    if (v === 'yes') yes++;
    else if (v === 'no') no++;
  }
  return yes + no > 0 ? yes / (yes + no) : 0.5;
}
