import type { Command } from 'commander';
import type { ModelSpecOptions } from '../models/create-language-model.js';
import { SERVER_KINDS, type ServerKind } from '../models/server-probe.js';
import { oneOf } from './parse-options.js';

const KIND_CHOICES = ['auto', ...SERVER_KINDS] as const;

export interface ModelFlags {
  baseUrl?: string;
  cache?: string;
  serverKind?: ServerKind | 'auto';
  chatTemplate?: string;
}

/**
 * How to reach and prompt a language model: the server kind (else asked once per base
 * URL) and the model's own chat template, for servers where metacot renders the prompt.
 * `--base-url` and `--cache` are declared by each command.
 */
export function addModelOptions(command: Command): Command {
  return command
    .option('--server-kind <kind>', `the servers behind --base-url: ${KIND_CHOICES.join(', ')} (default auto: asked once per URL via /v1/models, /props, /api/version, /version)`, oneOf('--server-kind', KIND_CHOICES))
    .option('--chat-template <spec>', "the model's chat template where metacot renders prompts (generic servers, Ollama raw, GGUF files without one): a tokenizer_config.json path or URL, a .jinja file, or chatml / llama3");
}

/** The createLanguageModel options the flags ask for. */
export function modelSpecOptions(flags: ModelFlags): ModelSpecOptions {
  return {
    ...(flags.baseUrl !== undefined ? { baseUrl: flags.baseUrl } : {}),
    ...(flags.cache !== undefined ? { cache: flags.cache } : {}),
    ...(flags.serverKind !== undefined ? { serverKind: flags.serverKind } : {}),
    ...(flags.chatTemplate !== undefined ? { chatTemplate: flags.chatTemplate } : {}),
  };
}

/** Specs createLanguageModel builds as language models behind servers or files (whose serving a run records). */
export function isLanguageModelSpec(spec: string): boolean {
  return /^(openai|gguf):/.test(spec);
}
