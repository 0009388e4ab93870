import Database from 'better-sqlite3';

/** A set of SHA-256 digests (hex) kept on disk: `add` says whether the digest is new. */
export interface DigestSet {
  add(hexDigest: string): boolean;
}

/**
 * Scratch space for one export: an anonymous SQLite database, which SQLite keeps in a
 * temporary file once its page cache (16 MB here) is full and deletes when closed, so
 * de-duplication and trace grouping take bounded memory whatever the run's size. Writes
 * go in one transaction: nothing here needs to survive a crash.
 */
export class ScratchStore {
  readonly db: Database.Database;
  private sets = 0;

  constructor() {
    this.db = new Database('');
    this.db.pragma('cache_size = -16000');
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.pragma('temp_store = FILE');
    this.db.exec('BEGIN');
  }

  /** A new, empty set of digests. */
  digestSet(): DigestSet {
    const table = `digests_${this.sets++}`;
    this.db.exec(`CREATE TABLE ${table} (digest BLOB PRIMARY KEY) WITHOUT ROWID`);
    const insert = this.db.prepare(`INSERT OR IGNORE INTO ${table} (digest) VALUES (?)`);
    return { add: (hex) => insert.run(Buffer.from(hex, 'hex')).changes === 1 };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
