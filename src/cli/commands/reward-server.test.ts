import { expect, it } from 'vitest';
import type { CliIo } from '../cli-io.js';
import { runCliCaptured } from '../test-support/run-cli-captured.js';
import { runRewardServer } from './reward-server.js';

it('serves the reward contract on a socket until stopped', async () => {
  let out = '';
  const io: CliIo = { stdout: (t) => void (out += t), stderr: () => {}, isTTY: false };
  const controller = new AbortController();
  const running = runRewardServer({ task: 'game24', host: '127.0.0.1', port: 0 as never, gamma: 1, lengthUnit: 'tokens', correctReward: 1, wrongReward: -1, prmProtocol: 'pooling', prmWeight: 0.5, apiKey: [], maxBatch: 16, quiet: true }, io, controller.signal);
  for (let i = 0; i < 100 && !out.includes('/get_reward'); i++) await new Promise((r) => setTimeout(r, 20));
  const url = /on (\S+\/get_reward)/.exec(out)![1]!;
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: ['4 9 10 13 -> \\boxed{(13-9)*(10-4)}', 'x \\boxed{4*9}'], labels: ['4 9 10 13', '4 9 10 13'] }) });
  expect(await res.json()).toMatchObject({ rewards: [1, -1] });
  controller.abort();
  await running;
});

it('rejects a discount above 1', async () => {
  const r = await runCliCaptured(['reward-server', '--gamma', '1.5']);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/--gamma must be a number in \[0, 1\]/);
});
