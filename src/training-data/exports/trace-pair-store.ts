import type { TraceExample } from '../generate/trace-example.js';
import type { ScratchStore } from './scratch-store.js';

/** What a whole-trace pair needs of an example. */
export type TraceSide = Pick<TraceExample, 'id' | 'verified' | 'prompt' | 'text' | 'treeId'>;

/**
 * Collects the examples of whole-trace pairs on disk, grouped by problem across all
 * sources: per problem, the first `limit` verified and the first `limit` failed traces
 * (`tracePairs` never uses more: with at most `limit` pairs, pair k takes verified trace
 * k mod G and failed trace ⌊k / G⌋ mod B, both below `limit`), in problems' order of
 * first appearance.
 */
export class TracePairStore {
  private readonly insertProblem;
  private readonly problem;
  private readonly count;
  private readonly insertTrace;
  private readonly page;
  private readonly traces;

  constructor(store: ScratchStore, private readonly limit: number) {
    const db = store.db;
    db.exec(`CREATE TABLE trace_problems (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, good INTEGER NOT NULL, bad INTEGER NOT NULL);
      CREATE TABLE trace_sides (id TEXT NOT NULL, verified INTEGER NOT NULL, k INTEGER NOT NULL, prompt TEXT NOT NULL, text TEXT NOT NULL, tree TEXT NOT NULL, PRIMARY KEY (id, verified, k));`);
    this.insertProblem = db.prepare('INSERT INTO trace_problems (id, good, bad) VALUES (?, 0, 0)');
    this.problem = db.prepare<[string], { good: number; bad: number }>('SELECT good, bad FROM trace_problems WHERE id = ?');
    this.count = { good: db.prepare('UPDATE trace_problems SET good = good + 1 WHERE id = ?'), bad: db.prepare('UPDATE trace_problems SET bad = bad + 1 WHERE id = ?') };
    this.insertTrace = db.prepare('INSERT INTO trace_sides (id, verified, k, prompt, text, tree) VALUES (?, ?, ?, ?, ?, ?)');
    this.page = db.prepare<[number], { seq: number; id: string }>('SELECT seq, id FROM trace_problems WHERE seq > ? ORDER BY seq LIMIT 256');
    this.traces = db.prepare<[string], { verified: number; prompt: string; text: string; tree: string }>('SELECT verified, prompt, text, tree FROM trace_sides WHERE id = ? ORDER BY verified DESC, k');
  }

  add(e: TraceSide): void {
    let row = this.problem.get(e.id);
    if (!row) {
      this.insertProblem.run(e.id);
      row = { good: 0, bad: 0 };
    }
    const k = e.verified ? row.good : row.bad;
    if (k < this.limit) this.insertTrace.run(e.id, e.verified ? 1 : 0, k, e.prompt, e.text, e.treeId);
    (e.verified ? this.count.good : this.count.bad).run(e.id);
  }

  /** Per problem, in order of first appearance: its kept traces, verified ones first, each kind in input order. */
  *groups(): Generator<TraceSide[]> {
    for (let after = 0; ; ) {
      const rows = this.page.all(after);
      if (rows.length === 0) return;
      for (const { seq, id } of rows) {
        after = seq;
        yield this.traces.all(id).map((t) => ({ id, verified: t.verified === 1, prompt: t.prompt, text: t.text, treeId: t.tree }));
      }
    }
  }
}
