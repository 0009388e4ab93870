/**
 * The one interface every language model sits behind (docs/models.md): an id and one
 * method. Modelled on the Vercel AI SDK's provider spec: tiny, versioned, and an option a
 * model cannot honour comes back as a warning in the result instead of an exception, so a
 * search written against one server runs unchanged against another.
 *
 * Providers: OpenAI-compatible HTTP (`openai-model.ts`), local GGUF (`gguf-model.ts`),
 * the embedded transformer (`embedded/`), and wrappers (`cached-model.ts`).
 */

/** Bumped on any incompatible change to the types below. */
export const LANGUAGE_MODEL_SPEC_VERSION = 'v1';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/**
 * One generation request. Exactly one of `messages` (chat) or `prompt` (raw text, no chat
 * template) is given. When `messages` ends with an assistant message, the model
 * *continues* that message (a search extends partial solutions) and each returned choice
 * holds only the new text, never the prefilled part.
 */
export interface GenerateRequest {
  messages?: readonly ChatMessage[];
  prompt?: string;
  /** Choices wanted (default 1). Providers without native `n` make parallel calls. */
  n?: number;
  /** Generation ends before any of these strings; the stop string is not returned. */
  stop?: readonly string[];
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  /** Sampling seed, where the backend supports one (choice i may use seed + i). */
  seed?: number;
  /** Return the log probability of each generated token. */
  logprobs?: boolean;
  /** With `logprobs`: also the k most likely alternatives at each position. */
  topLogprobs?: number;
}

export interface TopLogprob {
  token: string;
  logprob: number;
}

export interface TokenLogprob {
  token: string;
  logprob: number;
  /** The most likely tokens at this position (when `topLogprobs` was asked for). */
  top?: TopLogprob[];
}

export type FinishReason = 'stop' | 'length' | 'error' | 'other';

export interface GenerateChoice {
  /** The generated text (for a continuation: only the new part). */
  text: string;
  finishReason: FinishReason;
  logprobs?: TokenLogprob[];
  /** Tokens generated for this choice, when known (else estimated from the text). */
  tokens?: number;
}

export interface ModelWarning {
  /** The request field that was ignored or changed, e.g. `topLogprobs`. */
  setting?: keyof GenerateRequest;
  message: string;
}

export interface ModelUsage {
  tokensIn: number;
  tokensOut: number;
  /** True when a count was estimated because the backend did not report one. */
  estimated?: boolean;
  /** Request-cache accounting, in choices served from the cache / generated anew. */
  cacheHits?: number;
  cacheMisses?: number;
}

export interface GenerateResult {
  /** Exactly `n` choices, in order. */
  choices: GenerateChoice[];
  usage: ModelUsage;
  warnings: ModelWarning[];
}

export interface LanguageModel {
  readonly specificationVersion: typeof LANGUAGE_MODEL_SPEC_VERSION;
  /**
   * Names the model, e.g. `openai:qwen2.5-7b-instruct`, `gguf:tiny.gguf`. Written into
   * traces and into request-cache keys, so it must not contain secrets or endpoints that
   * change between runs of the same model.
   */
  readonly id: string;
  generate(request: GenerateRequest, signal?: AbortSignal): Promise<GenerateResult>;
  /**
   * What serves the model, for run configs: e.g. each replica's server kind, continuation
   * mechanism, chat template origin and slots. JSON only; never endpoints' credentials.
   */
  describeServing?(signal?: AbortSignal): Promise<{ [key: string]: ServingJson }>;
}

/** JSON, as a run config stores it. */
export type ServingJson = string | number | boolean | null | ServingJson[] | { [key: string]: ServingJson };
