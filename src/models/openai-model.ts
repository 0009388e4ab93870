import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { AbortError, InputError, isAbortError } from '../core/errors.js';
import { redactSecrets } from '../core/redact-secrets.js';
import type { Json } from '../core/json.js';
import { createRandom, type Random } from '../core/random.js';
import { estimateTokens } from '../core/usage.js';
import { abortableSleep, type Sleep } from './abortable-sleep.js';
import { CHAT_TEMPLATES, type ChatTemplate } from './chat-template.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import { nativeContinuation, parseContinuation, type Continuation } from './continuation.js';
import { jinjaChatTemplate } from './jinja-chat-template.js';
import type { ResolvedChatTemplate } from './load-chat-template.js';
import { ollamaGenerateBody, parseOllamaGenerate, type OllamaGenerateResponse } from './ollama-wire.js';
import { probeServer, serverRoot, type ServerInfo, type ServerKind } from './server-probe.js';
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
import { chatBody, completionBody, parseChoices, rejectedNLimit, ResponseShapeError, stripPrefill, type WireResponse } from './openai-wire.js';
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
 * How a partial assistant message is continued (see continuation.ts): `auto` (default)
 * uses each server's native mechanism, from its kind; `vllm` is the earlier name of
 * `continue-final-message`.
 */
export type ContinuationMode = Continuation | 'auto' | 'vllm';

/** What one endpoint is and how it continues partial answers; learnt once, recorded in run configs. */
export interface EndpointServing {
  url: string;
  kind: ServerKind;
  detectedBy: string;
  continuation: Continuation;
  /** Where the chat template used for rendering comes from, or null when none is known. */
  chatTemplate: string | null;
  /** Parallel slots the server runs (llama.cpp `-np`), or null when unknown. */
  slots: number | null;
  /** Requests (llama.cpp: sequences) this client keeps in flight there. */
  maxInFlight: number;
  version?: string;
}

interface ResolvedServing {
  info: EndpointServing;
  template: ChatTemplate | undefined;
}

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
  /** The servers' kind (default `auto`: asked once per base URL, see server-probe.ts). */
  serverKind?: ServerKind | 'auto';
  continuation?: ContinuationMode;
  /**
   * The model's chat template for rendering prompts (`completions`, `ollama-raw`): a
   * function, a name in CHAT_TEMPLATES, or one loaded by loadChatTemplate. Default: the
   * one llama.cpp's `/props` reports, else none (continuing then fails with a clear error).
   */
  chatTemplate?: ChatTemplate | string | ResolvedChatTemplate;
}

