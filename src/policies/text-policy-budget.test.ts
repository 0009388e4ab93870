import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createContext } from '../core/context.js';
import { createGgufModel } from '../models/gguf-model.js';
import type { GenerateRequest, LanguageModel } from '../models/language-model.js';
import { createMockModel } from '../models/mock-model.js';
import { writeTinyGguf } from '../models/test-support/tiny-gguf.js';
import { createTextPolicy } from './text-policy.js';
import type { TextState } from './text-state.js';

/**
 * A token budget bounds every model call a text policy makes, whatever the provider: a
 * greedy chain of proposals (each charged as a search charges it) never asks for more
 * than the budget has left, and the calls stop when it is spent. The providers here run
 * in-process: a mock, and node-llama-cpp on a tiny random-weight GGUF written by the test
 * (the OpenAI-compatible provider is covered by the server's tests, against a stand-in).
 */
async function greedyWithin(model: LanguageModel, asked: GenerateRequest[], budget: number, format: 'chat' | 'text' = 'chat'): Promise<number> {
  const policy = createTextPolicy({ model, maxStepTokens: 512, maxSteps: 50, format });
  const ctx = createContext({ seed: 1, budget: { maxTokens: budget } });
  let state: TextState = { question: 'What is 2 + 2?', steps: [], done: false };
  for (let k = 0; k < 50 && ctx.budget.stopReason() === null; k++) {
    const left = ctx.budget.tokensLeft();
    const before = asked.length;
    const steps = await policy.propose(state, 1, ctx);
    for (const request of asked.slice(before)) expect(request.maxTokens! * (request.n ?? 1)).toBeLessThanOrEqual(left);
    if (steps.length === 0) break;
    ctx.budget.charge(steps[0]!.cost ?? {});
    state = steps[0]!.state;
  }
  return ctx.budget.spent.tokensOut;
}

describe('text policy under a token budget', () => {
  it('asks a mock model for at most what is left, and stops at the budget', async () => {
    const model = createMockModel({ respond: (request) => ({ text: 'word '.repeat(request.maxTokens ?? 0), finishReason: 'length', tokens: request.maxTokens! }) });
    const spent = await greedyWithin(model, model.calls, 20);
    expect(spent).toBe(20);
    expect(model.calls[0]!.maxTokens).toBe(20);
  });

  it('bounds a local GGUF model the same way (it once asked for 512 tokens a step)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'metacot-gguf-budget-'));
    const path = join(dir, 'tiny.gguf');
    writeTinyGguf(path);
    const gguf = await createGgufModel({ path, ignoreEos: true, contextSize: 256, threads: 1 });
    try {
      const asked: GenerateRequest[] = [];
      const recording: LanguageModel = { specificationVersion: gguf.specificationVersion, id: gguf.id, generate: (request, signal) => (asked.push(request), gguf.generate(request, signal)) };
      const started = performance.now();
      // A raw prompt: the random-weight test model has no chat template.
      const spent = await greedyWithin(recording, asked, 20, 'text');
      expect(spent).toBeLessThanOrEqual(20);
      expect(asked.length).toBeGreaterThan(0);
      expect(performance.now() - started).toBeLessThan(30_000);
    } finally {
      await gguf.dispose();
    }
  }, 60_000);
});
