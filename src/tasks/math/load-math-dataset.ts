import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { InputError } from '../../core/errors.js';
import { describeFileError, isFileSystemError } from '../../core/file-error.js';
import { packageDataPath } from '../data-path.js';
import { MATH_DATASETS, type MathDatasetName, type MathRecord } from './math-record.js';

/** Where each dataset lives under data/math, and how its rows become `MathRecord`s. */
const FILES: Record<MathDatasetName, string> = {
  math500: 'math/math500/test.jsonl',
  math: 'math/math_test/MATH_test_merged.jsonl',
  gsm8k: 'math/gsm8k/test.jsonl',
  harp: 'math/harp/HARP.jsonl.zip',
  'harp-mcq': 'math/harp/HARP_mcq.jsonl.zip',
  'omni-math': 'math/omni_math/omni_math_rule.jsonl',
};

export function isMathDataset(name: string): name is MathDatasetName {
  return (MATH_DATASETS as readonly string[]).includes(name);
}

/**
 * Loads every record of one dataset (use `selectMathRecords` to filter and sample).
 * HARP is read straight from its zip: its authors ask that it not be republished in
 * plain text, so no extracted copy is ever written.
 */
export function loadMathDataset(name: string, options: { path?: string } = {}): MathRecord[] {
  if (!isMathDataset(name)) throw new InputError(`unknown math dataset '${name}'; valid: ${MATH_DATASETS.join(', ')}`);
  const path = options.path ?? packageDataPath(FILES[name]);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw isFileSystemError(error) ? new InputError(`cannot read the ${name} dataset: ${describeFileError(error)}`) : error;
  }
  const text = path.endsWith('.zip') ? unzipFirstJsonl(bytes, path) : strFromU8(bytes);
  const rows = parseJsonl(text, path);
  return rows.map((row, index) => toRecord(name, row, index, path));
}

function unzipFirstJsonl(bytes: Uint8Array, path: string): string {
  const files = unzipSync(bytes, { filter: (f) => f.name.endsWith('.jsonl') });
  const first = Object.values(files)[0];
  if (!first) throw new InputError(`${path}: the zip holds no .jsonl file`);
  return strFromU8(first);
}

function parseJsonl(text: string, path: string): Array<Record<string, unknown>> {
  const rows: Array<Record<string, unknown>> = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      rows.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      throw new InputError(`${path}:${i + 1}: not valid JSON`);
    }
  });
  return rows;
}

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

function levelNumber(v: unknown): number | null {
  const m = /(\d+(?:\.\d+)?)/.exec(str(v));
  return m ? Number(m[1]) : null;
}

function toRecord(name: MathDatasetName, row: Record<string, unknown>, index: number, path: string): MathRecord {
  const need = (field: string): string => {
    const value = row[field];
    if (value === undefined || value === null || str(value).trim() === '') throw new InputError(`${path}: record ${index + 1} has no '${field}'`);
    return str(value);
  };
  switch (name) {
    case 'math500':
      return { id: need('unique_id'), dataset: name, problem: need('problem'), answer: need('answer'), level: levelNumber(row.level), subject: str(row.subject) || null, solution: str(row.solution) };
    case 'math':
      return { id: need('unique_id'), dataset: name, problem: need('problem'), answer: need('answer_extracted'), level: levelNumber(row.level), subject: str(row.type) || null, solution: str(row.solution) };
    case 'gsm8k': {
      const full = need('answer');
      const m = /####\s*(.+)\s*$/.exec(full);
      if (!m) throw new InputError(`${path}: record ${index + 1} has no '#### answer' line`);
      return { id: `gsm8k-${index}`, dataset: name, problem: need('question'), answer: m[1]!.replace(/,/g, '').trim(), level: null, subject: null, solution: full };
    }
    case 'harp':
    case 'harp-mcq': {
      const id = `harp-${str(row.year)}-${str(row.contest)}-${str(row.number)}`;
      const record: MathRecord = { id, dataset: name, problem: need('problem'), answer: need('answer'), level: levelNumber(row.level), subject: str(row.subject) || null, solution: str(row.solution_1) };
      if (name === 'harp-mcq') {
        record.choices = parseChoices(row.choices, `${path}: record ${index + 1}`);
        record.answerChoice = need('answer_choice');
      }
      return record;
    }
    case 'omni-math': {
      const domain = Array.isArray(row.domain) ? str(row.domain[0]) : str(row.domain);
      const subject = domain.split('->').map((s) => s.trim()).filter(Boolean).slice(1, 2)[0] ?? null;
      return { id: `omni-${index}`, dataset: name, problem: need('problem'), answer: need('answer'), level: levelNumber(row.difficulty), subject, solution: str(row.solution) };
    }
  }
}

/** HARP stores choices as a Python dict literal (`{'A': '$5$', ...}`) or a JSON object. */
function parseChoices(raw: unknown, where: string): Record<string, string> {
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, str(v)]));
  const text = str(raw);
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/'([A-E])':\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")/g)) {
    out[m[1]!] = (m[2] ?? m[3] ?? '').replace(/\\\\/g, '\\').replace(/\\'/g, "'");
  }
  if (Object.keys(out).length === 0) throw new InputError(`${where}: cannot read the choices ${text.slice(0, 60)}`);
  return out;
}