interface Job {
  request: GenerateRequest;
  /** The request ends with an assistant message to continue. */
  continuing: boolean;
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
  private readonly serverKind: ServerKind | 'auto';
  private readonly continuation: Continuation | 'auto';
  private readonly template: ResolvedChatTemplate | undefined;
  /** The endpoints' keys, removed from any error text a server sends back (some echo the request's headers). */
  private readonly secrets: string[];
  private readonly fetch: typeof globalThis.fetch;
  private readonly baseUrls = new Map<PooledEndpoint<OpenAI>, { baseURL: string; apiKey: string | undefined; configured: number }>();
  private readonly servings = new Map<PooledEndpoint<OpenAI>, Promise<ResolvedServing>>();

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
    this.serverKind = options.serverKind ?? 'auto';
    this.continuation = parseContinuation(options.continuation ?? 'auto');
    this.template = resolveTemplateOption(options.chatTemplate);
    this.secrets = options.endpoints.map((e) => e.apiKey ?? '').filter((k) => k.length > 0);
    const fetch = options.fetch ?? createNodeHttpFetch();
    this.fetch = fetch;
    const endpoints = options.endpoints.map((e): PooledEndpoint<OpenAI> => {
      let url: URL;
      try {
        url = new URL(e.baseURL);
      } catch {
        throw new InputError(`base URL "${displayUrl(e.baseURL)}" is not a URL (expected e.g. http://localhost:8080/v1)`);
      }
      const configured = e.maxConcurrency ?? options.maxConcurrency ?? 8;
      const endpoint: PooledEndpoint<OpenAI> = {
        url: displayUrl(url.toString()),
        client: new OpenAI({
          apiKey: e.apiKey || NO_KEY,
          baseURL: e.baseURL,
          maxRetries: 0,
          timeout: this.timeoutMs,
          fetch,
        }),
        limiter: new ConcurrencyLimiter(configured),
        maxN: this.nMode === 'single' ? 1 : Infinity,
        failures: 0,
        coolUntil: 0,
      };
      this.baseUrls.set(endpoint, { baseURL: e.baseURL, apiKey: e.apiKey, configured });
      return endpoint;
    });
    this.pool = new EndpointPool(endpoints, options.now);
  }

  async generate(request: GenerateRequest, signal?: AbortSignal): Promise<GenerateResult> {
    const n = validateRequest(request);
    const job: Job = {
      request,
      continuing: request.prompt === undefined && isContinuation(request),
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
      let n = Math.min(count, endpoint.maxN);
      try {
        const serving = await this.serving(endpoint, job.signal);
        n = Math.min(count, endpoint.maxN);
        // A server with fixed slots runs each choice in a slot of its own.
        const weight = serving.info.slots !== null ? n : 1;
        const choices = await endpoint.limiter.run(() => this.send(job, endpoint, serving, first, n), job.signal, weight);
        this.pool.markSuccess(endpoint);
        return { choices, endpoint };
      } catch (raw) {
        if (raw instanceof InputError) throw raw;
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

  private async send(job: Job, endpoint: PooledEndpoint<OpenAI>, serving: ResolvedServing, first: number, n: number): Promise<GenerateChoice[]> {
    // The client hangs a listener on the signal it is given and never takes it off: give it
    // one signal per request, linked to the search's by a listener removed afterwards, so
    // a long search's signal does not collect one listener per call.
    const link = linkedSignal(job.signal);
    try {
      return await this.sendWith(job, endpoint, serving, first, n, link.signal ? { signal: link.signal } : {});
    } finally {
      link.unlink();
    }
  }

  private async sendWith(job: Job, endpoint: PooledEndpoint<OpenAI>, serving: ResolvedServing, first: number, n: number, options: { signal?: AbortSignal }): Promise<GenerateChoice[]> {
    const { request } = job;
    const seed = request.seed === undefined ? undefined : request.seed + first;
    const client = endpoint.client;
    const how = job.continuing ? serving.info.continuation : request.prompt !== undefined ? 'completions' : 'chat';
    const prompt = request.prompt ?? (how === 'completions' || how === 'ollama-raw' ? this.render(endpoint, serving, request.messages!) : undefined);
    if (how === 'ollama-raw') {
      const url = `${serverRoot(this.baseUrls.get(endpoint)!.baseURL)}/api/generate`;
      const body = (await client.post(url, { body: ollamaGenerateBody(this.options.model, prompt!, request, seed), ...options })) as OllamaGenerateResponse;
      const { choice, usage } = parseOllamaGenerate(body, request.logprobs === true);
      this.account(job, { usage }, [choice], prompt!);
      return [choice];
    }
    let body: WireResponse;
    if (how === 'completions') {
      const params = completionBody(this.options.model, prompt!, request, n, seed);
      body = (await client.completions.create(params as never, options)) as WireResponse;
    } else {
      const extra = how === 'continue-final-message' ? { continue_final_message: true, add_generation_prompt: false } : {};
      const params = chatBody(this.options.model, request, n, seed, extra);
      body = (await client.chat.completions.create(params as never, options)) as WireResponse;
    }
    let choices = parseChoices(body, how === 'completions' ? 'completions' : 'chat', request.logprobs === true);
    if (how === 'prefill') {
      // llama.cpp returns the prefilled text again at the start of the reply.
      const prefill = request.messages![request.messages!.length - 1]!.content;
      choices = choices.map((c) => stripPrefill(c, prefill));
    }
    this.account(job, body, choices, prompt ?? (request.messages ?? []).map((m) => m.content).join('\n'));
    return choices;
  }

  /** The chat rendered with the model's template; a clear error when none is known. */
  private render(endpoint: PooledEndpoint<OpenAI>, serving: ResolvedServing, messages: GenerateRequest['messages'] & object): string {
    if (!serving.template) {
      throw new InputError(
        `${this.id} at ${endpoint.url}: continuing a partial answer on this server (${serving.info.kind}: ${serving.info.detectedBy}) needs the model's chat template, and none is known: ` +
          'give --chat-template with its tokenizer_config.json (a path or URL), a .jinja file, or chatml / llama3; or --server-kind if the server is llama.cpp, vLLM, SGLang or Ollama',
      );
    }
    return serving.template(messages);
  }

  /** The endpoint's kind, continuation and slots: asked once per base URL (a failed probe is asked again next time). */
  private serving(endpoint: PooledEndpoint<OpenAI>, signal: AbortSignal | undefined): Promise<ResolvedServing> {
    let pending = this.servings.get(endpoint);
    if (!pending) {
      pending = this.resolveServing(endpoint, signal);
      this.servings.set(endpoint, pending);
      pending.catch(() => this.servings.delete(endpoint));
    }
    return pending;
  }

  private async resolveServing(endpoint: PooledEndpoint<OpenAI>, signal: AbortSignal | undefined): Promise<ResolvedServing> {
    const { baseURL, apiKey, configured } = this.baseUrls.get(endpoint)!;
    let info: ServerInfo;
    if (this.serverKind !== 'auto') info = { kind: this.serverKind, detectedBy: 'flag' };
    else {
      const timeout = AbortSignal.timeout(this.timeoutMs);
      try {
        info = await probeServer(baseURL, this.fetch, apiKey ? { authorization: `Bearer ${apiKey}` } : {}, signal ? AbortSignal.any([signal, timeout]) : timeout);
      } catch (error) {
        if (signal?.aborted) throw new AbortError();
        // The same words as a failed request: the probe is the first thing a run sends.
        const code = describeCause(error) || describeCause((error as Error).cause);
        const why = timeout.aborted ? `timed out after ${this.timeoutMs} ms` : /^E[A-Z]+$/.test(code) ? `cannot connect (${code})` : `cannot ask the server what it is (${code || String(error)})`;
        throw new ModelRequestError(oneLine(`${this.id} at ${endpoint.url}: ${why}`), endpoint.url, undefined, true, undefined, { cause: error });
      }
    }
    const template = this.template ?? (info.chatTemplate ? { render: jinjaChatTemplate(info.chatTemplate), origin: info.chatTemplate.origin } : undefined);
    const continuation = this.continuation === 'auto' ? nativeContinuation(info.kind, template !== undefined) : this.continuation;
    if (info.slots !== undefined) {
      endpoint.limiter.resize(info.slots);
      endpoint.maxN = Math.min(endpoint.maxN, info.slots);
    }
    // Ollama answers one choice per request on every endpoint.
    if (info.kind === 'ollama') endpoint.maxN = 1;
    return {
      template: template?.render,
      info: {
        url: endpoint.url,
        kind: info.kind,
        detectedBy: info.detectedBy,
        continuation,
        chatTemplate: template?.origin ?? null,
        slots: info.slots ?? null,
        maxInFlight: info.slots ?? configured,
        ...(info.version !== undefined ? { version: info.version } : {}),
      },
    };
  }

  /**
   * Every replica with its kind, continuation mechanism, template origin and slots (for
   * the run config). Servers are asked now if they were not yet; one that cannot be
   * reached is listed with the error instead.
   */
  async describeServing(signal?: AbortSignal): Promise<Record<string, Json>> {
    const replicas = await Promise.all(
      this.pool.endpoints.map(async (endpoint): Promise<Json> => {
        try {
          return { ...(await this.serving(endpoint, signal)).info };
        } catch (error) {
          if (error instanceof AbortError) throw error;
          return { url: endpoint.url, error: (error as Error).message };
        }
      }),
    );
    return { provider: 'openai', model: this.options.model, replicas };
  }

  /** Charges one response's tokens to the job, estimating what the server did not report. */
  private account(job: Job, body: WireResponse, choices: GenerateChoice[], promptText: string): void {
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
      job.tokensIn += estimateTokens(promptText);
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
        oneLine(redactSecrets(`${where}: HTTP ${raw.status}${type}: ${message}`, this.secrets)),
        endpoint.url,
        raw.status,
        isRetryableStatus(raw.status),
        parseRetryAfter(raw.headers),
        { cause: raw },
      );
    }
    if (raw instanceof SyntaxError || raw instanceof ResponseShapeError) {
      // A body cut off mid-way or not JSON at all: usually a proxy or a dying server; worth a retry.
      return new ModelRequestError(oneLine(redactSecrets(`${where}: unreadable response (${raw.message})`, this.secrets)), endpoint.url, undefined, true, undefined, { cause: raw });
    }
    const message = raw instanceof Error ? raw.message : String(raw);
    return new ModelRequestError(oneLine(redactSecrets(`${where}: ${message}`, this.secrets)), endpoint.url, undefined, false, undefined, { cause: raw });
  }
}

/** A signal that fires with `outer`, through one listener that `unlink` removes. */
function linkedSignal(outer: AbortSignal | undefined): { signal: AbortSignal | undefined; unlink: () => void } {
  if (!outer) return { signal: undefined, unlink: () => {} };
  const controller = new AbortController();
  if (outer.aborted) controller.abort(outer.reason);
  const onAbort = () => controller.abort(outer.reason);
  outer.addEventListener('abort', onAbort, { once: true });
  return { signal: controller.signal, unlink: () => outer.removeEventListener('abort', onAbort) };
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

function resolveTemplateOption(option: OpenAIModelOptions['chatTemplate']): ResolvedChatTemplate | undefined {
  if (option === undefined) return undefined;
  if (typeof option === 'function') return { render: option, origin: 'custom' };
  if (typeof option === 'string') {
    const named = CHAT_TEMPLATES[option];
    if (!named) throw new InputError(`unknown chat template "${option}" (known: ${Object.keys(CHAT_TEMPLATES).join(', ')}; files and URLs go through loadChatTemplate)`);
    return { render: named, origin: option };
  }
  return option;
}

export function createOpenAIModel(options: OpenAIModelOptions): OpenAIModel {
  return new OpenAIModel(options);
}
