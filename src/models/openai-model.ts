import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { AbortError, InputError, isAbortError } from '../core/errors.js';
import { createRandom, type Random } from '../core/random.js';
import { estimateTokens } from '../core/usage.js';
import { abortableSleep, type Sleep } from './abortable-sleep.js';
import { CHAT_TEMPLATES, type ChatTemplate } from './chat-template.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import { EndpointPool, type PooledEndpoint } from './endpoint-pool.js';
import {
  LANGUAGE_MODEL_SPEC_VERSION,
  type GenerateChoice,
  type GenerateRequest,
  type GenerateResult,
  type LanguageModel,
  type ModelWarning,
} from './language-model.js';
import { ModelRequestError, displayUrl, isRetryableStatus } from './model-request-error.js';
import { createNodeHttpFetch } from './node-http-fetch.js';
import { chatBody, completionBody, parseChoices, rejectedNLimit, ResponseShapeError, stripPrefill, type Endpoint, type WireResponse } from './openai-wire.js';
import { DEFAULT_RETRY_DELAY, parseRetryAfter, retryDelayMs, type RetryDelayOptions } from './retry-delay.js';
import { isContinuation, validateRequest } from './validate-request.js';

export interface OpenAIEndpoint {
  baseURL: string;
  /** Taken from the environment or config by the caller; never logged or written to traces. */
  apiKey?: string;
  /** Requests in flight at once on this endpoint (default: the model's `maxConcurrency`). */
  maxConcurrency?: number;
}

/**
 * How a partial assistant message is continued:
 * - `prefill`: send it as the last chat message (llama.cpp, SGLang, Ollama continue it;
 *   an echoed prefix is stripped);
 * - `vllm`: the same plus vLLM's `continue_final_message: true, add_generation_prompt: false`;
 * - `completions`: render the chat with `chatTemplate` and use the completions endpoint.
 */
export type ContinuationMode = 'prefill' | 'vllm' | 'completions';

/** `auto`: send `n`, learn each endpoint's limit from its answers; `native`: trust `n`; `single`: one choice per request. */
export type NMode = 'auto' | 'native' | 'single';

export interface OpenAIModelOptions {
  /** The model name the server knows. */
  model: string;
  endpoints: readonly OpenAIEndpoint[];
  /** Defaults to `openai:<model>`. */
  id?: string;
  /** Default: a keep-alive node:http fetch (see node-http-fetch.ts), which costs about half the CPU of Node's fetch. */
  fetch?: typeof globalThis.fetch;
  /** Per endpoint (default 8). */
  maxConcurrency?: number;
  /** Retries after the first try on 408/409/429/5xx, timeouts, connection failures and unreadable bodies (default 4). */
  maxRetries?: number;
  /** Per HTTP request (default 120 s). */
  timeoutMs?: number;
  retryDelay?: RetryDelayOptions;
  /** Jitter source (default: a fixed seed, so behaviour never depends on Math.random). */
  random?: Random;
  sleep?: Sleep;
  now?: () => number;
  nMode?: NMode;
  continuation?: ContinuationMode;
  /** For `continuation: 'completions'`: a function or a name in CHAT_TEMPLATES (default chatml). */
  chatTemplate?: ChatTemplate | string;
}

interface Job {
  request: GenerateRequest;
  endpoint: Endpoint;
  prompt: string | undefined;
  prefill: string | undefined;
  signal: AbortSignal | undefined;
  tokensIn: number;
  tokensOut: number;
  estimated: boolean;
  warnings: ModelWarning[];
}

const NO_KEY = 'no-key';

/**
 * A model behind any OpenAI-compatible server (vLLM, SGLang, llama.cpp, Ollama, hosted
 * APIs) through the official `openai` client, with our own retry loop on top (its own is
 * off) so that waits are abortable and a retry can fail over to another endpoint.
 */
export class OpenAIModel implements LanguageModel {
  readonly specificationVersion = LANGUAGE_MODEL_SPEC_VERSION;
  readonly id: string;
  private readonly pool: EndpointPool<OpenAI>;
  private readonly maxRetries: number;
  private readonly timeoutMs: number;
  private readonly retryDelay: RetryDelayOptions;
  private readonly random: Random;
  private readonly sleep: Sleep;
  private readonly nMode: NMode;
  private readonly continuation: ContinuationMode;
  private readonly template: ChatTemplate;

