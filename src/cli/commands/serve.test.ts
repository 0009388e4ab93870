import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../core/random.js';
import { saveCheckpoint } from '../../embedded/model/checkpoint.js';
import { fitTokenizer } from '../../embedded/model/tokenizer.js';
import { initParams } from '../../embedded/model/transformer.js';
import { runServe, type ServeOptions } from '../../server/run-serve.js';
import { startStandInUpstream } from '../../server/test-support/stand-in-upstream.js';
import { runCliCaptured } from '../test-support/run-cli-captured.js';

const root = await mkdtemp(join(tmpdir(), 'metacot-serve-'));
afterAll(() => rm(root, { recursive: true, force: true }));

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const { code, stdout, stderr } = await runCliCaptured(argv);
  return { code, out: stdout, err: stderr };
}

const base: ServeOptions = {
  host: '127.0.0.1', port: 0, strategy: 'astar', apiKeys: [], maxConcurrency: 4, maxBodyBytes: 65536,
  caps: { maxPolicyCalls: 512, timeoutMs: 30_000 }, corsOrigins: [], storeAll: false, quiet: true,
  // Symbolic whatever weights are shipped, so these tests do not depend on a trained model.
  offlinePolicy: 'symbolic',
};

describe('metacot serve', () => {
  it('serves offline on loopback, says authentication is off, and stores searches when asked', async () => {
    let out = '';
    const store = join(root, 'served');
    const server = await runServe({ ...base, store }, { stdout: (t) => void (out += t), stderr: () => {} });
    try {
      expect(out).toContain(`${server.url}/v1`);
      expect(out).toContain('authentication is OFF');
      expect(out).toContain('no upstream');
      const response = await fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'metacot', messages: [{ role: 'user', content: 'Use 4 9 10 13 to make 24' }], metacot: { store: true } }),
      });
      const body = (await response.json()) as { id: string; metacot: { stored: string; tree_id: string } };
      expect(body.metacot.stored).toBe(`trees/${body.id}.json`);
      const tree = JSON.parse(await readFile(join(store, body.metacot.stored), 'utf8')) as { id: string; schema: string };
      expect(tree).toMatchObject({ schema: 'metacot/tree', id: body.metacot.tree_id });
      const line = JSON.parse((await readFile(join(store, 'served.jsonl'), 'utf8')).trim()) as Record<string, unknown>;
      expect(line).toMatchObject({ id: body.id, spec: 'astar', verified: true, tree: body.metacot.stored });
      expect(String(line.reasoning)).toContain('Solution:');
    } finally {
      await server.close();
    }
  });

  it('requires a key off loopback and never prints it', async () => {
    const refused = await cli('serve', '--host', '0.0.0.0', '--port', '0');
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/without authentication: set --api-key or METACOT_API_KEY/);
    let out = '';
    const server = await runServe({ ...base, apiKeys: ['very-secret-key'] }, { stdout: (t) => void (out += t), stderr: () => {} });
    try {
      expect(out).toContain('bearer key required');
      expect(out).not.toContain('very-secret-key');
      expect((await fetch(`${server.url}/v1/models`)).status).toBe(401);
      expect((await fetch(`${server.url}/v1/models`, { headers: { authorization: 'Bearer very-secret-key' } })).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('replays a served search from the request cache without calling the upstream again', async () => {
    // The upstream is a stand-in (test-support), answering every step with the same text.
    const upstream = await startStandInUpstream({ reply: (_body, i) => `Step ${i}. The answer is \\boxed{7}.` });
    const server = await runServe({ ...base, upstream: upstream.baseURL, cache: join(root, 'cache.sqlite'), verifier: 'none' }, { stdout: () => {}, stderr: () => {} });
    try {
      const ask = async () => {
        const response = await fetch(`${server.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'bon-3:stand-in', seed: 5, messages: [{ role: 'user', content: 'What is 3 + 4?' }] }),
        });
        return (await response.json()) as { choices: Array<{ message: { content: string; reasoning_content: string } }> };
      };
      const first = await ask();
      const calls = upstream.requests.length;
      expect(calls).toBeGreaterThan(0);
      const second = await ask();
      expect(upstream.requests.length).toBe(calls);
      expect(second.choices[0]!.message).toEqual(first.choices[0]!.message);
      expect(first.choices[0]!.message.content).toContain('\\boxed{7}');
    } finally {
      await server.close();
      await upstream.close();
    }
  });

  it('serves Game of 24 offline with an embedded model when told to', async () => {
    // An untrained micro model: the wiring is under test here, not the model's skill.
    const tokenizer = fitTokenizer(['Use 4 9 10 13 to make 24.\n13 - 9 = 4 (left: 4 4 10) value 1\nback\n0123456789+-*/='], 1);
    const config = { vocabSize: tokenizer.size, dim: 16, layers: 1, heads: 2, context: 96, ffMult: 2 };
    const file = join(root, 'micro.mct');
    saveCheckpoint(file, { config, vocab: [...tokenizer.vocab], params: initParams(config, createRandom('micro')), meta: {} });
    let out = '';
    const server = await runServe({ ...base, offlinePolicy: 'embedded', embeddedModel: file }, { stdout: (t) => void (out += t), stderr: () => {} });
    try {
      expect(out).toContain('offline puzzles: the embedded model embedded:micro where it fits, else the symbolic policy');
      const response = await fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'bon-2', messages: [{ role: 'user', content: 'Use 4 9 10 13 to make 24' }] }),
      });
      const body = (await response.json()) as { metacot: { policy: string; policy_calls: number } };
      expect(response.status).toBe(200);
      expect(body.metacot.policy).toBe('embedded:micro');
      expect(body.metacot.policy_calls).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
    const missing = await cli('serve', '--offline', 'embedded', '--embedded-model', join(root, 'nope.mct'));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/--embedded-model: no embedded model/);
  });

  it('exits 2 naming a bad flag', async () => {
    expect(await cli('serve', '--strategy', 'bogus')).toMatchObject({ code: 2, err: expect.stringMatching(/--strategy: unknown search 'bogus'/) });
    expect(await cli('serve', '--upstream', 'not a url')).toMatchObject({ code: 2, err: expect.stringMatching(/--upstream .* is not a URL/) });
    expect((await cli('serve', '--port', 'x')).code).toBe(2);
    const help = await cli('serve', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('--upstream <url>');
  });
});

describe('metacot serve offline with the shipped embedded model (the default)', () => {
  it('answers every solvable puzzle whatever the search, and says when there is none', async () => {
    const server = await runServe({ ...base, strategy: 'adaptive', offlinePolicy: 'auto' }, { stdout: () => {}, stderr: () => {} });
    const ask = async (model: string, content: string) => {
      const response = await fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model, messages: [{ role: 'user', content }] }),
      });
      expect(response.status).toBe(200);
      return (await response.json()) as { choices: Array<{ message: { content: string } }>; metacot: { policy: string; verified: boolean; search: string } };
    };
    try {
      // Puzzles the model's greedy search fails on, each with the search that used to miss it.
      for (const [model, puzzle] of [['bon-8', '3 3 8 8'], ['astar', '1 4 5 6'], ['metacot', '1 4 5 6'], ['mcts-64', '1 3 4 6']] as const) {
        const body = await ask(model, `Use ${puzzle} to make 24`);
        expect(body.metacot).toMatchObject({ policy: 'embedded:game24-rl', verified: true });
        expect(body.choices[0]!.message.content).toMatch(/^Answer: .+ = 24$/m);
      }
      const none = await ask('metacot', 'Use 1 1 1 1 to make 24');
      expect(none.metacot).toMatchObject({ search: 'adaptive', verified: false });
      expect(none.choices[0]!.message.content).toBe('There is no way to make 24 from 1 1 1 1: the search tried every legal step.');
      // Another target: the Countdown model, trained for it, answers (its whole-number answer holds here too).
      const countdown = await ask('metacot', 'Use 3 7 11 25 to make 97');
      expect(countdown.metacot).toMatchObject({ policy: 'embedded:countdown-rl', verified: true });
      // A target no model was trained for: the symbolic policy answers.
      const other = await ask('metacot', 'Use 3 7 11 25 to make 5');
      expect(other.metacot).toMatchObject({ policy: 'symbolic', verified: true });
    } finally {
      await server.close();
    }
  });
});
