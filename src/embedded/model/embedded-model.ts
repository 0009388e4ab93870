import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InputError, throwIfAborted } from '../../core/errors.js';
import {
  LANGUAGE_MODEL_SPEC_VERSION, type GenerateRequest, type GenerateResult, type LanguageModel, type ModelWarning,
} from '../../models/language-model.js';
import { validateRequest } from '../../models/validate-request.js';
import { loadCheckpoint, type Checkpoint } from './checkpoint.js';
import { createDecoder } from './create-decoder.js';
import { KvDecoder, type SequenceDecoder } from './decoder.js';
import { generateBatch, type BatchGenerateOptions, type GeneratedSample } from './generate-batch.js';
import { Tokenizer } from './tokenizer.js';

/** The small transformer behind the LanguageModel interface: `embedded:<name>`, offline, no server. */
export interface EmbeddedModel extends LanguageModel {
  readonly checkpoint: Checkpoint;
  readonly tokenizer: Tokenizer;
  /** Plain key/value-cache decoder (scoring continuations, guided search). */
  readonly decoder: KvDecoder;
  /** The fastest decoder for batched sampling (wasm-resident where available; see create-decoder.ts). */
  readonly sampler: SequenceDecoder;
  /** Raw batched sampling with a tool (tool-integrated decoding); `generate` is the plain interface. */
  sample(options: BatchGenerateOptions): Promise<GeneratedSample[]>;
}

/** Where the shipped weights live: `models/embedded/` at the package root (same depth from src/ and dist/). */
export function shippedModelPath(name: string): string {
  return fileURLToPath(new URL(`../../../models/embedded/${name}.mct`, import.meta.url));
}

export function createEmbeddedModel(checkpoint: Checkpoint, name: string): EmbeddedModel {
  const tokenizer = new Tokenizer(checkpoint.vocab);
  const decoder = new KvDecoder(checkpoint.config, checkpoint.params);
  const sampler = createDecoder(checkpoint.config, checkpoint.params);
  const sample = (options: BatchGenerateOptions) => generateBatch(sampler, tokenizer, options);
  return {
    specificationVersion: LANGUAGE_MODEL_SPEC_VERSION,
    id: `embedded:${name}`,
    checkpoint,
    tokenizer,
    decoder,
    sampler,
    sample,
    async generate(request: GenerateRequest, signal?: AbortSignal): Promise<GenerateResult> {
      throwIfAborted(signal);
      const n = validateRequest(request);
      const warnings: ModelWarning[] = [];
      // The model was trained on bare traces: a chat is flattened to its contents (a
      // trailing assistant message is continued).
      const prompt = request.prompt ?? request.messages!.map((m) => (m.role === 'assistant' ? m.content : m.content.endsWith('\n') ? m.content : `${m.content}\n`)).join('');
      if (request.topLogprobs) warnings.push({ setting: 'topLogprobs', message: 'the embedded model returns token logprobs only' });
      const samples = await sample({
        prompt, n,
        temperature: request.temperature ?? 1,
        ...(request.topP !== undefined ? { topP: request.topP } : {}),
        maxTokens: request.maxTokens ?? checkpoint.config.context,
        seed: request.seed ?? 0,
        ...(request.stop ? { stop: request.stop } : {}),
        ...(request.logprobs ? { logprobs: true } : {}),
        ...(signal ? { signal } : {}),
      });
      const tokensIn = tokenizer.encode(prompt).length;
      return {
        choices: samples.map((s) => ({
          text: s.text, finishReason: s.finishReason, tokens: s.modelTokens,
          ...(s.logprobs ? { logprobs: s.logprobs } : {}),
        })),
        usage: { tokensIn: tokensIn * n, tokensOut: samples.reduce((t, s) => t + s.modelTokens, 0) },
        warnings,
      };
    },
  };
}

/** Loads `embedded:<name>` from a checkpoint path or a shipped model name. */
export function loadEmbeddedModel(nameOrPath: string): EmbeddedModel {
  const path = nameOrPath.endsWith('.mct') ? nameOrPath : shippedModelPath(nameOrPath);
  if (!existsSync(path)) throw new InputError(`no embedded model '${nameOrPath}' (looked for ${path})`);
  const name = nameOrPath.endsWith('.mct') ? nameOrPath.replace(/^.*\//, '').replace(/\.mct$/, '') : nameOrPath;
  return createEmbeddedModel(loadCheckpoint(path), name);
}