  constructor(private readonly options: OpenAIModelOptions) {
    if (!options.model) throw new InputError('an OpenAI-compatible model needs a model name (e.g. --model openai:qwen2.5-7b-instruct)');
    if (options.endpoints.length === 0) throw new InputError(`model ${options.model}: no endpoint given (set --base-url or OPENAI_BASE_URL)`);
    this.id = options.id ?? `openai:${options.model}`;
    this.maxRetries = options.maxRetries ?? 4;
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.retryDelay = options.retryDelay ?? DEFAULT_RETRY_DELAY;
    this.random = options.random ?? createRandom('openai-retry-jitter');
    this.sleep = options.sleep ?? abortableSleep;
    this.nMode = options.nMode ?? 'auto';
    this.continuation = options.continuation ?? 'prefill';
    const template = options.chatTemplate ?? 'chatml';
    if (typeof template === 'string' && !CHAT_TEMPLATES[template]) {
      throw new InputError(`unknown chat template "${template}" (known: ${Object.keys(CHAT_TEMPLATES).join(', ')})`);
    }
    this.template = typeof template === 'string' ? CHAT_TEMPLATES[template]! : template;
    const fetch = options.fetch ?? createNodeHttpFetch();
    const endpoints = options.endpoints.map((e): PooledEndpoint<OpenAI> => {
      let url: URL;
      try {
        url = new URL(e.baseURL);
      } catch {
        throw new InputError(`base URL "${displayUrl(e.baseURL)}" is not a URL (expected e.g. http://localhost:8080/v1)`);
      }
      return {
        url: displayUrl(url.toString()),
        client: new OpenAI({
          apiKey: e.apiKey || NO_KEY,
          baseURL: e.baseURL,
          maxRetries: 0,
          timeout: this.timeoutMs,
          fetch,
        }),
        limiter: new ConcurrencyLimiter(e.maxConcurrency ?? options.maxConcurrency ?? 8),
        maxN: this.nMode === 'single' ? 1 : Infinity,
        failures: 0,
        coolUntil: 0,
      };
    });
    this.pool = new EndpointPool(endpoints, options.now);
  }

  async generate(request: GenerateRequest, signal?: AbortSignal): Promise<GenerateResult> {
    const n = validateRequest(request);
    const continuing = isContinuation(request);
    const useCompletions = request.prompt !== undefined || (continuing && this.continuation === 'completions');
    const job: Job = {
      request,
      endpoint: useCompletions ? 'completions' : 'chat',
      prompt: request.prompt ?? (useCompletions ? this.template(request.messages!) : undefined),
      prefill: continuing && !useCompletions ? request.messages![request.messages!.length - 1]!.content : undefined,
      signal,
      tokensIn: 0,
      tokensOut: 0,
      estimated: false,
      warnings: [],
    };
    const choices = await this.fetchRange(job, 0, n);
    if (request.logprobs && choices.some((c) => !c.logprobs)) {
      job.warnings.push({ setting: 'logprobs', message: `${this.id}: the server returned no logprobs for some choices` });
    }
    return {
      choices,
      usage: { tokensIn: job.tokensIn, tokensOut: job.tokensOut, ...(job.estimated ? { estimated: true } : {}) },
      warnings: job.warnings,
    };
  }

  /** Choices `first .. first+count-1`: one request when the endpoint takes that `n`, else parallel smaller ones. */
  private async fetchRange(job: Job, first: number, count: number): Promise<GenerateChoice[]> {
    const { choices, endpoint } = await this.requestWithRetries(job, first, count);
    if (choices.length >= count) return choices.slice(0, count);
    if (choices.length === 0) {
      throw new ModelRequestError(`${this.id} at ${endpoint.url}: the server returned no choices`, endpoint.url, 200, false);
    }
    if (this.nMode === 'auto' && choices.length < endpoint.maxN) {
      // The server ignored `n` (e.g. Ollama answers once): remember, and split from now on.
      endpoint.maxN = choices.length;
      job.warnings.push({ setting: 'n', message: `${endpoint.url} returned ${choices.length} of ${count} choices; splitting into parallel requests` });
    }
    const chunk = Math.max(1, Math.min(endpoint.maxN, choices.length));
    const rest: Array<Promise<GenerateChoice[]>> = [];
    for (let start = first + choices.length; start < first + count; start += chunk) {
      rest.push(this.fetchRange(job, start, Math.min(chunk, first + count - start)));
    }
    return [...choices, ...(await Promise.all(rest)).flat()];
  }

  private async requestWithRetries(job: Job, first: number, count: number): Promise<{ choices: GenerateChoice[]; endpoint: PooledEndpoint<OpenAI> }> {
    let avoid: PooledEndpoint<OpenAI> | undefined;
    for (let attempt = 0; ; ) {
      const endpoint = this.pool.pick(avoid);
      const n = Math.min(count, endpoint.maxN);
      try {
        const choices = await endpoint.limiter.run(() => this.send(job, endpoint, first, n), job.signal);
        this.pool.markSuccess(endpoint);
        return { choices, endpoint };
      } catch (raw) {
        const error = this.toError(raw, endpoint, job.signal);
        if (error instanceof AbortError) throw error;
        const limit = error.status === 400 && n > 1 && this.nMode === 'auto' ? rejectedNLimit(error.message) : null;
        if (limit !== null) {
          // The server refused this `n`: remember its limit and ask again at once (not a retry).
          endpoint.maxN = Math.min(limit, n - 1);
          job.warnings.push({ setting: 'n', message: `${endpoint.url} accepts n <= ${endpoint.maxN}; splitting larger requests` });
          continue;
        }
        if (!error.retryable || attempt >= this.maxRetries) throw error;
        this.pool.markFailure(endpoint);
        avoid = endpoint;
        await this.sleep(retryDelayMs(attempt, error.retryAfterMs, this.random, this.retryDelay), job.signal);
        attempt++;
      }
    }
  }

