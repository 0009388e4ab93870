import { readFile } from 'node:fs/promises';
import { InputError } from '../../core/errors.js';
import { asFileInputError } from '../../core/file-error.js';

export interface GradeRecord {
  /** null: the record has no gold answer (graded `no-gold`). */
  gold: string | null;
  /** null: the model gave no answer (graded `no-answer`, not equal). */
  pred: string | null;
  /** The record's own `id`, echoed in the output when present. */
  id?: string | number;
}

/** A value shown in a one-line message: JSON, cut short. */
function oneLineJson(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 80 ? `${json.slice(0, 80)}…` : json;
}

/**
 * Reads a JSONL file of `{gold, pred}` records; a bad line is an InputError naming file
 * and line. A null field is kept as null: a missing answer is graded, not rejected.
 */
export async function readGradeRecords(path: string): Promise<GradeRecord[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw asFileInputError(error, '--file', path);
  }
  const records: GradeRecord[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `${path}:${index + 1}`;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      throw new InputError(`${where}: not valid JSON (each line must be an object like {"gold": "1/2", "pred": "0.5"})`);
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) throw new InputError(`${where}: expected a JSON object with string fields gold and pred`);
    const { gold, pred, id } = record as Record<string, unknown>;
    for (const [name, value] of [['gold', gold], ['pred', pred]] as const) {
      if (value === undefined) throw new InputError(`${where}: missing field "${name}"`);
      if (value !== null && typeof value !== 'string' && typeof value !== 'number') throw new InputError(`${where}: field "${name}" must be a string or null, got ${oneLineJson(value)}`);
    }
    const text = (v: unknown) => (v === null ? null : String(v));
    records.push({ gold: text(gold), pred: text(pred), ...(typeof id === 'string' || typeof id === 'number' ? { id } : {}) });
  });
  return records;
}
