import { Hono } from 'hono';
import { z } from 'zod';
import { InputError } from '../core/errors.js';
import { createBearerCheck } from '../http/bearer-auth.js';
import { completionLength, discounted, type CompletionChecker, type LengthUnit } from './completion-scorer.js';

/**
 * OpenRLHF's remote reward-model contract (`--remote_rm_url`): POST a JSON body
 * `{"query": [prompt + response, ...], "prompts": [prompt, ...], "labels": [label, ...]}`
 * and read `rewards` (a float per query) from the response. `prompts` and `labels` are
 * optional; `completions` may replace `query` (responses without their prompts, as TRL's
 * reward functions receive them).
 */
export const rewardRequestSchema = z
  .object({
    query: z.array(z.string()).optional(),
    completions: z.array(z.string()).optional(),
    prompts: z.array(z.string()).optional(),
    labels: z.array(z.union([z.string(), z.number(), z.null()])).optional(),
  })
  .refine((b) => (b.query === undefined) !== (b.completions === undefined), 'send exactly one of query (prompt + response) or completions (responses alone)');

export interface RewardResponse {
  rewards: number[];
  /** The same numbers under the name newer OpenRLHF reward functions also return. */
  scores: number[];
  extra_logs: { correct: number[]; length: number[]; prm?: number[] };
  answers: (string | null)[];
}

export interface RewardAppOptions {
  check: CompletionChecker;
  /** Discount factor γ of reward × γ^length (default 1: no discount). */
  gamma?: number;
  lengthUnit?: LengthUnit;
  /** Optional process reward model: a score in [0,1] per (prompt, completion), mixed in with `prmWeight`. */
  prm?: (items: readonly { prompt: string; completion: string }[], signal?: AbortSignal) => Promise<number[]>;
  /** reward = (1 − w)·correct + w·prm (default 0.5 when a PRM is given). */
  prmWeight?: number;
  /** Rewards for right and wrong answers before any discount (default 1 and 0). */
  correctReward?: number;
  wrongReward?: number;
  apiKeys?: readonly string[];
  /** Largest batch accepted (default 4096). */
  maxBatch?: number;
  task: string;
}

/**
 * The reward server as a Hono app: `POST /get_reward` (OpenRLHF's path; `/reward` and `/`
 * also answer) scores a batch of completions with metacot's checkers, optionally mixed
 * with a PRM and discounted by length; `GET /health` says what it scores.
 */
export function createRewardApp(options: RewardAppOptions): Hono {
  const app = new Hono();
  const auth = createBearerCheck(options.apiKeys ?? []);
  const gamma = options.gamma ?? 1;
  const unit = options.lengthUnit ?? 'tokens';
  const weight = options.prm ? options.prmWeight ?? 0.5 : 0;
  const right = options.correctReward ?? 1, wrong = options.wrongReward ?? 0;
  const maxBatch = options.maxBatch ?? 4096;

  app.get('/health', (c) => c.json({ status: 'ok', task: options.task, gamma, lengthUnit: unit, prm: Boolean(options.prm), prmWeight: weight }));

  const score = async (c: { req: { raw: Request; header(name: string): string | undefined; json(): Promise<unknown> }; json: (body: unknown, status?: 200 | 400 | 401) => Response }) => {
    const refused = auth(c.req.header('authorization'));
    if (refused) return refused;
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: 'the body must be JSON: {"query": [...], "prompts": [...], "labels": [...]}' }, 400);
    }
    const parsed = rewardRequestSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return c.json({ error: `${issue.path.join('.') || 'body'}: ${issue.message}` }, 400);
    }
    const { query, completions, prompts, labels } = parsed.data;
    const texts = (query ?? completions)!;
    if (texts.length > maxBatch) return c.json({ error: `batch of ${texts.length} is larger than the server's limit of ${maxBatch}` }, 400);
    for (const [name, list] of [['prompts', prompts], ['labels', labels]] as const) {
      if (list && list.length !== texts.length) return c.json({ error: `${name} has ${list.length} entries for ${texts.length} ${query ? 'queries' : 'completions'}; send one per item` }, 400);
    }
    // OpenRLHF sends prompt + response in `query`; the checkers read the response alone.
    const responses = texts.map((t, i) => {
      const p = prompts?.[i];
      return query && p && t.startsWith(p) ? t.slice(p.length) : t;
    });
    const items = responses.map((completion, i) => ({ completion, label: labels?.[i] === undefined || labels[i] === null ? null : String(labels[i]) }));
    let verdicts;
    try {
      verdicts = await options.check(items);
    } catch (error) {
      if (error instanceof InputError) return c.json({ error: error.message }, 400);
      throw error;
    }
    const prm = options.prm ? await options.prm(responses.map((completion, i) => ({ prompt: prompts?.[i] ?? '', completion })), c.req.raw.signal) : null;
    const lengths = responses.map((r) => completionLength(r, unit));
    const rewards = verdicts.map((v, i) => {
      const base = v.correct ? right : wrong;
      const mixed = prm ? (1 - weight) * base + weight * prm[i]! : base;
      return discounted(mixed, gamma, lengths[i]!);
    });
    const out: RewardResponse = {
      rewards,
      scores: rewards,
      extra_logs: { correct: verdicts.map((v) => (v.correct ? 1 : 0)), length: lengths, ...(prm ? { prm } : {}) },
      answers: verdicts.map((v) => v.answer),
    };
    return c.json(out);
  };
  for (const path of ['/get_reward', '/reward', '/']) app.post(path, (c) => score(c));
  return app;
}
