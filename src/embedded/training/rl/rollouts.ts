import type { PolicyDecision } from '../../model/backprop.js';
import type { SequenceDecoder } from '../../model/decoder.js';
import { generateGroups } from '../../model/generate-batch.js';
import { defaultMaxTokens } from '../../reasoner/embedded-reasoner.js';
import type { Tokenizer } from '../../model/tokenizer.js';
import { createBoard, solvable } from '../../../linearize/tool-trace/board.js';
import { ArithTool } from '../../../linearize/tool-trace/tool-trace-decoder.js';
import { promptFor } from '../../../linearize/tool-trace/tool-trace.js';
import { checkAnswer } from '../../../tasks/arith/check-answer.js';
import { fromInteger } from '../../../tasks/arith/rational.js';
import type { RlProblem } from './rl-problem.js';

/**
 * One sampled in-context search, as the update needs it: the token sequence (prompt,
 * model and tool text), the decisions the model made in it (tokens it wrote with more
 * than one choice open) with the log-probability they were drawn with, and what the
 * task says about it.
 */
export interface Rollout {
  group: number;
  /** The search within its group; a folded search gives one Rollout per context it read, all with the same `sample`. */
  sample: number;
  /** The search's first context (the one that carries its reward in group statistics). */
  first: boolean;
  tokens: Int32Array;
  decisions: PolicyDecision[];
  /** log π_old(decision) under the sampling distribution. */
  oldLogp: Float64Array;
  /** Per decision: +1 a value the task confirms right, −1 a wrong one, 0 not a value. */
  valueCheck: Int8Array;
  solved: boolean;
  /** Tokens the model wrote (tool text excluded). */
  modelTokens: number;
}

export interface SampleOptions {
  temperature: number;
  /** Samples per problem (the group). */
  k: number;
  seed: string;
  valueThreshold: number;
  /** The model spells large numbers digit by digit (see spellsNumbers): decoding constrains each digit, as inference does. */
  spelledNumbers?: boolean;
  /**
   * Fold each search's context when it fills (see generate-batch's `fold`); each context becomes a Rollout.
   * As at inference, a folded search takes ArithTool's second look before it gives up.
   */
  fold?: boolean;
  /** Sequences decoded together. */
  batchSize?: number;
  signal?: AbortSignal;
}

/**
 * Samples k in-context searches per problem with the same tool-integrated, constrained
 * decoding as inference (ArithTool, the model's value threshold as a logit bias), and
 * scores each: verified answer, and every value it wrote against exhaustive solvability.
 * `groupBase` numbers the groups (a worker sampling part of a batch passes its offset).
 */
export async function sampleRollouts(
  decoder: SequenceDecoder, tokenizer: Tokenizer, problems: readonly RlProblem[], options: SampleOptions, groupBase = 0,
): Promise<Rollout[]> {
  const tools: ArithTool[][] = problems.map(() => []);
  const groups = problems.map((p, g) => {
    const board = createBoard(p.numbers, p.target, p.integer);
    return {
      prompt: promptFor(p.numbers, p.target), n: options.k, seed: `${options.seed}:${groupBase + g}`,
      tool: () => {
        const tool = new ArithTool(board, {
          constrain: true, valueThreshold: options.valueThreshold, spelledNumbers: options.spelledNumbers ?? false, secondLook: options.fold ?? false,
        });
        tools[g]!.push(tool);
        return tool;
      },
    };
  });
  const samples = await generateGroups(decoder, tokenizer, groups, {
    temperature: options.temperature, maxTokens: defaultMaxTokens(decoder.config, options.fold ?? false), record: true,
    ...(options.fold ? { fold: true } : {}),
    ...(options.batchSize ? { batchSize: options.batchSize } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const out: Rollout[] = [];
  samples.forEach((group, g) => group.forEach((sample, i) => {
    const problem = problems[g]!;
    const tool = tools[g]![i]!;
    if (!sample.record) throw new Error('sampling kept no record');
    const win = tool.solvedNode === null ? null : tool.nodes[tool.solvedNode]!;
    const check = win ? checkAnswer(win.board.exprs[0]!, problem.numbers.map(fromInteger), problem.target, { rules: problem.integer ? 'integer' : 'rational' }) : null;
    // Values are numbered across the contexts of a folded search, in the order written.
    let valueIndex = 0;
    const contexts = [...(sample.foldedRecords ?? []), sample.record];
    contexts.forEach((rec, c) => {
      const all = [...rec.prompt, ...rec.ids];
      const decisions: PolicyDecision[] = [];
      const oldLogp: number[] = [];
      const valueCheck: number[] = [];
      rec.modelAt.forEach((at, k) => {
        const allowed = rec.allowed[k]!;
        const id = rec.ids[at]!;
        const token = tokenizer.vocab[id]!;
        // A value token: the model's judgement of the state it just reached.
        const before = at > 0 ? rec.ids[at - 1]! : rec.prompt[rec.prompt.length - 1]!;
        const isValue = allowed !== null && allowed.length === 2 && (token === ' 0' || token === ' 1') && tokenizer.vocab[before] === ' value';
        let valueRight = 0;
        if (isValue) {
          const node = tool.nodes[tool.valued[valueIndex++] ?? -1];
          if (node) valueRight = (token === ' 1') === solvable(node.board) ? 1 : -1;
        }
        // A forced token (one choice) is not a decision: its probability is 1 whatever the weights.
        if (allowed !== null && allowed.length < 2) return;
        const position = rec.prompt.length + at - 1;
        decisions.push({ at: position, allowed, bias: rec.bias[k]! });
        oldLogp.push(rec.logprob[k]!);
        valueCheck.push(valueRight);
      });
      const last = decisions.length > 0 ? decisions[decisions.length - 1]!.at + 2 : rec.prompt.length;
      out.push({
        group: groupBase + g, sample: i, first: c === 0,
        tokens: Int32Array.from(all.slice(0, last)),
        decisions, oldLogp: Float64Array.from(oldLogp), valueCheck: Int8Array.from(valueCheck),
        solved: check?.ok === true, modelTokens: sample.modelTokens,
      });
    });
  }));
  return out;
}
