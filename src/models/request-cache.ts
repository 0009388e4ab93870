import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { InputError } from '../core/errors.js';
import { canonicalJson } from './canonical-json.js';
import { LANGUAGE_MODEL_SPEC_VERSION, type GenerateChoice, type GenerateRequest } from './language-model.js';

/** One stored sample: the choice, and the request tokens charged when it was generated. */
export interface CachedSample {
  choice: GenerateChoice;
  tokensIn: number;
  estimated: boolean;
}

export interface CacheStats {
  hits: number;
  misses: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS samples (
  key TEXT NOT NULL,
  idx INTEGER NOT NULL,
  model TEXT NOT NULL,
  choice TEXT NOT NULL,
  tokens_in INTEGER NOT NULL,
  estimated INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (key, idx)
) WITHOUT ROWID;
`;

/**
 * A persistent, content-addressed store of model samples in SQLite. The key is a hash of
 * the model id and the whole request except `n`; each sample is stored under its index,
 * so a request for 8 samples reuses the 4 an earlier request made and generates 4 more.
 *
 * Concurrent writers (several processes on one file) are safe: WAL journaling, a busy
 * timeout instead of SQLITE_BUSY errors, and first-writer-wins inserts — a reader always
 * gets back what is stored, so two runs racing on one key still see the same samples.
 */
export class RequestCache {
  readonly stats: CacheStats = { hits: 0, misses: 0 };
  private readonly db: Database.Database;
  private readonly select: Database.Statement;
  private readonly insert: Database.Statement;

  constructor(readonly path: string, private readonly now: () => number = Date.now) {
    try {
      if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
      this.db = new Database(path);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('busy_timeout = 10000');
      this.db.pragma('synchronous = NORMAL');
      this.db.exec(SCHEMA);
    } catch (error) {
      throw new InputError(`cannot open the request cache at ${path}: ${(error as Error).message}`);
    }
    this.select = this.db.prepare('SELECT idx, choice, tokens_in, estimated FROM samples WHERE key = ? AND idx < ? ORDER BY idx');
    this.insert = this.db.prepare(
      'INSERT OR IGNORE INTO samples (key, idx, model, choice, tokens_in, estimated, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
  }

  /** The content address of a request (its `n` excluded). */
  key(modelId: string, request: GenerateRequest): string {
    const { n: _n, ...rest } = request;
    return createHash('sha256').update(canonicalJson({ spec: LANGUAGE_MODEL_SPEC_VERSION, model: modelId, request: rest })).digest('hex');
  }

  /** Samples 0..n-1 of `key`, undefined where none is stored. */
  read(key: string, n: number): Array<CachedSample | undefined> {
    const out = new Array<CachedSample | undefined>(n).fill(undefined);
    for (const row of this.select.all(key, n) as Array<{ idx: number; choice: string; tokens_in: number; estimated: number }>) {
      out[row.idx] = { choice: JSON.parse(row.choice) as GenerateChoice, tokensIn: row.tokens_in, estimated: row.estimated === 1 };
    }
    return out;
  }

  /** Stores samples at indices first, first+1, …; samples already stored are kept. */
  write(key: string, modelId: string, first: number, samples: readonly CachedSample[]): void {
    const at = this.now();
    const tx = this.db.transaction(() => {
      samples.forEach((s, i) => this.insert.run(key, first + i, modelId, JSON.stringify(s.choice), s.tokensIn, s.estimated ? 1 : 0, at));
    });
    tx.immediate();
  }

  /** Number of stored samples. */
  size(): number {
    return (this.db.prepare('SELECT COUNT(*) AS c FROM samples').get() as { c: number }).c;
  }

  close(): void {
    this.db.close();
  }
}

export function openRequestCache(path: string): RequestCache {
  return new RequestCache(path);
}
