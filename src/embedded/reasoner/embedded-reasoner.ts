import type { StopReason } from '../../core/budget.js';
import { randomId } from '../../core/ids.js';
import { createRandom } from '../../core/random.js';
import { TREE_SCHEMA, TREE_SCHEMA_VERSION, type TraceTree, type TreeNode } from '../../core/tree-schema.js';
import { emptyUsage } from '../../core/usage.js';
import { loadEmbeddedModel, type EmbeddedModel } from '../model/embedded-model.js';
import type { TransformerConfig } from '../model/transformer.js';
import { generateGroups, type GeneratedSample, type SampleGroup } from '../model/generate-batch.js';
import { checkAnswer } from '../../tasks/arith/check-answer.js';
import { fromInteger } from '../../tasks/arith/rational.js';
import { createBoard, type Board } from '../../linearize/tool-trace/board.js';
import { ArithTool } from '../../linearize/tool-trace/tool-trace-decoder.js';
import { promptFor } from '../../linearize/tool-trace/tool-trace.js';
import { leftText, parseStepLine } from '../../linearize/arith-lines.js';
import type { ArithState } from '../../tasks/arith/arith-state.js';

import { DEFAULT_REASONER } from './model-fit.js';

export { DEFAULT_REASONER };

const cache = new Map<string, EmbeddedModel>();

/** Loads (once per process) the shipped reasoner, or a checkpoint given by path. */
export function loadEmbeddedReasoner(nameOrPath: string = DEFAULT_REASONER): EmbeddedModel {
  let model = cache.get(nameOrPath);
  if (!model) {
    model = loadEmbeddedModel(nameOrPath);
    cache.set(nameOrPath, model);
  }
  return model;
}

export interface SolveWithEmbeddedOptions {
  target?: number;
  /** Countdown rules (integers only). */
  integer?: boolean;
  /** Independent in-context searches (stops at the first verified one is not possible in a batch: all run). */
  samples?: number;
  /** 0 (default for one sample): greedy; sampling otherwise. */
  temperature?: number;
  seed?: number | string;
  /** Most tokens the model writes per sample (default: its context; with `fold`, FOLDED_CONTEXTS contexts). */
  maxTokens?: number;
  model?: EmbeddedModel;
  /**
   * Constrained decoding (default true): the model may only write well-formed lines and
   * legal operations on the numbers left; it still chooses which, and when to go back.
   */
  constrain?: boolean;
  /** With `constrain`: never offer a step already tried (and abandoned) from the same state (default true). */
  avoidRepeats?: boolean;
  /**
   * Write value 1 when the model gives it at least this probability (default: the
   * threshold calibrated on training puzzles and stored with the model, else 0.5).
   */
  valueThreshold?: number;
  /**
   * Context folding (see generate-batch's `fold`): when the context fills, every subtree the
   * model has searched and left is folded into its step line valued 0 and the search goes
   * on; `maxTokens` then bounds it. Off (default): the search ends with its context.
   */
  fold?: boolean;
  /**
   * When the search would give up with budget left, take a second look, once: every step
   * from the start opens again and the one re-entered is searched to the end (see
   * ArithTool's `secondLook`). Default: on with `fold`.
   */
  secondLook?: boolean;
  signal?: AbortSignal;
}

export interface EmbeddedAttempt {
  text: string;
  solved: boolean;
  answer: string | null;
  tool: ArithTool;
  sample: GeneratedSample;
}

export interface EmbeddedSolveResult {
  tree: TraceTree;
  solved: boolean;
  /** The verified answer expression, or null. */
  answer: string | null;
  /** The in-context search the tree was taken from (prompt, model and tool text). */
  text: string;
  attempts: EmbeddedAttempt[];
  /** Tokens the model wrote over all samples (tool text excluded). */
  modelTokens: number;
}

/**
 * Solves a Game of 24 / Countdown puzzle with the embedded model searching in its own
 * context: the model writes operations, values and backs; the task computes every
 * result and keeps the stack (tool-integrated decoding); the final answer is checked by
 * the task's answer checker. Returns the search as a trace tree in the core schema.
 */
