import { open, readFile, truncate, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError, MetacotError } from '../core/errors.js';
import { parseJsonl } from './jsonl-lines.js';
import { RECORDS_FILE } from './run-layout.js';
import { parseRecord, type RunRecord } from './run-schema.js';

/**
 * Reads `records.jsonl`: a torn last line (a writer killed mid-append) is dropped, any
 * other bad line or a repeated problem id is an error naming file and line.
 */
export async function readRecords(dir: string): Promise<{ records: RunRecord[]; validBytes: number; tornTail: boolean }> {
  const file = join(dir, RECORDS_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], validBytes: 0, tornTail: false };
    throw error;
  }
  const parsed = parseJsonl(text, file, { tolerateTornTail: true });
  const seen = new Map<string, number>();
  const records = parsed.lines.map(({ line, value }) => {
    const record = parseRecord(value, `${file}:${line}`);
    const first = seen.get(record.id);
    if (first !== undefined) throw new InputError(`${file}:${line}: problem '${record.id}' already recorded on line ${first}`);
    seen.set(record.id, line);
    return record;
  });
  return { records, validBytes: parsed.validBytes, tornTail: parsed.tornTail };
}

/**
 * The append-only record file of a run being written. Opening it cuts a torn tail off
 * (so the next line starts clean); every append is one write of a whole line followed by
 * fsync, so a record on disk is complete once `append` resolves. Appends are serialised.
 */
export class RecordLog {
  private chain: Promise<void> = Promise.resolve();
  /** Set when a write failed: the file may now end in a partial line, so nothing more is appended. */
  private broken: Error | null = null;

  private constructor(private readonly handle: FileHandle) {}

  static async open(dir: string): Promise<{ log: RecordLog; existing: RunRecord[] }> {
    const { records, validBytes, tornTail } = await readRecords(dir);
    const file = join(dir, RECORDS_FILE);
    if (tornTail) await truncate(file, validBytes);
    const handle = await open(file, 'a');
    return { log: new RecordLog(handle), existing: records };
  }

  append(record: RunRecord): Promise<void> {
    const line = `${JSON.stringify(record)}\n`;
    const next = this.chain.then(async () => {
      if (this.broken) throw this.broken;
      try {
        await this.handle.write(line);
        await this.handle.sync();
      } catch (error) {
        this.broken = new RecordLogError(`cannot append to ${RECORDS_FILE} (${(error as Error).message}); the run stops here, re-run the same command to resume`, { cause: error });
        throw this.broken;
      }
    });
    // A failed append fails its caller; later appends still run.
    this.chain = next.catch(() => {});
    return next;
  }

  async close(): Promise<void> {
    await this.chain;
    await this.handle.close();
  }
}

/** The record file could not be written: the run must stop (a re-run resumes cleanly). */
export class RecordLogError extends MetacotError {}
