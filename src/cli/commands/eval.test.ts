import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRun } from '../../eval/read-run.js';
import { comparable } from '../../eval/test-support/arithmetic-run.js';
import { runCliCaptured } from '../test-support/run-cli-captured.js';

const root = await mkdtemp(join(tmpdir(), 'metacot-eval-cli-'));
afterAll(() => rm(root, { recursive: true, force: true }));

const EVAL = ['eval', '--task', 'game24', '--model', 'symbolic', '--search', 'best-first', '--limit', '4'];

describe('metacot eval / score / merge / report', () => {
  it('runs Game of 24 with the symbolic policy end to end, then scores it', async () => {
    const dir = join(root, 'bf');
    const run = await runCliCaptured([...EVAL, '--out', dir, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ task: 'game24', search: 'best-first', model: 'symbolic', problems: 4, finished: 4, ran: 4, accuracy: 1 });
    const folder = await readRun(dir, { trees: true });
    expect(folder.config.command).toContain('--limit');
    expect(folder.records.map((r) => r.id)).toEqual(['game24:901', 'game24:902', 'game24:903', 'game24:904']);
    expect(folder.trees.size).toBe(4);

    const again = await runCliCaptured([...EVAL, '--out', dir, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ resumed: 4, ran: 0 });

    const score = await runCliCaptured(['score', dir, '--json']);
    expect(score.code).toBe(0);
    const report = JSON.parse(score.stdout);
    expect(report).toMatchObject({ problems: 4, accuracy: 1 });
    expect(Object.keys(report['pass@k'])[0]).toBe('1');
    const text = await runCliCaptured(['score', dir]);
    expect(text.stdout).toMatch(/accuracy: 100\.0%/);
  });

  it('reports the attempts sequential revision needed, by level', async () => {
    const dir = join(root, 'revision');
    const run = await runCliCaptured(['eval', '--task', 'game24', '--model', 'random-rollout', '--search', 'revision-3', '--limit', '3', '--out', dir, '--json']);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary.attempts_by_level).toHaveLength(1);
    const [row] = summary.attempts_by_level;
    expect(row).toMatchObject({ level: 'all', problems: 3 });
    expect(row.meanAttempts).toBeGreaterThanOrEqual(1);
    expect(row.meanAttempts).toBeLessThanOrEqual(3);
  });

  it('merges --shard i/n folders into the unsharded run', async () => {
    const shards: string[] = [];
    for (let i = 0; i < 2; i++) {
      const dir = join(root, `shard-${i}`);
      const out = await runCliCaptured([...EVAL, '--shard', `${i}/2`, '--out', dir]);
      expect(out.code, out.stderr).toBe(0);
      shards.push(dir);
    }
    const merged = join(root, 'merged');
    const m = await runCliCaptured(['merge', ...shards, '--out', merged]);
    expect(m.stdout).toMatch(/4\/4 problems, 4 correct/);
    expect(comparable((await readRun(merged)).records)).toEqual(comparable((await readRun(join(root, 'bf'))).records));
  });

  it('writes an offline HTML report with SVG charts and a markdown summary', async () => {
    const beam = join(root, 'beam');
    expect((await runCliCaptured(['eval', '--task', 'game24', '--model', 'symbolic', '--search', 'beam-3x3', '--limit', '4', '--out', beam])).code).toBe(0);
    const out = join(root, 'report');
    const r = await runCliCaptured(['report', join(root, 'bf'), beam, '--out', out, '--bootstrap', '50']);
    expect(r.code, r.stderr).toBe(0);
    const html = await readFile(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    expect(html).toContain('Accuracy vs compute');
    const md = await readFile(join(out, 'report.md'), 'utf8');
    expect(md).toMatch(/\| bf \| game24 \| best-first \| symbolic \| 4 \| 100\.0% \|/);
    expect(md).toContain('![Accuracy vs compute](charts/accuracy-vs-compute.svg)');
    expect((await readdir(join(out, 'charts'))).every((f) => f.endsWith('.svg'))).toBe(true);
  });
});

