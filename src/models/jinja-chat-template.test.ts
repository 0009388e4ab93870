import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.js';
import { jinjaChatTemplate } from './jinja-chat-template.js';
import type { ChatMessage } from './language-model.js';
import { loadChatTemplate, templateFromText } from './load-chat-template.js';

// Real templates (test-support/chat-templates, with their licences) rendered by
// @huggingface/jinja, against prompts written out by hand from each model card's
// documented format — not produced by any template engine.

const DIR = join(dirname(fileURLToPath(import.meta.url)), 'test-support', 'chat-templates');
const fixture = (name: string) => join(DIR, `${name}.tokenizer_config.json`);

const system: ChatMessage = { role: 'system', content: 'You solve puzzles.' };
const user: ChatMessage = { role: 'user', content: 'Use 4 9 10 13 to make 24.' };
const partial: ChatMessage = { role: 'assistant', content: '13 - 9 = 4 (left: 4 4 10)\n\n' };
const turn2: ChatMessage[] = [user, { role: 'assistant', content: '(10 - 4) * (13 - 9) = 24' }, { role: 'user', content: 'Another way?' }];

interface Reference {
  /** system + user, generation prompt added. */
  ask: string;
  /** user + a partial assistant answer left open. */
  continue: string;
  /** user, assistant, user. */
  multiTurn: string;
  withSystem?: boolean;
}

const REFERENCES: Record<string, Reference> = {
  // Qwen3 model card: ChatML; the turn after the last query opens with an empty think block when continued.
  'qwen3-0.6b': {
    ask: '<|im_start|>system\nYou solve puzzles.<|im_end|>\n<|im_start|>user\nUse 4 9 10 13 to make 24.<|im_end|>\n<|im_start|>assistant\n',
    continue: '<|im_start|>user\nUse 4 9 10 13 to make 24.<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n13 - 9 = 4 (left: 4 4 10)\n\n',
    multiTurn: '<|im_start|>user\nUse 4 9 10 13 to make 24.<|im_end|>\n<|im_start|>assistant\n(10 - 4) * (13 - 9) = 24<|im_end|>\n<|im_start|>user\nAnother way?<|im_end|>\n<|im_start|>assistant\n',
  },
  // Mistral Nemo: <s>[INST]...[/INST]answer</s>; the system prompt goes before the last user message.
  'mistral-nemo-instruct-2407': {
    ask: '<s>[INST]You solve puzzles.\n\nUse 4 9 10 13 to make 24.[/INST]',
    continue: '<s>[INST]Use 4 9 10 13 to make 24.[/INST]13 - 9 = 4 (left: 4 4 10)\n\n',
    multiTurn: '<s>[INST]Use 4 9 10 13 to make 24.[/INST](10 - 4) * (13 - 9) = 24</s>[INST]Another way?[/INST]',
  },
  // Phi-3.5-mini: <|role|>\ncontent<|end|>\n
  'phi-3.5-mini-instruct': {
    ask: '<|system|>\nYou solve puzzles.<|end|>\n<|user|>\nUse 4 9 10 13 to make 24.<|end|>\n<|assistant|>\n',
    continue: '<|user|>\nUse 4 9 10 13 to make 24.<|end|>\n<|assistant|>\n13 - 9 = 4 (left: 4 4 10)\n\n',
    multiTurn: '<|user|>\nUse 4 9 10 13 to make 24.<|end|>\n<|assistant|>\n(10 - 4) * (13 - 9) = 24<|end|>\n<|user|>\nAnother way?<|end|>\n<|assistant|>\n',
  },
  // DeepSeek-R1 distills: BOS, system text bare, <｜User｜>…<｜Assistant｜>, generation opens <think>.
  'deepseek-r1-distill-qwen-32b': {
    ask: '<｜begin▁of▁sentence｜>You solve puzzles.<｜User｜>Use 4 9 10 13 to make 24.<｜Assistant｜><think>\n',
    continue: '<｜begin▁of▁sentence｜><｜User｜>Use 4 9 10 13 to make 24.<｜Assistant｜>13 - 9 = 4 (left: 4 4 10)\n\n',
    multiTurn: '<｜begin▁of▁sentence｜><｜User｜>Use 4 9 10 13 to make 24.<｜Assistant｜>(10 - 4) * (13 - 9) = 24<｜end▁of▁sentence｜><｜User｜>Another way?<｜Assistant｜><think>\n',
  },
  // Granite 3.3: <|start_of_role|>role<|end_of_role|>content<|end_of_text|>\n (a system turn always comes first).
  'granite-3.3-2b-instruct': {
    ask: '<|start_of_role|>system<|end_of_role|>You solve puzzles.<|end_of_text|>\n<|start_of_role|>user<|end_of_role|>Use 4 9 10 13 to make 24.<|end_of_text|>\n<|start_of_role|>assistant<|end_of_role|>',
    continue: '<|start_of_role|>system<|end_of_role|>You solve puzzles.<|end_of_text|>\n<|start_of_role|>user<|end_of_role|>Use 4 9 10 13 to make 24.<|end_of_text|>\n<|start_of_role|>assistant<|end_of_role|>13 - 9 = 4 (left: 4 4 10)\n\n',
    multiTurn: '<|start_of_role|>system<|end_of_role|>You solve puzzles.<|end_of_text|>\n<|start_of_role|>user<|end_of_role|>Use 4 9 10 13 to make 24.<|end_of_text|>\n<|start_of_role|>assistant<|end_of_role|>(10 - 4) * (13 - 9) = 24<|end_of_text|>\n<|start_of_role|>user<|end_of_role|>Another way?<|end_of_text|>\n<|start_of_role|>assistant<|end_of_role|>',
    withSystem: true,
  },
  // Gemma 2: no system role; the assistant is "model"; <start_of_turn>role\n…<end_of_turn>\n
  'gemma-2-2b-it': {
    ask: '',
    continue: '<bos><start_of_turn>user\nUse 4 9 10 13 to make 24.<end_of_turn>\n<start_of_turn>model\n13 - 9 = 4 (left: 4 4 10)\n\n',
    multiTurn: '<bos><start_of_turn>user\nUse 4 9 10 13 to make 24.<end_of_turn>\n<start_of_turn>model\n(10 - 4) * (13 - 9) = 24<end_of_turn>\n<start_of_turn>user\nAnother way?<end_of_turn>\n<start_of_turn>model\n',
  },
};

