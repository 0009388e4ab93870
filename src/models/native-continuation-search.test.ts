import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createContext } from '../core/context.js';
import { beam } from '../search/beam.js';
import { createTextSearchSetup } from '../verifiers/llm/text-search-setup.js';
import { createLanguageModel } from './create-language-model.js';
import { jinjaChatTemplate } from './jinja-chat-template.js';
import { templateFromTokenizerConfig } from './load-chat-template.js';
import { recorded, route, routedFetch, type Route } from './test-support/replay-fetch.js';
import { startOllamaStandin, startVllmStandin, type ProtocolStandin } from './test-support/protocol-standins.js';

// A step-level search (beam over the text policy) against the recorded llama.cpp
// exchanges and against in-process stand-ins that speak vLLM's and Ollama's protocols:
// every partial answer must reach the model through the server's native continuation,
// and the prompts the model runs on are checked byte for byte against prompts written
// out by hand from the Qwen3 model card's format.

const TEMPLATES = join(dirname(fileURLToPath(import.meta.url)), 'test-support', 'chat-templates');
const QWEN3_CONFIG = join(TEMPLATES, 'qwen3-0.6b.tokenizer_config.json');
const qwen3 = templateFromTokenizerConfig(JSON.parse(readFileSync(QWEN3_CONFIG, 'utf8')), 'qwen3');

const QUESTION = 'Use 4 9 10 13 to make 24.';
const SYSTEM = 'Solve the problem step by step. Separate the steps with a blank line. Put the final answer within \\boxed{}.';
const STEP1 = '13 - 9 = 4';
const STEP2 = '(10 - 4) * 4 = 24, so \\boxed{(10 - 4) * (13 - 9)}';

/** The model: a first step, then the answer once the first step is in the prompt. */
const respond = (prompt: string) => (prompt.endsWith(`${STEP1}\n\n`) ? STEP2 : `${STEP1}\n\nmore`);

/** Qwen3's documented prompt for the question, and for the question with the first step continued. */
const QWEN3_ASK = `<|im_start|>system\n${SYSTEM}<|im_end|>\n<|im_start|>user\n${QUESTION}<|im_end|>\n<|im_start|>assistant\n`;
const QWEN3_CONTINUE = `<|im_start|>system\n${SYSTEM}<|im_end|>\n<|im_start|>user\n${QUESTION}<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n${STEP1}\n\n`;

async function search(model: Awaited<ReturnType<typeof createLanguageModel>>) {
  const { problem, policy, verifier } = createTextSearchSetup({ question: QUESTION, model, verifier: 'none', gold: '(10 - 4) * (13 - 9)' });
  const result = await beam.run(problem, policy, verifier, { breadth: 1, proposals: 2, maxDepth: 3 }, createContext({ seed: 7, now: () => 0 }));
  const answers = result.tree.nodes.filter((n) => n.flags.terminal).map((n) => n.flags.answer);
  return { result, answers };
}

const standins: ProtocolStandin[] = [];
afterEach(async () => {
  await Promise.all(standins.splice(0).map((s) => s.close()));
});

