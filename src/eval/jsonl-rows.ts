import { open } from 'node:fs/promises';
import { InputError } from '../core/errors.js';

/** One parsed line of a JSONL file and where its bytes are (for reading it again later). */
export interface JsonlRow {
  /** 1-based line number, for error messages. */
  line: number;
  /** Byte offset of the line's first byte in the file. */
  offset: number;
  /** Byte length of the line, without its newline. */
  bytes: number;
  value: unknown;
}

const NEWLINE = 0x0a;
const CHUNK = 1 << 20;

/**
 * Reads a JSONL file line by line, holding one chunk and the current line at a time, so
 * a file of any size reads in bounded memory. Same rules as `parseJsonl`: blank lines are
 * skipped, a bad line throws an InputError naming `file:line`, except, with
 * `tolerateTornTail`, the last line (a writer killed mid-append), which is dropped. A
 * missing file yields nothing when `missingIsEmpty` is set.
 */
export async function* readJsonlRows(file: string, options: { tolerateTornTail?: boolean; missingIsEmpty?: boolean } = {}): AsyncGenerator<JsonlRow> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && options.missingIsEmpty) return;
    throw error;
  }
  try {
    let buffer = Buffer.alloc(0);
    // File offset of buffer[0], and whether the file has been read to its end.
    let base = 0;
    let eof = false;
    const fill = async (): Promise<boolean> => {
      if (eof) return false;
      const chunk = Buffer.allocUnsafe(CHUNK);
      const { bytesRead } = await handle.read(chunk, 0, CHUNK, base + buffer.length);
      if (bytesRead === 0) {
        eof = true;
        return false;
      }
      buffer = buffer.length === 0 ? chunk.subarray(0, bytesRead) : Buffer.concat([buffer, chunk.subarray(0, bytesRead)]);
      return true;
    };
    let lineNo = 0;
    let searchFrom = 0;
    for (;;) {
      let end = buffer.indexOf(NEWLINE, searchFrom);
      while (end === -1) {
        searchFrom = buffer.length;
        if (!(await fill())) break;
        end = buffer.indexOf(NEWLINE, searchFrom);
      }
      if (end === -1 && buffer.length === 0) return;
      lineNo++;
      const terminated = end !== -1;
      const lineEnd = terminated ? end : buffer.length;
      const raw = buffer.toString('utf8', 0, lineEnd);
      const offset = base;
      // Drop the line from the buffer before yielding, so only the rest is kept.
      const next = terminated ? end + 1 : buffer.length;
      buffer = buffer.subarray(next);
      base += next;
      searchFrom = 0;
      if (raw.trim() === '') {
        if (!terminated) return;
        continue;
      }
      let value: unknown;
      let bad: string | null = null;
      try {
        value = JSON.parse(raw);
      } catch (error) {
        bad = `malformed JSON (${(error as Error).message})`;
      }
      if (!terminated && bad === null && options.tolerateTornTail) bad = 'line is not terminated by a newline';
      if (bad !== null) {
        const isLast = !terminated || (buffer.length === 0 && !(await fill()));
        if (options.tolerateTornTail && isLast) return;
        throw new InputError(`${file}:${lineNo}: ${bad}`);
      }
      yield { line: lineNo, offset, bytes: lineEnd, value };
      if (!terminated) return;
    }
  } finally {
    await handle.close();
  }
}

/** Reads `bytes` bytes at `offset` of an open file and parses them as one JSON value. */
export async function readJsonAt(handle: import('node:fs/promises').FileHandle, offset: number, bytes: number, where: string): Promise<unknown> {
  const buffer = Buffer.allocUnsafe(bytes);
  let done = 0;
  while (done < bytes) {
    const { bytesRead } = await handle.read(buffer, done, bytes - done, offset + done);
    if (bytesRead === 0) throw new InputError(`${where}: the file became shorter while it was read`);
    done += bytesRead;
  }
  try {
    return JSON.parse(buffer.toString('utf8'));
  } catch (error) {
    throw new InputError(`${where}: malformed JSON (${(error as Error).message}); was the file changed while it was read?`);
  }
}
