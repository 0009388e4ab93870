import { createHash } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';

const FLUSH_BYTES = 1 << 20;

/**
 * Writes a JSONL file line by line with its SHA-256, byte and line counts computed on the
 * way. The lines go to `FILE.partial` and become `FILE` only when all were written, so an
 * interrupted export never leaves a truncated file under the final name.
 */
export class LineWriter {
  private readonly hash = createHash('sha256');
  private pending: string[] = [];
  private pendingBytes = 0;
  private bytes = 0;
  private lines = 0;

  private constructor(
    private readonly file: string,
    private readonly partial: string,
    private readonly handle: FileHandle,
  ) {}

  static async open(file: string): Promise<LineWriter> {
    const partial = `${file}.partial`;
    return new LineWriter(file, partial, await open(partial, 'w'));
  }

  /** Appends one line (with its newline). */
  async write(line: string): Promise<void> {
    const size = Buffer.byteLength(line);
    this.hash.update(line);
    this.bytes += size;
    this.lines++;
    this.pending.push(line);
    this.pendingBytes += size;
    if (this.pendingBytes >= FLUSH_BYTES) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.pendingBytes = 0;
    await this.handle.write(text);
  }

  async finish(): Promise<{ file: string; sha256: string; bytes: number; lines: number }> {
    await this.flush();
    await this.handle.close();
    await rename(this.partial, this.file);
    return { file: this.file, sha256: this.hash.digest('hex'), bytes: this.bytes, lines: this.lines };
  }

  /** Closes and deletes the partial file (the export failed). */
  async abandon(): Promise<void> {
    await this.handle.close().catch(() => {});
    await rm(this.partial, { force: true });
  }
}