describe('a search continues partial answers natively', () => {
  it('llama.cpp (recorded exchanges): prefill, the echoed partial answer stripped', async () => {
    // Chat replies take the recorded chat_prefill response and put this model's text in it,
    // echoing the prefilled partial answer first as llama.cpp does.
    const template = JSON.parse(recorded('chat_prefill').body) as { choices: Array<Record<string, unknown>> };
    const chat: Route = (request) => {
      if (request.method !== 'POST' || !request.url.endsWith('/chat/completions')) return undefined;
      const messages = request.body.messages as Array<{ role: string; content: string }>;
      const last = messages[messages.length - 1]!;
      const prefill = last.role === 'assistant' ? last.content : '';
      const prompt = jinjaChatTemplate(llamaProps)(messages as never);
      const n = (request.body.n as number | undefined) ?? 1;
      const choices = Array.from({ length: n }, (_, index) => ({ ...template.choices[0], index, finish_reason: 'stop', message: { role: 'assistant', content: prefill + respond(prompt).split('\n\n')[0] } }));
      return { ...recorded('chat_prefill'), body: JSON.stringify({ ...template, choices }) };
    };
    const props = JSON.parse(recorded('props').body) as { chat_template: string; bos_token: string; eos_token: string };
    const llamaProps = { template: props.chat_template, bosToken: props.bos_token, eosToken: props.eos_token, origin: 'props' };
    const fetch = routedFetch([route('GET', '/v1/models', 'models'), route('GET', '/props', 'props'), chat]);
    const model = await createLanguageModel('openai:tiny', { baseUrl: 'http://llama.test:8080/v1', fetch, env: {} });
    const { answers } = await search(model);
    expect(answers).toContain('(10 - 4) * (13 - 9)');

    const posts = fetch.sent.filter((s) => s.method === 'POST');
    expect(posts.length).toBeGreaterThanOrEqual(2);
    for (const post of posts) {
      expect(post.body.continue_final_message).toBeUndefined();
      expect(post.body.n).toBe(2); // the server's two slots
    }
    const continued = posts.filter((p) => (p.body.messages as unknown[]).length === 3);
    expect(continued.length).toBeGreaterThan(0);
    expect(continued[0]!.body.messages).toEqual([{ role: 'system', content: SYSTEM }, { role: 'user', content: QUESTION }, { role: 'assistant', content: `${STEP1}\n\n` }]);
    // What llama.cpp's ChatML template (from /props) makes of it, written out by hand:
    expect(jinjaChatTemplate(llamaProps)(continued[0]!.body.messages as never)).toBe(`<|im_start|>system\n${SYSTEM}<|im_end|>\n<|im_start|>user\n${QUESTION}<|im_end|>\n<|im_start|>assistant\n${STEP1}\n\n`);
    expect(await model.describeServing!()).toMatchObject({ replicas: [{ kind: 'llama.cpp', continuation: 'prefill', slots: 2 }] });
  });

  it('vLLM (stand-in): continue_final_message, prompts byte for byte', async () => {
    const server = await startVllmStandin({ model: 'Qwen/Qwen3-0.6B', chatTemplate: qwen3, respond });
    standins.push(server);
    const model = await createLanguageModel('openai:Qwen/Qwen3-0.6B', { baseUrl: server.url, env: {} });
    const { answers } = await search(model);
    expect(answers).toContain('(10 - 4) * (13 - 9)');
    expect([...new Set(server.prompts.map((p) => p.prompt))]).toEqual([QWEN3_ASK, QWEN3_CONTINUE]);
    const continued = server.bodies.filter((b) => (b.body.messages as unknown[]).length === 3);
    expect(continued.length).toBeGreaterThan(0);
    expect(continued.every((b) => b.body.continue_final_message === true && b.body.add_generation_prompt === false)).toBe(true);
    expect(await model.describeServing!()).toMatchObject({ replicas: [{ kind: 'vllm', continuation: 'continue-final-message' }] });
  });

  it('Ollama (stand-in): raw /api/generate with the model template, prompts byte for byte', async () => {
    const server = await startOllamaStandin({ model: 'qwen3:0.6b', chatTemplate: qwen3, respond });
    standins.push(server);
    const model = await createLanguageModel('openai:qwen3:0.6b', { baseUrl: server.url, env: {}, chatTemplate: QWEN3_CONFIG });
    const { answers } = await search(model);
    expect(answers).toContain('(10 - 4) * (13 - 9)');
    expect([...new Set(server.prompts.map((p) => `${p.route} ${p.prompt}`))]).toEqual([`/v1/chat/completions ${QWEN3_ASK}`, `/api/generate ${QWEN3_CONTINUE}`]);
    expect(server.bodies.filter((b) => b.route === '/api/generate').every((b) => b.body.raw === true && b.body.stream === false)).toBe(true);
    expect(await model.describeServing!()).toMatchObject({ replicas: [{ kind: 'ollama', continuation: 'ollama-raw', chatTemplate: `file:${QWEN3_CONFIG}` }] });
  });
});