export async function runEmbeddedAttempts(numbers: readonly number[], options: SolveWithEmbeddedOptions = {}): Promise<EmbeddedAttempt[]> {
  const target = options.target ?? 24;
  const model = options.model ?? loadEmbeddedReasoner();
  const samples = options.samples ?? 1;
  const temperature = options.temperature ?? (samples === 1 ? 0 : 1);
  const board = createBoard(numbers, target, options.integer ?? false);
  const prompt = promptFor(numbers, target);
  const tools: ArithTool[] = [];
  const out = await model.sample({
    prompt, n: samples, temperature, seed: options.seed ?? 0,
    maxTokens: options.maxTokens ?? defaultMaxTokens(model.checkpoint.config, options.fold ?? false),
    tool: () => {
      const tool = newTool(board, model, options);
      tools.push(tool);
      return tool;
    },
    ...(options.fold ? { fold: true } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return out.map((sample, i) => toAttempt(sample, tools[i]!, prompt, numbers, target, options.integer ?? false));
}

/** A problem for `runEmbeddedBatch`: its own target and rules. */
export interface EmbeddedProblem {
  numbers: readonly number[];
  target: number;
  integer?: boolean;
}

/**
 * `samples` in-context searches of each of many problems, decoded together in batches
 * (generateGroups): what an evaluation over hundreds of problems uses. Sample i of problem j
 * draws from the stream `${seeds[j]}:${i}`, as `runEmbeddedAttempts(numbers, {seed: seeds[j]})`
 * would; greedy searches equal runEmbeddedAttempts' one by one.
 */
export async function runEmbeddedBatch(
  problems: readonly EmbeddedProblem[],
  options: Omit<SolveWithEmbeddedOptions, 'target' | 'integer' | 'seed'> & { seeds?: readonly (string | number)[]; batchSize?: number } = {},
): Promise<EmbeddedAttempt[][]> {
  const model = options.model ?? loadEmbeddedReasoner();
  const samples = options.samples ?? 1;
  const temperature = options.temperature ?? (samples === 1 ? 0 : 1);
  const tools: ArithTool[][] = problems.map(() => []);
  const groups: SampleGroup[] = problems.map((p, j) => {
    const board = createBoard(p.numbers, p.target, p.integer ?? false);
    return {
      prompt: promptFor(p.numbers, p.target), n: samples, seed: options.seeds?.[j] ?? 0,
      tool: () => {
        const tool = newTool(board, model, options);
        tools[j]!.push(tool);
        return tool;
      },
    };
  });
  const out = await generateGroups(model.sampler, model.tokenizer, groups, {
    temperature, maxTokens: options.maxTokens ?? defaultMaxTokens(model.checkpoint.config, options.fold ?? false),
    ...(options.batchSize ? { batchSize: options.batchSize } : {}),
    ...(options.fold ? { fold: true } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return problems.map((p, j) => out[j]!.map((sample, i) => toAttempt(sample, tools[j]![i]!, groups[j]!.prompt, p.numbers, p.target, p.integer ?? false)));
}

function newTool(board: Board, model: EmbeddedModel, options: Pick<SolveWithEmbeddedOptions, 'constrain' | 'avoidRepeats' | 'valueThreshold' | 'fold' | 'secondLook'>): ArithTool {
  const constrain = options.constrain ?? true;
  return new ArithTool(board, {
    constrain, avoidRepeats: options.avoidRepeats ?? constrain, valueThreshold: options.valueThreshold ?? storedThreshold(model, options.fold ?? false),
    spelledNumbers: spellsNumbers(model.checkpoint.meta), secondLook: options.secondLook ?? options.fold ?? false,
  });
}

/** Models trained with integer words (Countdown) spell larger numbers digit by digit: their decoding constrains each digit. */
export function spellsNumbers(meta: Readonly<Record<string, unknown>>): boolean {
  return typeof meta.numberTokens === 'number';
}

function toAttempt(sample: GeneratedSample, tool: ArithTool, prompt: string, numbers: readonly number[], target: number, integer: boolean): EmbeddedAttempt {
  const win = tool.solvedNode === null ? null : tool.nodes[tool.solvedNode]!;
  const expr = win ? win.board.exprs[0]! : null;
  const check = expr ? checkAnswer(expr, numbers.map(fromInteger), target, { rules: integer ? 'integer' : 'rational' }) : null;
  const solved = check?.ok === true;
  return { text: prompt + sample.text, solved, answer: solved ? expr : null, tool, sample };
}

/**
 * A folded search may write as many tokens as this many contexts hold: room to search on
 * after the first context fills, bounded so that one search stays a bounded cost.
 */
export const FOLDED_CONTEXTS = 4;

/** Most tokens one in-context search writes by default, for a model with this configuration. */
export function defaultMaxTokens(config: Pick<TransformerConfig, 'context'>, fold: boolean): number {
  return config.context * (fold ? FOLDED_CONTEXTS : 1);
}

/**
 * The value threshold calibrated for a model: `meta.foldedValueThreshold` for a folded
 * search (more tokens to spend, so a lower threshold pays) when there is one, else
 * `meta.valueThreshold`, else 0.5.
 */
export function storedThreshold(model: EmbeddedModel, fold = false): number {
  const valid = (t: unknown): t is number => typeof t === 'number' && t > 0 && t < 1;
  const folded = model.checkpoint.meta.foldedValueThreshold;
  if (fold && valid(folded)) return folded;
  const t = model.checkpoint.meta.valueThreshold;
  return valid(t) ? t : 0.5;
}

export async function solveWithEmbedded(numbers: readonly number[], options: SolveWithEmbeddedOptions = {}): Promise<EmbeddedSolveResult> {
  const started = Date.now();
  const model = options.model ?? loadEmbeddedReasoner();
  const attempts = await runEmbeddedAttempts(numbers, { ...options, model });
  const chosen = attempts.find((a) => a.solved) ?? attempts[0]!;
  const modelTokens = attempts.reduce((s, a) => s + a.sample.modelTokens, 0);
  const target = options.target ?? 24;
  const tree = attemptTree(chosen, numbers, target, options, model.id, Date.now() - started);
  tree.usage.tokensOut = modelTokens;
  tree.usage.policyCalls = attempts.length;
  return { tree, solved: chosen.solved, answer: chosen.answer, text: chosen.text, attempts, modelTokens };
}

function stateOf(board: Board) {
  return { target: board.target, nums: board.nums.map((f) => [f[0], f[1]]), exprs: [...board.exprs] };
}

/**
 * A node's step with its structured action (read back from the operation the model wrote),
 * so the tree linearizes in every arithmetic format, sos included, like a symbolic search's.
 */
function stepOf(text: string, state: ReturnType<typeof stateOf>): TreeNode['step'] {
  if (text === '') return { text };
  const line = `${text.trim()} ${leftText(state as unknown as ArithState)}`;
  const parsed = parseStepLine(line);
  return parsed ? { text: line, action: parsed.action } : { text };
}

/** The search one attempt wrote, as a trace tree (nodes in the order the model wrote them). */
export function attemptTree(attempt: EmbeddedAttempt, numbers: readonly number[], target: number, options: SolveWithEmbeddedOptions, modelId: string, ms: number): TraceTree {
  const { tool } = attempt;
  const nodes: TreeNode[] = tool.nodes.map((n) => {
    const terminal = n.board.nums.length === 1;
    const node: TreeNode = {
      id: n.id, parentId: n.parentId, depth: n.depth,
      step: stepOf(n.text, stateOf(n.board)),
      state: stateOf(n.board),
      scores: n.value === undefined ? {} : { value: n.value },
      flags: { terminal },
      cost: emptyUsage(),
    };
    if (terminal) {
      node.flags.answer = n.board.exprs[0]!;
      node.flags.verified = n.win && attempt.solved;
    }
    return node;
  });
  nodes[0]!.cost.tokensOut = attempt.sample.modelTokens;
  nodes[0]!.cost.policyCalls = 1;
  const usage = { ...emptyUsage(), policyCalls: 1, tokensOut: attempt.sample.modelTokens, ms };
  const stopReason: StopReason = attempt.solved ? 'solved' : attempt.sample.finishReason === 'length' ? 'tokens' : 'exhausted';
  const rules = options.integer ? 'integer' : 'rational';
  return {
    schema: TREE_SCHEMA,
    version: TREE_SCHEMA_VERSION,
    id: randomId(createRandom(`${options.seed ?? 0}:tree:${numbers.join('-')}`)),
    problem: {
      id: `${options.integer ? 'countdown' : 'game24'}:${numbers.join('-')}:${target}`,
      task: options.integer ? 'countdown' : 'game24',
      prompt: promptFor(numbers, target).trim(),
      input: { numbers: [...numbers], target, rules },
    },
    search: { name: 'in-context', options: { samples: options.samples ?? 1, temperature: options.temperature ?? ((options.samples ?? 1) === 1 ? 0 : 1), constrained: options.constrain ?? true, format: 'metacot-tool' } },
    model: modelId,
    seed: String(options.seed ?? 0),
    nodes,
    visits: tool.visits,
    bestId: tool.solvedNode,
    answer: attempt.answer,
    verified: tool.solvedNode === null ? null : attempt.solved,
    stopReason,
    usage,
  };
}


