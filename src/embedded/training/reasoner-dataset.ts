import { createHash } from 'node:crypto';
import { createRandom } from '../../core/random.js';
import { Tokenizer } from '../model/tokenizer.js';
import type { TrainExample } from '../model/train-loop.js';
import { createBoard } from '../../linearize/tool-trace/board.js';
import { DEFAULT_TEACHER, segmentWeight, writeToolTrace, type ToolTraceObjective, type TeacherOptions, type ToolTrace, type ToolTraceFormat } from '../../linearize/tool-trace/tool-trace.js';

export interface TraceProblem {
  numbers: readonly number[];
  target: number;
  /** Countdown rules (integers only). */
  integer?: boolean;
}

export interface BuildTracesOptions {
  format: ToolTraceFormat;
  /** Traces written per problem (each with its own prompt order and teacher draws). */
  perProblem: number;
  seed: string | number;
  teacher?: Partial<TeacherOptions>;
}

/**
 * Meta-STaR's data step for the tool-integrated format: search each training problem,
 * linearize, and keep only traces whose final answer verifies (the tool reached the
 * target with every number used once, in exact arithmetic).
 */
export function buildToolTraces(problems: readonly TraceProblem[], options: BuildTracesOptions): { traces: ToolTrace[]; attempted: number } {
  const teacher = { ...DEFAULT_TEACHER, ...options.teacher };
  const traces: ToolTrace[] = [];
  let attempted = 0;
  problems.forEach((problem, i) => {
    for (let k = 0; k < options.perProblem; k++) {
      const random = createRandom(`${options.seed}:trace:${i}:${k}`);
      const trace = writeToolTrace(createBoard(problem.numbers, problem.target, problem.integer ?? false), options.format, random, teacher);
      attempted++;
      if (trace.solved) traces.push(trace);
    }
  });
  return { traces, attempted };
}

/** Token ids and per-position loss weights of one trace under an objective. */
export function encodeTrace(tokenizer: Tokenizer, trace: Pick<ToolTrace, 'segments'>, objective: ToolTraceObjective): TrainExample {
  const tokens: number[] = [];
  const weightOf: number[] = [];
  for (const segment of trace.segments) {
    // The model only reads the prompt and the tool's text: a character its vocabulary
    // lacks (a rare tool phrase) is dropped there; what the model writes must encode.
    const ids = segment.role === 'tool' || segment.role === 'prompt' ? tokenizer.encodeLenient(segment.text) : tokenizer.encode(segment.text);
    const w = segmentWeight(segment, objective);
    for (const id of ids) {
      tokens.push(id);
      weightOf.push(w);
    }
  }
  // weights[i] weights predicting tokens[i+1], i.e. the weight of the token it predicts.
  const weights = new Float32Array(Math.max(0, tokens.length - 1));
  for (let i = 0; i + 1 < tokens.length; i++) weights[i] = weightOf[i + 1]!;
  return { tokens: Int32Array.from(tokens), weights };
}

/** A stable hash of the exact training text (for the dataset card and the model's provenance). */
export function hashTraces(traces: readonly Pick<ToolTrace, 'text'>[]): string {
  const hash = createHash('sha256');
  for (const t of traces) hash.update(t.text).update('\0');
  return `sha256:${hash.digest('hex')}`;
}
