import { readFile } from 'node:fs/promises';
import { InputError } from '../core/errors.js';
import { asFileInputError } from '../core/file-error.js';
import type { Json } from '../core/json.js';
import { estimateTokens } from '../core/usage.js';
import { clusterTaskAnswers } from './cluster-answers.js';
import type { EvalProblem, EvalTask, GivenFields } from './eval-task.js';
import { parseJsonl } from './jsonl-lines.js';
import { mapLimit } from './map-limit.js';
import type { ScoringItem } from './score-items.js';

/** One line of a samples file: `{"id", "input", "completions": [...], "scores"?: [...]}`. */
export interface SampleLine {
  id: string;
  input: Json;
  completions: string[];
  scores?: number[];
  /** Optional per-completion generated token counts (else estimated from the text). */
  tokens?: number[];
  /** Optional: the gold answer, level and subject, for problems the task's dataset does not hold. */
  given: GivenFields;
}

/** Validates one parsed line, naming `where` (file:line) and the field on error. */
export function parseSampleLine(value: unknown, where: string): SampleLine {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new InputError(`${where}: expected a JSON object with id, input and completions`);
  const v = value as Record<string, unknown>;
  if (v.id === undefined) throw new InputError(`${where}: missing field 'id'`);
  if (typeof v.id !== 'string' && typeof v.id !== 'number') throw new InputError(`${where}: field 'id' must be a string or a number`);
  if (v.input === undefined) throw new InputError(`${where}: missing field 'input' (the problem text, or for Game of 24 the four numbers)`);
  if (v.completions === undefined) throw new InputError(`${where}: missing field 'completions'`);
  if (!Array.isArray(v.completions) || !v.completions.every((c) => typeof c === 'string')) throw new InputError(`${where}: field 'completions' must be an array of strings`);
  const given: GivenFields = {};
  for (const field of ['gold', 'subject'] as const) {
    if (v[field] === undefined || v[field] === null) continue;
    if (typeof v[field] !== 'string') throw new InputError(`${where}: field '${field}' must be a string`);
    given[field] = v[field] as string;
  }
  if (v.level !== undefined && v.level !== null) {
    if (typeof v.level !== 'string' && typeof v.level !== 'number') throw new InputError(`${where}: field 'level' must be a string or a number`);
    given.level = v.level;
  }
  const line: SampleLine = { id: String(v.id), input: v.input as Json, completions: v.completions as string[], given };
  for (const field of ['scores', 'tokens'] as const) {
    const list = v[field];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list) || !list.every((x) => typeof x === 'number' && Number.isFinite(x))) throw new InputError(`${where}: field '${field}' must be an array of numbers`);
    if (list.length !== line.completions.length) throw new InputError(`${where}: field '${field}' has ${list.length} entries for ${line.completions.length} completions`);
    line[field] = list as number[];
  }
  return line;
}

/** Steps in a free-text completion: its non-empty paragraphs (a step ends at a blank line). */
export function countSteps(text: string): number {
  return text.split(/\n\s*\n/).filter((p) => p.trim() !== '').length;
}

/**
 * Reads and judges a samples file made anywhere: extracts each completion's answer,
 * judges it (once per distinct answer), clusters the answers by the task's equivalence.
 * Every error names the file and line.
 */
export async function readSamplesFile(file: string, task: EvalTask, options: { concurrency?: number } = {}): Promise<ScoringItem[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw asFileInputError(error, '--samples', file);
  }
  const { lines } = parseJsonl(text, file);
  await task.prepare?.();
  if (lines.length === 0) throw new InputError(`${file}: no samples (expected one JSON object per line)`);
  const seen = new Map<string, number>();
  const parsed = lines.map(({ line, value }) => {
    const where = `${file}:${line}`;
    const sample = parseSampleLine(value, where);
    const first = seen.get(sample.id);
    if (first !== undefined) throw new InputError(`${where}: id '${sample.id}' repeats line ${first}`);
    seen.set(sample.id, line);
    let problem: EvalProblem;
    try {
      problem = task.problemFromInput(sample.id, sample.input, sample.given);
    } catch (error) {
      if (error instanceof InputError) throw new InputError(`${where}: ${error.message}`);
      throw error;
    }
    return { sample, problem };
  });
  return mapLimit(parsed, options.concurrency ?? 8, async ({ sample, problem }) => judgeSamples(sample, problem, task));
}

async function judgeSamples(sample: SampleLine, problem: EvalProblem, task: EvalTask): Promise<ScoringItem> {
  const answers = sample.completions.map((c) => task.extractAnswer(c, problem));
  const verdicts = new Map<string, boolean>();
  const correct: boolean[] = [];
  for (const answer of answers) {
    if (answer === null) {
      correct.push(false);
      continue;
    }
    let verdict = verdicts.get(answer);
    if (verdict === undefined) {
      verdict = await task.judge(answer, problem);
      verdicts.set(answer, verdict);
    }
    correct.push(verdict);
  }
  const clusters = await clusterTaskAnswers(task, problem, answers, correct);
  const tokens = sample.tokens ?? sample.completions.map((c) => estimateTokens(c));
  const steps = sample.completions.map(countSteps);
  return {
    id: sample.id,
    level: problem.level,
    subject: problem.subject,
    correct: null,
    candidates: sample.completions.map((_, i) => ({
      cluster: clusters[i]!,
      correct: correct[i]!,
      score: sample.scores ? sample.scores[i]! : null,
      tokens: tokens[i]!,
      steps: steps[i]!,
    })),
    tokensIn: 0,
    tokensOut: tokens.reduce((a, b) => a + b, 0),
    steps: steps.reduce((a, b) => a + b, 0),
    policyCalls: 0,
    verifierCalls: 0,
  };
}
