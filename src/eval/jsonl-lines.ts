import { InputError } from '../core/errors.js';

/** One parsed line of a JSONL file, with its 1-based line number for error messages. */
export interface JsonlLine {
  line: number;
  value: unknown;
}

export interface ParsedJsonl {
  lines: JsonlLine[];
  /**
   * Byte length of the text up to and including the last complete, valid line. A writer
   * killed mid-append leaves a torn last line; appending resumes at this offset.
   */
  validBytes: number;
  /** True when a torn (unterminated or unparsable) last line was dropped. */
  tornTail: boolean;
}

/**
 * Parses JSONL text. Blank lines are skipped. A bad line throws an InputError naming
 * `file:line`, except, with `tolerateTornTail`, the last line: an append-only writer that
 * was killed can leave it half-written, and dropping it loses only that one record.
 */
export function parseJsonl(text: string, file: string, options: { tolerateTornTail?: boolean } = {}): ParsedJsonl {
  const lines: JsonlLine[] = [];
  let offset = 0;
  let validChars = 0;
  let lineNo = 0;
  let tornTail = false;
  while (offset < text.length) {
    lineNo++;
    const end = text.indexOf('\n', offset);
    const terminated = end !== -1;
    const raw = text.slice(offset, terminated ? end : text.length);
    const next = terminated ? end + 1 : text.length;
    const isLast = next >= text.length;
    if (raw.trim() !== '') {
      let value: unknown;
      let bad: string | null = terminated ? null : 'line is not terminated by a newline';
      if (bad === null) {
        try {
          value = JSON.parse(raw);
        } catch (error) {
          bad = `malformed JSON (${(error as Error).message})`;
        }
      }
      if (bad !== null) {
        if (options.tolerateTornTail && isLast) {
          tornTail = true;
          break;
        }
        if (!terminated) {
          // A file written by hand may simply lack its final newline.
          try {
            value = JSON.parse(raw);
            bad = null;
          } catch (error) {
            bad = `malformed JSON (${(error as Error).message})`;
          }
        }
        if (bad !== null) throw new InputError(`${file}:${lineNo}: ${bad}`);
      }
      lines.push({ line: lineNo, value });
    }
    offset = next;
    validChars = next;
  }
  return { lines, validBytes: Buffer.byteLength(text.slice(0, validChars)), tornTail };
}
