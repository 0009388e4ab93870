import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticTree } from '../../viewer/test-support/synthetic-tree.js';
import { runCliCaptured } from '../test-support/run-cli-captured.js';

const root = await mkdtemp(join(tmpdir(), 'metacot-view-'));
afterAll(() => rm(root, { recursive: true, force: true }));

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const { code, stdout, stderr } = await runCliCaptured(argv);
  return { code, out: stdout, err: stderr };
}

describe('metacot view', () => {
  const tree = syntheticTree({ nodes: 25, seed: 9 });
  const file = join(root, 'tree.json');

  it('writes a self-contained page with --out', async () => {
    await writeFile(file, JSON.stringify(tree));
    const out = join(root, 'view.html');
    const result = await cli('view', file, '--out', out, '--problem', tree.problem.id);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toMatch(/^wrote .*view\.html \(1 problem, \d+ KiB\)/);
    const html = await readFile(out, 'utf8');
    expect(html).toContain("connect-src 'none'");
    expect(html).toContain('id="metacot-tree-0"');
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)=/);
  }, 30_000);

  it('exits 2 with one line naming the bad input', async () => {
    expect(await cli('view', join(root, 'missing.json'))).toMatchObject({ code: 2, err: expect.stringMatching(/missing\.json does not exist/) });
    const unknown = await cli('view', file, '--problem', 'nope', '--out', join(root, 'x.html'));
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/--problem 'nope' is not in/);
    expect((await cli('view', file, '--port', 'abc')).code).toBe(2);
  });
});
