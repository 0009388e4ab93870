import { readFile } from 'node:fs/promises';
import { InputError } from '../core/errors.js';
import { CHAT_TEMPLATES, type ChatTemplate } from './chat-template.js';
import { jinjaChatTemplate, type JinjaChatTemplateSource } from './jinja-chat-template.js';
import { displayUrl } from './model-request-error.js';

/** A chat template ready to render, and where it came from (recorded in run configs). */
export interface ResolvedChatTemplate {
  render: ChatTemplate;
  /** e.g. `chatml`, `file:models/qwen3/tokenizer_config.json`, `llama.cpp /props`, `gguf metadata`. */
  origin: string;
}

export const CHAT_TEMPLATE_HELP = 'a tokenizer_config.json (path or URL), a .jinja file, or chatml / llama3';

/**
 * Resolves `--chat-template SPEC`: the names `chatml` and `llama3` (hand-written, kept as
 * explicit choices), an http(s) URL of a `tokenizer_config.json`, or a local file that is
 * either a `tokenizer_config.json` or a bare Jinja template.
 */
export async function loadChatTemplate(spec: string, options: { fetch?: typeof globalThis.fetch } = {}): Promise<ResolvedChatTemplate> {
  const named = CHAT_TEMPLATES[spec];
  if (named) return { render: named, origin: spec };
  if (/^https?:\/\//i.test(spec)) {
    const origin = `url:${displayUrl(spec)}`;
    let text: string;
    try {
      const response = await (options.fetch ?? globalThis.fetch)(spec);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      text = await response.text();
    } catch (error) {
      throw new InputError(`--chat-template ${displayUrl(spec)}: cannot fetch it (${(error as Error).message})`);
    }
    return { render: jinjaChatTemplate(templateFromText(text, origin)), origin };
  }
  let text: string;
  try {
    text = await readFile(spec, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new InputError(`--chat-template ${spec}: ${code === 'ENOENT' ? 'no such file' : `cannot read it (${code ?? (error as Error).message})`} (expected ${CHAT_TEMPLATE_HELP})`);
  }
  const origin = `file:${spec}`;
  return { render: jinjaChatTemplate(templateFromText(text, origin)), origin };
}

/** A tokenizer_config.json's template and special tokens, or a bare Jinja text. */
export function templateFromText(text: string, origin: string): JinjaChatTemplateSource {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('{') || trimmed.startsWith('{%') || trimmed.startsWith('{{') || trimmed.startsWith('{#')) {
    return { template: text, origin };
  }
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${origin}: not valid JSON (${(error as Error).message}); expected ${CHAT_TEMPLATE_HELP}`);
  }
  return templateFromTokenizerConfig(config, origin);
}

/** The `chat_template` (a string, or a list of named templates: `default` is used) and `bos_token` / `eos_token`. */
export function templateFromTokenizerConfig(config: unknown, origin: string): JinjaChatTemplateSource {
  const c = (config ?? {}) as Record<string, unknown>;
  let template: unknown = c.chat_template;
  if (Array.isArray(template)) {
    const entries = template as Array<{ name?: unknown; template?: unknown }>;
    template = (entries.find((t) => t.name === 'default') ?? entries[0])?.template;
  }
  if (typeof template !== 'string' || template.length === 0) {
    throw new InputError(`${origin}: has no chat_template (expected ${CHAT_TEMPLATE_HELP})`);
  }
  return { template, bosToken: tokenText(c.bos_token), eosToken: tokenText(c.eos_token), origin };
}

/** A special token written as a string or as an AddedToken object (`{"content": "<s>", ...}`). */
function tokenText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { content?: unknown }).content === 'string') return (value as { content: string }).content;
  return null;
}
