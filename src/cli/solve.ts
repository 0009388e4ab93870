import type { SolveFlags } from './solve-flags.js';
import { budgetFromFlags } from './budget-options.js';
import type { SolveResult } from '../solve/solve.js';

export interface SolveOutcome {
  json: SolveResult;
  /** What a person reads: the trace, the verdict, the attempts and what it cost. */
  text: string;
}

/** `metacot solve`: the library's `solve` with the command's flags, and its text rendering. */
export async function solveFromFlags(problemText: string, flags: SolveFlags, signal?: AbortSignal): Promise<SolveOutcome> {
  const { solve } = await import('../solve/solve.js');
  const json = await solve(problemText, {
    task: flags.task,
    ...(flags.target !== undefined ? { target: flags.target } : {}),
    ...(flags.model !== undefined ? { model: flags.model } : {}),
    ...(flags.search !== undefined ? { search: flags.search } : {}),
    searchOpt: flags.searchOpt,
    value: flags.value,
    format: flags.format,
    seed: flags.seed,
    budget: budgetFromFlags(flags),
    ...(flags.baseUrl ? { baseUrl: flags.baseUrl } : {}),
    ...(flags.cache ? { cache: flags.cache } : {}),
    ...(flags.serverKind ? { serverKind: flags.serverKind } : {}),
    ...(flags.chatTemplate ? { chatTemplate: flags.chatTemplate } : {}),
    ...(signal ? { signal } : {}),
  });
  return { json, text: renderSolve(json) };
}

/** The trace, then one verdict line, each attempt of an adaptive search, notes, and the cost. */
export function renderSolve(json: SolveResult): string {
  const u = json.usage;
  const cost = `${u.policyCalls} policy calls, ${u.verifierCalls} verifier calls, ${u.tokensOut} tokens out, ${u.tokensIn} tokens in, ${Math.round(u.ms)} ms`;
  const lines = [json.trace.replace(/\n*$/, '')];
  lines.push('');
  if (json.verdict === 'verified') lines.push(`verified: ${json.answer}${json.target !== null ? ` = ${json.target}` : ''}`);
  else if (json.verdict === 'no-solution') lines.push(`no solution: the search tried every legal step and none reaches ${json.target ?? 'the goal'}`);
  else lines.push(`unsolved (${json.stopReason})${json.answer ? `; the best attempt, ${json.answer}, is wrong` : ''}`);
  if (json.attempts.length > 1 || json.search === 'adaptive') {
    for (const a of json.attempts) {
      const how = a.method === 'in-context' ? `in-context, ${a.samples} sample${a.samples === 1 ? '' : 's'} at T=${a.temperature}` : a.method;
      lines.push(`  attempt: ${how}: ${a.solved ? 'solved' : a.stopReason}, ${a.generatedTokens} tokens written, ${a.processedTokens} tokens processed${a.folds ? `, context folded ${a.folds}×` : ''}${looksTaken(a)}, ${Math.round(a.ms)} ms`);
    }
  }
  for (const note of json.notes) lines.push(`note: ${note}`);
  lines.push(`${json.search} search with ${json.model} policy: ${cost}`);
  return `${lines.join('\n')}\n`;
}

/** How an attempt's in-context searches looked again before giving up (see ArithTool's `secondLook`). */
function looksTaken(a: SolveResult['attempts'][number]): string {
  if (!a.secondLooks) return '';
  const searches = (n: number) => (n > 1 ? ` in ${n} searches` : '');
  if (!a.lastLooks) return `, second look taken${searches(a.secondLooks)}`;
  return `, last look (a complete search) taken${searches(a.lastLooks)}`;
}
