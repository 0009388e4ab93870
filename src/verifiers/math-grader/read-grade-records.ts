import { readFile } from 'node:fs/promises';
import { InputError } from '../../core/errors.js';
import { asFileInputError } from '../../core/file-error.js';

export interface GradeRecord {
  gold: string;
  pred: string;
  /** The record's own `id`, echoed in the output when present. */
  id?: string | number;
}

/** Reads a JSONL file of `{gold, pred}` records; a bad line is an InputError naming file and line. */
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
      if (typeof value !== 'string' && typeof value !== 'number') throw new InputError(`${where}: field "${name}" must be a string, got ${JSON.stringify(value)}`);
    }
    records.push({ gold: String(gold), pred: String(pred), ...(typeof id === 'string' || typeof id === 'number' ? { id } : {}) });
  });
  return records;
}