describe('real chat templates rendered with @huggingface/jinja', () => {
  for (const [name, ref] of Object.entries(REFERENCES)) {
    it(`${name}: matches the reference renderings`, async () => {
      const { render, origin } = await loadChatTemplate(fixture(name));
      expect(origin).toBe(`file:${fixture(name)}`);
      const pre = ref.withSystem ? [system] : [];
      if (ref.ask) expect(render([system, user])).toBe(ref.ask);
      expect(render([...pre, user, partial])).toBe(ref.continue);
      expect(render([...pre, ...turn2])).toBe(ref.multiTurn);
    });
  }

  it('keeps a partial answer byte for byte even where the template trims content', async () => {
    const { render } = await loadChatTemplate(fixture('gemma-2-2b-it'));
    expect(render([user, { role: 'assistant', content: '  leading and trailing \n' }]).endsWith('<start_of_turn>model\n  leading and trailing \n')).toBe(true);
  });

  it("turns a template's own refusal into a one-line input error", async () => {
    const { render } = await loadChatTemplate(fixture('gemma-2-2b-it'));
    expect(() => render([system, user])).toThrow(new InputError(`chat template from file:${fixture('gemma-2-2b-it')} refused the messages: System role not supported`));
  });

  it('reads named templates, bare Jinja files, URLs, and says what is wrong with a bad one', async () => {
    expect((await loadChatTemplate('chatml')).render([user])).toBe('<|im_start|>user\nUse 4 9 10 13 to make 24.<|im_end|>\n<|im_start|>assistant\n');
    const dir = mkdtempSync(join(tmpdir(), 'metacot-template-'));
    const jinja = join(dir, 'phi.jinja');
    writeFileSync(jinja, JSON.parse(readFileSync(fixture('phi-3.5-mini-instruct'), 'utf8')).chat_template);
    expect((await loadChatTemplate(jinja)).render([user])).toBe('<|user|>\nUse 4 9 10 13 to make 24.<|end|>\n<|assistant|>\n');

    const body = readFileSync(fixture('qwen3-0.6b'), 'utf8');
    const server = createServer((req, res) => {
      if (req.url?.split('?')[0] === '/tokenizer_config.json') res.writeHead(200, { 'content-type': 'application/json' }).end(body);
      else res.writeHead(404).end('not found');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const fromUrl = await loadChatTemplate(`${base}/tokenizer_config.json?token=secret`);
      expect(fromUrl.origin).toBe(`url:${base}/tokenizer_config.json`);
      expect(fromUrl.render([system, user])).toBe(REFERENCES['qwen3-0.6b']!.ask);
      await expect(loadChatTemplate(`${base}/missing.json`)).rejects.toThrow(`--chat-template ${base}/missing.json: cannot fetch it (HTTP 404)`);
    } finally {
      server.close();
    }

    await expect(loadChatTemplate(join(dir, 'nope.json'))).rejects.toThrow(/^--chat-template .*nope\.json: no such file \(expected a tokenizer_config\.json/);
    const noTemplate = join(dir, 'tokenizer_config.json');
    writeFileSync(noTemplate, '{"bos_token": "<s>"}');
    await expect(loadChatTemplate(noTemplate)).rejects.toThrow(`file:${noTemplate}: has no chat_template`);
    expect(() => jinjaChatTemplate({ template: '{% if %}', origin: 'x' })).toThrow(/^chat template from x does not parse/);
  });

  it('takes the default of a list of named templates', () => {
    const source = templateFromText(JSON.stringify({ chat_template: [{ name: 'tool_use', template: 'T' }, { name: 'default', template: 'D' }], eos_token: '</s>' }), 'cfg');
    expect(source).toEqual({ template: 'D', bosToken: null, eosToken: '</s>', origin: 'cfg' });
  });
});