  private async send(job: Job, endpoint: PooledEndpoint<OpenAI>, first: number, n: number): Promise<GenerateChoice[]> {
    const { request } = job;
    const seed = request.seed === undefined ? undefined : request.seed + first;
    const client = endpoint.client;
    const options = job.signal ? { signal: job.signal } : {};
    let body: WireResponse;
    if (job.endpoint === 'chat') {
      const extra = job.prefill !== undefined && this.continuation === 'vllm' ? { continue_final_message: true, add_generation_prompt: false } : {};
      const params = chatBody(this.options.model, request, n, seed, extra);
      body = (await client.chat.completions.create(params as never, options)) as WireResponse;
    } else {
      const params = completionBody(this.options.model, job.prompt!, request, n, seed);
      body = (await client.completions.create(params as never, options)) as WireResponse;
    }
    let choices = parseChoices(body, job.endpoint, request.logprobs === true);
    if (job.prefill !== undefined) choices = choices.map((c) => stripPrefill(c, job.prefill!));
    this.account(job, body, choices);
    return choices;
  }

  /** Charges one response's tokens to the job, estimating what the server did not report. */
  private account(job: Job, body: WireResponse, choices: GenerateChoice[]): void {
    const usage = body.usage;
    const reportedOut = typeof usage?.completion_tokens === 'number' ? usage.completion_tokens : undefined;
    for (const choice of choices) {
      if (choice.tokens !== undefined) continue;
      if (choices.length === 1 && reportedOut !== undefined) choice.tokens = reportedOut;
      else if (choice.finishReason === 'length' && job.request.maxTokens !== undefined) choice.tokens = job.request.maxTokens;
      else {
        choice.tokens = estimateTokens(choice.text);
        job.estimated = true;
      }
    }
    const summed = choices.reduce((s, c) => s + (c.tokens ?? 0), 0);
    // llama.cpp reports only the first choice's tokens for n > 1; never charge less than the choices hold.
    job.tokensOut += Math.max(reportedOut ?? 0, summed);
    if (typeof usage?.prompt_tokens === 'number') job.tokensIn += usage.prompt_tokens;
    else {
      job.tokensIn += estimateTokens(job.prompt ?? (job.request.messages ?? []).map((m) => m.content).join('\n'));
      job.estimated = true;
    }
  }

  /** One-line errors naming the endpoint and status; decides retryability in one place. */
  private toError(raw: unknown, endpoint: PooledEndpoint<OpenAI>, signal: AbortSignal | undefined): ModelRequestError | AbortError {
    const where = `${this.id} at ${endpoint.url}`;
    if (raw instanceof ModelRequestError || raw instanceof AbortError) return raw;
    if (raw instanceof APIUserAbortError || (signal?.aborted && (isAbortError(raw) || raw instanceof APIError))) return new AbortError();
    if (raw instanceof APIConnectionTimeoutError) {
      return new ModelRequestError(`${where}: timed out after ${this.timeoutMs} ms`, endpoint.url, undefined, true, undefined, { cause: raw });
    }
    if (raw instanceof APIConnectionError) {
      const cause = describeCause(raw.cause);
      return new ModelRequestError(`${where}: cannot connect${cause ? ` (${cause})` : ''}`, endpoint.url, undefined, true, undefined, { cause: raw });
    }
    if (raw instanceof APIError && typeof raw.status === 'number') {
      const detail = raw.error as { message?: unknown; type?: unknown } | undefined;
      const message = typeof detail?.message === 'string' ? detail.message : raw.message;
      const type = typeof detail?.type === 'string' ? ` ${detail.type}` : '';
      return new ModelRequestError(
        oneLine(`${where}: HTTP ${raw.status}${type}: ${message}`),
        endpoint.url,
        raw.status,
        isRetryableStatus(raw.status),
        parseRetryAfter(raw.headers),
        { cause: raw },
      );
    }
    if (raw instanceof SyntaxError || raw instanceof ResponseShapeError) {
      // A body cut off mid-way or not JSON at all: usually a proxy or a dying server; worth a retry.
      return new ModelRequestError(oneLine(`${where}: unreadable response (${raw.message})`), endpoint.url, undefined, true, undefined, { cause: raw });
    }
    const message = raw instanceof Error ? raw.message : String(raw);
    return new ModelRequestError(oneLine(`${where}: ${message}`), endpoint.url, undefined, false, undefined, { cause: raw });
  }
}

function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return '';
  const code = (cause as { code?: unknown }).code ?? (cause.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : cause.message;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 400 ? `${flat.slice(0, 400)}…` : flat;
}

export function createOpenAIModel(options: OpenAIModelOptions): OpenAIModel {
  return new OpenAIModel(options);
}
