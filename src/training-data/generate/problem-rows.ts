import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { InputError } from '../../core/errors.js';
import { asFileInputError } from '../../core/file-error.js';
import type { Json } from '../../core/json.js';
import { extractAnswer } from '../../tasks/math/extract-answer.js';

/**
 * One problem read from a user's file, in the shape the evaluation harness runs
 * (`EvalProblem`): id, dataset position, the prompt a model is shown, the input, the
 * gold answer, level and subject.
 */
export interface ProblemRow {
  id: string;
  index: number;
  prompt: string;
  input: Json;
  gold: string | null;
  level: string | number | null;
  subject: string | null;
}

/** Which column holds what; dotted paths reach into nested objects (`meta.level`). */
export interface ProblemFields {
  problem?: string;
  answer?: string;
  id?: string;
  level?: string;
  subject?: string;
}

/** Column names tried, in order, when a field is not named (Hugging Face datasets' usual ones). */
export const DEFAULT_FIELD_NAMES: Readonly<Record<keyof ProblemFields, readonly string[]>> = {
  problem: ['problem', 'question', 'prompt', 'query', 'input'],
  answer: ['answer', 'final_answer', 'gold', 'target', 'solution'],
  id: ['id', 'unique_id', 'idx', 'problem_id'],
  level: ['level', 'difficulty'],
  subject: ['subject', 'type', 'category'],
};

export const ANSWER_INSTRUCTION = 'Please reason step by step, and put your final answer within \\boxed{}.';

function lookup(row: Record<string, unknown>, path: string): unknown {
  let cur: unknown = row;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/**
 * A gold answer as the grader wants it: a full worked solution (`... \boxed{7}`, GSM8K's
 * `#### 7`) is cut to its final answer, a plain answer is kept as it is.
 */
export function goldFromField(value: string): string {
  if (/\\boxed|\\fbox|####/.test(value)) return extractAnswer(value).answer ?? value.trim();
  return value.trim();
}

function scalar(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * Rows of a JSONL or Parquet file as problems. A field not named by the caller is looked
 * for under its usual names; the problem field must be found in every row (the error
 * names the row and the columns there are), the answer may be missing (gold null).
 */
export function problemRows(rows: readonly Record<string, unknown>[], fields: ProblemFields, source: string, fieldFlag = '--problem-field'): ProblemRow[] {
  const pick = (row: Record<string, unknown>, key: keyof ProblemFields): { name: string; value: unknown } | null => {
    const names = fields[key] ? [fields[key]!] : DEFAULT_FIELD_NAMES[key];
    for (const name of names) {
      const value = lookup(row, name);
      if (value !== undefined && value !== null) return { name, value };
    }
    return null;
  };
  const seen = new Set<string>();
  return rows.map((row, index) => {
    const problem = pick(row, 'problem');
    if (!problem || typeof problem.value !== 'string') {
      const wanted = fields.problem ? `'${fields.problem}'` : `any of ${DEFAULT_FIELD_NAMES.problem.join(', ')}`;
      throw new InputError(`${source} row ${index + 1}: no problem text in ${wanted} (columns: ${Object.keys(row).join(', ')}); name it with ${fieldFlag}`);
    }
    const answer = scalar(pick(row, 'answer')?.value);
    const id = scalar(pick(row, 'id')?.value) ?? String(index);
    if (seen.has(id)) throw new InputError(`${source} row ${index + 1}: id '${id}' appears twice; name a unique column with --id-field`);
    seen.add(id);
    const level = pick(row, 'level')?.value;
    return {
      id,
      index,
      prompt: `${problem.value}\n\n${ANSWER_INSTRUCTION}`,
      input: problem.value,
      gold: answer === null ? null : goldFromField(answer),
      level: typeof level === 'number' || typeof level === 'string' ? level : null,
      subject: scalar(pick(row, 'subject')?.value),
    };
  });
}

/** Reads the rows of a `.jsonl` / `.json` / `.parquet` file as plain objects. */
export async function readRows(path: string, flag = '--data'): Promise<Record<string, unknown>[]> {
  const ext = extname(path).toLowerCase();
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw asFileInputError(error, flag, path);
  }
  if (ext === '.parquet') {
    const { parquetReadObjects } = await import('hyparquet');
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    try {
      return (await parquetReadObjects({ file })) as Record<string, unknown>[];
    } catch (error) {
      throw new InputError(`${flag} ${path}: not a readable Parquet file (${(error as Error).message})`);
    }
  }
  const text = bytes.toString('utf8');
  if (ext === '.json') {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new InputError(`${flag} ${path}: malformed JSON (${(error as Error).message})`);
    }
    if (!Array.isArray(value)) throw new InputError(`${flag} ${path}: a .json file must hold an array of rows`);
    return value as Record<string, unknown>[];
  }
  if (ext !== '.jsonl' && ext !== '.ndjson') throw new InputError(`${flag} ${path}: unknown file type '${ext}'; use .jsonl, .json or .parquet`);
  const rows: Record<string, unknown>[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      rows.push(JSON.parse(line) as Record<string, unknown>);
    } catch (error) {
      throw new InputError(`${flag} ${path}:${i + 1}: malformed JSON (${(error as Error).message})`);
    }
  });
  return rows;
}

/** A problem file as problems: `readRows` then `problemRows`. */
export async function readProblemFile(path: string, fields: ProblemFields = {}, flags: { file?: string; field?: string } = {}): Promise<ProblemRow[]> {
  return problemRows(await readRows(path, flags.file), fields, path, flags.field);
}
