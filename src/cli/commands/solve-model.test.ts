import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../../models/test-support/openai-standin-server.js';
import { runCliCaptured } from '../test-support/run-cli-captured.js';

// The OpenAI-compatible server here is an in-process stand-in (no real model can run in
// tests): it answers judge questions "Yes" and otherwise writes a two-step solution.
describe('metacot solve --model openai:NAME', () => {
  let server: Standin;
  beforeAll(async () => {
    server = await startStandin({
      respond: (body) => {
        const text = JSON.stringify(body.messages ?? body.prompt ?? '');
        if (/Yes or No|yes or no|Answer Yes|\(Yes\/No\)/i.test(text)) return 'Yes';
        return /First, 2 \+ 2/.test(text) ? 'So the answer is \\boxed{4}.' : 'First, 2 + 2 = 4.\n\n';
      },
    });
  });
  afterAll(() => server.close());

  it('answers a free-text question by search through the model, with the trace and usage', async () => {
    const { code, stdout, stderr } = await runCliCaptured([
      'solve', 'What is 2 + 2?', '--model', 'openai:standin', '--base-url', server.url, '--search', 'beam-2x2', '--json',
    ]);
    expect(stderr).toBe('');
    const out = JSON.parse(stdout);
    expect(out.model).toMatch(/standin/);
    expect(out.answer).toBe('4');
    expect(out.usage.policyCalls).toBeGreaterThan(0);
    expect(out.usage.tokensOut).toBeGreaterThan(0);
    expect(out.trace).toContain('First, 2 + 2 = 4.');
    // No gold answer was given, so nothing can verify it: reported as unverified (exit 1).
    expect(out.verified).toBe(false);
    expect(code).toBe(1);
  });

  it('names the endpoint in a one-line error when the server is unreachable', async () => {
    const { code, stderr } = await runCliCaptured(['solve', 'What is 2 + 2?', '--model', 'openai:none', '--base-url', 'http://127.0.0.1:9/v1']);
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/openai:none at http:\/\/127\.0\.0\.1:9\/v1/);
  });

  it('rejects a model without a provider prefix, listing the valid forms', async () => {
    const { code, stderr } = await runCliCaptured(['solve', '4 9 10 13', '--model', 'gpt']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown --model 'gpt'; valid: symbolic, embedded\[:NAME\], openai:NAME/);
  });
});
