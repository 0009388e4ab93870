import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportDataset } from '../training-data/exports/export-dataset.js';
import { createServerApp } from './create-server-app.js';
import { createDefaultReasoner } from './default-reasoner.js';
import { readServedSearches } from './read-served.js';
import { registryCatalog } from './search-catalog.js';
import { createSearchStore } from './search-store.js';

const root = await mkdtemp(join(tmpdir(), 'metacot-served-'));
afterAll(() => rm(root, { recursive: true, force: true }));

describe('served searches as training data', () => {
  it('stores every served search and exports them as an SFT set', async () => {
    const dir = join(root, 'served');
    let n = 0;
    const { app } = createServerApp({
      catalog: registryCatalog(), reasoner: createDefaultReasoner(), store: createSearchStore(dir), storeByDefault: true, newId: () => `r${n++}`,
    });
    for (const numbers of ['4 9 10 13', '1 1 4 6', '1 1 1 1']) {
      const response = await app.request('/v1/chat/completions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'metacot', stream: numbers === '1 1 4 6', messages: [{ role: 'user', content: `Use ${numbers} to make 24` }] }),
      });
      await response.text();
    }
    const source = await readServedSearches(dir);
    expect(source.records.map((r) => r.id)).toEqual(['chatcmpl-r0', 'chatcmpl-r1', 'chatcmpl-r2']);
    expect(source.records.map((r) => r.correct)).toEqual([true, true, false]); // 1 1 1 1 cannot make 24
    expect(source.trees.get('chatcmpl-r1')!.problem.input).toMatchObject({ numbers: [1, 1, 4, 6], target: 24 });
    expect(source.lines[1]!.reasoning).toContain('Solution:');
    const out = join(root, 'sft');
    const result = await exportDataset([source], { kind: 'sft', out });
    expect(result.lines).toBe(2); // SFT keeps verified searches only
    const first = JSON.parse((await readFile(result.file, 'utf8')).split('\n')[0]!) as { messages: Array<{ role: string; content: string }> };
    expect(first.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(first.messages[1]!.content).toContain('Solution:');
  });

  it('names a folder without served searches', async () => {
    await expect(readServedSearches(join(root, 'nothing'))).rejects.toThrow(/holds no served searches/);
  });
});