describe('metacot score --samples', () => {
  it('scores Game of 24 samples, counting differently written valid expressions as one answer', async () => {
    const file = join(root, 'g24.jsonl');
    const lines = [
      { id: 'a', input: [4, 9, 10, 13], completions: ['(13 - 9) * (10 - 4) = 24', 'Answer: (10-4)*(13-9)', '4 + 9 + 10 + 13', '4+9+10+13 = 36', '13 + 10 + 9 + 4'], scores: [0.9, 0.8, 0.1, 0.2, 0.99] },
      { id: 'b', input: '1 1 4 6', completions: ['\\boxed{(1 + 1) * ... }', '6 * 4 * 1 * 1', '4 * 6 / (1 * 1)'], scores: [0.5, 0.6, 0.7] },
    ];
    await writeFile(file, lines.map((l) => JSON.stringify(l)).join('\n'));
    const r = await runCliCaptured(['score', '--task', 'game24', '--samples', file, '--json', '--bootstrap', '100']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.problems).toBe(2);
    expect(out.mean_accuracy).toBeCloseTo(4 / 8, 12);
    expect(out['pass@k']['1']).toBeCloseTo((2 / 5 + 2 / 3) / 2, 12);
    // a: the two valid expressions form one cluster (2 votes); the wrong sums split 1 + 2
    // ("4 + 9 + 10 + 13" and "4+9+10+13" are the same expression; "13 + 10 + 9 + 4" is not):
    // all five -> a 2-2 tie, half credit. b: two valid against one malformed -> right.
    expect(out['maj@k']['5']).toBeCloseTo((0.5 + 1) / 2, 12);
    expect(out['bon@k']['5']).toBeCloseTo((0 + 1) / 2, 12);
    expect(out['weighted_bon@k']['5']).toBeCloseTo((1 + 1) / 2, 12);
    expect(Object.keys(out['pass@k'])).toEqual(['1', '2', '4', '5']);
  });

  it.each([
    ['missing completions', '{"id": "a", "input": [1, 2, 3, 4]}', /bad\.jsonl:2: missing field 'completions'/],
    ['missing input', '{"id": "a", "completions": []}', /bad\.jsonl:2: missing field 'input'/],
    ['malformed JSON', '{"id": "a", "input": [1,2', /bad\.jsonl:2: malformed JSON/],
    ['bad numbers', '{"id": "a", "input": [4, "x"], "completions": ["1"]}', /bad\.jsonl:2: 'x' is not a number/],
    ['scores of the wrong length', '{"id": "a", "input": [1, 2, 3, 4], "completions": ["1"], "scores": [1, 2]}', /bad\.jsonl:2: field 'scores' has 2 entries for 1 completions/],
  ])('names the file and line of %s', async (_, line, message) => {
    const file = join(root, 'bad.jsonl');
    await writeFile(file, `{"id": "ok", "input": [4, 9, 10, 13], "completions": ["(13-9)*(10-4)"]}\n${line}\n`);
    const r = await runCliCaptured(['score', '--task', 'game24', '--samples', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('rejects an unknown task, listing the valid ones', async () => {
    const r = await runCliCaptured(['score', '--task', 'chess', '--samples', join(root, 'g24.jsonl')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown --task 'chess'; valid: game24, countdown, math500/);
    const e = await runCliCaptured([...EVAL.slice(0, 2), 'chess', ...EVAL.slice(3), '--out', join(root, 'x')]);
    expect(e.code).toBe(2);
    expect(e.stderr).toMatch(/unknown --task 'chess'/);
  });

  it('rejects bad eval flags with one line naming the flag', async () => {
    const cases: [string[], RegExp][] = [
      [['--shard', '2/2'], /--shard 2\/2: need 0 ≤ i < n/],
      [['--search', 'bogus'], /unknown search 'bogus'/],
      [['--model', 'gpt'], /--model 'gpt' cannot play game24 here/],
      [['--max-tokens', '-1'], /--max-tokens must be an integer in \[0, 1e12\]/],
    ];
    for (const [flags, message] of cases) {
      const args = [...EVAL];
      for (let i = 0; i < flags.length; i += 2) {
        const at = args.indexOf(flags[i]!);
        if (at >= 0) args.splice(at, 2);
        args.push(flags[i]!, flags[i + 1]!);
      }
      const r = await runCliCaptured([...args, '--out', join(root, 'never')]);
      expect(r.code, flags.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    const other = await runCliCaptured([...EVAL, '--out', join(root, 'bf'), '--seed', '9']);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/holds a run with different settings \(seed: was "0", now "9"\)/);
  });
});
