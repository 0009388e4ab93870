import { Template } from '@huggingface/jinja';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * In-process stand-ins that speak vLLM's and Ollama's protocols (tests only; no such
 * server runs here). Each forms the model's prompt the way the real server does — vLLM
 * applies the chat template with `continue_final_message` / `add_generation_prompt` as
 * transformers does; Ollama's `/api/generate` with `raw: true` takes the prompt as given —
 * and records every prompt, so tests can check them byte for byte.
 */

export interface ProtocolStandinOptions {
  /** The model name the server lists. */
  model: string;
  /** The model's Jinja chat template and special tokens (what the real server would load with the model). */
  chatTemplate: { template: string; bosToken?: string | null; eosToken?: string | null };
  /** The text sample `index` generates after `prompt`. */
  respond: (prompt: string, index: number) => string;
}

export interface ProtocolStandin {
  url: string;
  /** Every prompt the model was run on, in arrival order, with the route that formed it. */
  prompts: Array<{ route: string; prompt: string }>;
  /** Every request body, in arrival order. */
  bodies: Array<{ route: string; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

type Message = { role: string; content: string };

/** Transformers' `apply_chat_template`, including `continue_final_message` (cut after the final message's text). */
function applyTemplate(options: ProtocolStandinOptions, messages: Message[], addGenerationPrompt: boolean, continueFinal: boolean): string {
  const t = options.chatTemplate;
  const rendered = new Template(t.template).render({ messages, add_generation_prompt: addGenerationPrompt, bos_token: t.bosToken ?? '', eos_token: t.eosToken ?? '' });
  if (!continueFinal) return rendered;
  const final = messages[messages.length - 1]!.content;
  const at = rendered.lastIndexOf(final);
  if (at >= 0) return rendered.slice(0, at + final.length);
  const stripped = final.trim();
  const at2 = rendered.lastIndexOf(stripped);
  if (at2 < 0) throw new Error('continue_final_message: the final message is not in the rendered chat');
  return rendered.slice(0, at2 + stripped.length);
}

function cutAtStop(text: string, stop: unknown): string {
  for (const s of Array.isArray(stop) ? (stop as string[]) : []) {
    const at = text.indexOf(s);
    if (at >= 0) text = text.slice(0, at);
  }
  return text;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' });
  res.end(text);
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse, standin: ProtocolStandin) => Promise<void>): Promise<ProtocolStandin> {
  const standin: ProtocolStandin = { url: '', prompts: [], bodies: [], close: async () => {} };
  const server = createServer((req, res) => {
    handler(req, res, standin).catch((error: unknown) => send(res, 500, { error: { message: (error as Error).message } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  standin.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  standin.close = () => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return standin;
}

/** vLLM's OpenAI-compatible server: `/v1/models` (owned_by vllm), `/version`, chat and text completions. */
export function startVllmStandin(options: ProtocolStandinOptions): Promise<ProtocolStandin> {
  return listen(async (req, res, standin) => {
    const path = req.url?.split('?')[0];
    if (req.method === 'GET' && path === '/v1/models') return send(res, 200, { object: 'list', data: [{ id: options.model, object: 'model', owned_by: 'vllm', max_model_len: 4096 }] });
    if (req.method === 'GET' && path === '/version') return send(res, 200, { version: '0.10.1' });
    if (req.method !== 'POST') return send(res, 404, { detail: 'Not Found' });
    const body = await readJson(req);
    standin.bodies.push({ route: path!, body });
    const n = typeof body.n === 'number' ? body.n : 1;
    let prompt: string;
    if (path === '/v1/chat/completions') {
      const continueFinal = body.continue_final_message === true;
      const addGenerationPrompt = body.add_generation_prompt === undefined ? true : body.add_generation_prompt === true;
      if (continueFinal && addGenerationPrompt) return send(res, 400, { object: 'error', message: 'continue_final_message and add_generation_prompt cannot both be true.', type: 'BadRequestError', code: 400 });
      prompt = applyTemplate(options, body.messages as Message[], addGenerationPrompt, continueFinal);
    } else if (path === '/v1/completions') prompt = String(body.prompt);
    else return send(res, 404, { detail: 'Not Found' });
    standin.prompts.push({ route: path, prompt });
    const texts = Array.from({ length: n }, (_, i) => cutAtStop(options.respond(prompt, i), body.stop));
    const chat = path === '/v1/chat/completions';
    send(res, 200, {
      id: `standin-${standin.prompts.length}`,
      object: chat ? 'chat.completion' : 'text_completion',
      model: options.model,
      choices: texts.map((text, index) => (chat
        ? { index, message: { role: 'assistant', reasoning_content: null, content: text, tool_calls: [] }, logprobs: null, finish_reason: 'stop', stop_reason: null }
        : { index, text, logprobs: null, finish_reason: 'stop', stop_reason: null })),
      usage: { prompt_tokens: Math.ceil(prompt.length / 4), completion_tokens: texts.reduce((s, t) => s + Math.ceil(t.length / 4), 0) },
    });
  });
}

/** Ollama: `/api/version`, `/api/generate` (raw or templated), and its OpenAI chat endpoint (one choice, whatever `n`). */
export function startOllamaStandin(options: ProtocolStandinOptions): Promise<ProtocolStandin> {
  return listen(async (req, res, standin) => {
    const path = req.url?.split('?')[0];
    if (req.method === 'GET' && path === '/v1/models') return send(res, 200, { object: 'list', data: [{ id: options.model, object: 'model', created: 0, owned_by: 'library' }] });
    if (req.method === 'GET' && path === '/api/version') return send(res, 200, { version: '0.11.4' });
    if (req.method !== 'POST') return send(res, 404, '404 page not found');
    const body = await readJson(req);
    standin.bodies.push({ route: path!, body });
    if (path === '/api/generate') {
      const raw = body.raw === true;
      const prompt = raw ? String(body.prompt) : applyTemplate(options, [{ role: 'user', content: String(body.prompt) }], true, false);
      standin.prompts.push({ route: path, prompt });
      const o = (body.options ?? {}) as Record<string, unknown>;
      const text = cutAtStop(options.respond(prompt, 0), o.stop);
      return send(res, 200, { model: options.model, created_at: '2026-06-01T10:00:00Z', response: text, done: true, done_reason: 'stop', prompt_eval_count: Math.ceil(prompt.length / 4), eval_count: Math.ceil(text.length / 4) });
    }
    if (path === '/v1/chat/completions') {
      const messages = body.messages as Message[];
      // Ollama's templates leave a final assistant message open (a prefill) and otherwise open a new turn.
      const continuing = messages[messages.length - 1]?.role === 'assistant';
      const prompt = applyTemplate(options, messages, !continuing, continuing);
      standin.prompts.push({ route: path, prompt });
      const text = cutAtStop(options.respond(prompt, 0), body.stop);
      return send(res, 200, { id: 'chatcmpl-1', object: 'chat.completion', model: options.model, choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }], usage: { prompt_tokens: Math.ceil(prompt.length / 4), completion_tokens: Math.ceil(text.length / 4) } });
    }
    return send(res, 404, '404 page not found');
  });
}
