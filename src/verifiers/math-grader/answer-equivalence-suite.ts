import { readFileSync } from 'node:fs';
import { packageDataPath } from '../../tasks/data-path.js';
import type { GradeCallOptions } from './grade.js';

/**
 * The labelled answer-equivalence data shipped in data/answer_equivalence: how to read
 * each record and which grader options reproduce its test's setting. Shared by the
 * regression test and bench/grader.ts.
 */
export interface SuiteCase {
  /** `cases.jsonl#12` or `graded_pairs.jsonl#id=5`. */
  key: string;
  gold: string;
  pred: string;
  expected: boolean;
  options: GradeCallOptions;
  /** graded_pairs only: the three Python graders' verdicts. */
  ref?: { math_verify: boolean; prm800k: boolean; qwen25_math: boolean };
}

export const DATA_DIR = `${packageDataPath('answer_equivalence')}/`;

function readJsonl(path: string): Array<Record<string, unknown>> {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** cases.jsonl: tests of public graders; `pred_may_be_free_text` means extract first. */
export function loadCases(dir = DATA_DIR): SuiteCase[] {
  const out: SuiteCase[] = [];
  readJsonl(`${dir}cases.jsonl`).forEach((r, index) => {
    if (typeof r.expected_equal !== 'boolean') return;
    const o = (r.options ?? {}) as { precision?: number; match_types?: string[] };
    const options: GradeCallOptions = { extract: r.pred_may_be_free_text ? 'always' : 'auto' };
    // Math-Verify's `precision` (significant digits) becomes our relative tolerance.
    if (typeof o.precision === 'number') options.relativeTolerance = 1.5 * 10 ** -o.precision;
    // Its plain-text ("expr") mode reads 1,22 as a decimal.
    if (JSON.stringify(o.match_types) === '["expr"]') options.decimalComma = true;
    out.push({ key: `cases.jsonl#${index}`, gold: String(r.gold), pred: String(r.pred), expected: r.expected_equal, options });
  });
  return out;
}

export function loadGradedPairs(dir = DATA_DIR): SuiteCase[] {
  return readJsonl(`${dir}graded_pairs.jsonl`).map((r) => ({
    key: `graded_pairs.jsonl#id=${String(r.id)}`,
    gold: String(r.gold),
    pred: String(r.pred),
    expected: Boolean(r.equal),
    options: {},
    ref: r.ref as SuiteCase['ref'],
  }));
}

/** Keys of the cases we judge differently from their label on purpose (with reasons in the file). */
export function loadJudgedWrongOnPurpose(dir = DATA_DIR): Map<string, string> {
  return new Map(readJsonl(`${dir}judged-wrong-on-purpose.jsonl`).map((r) => [`${String(r.file)}#${String(r.index)}`, String(r.reason)]));
}
