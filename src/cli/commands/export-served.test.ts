import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trlSftSchema } from '../../training-data/exports/schemas.js';
import { createServerApp } from '../../server/create-server-app.js';
import { createDefaultReasoner } from '../../server/default-reasoner.js';
import { registryCatalog } from '../../server/search-catalog.js';
import { createSearchStore } from '../../server/search-store.js';
import { runCliCaptured } from '../test-support/run-cli-captured.js';

const root = await mkdtemp(join(tmpdir(), 'metacot-export-served-'));
afterAll(() => rm(root, { recursive: true, force: true }));

describe('metacot export --run <serve --store folder>', () => {
  it('turns searches the server stored into an SFT set', async () => {
    const store = join(root, 'served');
    const { app } = createServerApp({ catalog: registryCatalog(), reasoner: createDefaultReasoner(), store: createSearchStore(store), storeByDefault: true });
    for (const numbers of ['4 9 10 13', '1 1 1 1']) {
      const response = await app.request('/v1/chat/completions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'metacot', messages: [{ role: 'user', content: `Use ${numbers} to make 24` }] }),
      });
      expect(response.status).toBe(200);
    }
    const out = join(root, 'sft');
    const result = await runCliCaptured(['export', 'sft', '--run', store, '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const rows = (await readFile(join(out, 'train.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(rows).toHaveLength(1); // the unsolvable 1 1 1 1 is not a verified search
    expect(trlSftSchema.safeParse(rows[0]).success).toBe(true);
    expect(rows[0].messages.at(-1).content).toContain('Solution:');
  });
});
