import { existsSync } from 'node:fs';
import type { Llama, LlamaContext, LlamaContextSequence, LlamaModel, Token } from 'node-llama-cpp';
import { AbortError, InputError, MetacotError, throwIfAborted } from '../core/errors.js';
import type { ChatTemplate } from './chat-template.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import { jinjaChatTemplate } from './jinja-chat-template.js';
import type { ResolvedChatTemplate } from './load-chat-template.js';
import {
  LANGUAGE_MODEL_SPEC_VERSION,
  type GenerateChoice,
  type GenerateRequest,
  type GenerateResult,
  type LanguageModel,
  type ModelWarning,
  type TokenLogprob,
} from './language-model.js';
import { cutAtStop } from './mock-model.js';
import { validateRequest } from './validate-request.js';

export interface GgufModelOptions {
  /**
   * A GGUF file, or a remote model URI node-llama-cpp resolves and downloads
   * (`hf:user/repo:Q4_K_M`, `https://…/model.gguf`) into `modelsDirectory`.
   */
  path: string;
  id?: string;
  /** Context window in tokens (default: the model's, capped at 4096). */
  contextSize?: number;
  /** Samples generated in parallel, each in its own context sequence (default 1). */
  sequences?: number;
  modelsDirectory?: string;
  /** Keep generating past end-of-sequence tokens (for random-weight test models and throughput runs). */
  ignoreEos?: boolean;
  /** An already created node-llama-cpp instance (tests share one). */
  llama?: Llama;
  /** CPU threads (default: node-llama-cpp's choice). */
  threads?: number;
  /** The chat template (default: the file's `tokenizer.chat_template` metadata, rendered with @huggingface/jinja). */
  chatTemplate?: ResolvedChatTemplate;
}

/**
 * A local GGUF model through node-llama-cpp (pinned to 3.21.1). Generation runs token by
 * token on a context sequence so that stop strings, `maxTokens`, logprobs (from the
 * sampler's probabilities) and seeds behave as on a server; chat requests are rendered
 * with the model's own chat template (the file's `tokenizer.chat_template`, or one given),
 * and a final assistant message is left open and continued. A file without a template
 * cannot chat (a clear error; no guessed format). A sequence keeps its evaluated prompt,
 * so samples of one prompt share it.
 */
export class GgufModel implements LanguageModel {
  readonly specificationVersion = LANGUAGE_MODEL_SPEC_VERSION;
  private readonly free: LlamaContextSequence[];
  private readonly limiter: ConcurrencyLimiter;
  private readonly template: ResolvedChatTemplate | undefined;

  private constructor(
    readonly id: string,
    readonly model: LlamaModel,
    private readonly context: LlamaContext,
    private readonly options: GgufModelOptions,
  ) {
    const count = options.sequences ?? 1;
    this.free = Array.from({ length: count }, () => context.getSequence());
    this.limiter = new ConcurrencyLimiter(count);
    this.template = options.chatTemplate ?? metadataTemplate(model);
  }

  static async load(options: GgufModelOptions): Promise<GgufModel> {
    const llamaCpp = await import('node-llama-cpp');
    const llama = options.llama ?? (await llamaCpp.getLlama({ gpu: false, build: 'never', logLevel: llamaCpp.LlamaLogLevel.error, progressLogs: false }));
    let modelPath = options.path;
    if (/^(hf:|huggingface:|https?:\/\/)/.test(modelPath)) {
      modelPath = await llamaCpp.resolveModelFile(modelPath, { ...(options.modelsDirectory ? { directory: options.modelsDirectory } : {}), cli: false });
    } else if (!existsSync(modelPath)) {
      throw new InputError(`GGUF model file not found: ${modelPath} (expected gguf:PATH to an existing .gguf file)`);
    }
    let model: LlamaModel;
    try {
      model = await llama.loadModel({ modelPath, gpuLayers: 0 });
    } catch (error) {
      throw new MetacotError(`cannot load GGUF model ${modelPath}: ${(error as Error).message}`, { cause: error });
    }
    const trained = model.trainContextSize ?? 4096;
    const sequences = options.sequences ?? 1;
    const context = await model.createContext({
      contextSize: options.contextSize ?? Math.min(trained, 4096),
      sequences,
      ...(options.threads ? { threads: options.threads } : {}),
    });
    const name = options.path.split(/[\\/]/).pop() ?? options.path;
    return new GgufModel(options.id ?? `gguf:${name}`, model, context, options);
  }

  async generate(request: GenerateRequest, signal?: AbortSignal): Promise<GenerateResult> {
    const n = validateRequest(request);
    throwIfAborted(signal);
    const warnings: ModelWarning[] = [];
    const { tokens, stops } = await this.promptTokens(request);
    if (request.topLogprobs && request.topLogprobs > 0 && !request.logprobs) {
      warnings.push({ setting: 'topLogprobs', message: 'topLogprobs is ignored without logprobs' });
    }
    const choices = await Promise.all(
      Array.from({ length: n }, (_, i) => this.limiter.run(() => this.sample(tokens, stops, request, i, signal), signal)),
    );
    return {
      choices,
      usage: { tokensIn: tokens.length * n, tokensOut: choices.reduce((s, c) => s + (c.tokens ?? 0), 0) },
      warnings,
    };
  }

