import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMathStandin } from '../../training-data/generate/test-support/math-standin.js';
import type { Standin } from '../../models/test-support/openai-standin-server.js';
import { runCliCaptured } from '../test-support/run-cli-captured.js';

let root: string;
let server: Standin;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'metacot-generate-'));
  server = await startMathStandin();
  const lines = [
    { uid: 'p1', question: 'What is 2 + 3?', answer: '5', level: 1 },
    { uid: 'p2', question: 'What is 10 + 20?', answer: '30', level: 1 },
    { uid: 'p3', question: 'What is 7 + 8?', answer: '#### 15', level: 2 },
  ];
  await writeFile(join(root, 'mine.jsonl'), lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
});
afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

describe('metacot generate', () => {
  it('searches a JSONL file into a run folder and traces.jsonl, and resumes', async () => {
    const out = join(root, 'run');
    const argv = ['generate', '--data', join(root, 'mine.jsonl'), '--id-field', 'uid', '--problem-field', 'question', '--model', 'openai:m', '--base-url', `${server.url}/v1`, '--search', 'bon-3', '--verifier', 'none', '--out', out, '--json'];
    const first = await runCliCaptured(argv);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout);
    // The search's own pick (all values equal) is right once; two trees hold a right answer
    // somewhere, and their traces are written with that branch as the winning path.
    expect(summary).toMatchObject({ task: 'mine', problems: 3, finished: 3, ran: 3, correct: 1, traces: 3, verifiedTraces: 2 });
    const traces = (await readFile(join(out, 'traces.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(traces.map((t) => t.id)).toEqual(['p1', 'p2', 'p3']);
    const t = traces.find((x) => x.verified);
    expect(t.format).toBe('meta-cot');
    expect(t.text).toContain('Solution:');
    expect(t.text).toMatch(new RegExp(`Answer: ${t.gold}\\n$`));
    expect(traces.find((x) => !x.verified).text).toMatch(/No solution found\.\n$/);
    // Segments tile the text and mark the verified branch.
    expect(t.segments[0].start).toBe(0);
    expect(t.segments[t.segments.length - 1].end).toBe(t.text.length);
    expect(t.segments.filter((s: { kind: string }) => s.kind === 'solution').every((s: { onWinningPath: boolean }) => s.onWinningPath)).toBe(true);

    const again = await runCliCaptured(argv);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ resumed: 3, ran: 0, traces: 3 });
    expect(await readFile(join(out, 'traces.jsonl'), 'utf8')).toBe(traces.map((x) => `${JSON.stringify(x)}\n`).join(''));
  });

  it('writes configurable phrasings and optimal-path traces', async () => {
    const out = join(root, 'run-phrases');
    const { code, stderr } = await runCliCaptured(['generate', '--data', join(root, 'mine.jsonl'), '--model', 'openai:m', '--base-url', `${server.url}/v1`, '--search', 'bon-3', '--verifier', 'none', '--out', out, '--phrase', 'textDeadEnd=Wait, that sum is wrong.', '--phrase', 'switchBranch=Alternatively,', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const traces = (await readFile(join(out, 'traces.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    const texts = traces.map((t: { text: string }) => t.text).join('\n----\n');
    expect(texts).toContain('Wait, that sum is wrong. Going back to');
    expect(texts).not.toContain('Wait, this does not lead');
  });

  it('reports the mean attempts by level for sequential revision', async () => {
    const out = join(root, 'run-revision');
    const { code, stdout, stderr } = await runCliCaptured(['generate', '--data', join(root, 'mine.jsonl'), '--model', 'openai:m', '--base-url', `${server.url}/v1`, '--search', 'revision-3', '--verifier', 'none', '--search-opt', 'threshold=0.6', '--out', out]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/level 1: 3\.00 attempts on average over 2 problems/);
    expect(stdout).toMatch(/level 2: 3\.00 attempts/);
  });

  it('rejects bad input with one line and exit 2', async () => {
    const none = await runCliCaptured(['generate', '--model', 'openai:m', '--search', 'bon-2']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/give --task NAME/);
    const phrase = await runCliCaptured(['generate', '--data', join(root, 'mine.jsonl'), '--model', 'openai:m', '--search', 'bon-2', '--phrase', 'nope=x']);
    expect(phrase.code).toBe(2);
    expect(phrase.stderr).toMatch(/--phrase 'nope=x' must look like key=text with key one of missed, deadEnd/);
  });
});
