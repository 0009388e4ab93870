import { AbortError, InputError, isAbortError } from '../../core/errors.js';
import type { SearchContext, Verifier } from '../../core/reasoning.js';
import { abortableSleep, type Sleep } from '../../models/abortable-sleep.js';
import { ModelRequestError, displayUrl, isRetryableStatus } from '../../models/model-request-error.js';
import { parseRetryAfter, retryDelayMs } from '../../models/retry-delay.js';
import { createRandom } from '../../core/random.js';
import type { TextState } from '../../policies/text-state.js';
import { aggregateStepScores, type StepAggregation } from './aggregate-steps.js';

/**
 * The wire protocols a reward-model server may speak:
 * - `pooling`: vLLM's `POST /pooling` `{model, input: [text…]}` → `{data: [{data}]}`, where a
 *   process reward model (Qwen2.5-Math-PRM under `--runner pooling`) returns one
 *   `[p_wrong, p_right]` row per step tag, and an outcome RM a scalar or a row;
 * - `classify`: vLLM's `POST /classify` `{model, input: [text…]}` → `{data: [{probs}]}`;
 * - `json`: our plain contract for custom servers:
 *   `POST URL {items: [{question, steps: [string]}]}` → `{scores: [number | number[]]}`
 *   (one number per item, or one per step).
 */
export type RewardProtocol = 'pooling' | 'classify' | 'json';

export interface RewardModelOptions<S> {
  /** The server root for vLLM (`http://host:8000`), or the full URL for `json`. */
  url: string;
  protocol: RewardProtocol;
  /** The model name (vLLM protocols). */
  model?: string;
  apiKey?: string;
  kind?: 'outcome' | 'process';
  aggregate?: StepAggregation;
  /** The question and steps of a state (default for TextState). */
  render?: (state: S) => { question: string; steps: string[] };
  /** Renders the text a vLLM reward model reads (default: Qwen2.5-Math-PRM's chat format). */
  formatInput?: (question: string, steps: string[]) => string;
  /** Which class of a probability row means "right" (default 1). */
  positiveIndex?: number;
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
  /** Retries on 408/409/429/5xx, timeouts and refused connections (default 3), waits as the OpenAI provider's. */
  maxRetries?: number;
  sleep?: Sleep;
}

/** Qwen2.5-Math-PRM's input: ChatML with `<extra_0>` after every step, where the model scores. */
export function qwenPrmInput(question: string, steps: string[]): string {
  const system = 'Please reason step by step, and put your final answer within \\boxed{}.';
  const body = steps.map((s) => `${s}<extra_0>`).join('');
  return `<|im_start|>system\n${system}<|im_end|>\n<|im_start|>user\n${question}<|im_end|>\n<|im_start|>assistant\n${body}<|im_end|><|endoftext|>`;
}

const renderText = (state: unknown) => {
  const s = state as TextState;
  return { question: s.question, steps: s.steps };
};

/**
 * A reward model behind HTTP as a Verifier: one request per batch of states, step scores
 * aggregated into one value (see aggregate-steps.ts). Scores outside [0, 1] (raw reward
 * logits) are squashed with a sigmoid.
 */
export function createRewardModelVerifier<S = TextState>(options: RewardModelOptions<S>): Verifier<S> {
  const fetchFn = options.fetch ?? globalThis.fetch;
  const render = options.render ?? (renderText as (state: S) => { question: string; steps: string[] });
  const format = options.formatInput ?? qwenPrmInput;
  const positive = options.positiveIndex ?? 1;
  const aggregate = options.aggregate ?? 'min';
  const where = displayUrl(options.url);
  if (options.protocol !== 'json' && !options.model) throw new InputError(`reward model at ${where}: the ${options.protocol} protocol needs a model name`);

  const endpoint = options.protocol === 'json' ? options.url : `${options.url.replace(/\/+$/, '')}/${options.protocol}`;

  const sleep = options.sleep ?? abortableSleep;
  const jitter = createRandom('reward-retry-jitter');
  const post = async (body: unknown, signal: AbortSignal | undefined): Promise<unknown> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await postOnce(body, signal);
      } catch (error) {
        if (!(error instanceof ModelRequestError) || !error.retryable || attempt >= (options.maxRetries ?? 3)) throw error;
        await sleep(retryDelayMs(attempt, error.retryAfterMs, jitter), signal);
      }
    }
  };

  const postOnce = async (body: unknown, signal: AbortSignal | undefined): Promise<unknown> => {
    const timeout = AbortSignal.timeout(options.timeoutMs ?? 120_000);
    const merged = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await fetchFn(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) },
        body: JSON.stringify(body),
        signal: merged,
      });
    } catch (error) {
      if (signal?.aborted) throw new AbortError();
      if (timeout.aborted) throw new ModelRequestError(`reward model at ${where}: timed out`, where, undefined, true);
      if (isAbortError(error)) throw new AbortError();
      throw new ModelRequestError(`reward model at ${where}: cannot connect (${(error as Error).message})`, where, undefined, true, undefined, { cause: error });
    }
    const text = await response.text();
    if (!response.ok) {
      throw new ModelRequestError(`reward model at ${where}: HTTP ${response.status}: ${text.replace(/\s+/g, ' ').trim().slice(0, 300)}`, where, response.status, isRetryableStatus(response.status), parseRetryAfter(response.headers));
    }
    try {
      return JSON.parse(text);
    } catch {
      throw new ModelRequestError(`reward model at ${where}: unreadable response (not JSON)`, where, response.status, true);
    }
  };

  const stepScores = async (items: Array<{ question: string; steps: string[] }>, signal: AbortSignal | undefined): Promise<number[][]> => {
    if (options.protocol === 'json') {
      const body = (await post({ items }, signal)) as { scores?: unknown };
      if (!Array.isArray(body.scores) || body.scores.length !== items.length) throw bad(`expected {scores: [...]} with ${items.length} entries`);
      return body.scores.map((s) => (Array.isArray(s) ? s.map(num) : [num(s)]));
    }
    const input = items.map((item) => format(item.question, item.steps));
    const body = (await post({ model: options.model, input }, signal)) as { data?: Array<{ index?: number; data?: unknown; probs?: unknown }> };
    if (!Array.isArray(body.data) || body.data.length !== items.length) throw bad(`expected {data: [...]} with ${items.length} entries`);
    const rows = [...body.data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    return rows.map((row) => {
      if (options.protocol === 'classify') {
        if (!Array.isArray(row.probs)) throw bad('a classify result has no probs');
        return [num(row.probs[Math.min(positive, row.probs.length - 1)])];
      }
      const data = row.data;
      if (typeof data === 'number') return [data];
      if (!Array.isArray(data)) throw bad('a pooling result has no data');
      // One [p_wrong, p_right] row per step, or a flat list of scalars.
      return data.map((r) => (Array.isArray(r) ? num(r[Math.min(positive, r.length - 1)]) : num(r)));
    });
  };

  const bad = (what: string) => new ModelRequestError(`reward model at ${where}: unexpected response: ${what}`, where, 200, false);

  return {
    id: `reward:${options.model ?? where}`,
    kind: options.kind ?? 'process',
    async score(states: readonly S[], ctx: SearchContext): Promise<number[]> {
      if (states.length === 0) return [];
      const items = states.map(render);
      const scores = await stepScores(items, ctx.signal);
      return scores.map((s) => aggregateStepScores(s.map(squash), aggregate));
    },
  };
}

function num(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`expected a number, got ${JSON.stringify(value)}`);
  return value;
}

function squash(x: number): number {
  return x >= 0 && x <= 1 ? x : 1 / (1 + Math.exp(-x));
}