  async dispose(): Promise<void> {
    await this.context.dispose();
    await this.model.dispose();
  }

  private async promptTokens(request: GenerateRequest): Promise<{ tokens: Token[]; stops: string[] }> {
    const stops = [...(request.stop ?? [])];
    if (request.prompt !== undefined) return { tokens: this.model.tokenize(request.prompt), stops };
    if (!this.template) {
      throw new InputError(`${this.id} has no tokenizer.chat_template in its metadata, so chat messages cannot be rendered: give --chat-template (a tokenizer_config.json path or URL, a .jinja file, or chatml / llama3), or send a raw prompt`);
    }
    // The template writes the special tokens (BOS, turn markers) as text: parse them as such.
    return { tokens: this.model.tokenize(this.template.render(request.messages!), true), stops };
  }

  /** Where the chat template comes from, for run configs. */
  async describeServing(): Promise<{ provider: string; chatTemplate: string | null; sequences: number }> {
    return { provider: 'gguf', chatTemplate: this.template?.origin ?? null, sequences: this.options.sequences ?? 1 };
  }

  private async sample(prompt: Token[], stops: string[], request: GenerateRequest, index: number, signal: AbortSignal | undefined): Promise<GenerateChoice> {
    const sequence = this.free.pop()!;
    try {
      const input = await this.reuse(sequence, prompt);
      const maxTokens = request.maxTokens ?? 256;
      const temperature = request.temperature ?? 1;
      const generated: Token[] = [];
      const logprobs: TokenLogprob[] = [];
      let text = '';
      let finishReason: GenerateChoice['finishReason'] = 'length';
      const eog = new Set<Token>([this.model.tokens.eos, this.model.tokens.eot].filter((t): t is Token => t !== null));
      const iterator = sequence.evaluateWithMetadata(input, { confidence: true, probabilities: (request.topLogprobs ?? 0) > 0 }, {
        temperature,
        ...(request.topP !== undefined ? { topP: request.topP } : {}),
        ...(request.seed !== undefined ? { seed: request.seed + index } : {}),
        yieldEogToken: true,
      });
      for await (const out of iterator) {
        if (signal?.aborted) throw new AbortError();
        if (eog.has(out.token) && !this.options.ignoreEos) {
          finishReason = 'stop';
          break;
        }
        generated.push(out.token);
        if (request.logprobs) logprobs.push(this.logprob(out, request.topLogprobs ?? 0));
        text = this.model.detokenize(generated);
        const cut = cutAtStop(text, stops);
        if (cut !== null) {
          text = cut;
          finishReason = 'stop';
          break;
        }
        if (generated.length >= maxTokens) break;
      }
      const choice: GenerateChoice = { text, finishReason, tokens: generated.length };
      if (request.logprobs) choice.logprobs = logprobs;
      return choice;
    } finally {
      this.free.push(sequence);
    }
  }

  /** Keeps the part of the sequence's history that the prompt shares, and returns what is left to evaluate. */
  private async reuse(sequence: LlamaContextSequence, prompt: Token[]): Promise<Token[]> {
    const held = sequence.contextTokens;
    let common = 0;
    while (common < held.length && common < prompt.length - 1 && held[common] === prompt[common]) common++;
    if (common < held.length) await sequence.eraseContextTokenRanges([{ start: common, end: held.length }]);
    return prompt.slice(common);
  }

  private logprob(out: { token: Token; confidence?: number; probabilities?: Map<Token, number> }, top: number): TokenLogprob {
    const entry: TokenLogprob = { token: this.model.detokenize([out.token], true), logprob: Math.log(out.confidence ?? 0) };
    if (top > 0 && out.probabilities) {
      entry.top = [...out.probabilities.entries()].slice(0, top).map(([t, p]) => ({ token: this.model.detokenize([t], true), logprob: Math.log(p) }));
    }
    return entry;
  }
}

/** The GGUF file's own chat template (`tokenizer.chat_template`), with its BOS and EOS as text. */
function metadataTemplate(model: LlamaModel): ResolvedChatTemplate | undefined {
  const template = model.fileInfo.metadata.tokenizer?.chat_template;
  if (typeof template !== 'string' || template.length === 0) return undefined;
  const origin = 'gguf metadata tokenizer.chat_template';
  const render: ChatTemplate = jinjaChatTemplate({ template, bosToken: model.tokens.bosString, eosToken: model.tokens.eosString, origin });
  return { render, origin };
}

export async function createGgufModel(options: GgufModelOptions): Promise<GgufModel> {
  return GgufModel.load(options);
}
