import type { JinjaChatTemplateSource } from './jinja-chat-template.js';

/**
 * The kinds of OpenAI-compatible server whose native way of continuing a partial answer
 * metacot knows; `openai` is any other (hosted APIs, proxies), where the model's chat
 * template is rendered here and sent to `/v1/completions`.
 */
export const SERVER_KINDS = ['llama.cpp', 'vllm', 'sglang', 'ollama', 'openai'] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

/** What one server said about itself. */
export interface ServerInfo {
  kind: ServerKind;
  /** How the kind was learnt: `flag`, `/v1/models owned_by=vllm`, `/props`, `/api/version`, `/version`, or `nothing answered`. */
  detectedBy: string;
  /** llama.cpp: the parallel slots (`-np`) from `/props` `total_slots`. */
  slots?: number;
  /** llama.cpp: the chat template the server applies, from `/props`. */
  chatTemplate?: JinjaChatTemplateSource;
  version?: string;
}

/** The server's root (the base URL without a trailing `/v1`), where `/props`, `/version` and `/api/*` live. */
export function serverRoot(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
}

type Get = (url: string) => Promise<{ status: number; json: unknown } | null>;

/**
 * Asks a server what it is, once per base URL: `/v1/models` (`owned_by` is `llamacpp`,
 * `vllm` or `sglang` on those servers), then llama.cpp's `/props` (slots and chat
 * template), Ollama's `/api/version`, vLLM's `/version`. Only a connection failure
 * throws (the caller retries as for any request); anything else unknown is `openai`.
 */
export async function probeServer(baseUrl: string, fetch: typeof globalThis.fetch, headers: Record<string, string>, signal?: AbortSignal): Promise<ServerInfo> {
  const root = serverRoot(baseUrl);
  const get: Get = async (url) => {
    const response = await fetch(url, { method: 'GET', headers, ...(signal ? { signal } : {}) });
    const text = await response.text();
    try {
      return { status: response.status, json: JSON.parse(text) as unknown };
    } catch {
      return { status: response.status, json: null };
    }
  };
  const models = await get(`${baseUrl.replace(/\/+$/, '')}/models`);
  const owners = ownersOf(models?.json);
  const owned = (name: string) => owners.includes(name);
  if (owned('vllm')) return { kind: 'vllm', detectedBy: '/v1/models owned_by=vllm', ...(await version(get, `${root}/version`)) };
  if (owned('sglang')) return { kind: 'sglang', detectedBy: '/v1/models owned_by=sglang' };
  const props = await get(`${root}/props`);
  if (props?.status === 200 && isLlamaProps(props.json)) return llamaInfo(props.json as LlamaProps, owned('llamacpp') ? '/v1/models owned_by=llamacpp, /props' : '/props');
  if (owned('llamacpp')) return { kind: 'llama.cpp', detectedBy: '/v1/models owned_by=llamacpp' };
  const ollama = await version(get, `${root}/api/version`);
  if (ollama.version !== undefined) return { kind: 'ollama', detectedBy: '/api/version', ...ollama };
  const vllm = await version(get, `${root}/version`);
  if (vllm.version !== undefined) return { kind: 'vllm', detectedBy: '/version', ...vllm };
  return { kind: 'openai', detectedBy: 'nothing answered as llama.cpp, vLLM, SGLang or Ollama' };
}

function ownersOf(json: unknown): string[] {
  const data = (json as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return [];
  return data.map((m) => String((m as { owned_by?: unknown }).owned_by ?? '').toLowerCase());
}

async function version(get: Get, url: string): Promise<{ version?: string }> {
  const answer = await get(url);
  const v = (answer?.json as { version?: unknown } | null)?.version;
  return answer?.status === 200 && typeof v === 'string' ? { version: v } : {};
}

interface LlamaProps {
  total_slots?: number;
  chat_template?: string;
  bos_token?: string;
  eos_token?: string;
  default_generation_settings?: unknown;
}

function isLlamaProps(json: unknown): boolean {
  if (!json || typeof json !== 'object') return false;
  const p = json as LlamaProps;
  return typeof p.total_slots === 'number' || typeof p.chat_template === 'string' || p.default_generation_settings !== undefined;
}

function llamaInfo(props: LlamaProps, detectedBy: string): ServerInfo {
  const info: ServerInfo = { kind: 'llama.cpp', detectedBy };
  if (typeof props.total_slots === 'number' && Number.isInteger(props.total_slots) && props.total_slots > 0) info.slots = props.total_slots;
  if (typeof props.chat_template === 'string' && props.chat_template.length > 0) {
    info.chatTemplate = { template: props.chat_template, bosToken: props.bos_token ?? null, eosToken: props.eos_token ?? null, origin: 'llama.cpp /props' };
  }
  return info;
}
