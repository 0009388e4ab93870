import { existsSync, mkdirSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Json } from '../../core/json.js';
import { createRandom, shuffled } from '../../core/random.js';
import { promptFor, type ToolTrace, type ToolTraceSegment } from '../../linearize/tool-trace/tool-trace.js';
import { loadGame24 } from '../../tasks/game24/load-game24.js';
import { iterationDir } from '../../training-data/star-loop/loop-state.js';
import { runStarLoop, type LoopSteps, type StepContext } from '../../training-data/star-loop/run-star-loop.js';
import { loadCheckpoint, saveCheckpoint, type Checkpoint } from '../model/checkpoint.js';
import { createEmbeddedModel } from '../model/embedded-model.js';
import type { CurvePoint } from '../model/train-loop.js';
import { runEmbeddedAttempts } from '../reasoner/embedded-reasoner.js';
import { evaluateReasoner } from './evaluate-reasoner.js';
import { trainReasoner, type TrainReasonerOptions } from './train-reasoner.js';

export interface StarOptions {
  iterations: number;
  /** Training puzzles sampled per iteration. */
  problems: number;
  /** Searches sampled per puzzle. */
  samples: number;
  temperature: number;
  /** Optimizer steps per retraining round. */
  steps: number;
  seed: string | number;
  /** Held-out puzzles scored after each round (the 24.csv test rows; default all 100). */
  evalPuzzles?: number;
  /** The checkpoint written after each round. */
  out: string;
  /** Where the rounds record their state, traces and checkpoints (default `<out>.star`); a re-run resumes there. */
  dir?: string;
  train: Omit<TrainReasonerOptions, 'out' | 'steps' | 'init' | 'resume' | 'extraTraces' | 'seed'>;
  onProgress?: (point: CurvePoint, totalSteps: number) => void;
  onIteration?: (report: StarIteration) => void;
  onLog?: (line: string) => void;
  signal?: AbortSignal;
}

export interface StarIteration {
  iteration: number;
  sampled: number;
  /** Self-generated searches whose answer verified (kept). */
  verified: number;
  /** Puzzles with at least one verified search. */
  puzzlesSolved: number;
  /** Greedy held-out pass@1 after this round's retraining (iteration 0: before any). */
  heldOutPass1: number;
  trainingTraces: number;
}

type OwnTrace = Pick<ToolTrace, 'segments' | 'text'>;

const VERIFIED_FILE = 'verified.jsonl';
const MODEL_FILE = 'model.mct';

/** An attempt's text as trace segments: what the model wrote is learned, the tool's text is context. */
export function attemptSegments(prompt: string, segments: readonly { text: string; tool: boolean }[]): ToolTraceSegment[] {
  return [
    { text: prompt, role: 'prompt', wrong: false },
    ...segments.map((s): ToolTraceSegment => ({ text: s.text, role: s.tool ? 'tool' : 'op', wrong: false })),
  ];
}

async function readTraces(file: string): Promise<OwnTrace[]> {
  if (!existsSync(file)) return [];
  return (await readFile(file, 'utf8')).split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as OwnTrace);
}

/**
 * Meta-STaR rounds for the embedded model, run by the one STaR loop (`runStarLoop`: each
 * step's outcome recorded the moment it ends, so an interrupted run resumes where it
 * stopped). Per round: `generate` samples in-context searches from the current model on
 * training puzzles and keeps the shortest verified one per puzzle; `export` gathers every
 * round's kept searches so far; `train` retrains from the current weights with them
 * added to the teacher's traces; `evaluate` scores held-out puzzles. Round 0 reports the
 * starting weights. `onIteration` hears of each round this run finishes (rounds done by
 * an earlier run are only in the log and the returned reports).
 */
export async function runStar(start: Checkpoint, options: StarOptions): Promise<{ reports: StarIteration[]; checkpoint: Checkpoint }> {
  const dir = options.dir ?? `${options.out}.star`;
  const train = loadGame24({ split: 'train' });
  const test = loadGame24({ split: 'test' });
  const evalSet = test.slice(0, options.evalPuzzles ?? test.length).map((p) => p.numbers);
  const signal = options.signal ? { signal: options.signal } : {};
  const checkpoints = new Map<string, Checkpoint>();
  mkdirSync(dir, { recursive: true });
  const startPath = join(dir, 'start.mct');
  saveCheckpoint(startPath, start);
  checkpoints.set(startPath, start);
  const checkpointAt = (path: string): Checkpoint => checkpoints.get(path) ?? loadCheckpoint(path);
  const modelPath = (ctx: StepContext) => String(ctx.model.checkpoint);

  const baseline = await evaluateReasoner(createEmbeddedModel(start, 'star-0'), evalSet, signal);
  const reports: StarIteration[] = [{ iteration: 0, sampled: 0, verified: 0, puzzlesSolved: 0, heldOutPass1: baseline.pass1, trainingTraces: 0 }];
  options.onIteration?.(reports[0]!);

  const steps: LoopSteps = {
    async generate(ctx) {
      const it = ctx.iteration + 1;
      const model = createEmbeddedModel(checkpointAt(modelPath(ctx)), `star-${it - 1}`);
      const picked = shuffled(train, createRandom(`${options.seed}:star:${it}`)).slice(0, options.problems);
      let sampled = 0;
      let verified = 0;
      let puzzlesSolved = 0;
      const kept: OwnTrace[] = [];
      for (const [i, puzzle] of picked.entries()) {
        const attempts = await runEmbeddedAttempts(puzzle.numbers, {
          model, samples: options.samples, temperature: options.temperature, seed: `${options.seed}:${it}:${i}`, ...signal,
        });
        sampled += attempts.length;
        const good = attempts.filter((a) => a.solved);
        if (good.length > 0) puzzlesSolved++;
        // One verified search per puzzle, the shortest: the model should learn to search efficiently.
        const best = good.sort((a, b) => a.sample.modelTokens - b.sample.modelTokens)[0];
        if (best) {
          verified += good.length;
          kept.push({ text: best.text, segments: attemptSegments(promptFor(puzzle.numbers, 24), best.sample.segments ?? []) });
        }
      }
      await mkdir(ctx.dir, { recursive: true });
      await writeFile(join(ctx.dir, VERIFIED_FILE), kept.map((t) => `${JSON.stringify(t)}\n`).join(''));
      return { sampled, verified, puzzlesSolved, kept: kept.length };
    },
    async export(ctx) {
      let trainingTraces = 0;
      for (let k = 0; k <= ctx.iteration; k++) trainingTraces += (await readTraces(join(iterationDir(dir, k), VERIFIED_FILE))).length;
      return { trainingTraces };
    },
    async train(ctx) {
      const own: OwnTrace[] = [];
      for (let k = 0; k <= ctx.iteration; k++) own.push(...(await readTraces(join(iterationDir(dir, k), VERIFIED_FILE))));
      const out = join(ctx.dir, MODEL_FILE);
      const trained = await trainReasoner({
        ...options.train,
        out,
        steps: options.steps,
        seed: `${options.seed}:round${ctx.iteration + 1}`,
        // A round interrupted mid-training continues from its own last checkpoint.
        resume: true,
        init: checkpointAt(modelPath(ctx)),
        extraTraces: own,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...signal,
      });
      checkpoints.set(out, trained);
      saveCheckpoint(options.out, trained);
      return { model: { checkpoint: out } };
    },
    async evaluate(ctx) {
      const path = String((ctx.results.train?.model as { checkpoint?: string } | undefined)?.checkpoint);
      const evaluation = await evaluateReasoner(createEmbeddedModel(checkpointAt(path), `star-${ctx.iteration + 1}`), evalSet, signal);
      const generated = ctx.results.generate ?? {};
      const report: StarIteration = {
        iteration: ctx.iteration + 1,
        sampled: Number(generated.sampled),
        verified: Number(generated.verified),
        puzzlesSolved: Number(generated.puzzlesSolved),
        heldOutPass1: evaluation.pass1,
        trainingTraces: Number(ctx.results.export?.trainingTraces),
      };
      options.onIteration?.(report);
      return { ...report };
    },
  };

  const loop = await runStarLoop({ dir, iterations: options.iterations, model: { checkpoint: startPath }, steps, ...signal, ...(options.onLog ? { onLog: options.onLog } : {}) });
  for (const state of loop.iterations) reports.push(state.steps.evaluate!.result as unknown as StarIteration);
  const trained = loop.iterations.at(-1)?.steps.train?.result?.model as { checkpoint: string } | undefined;
  const checkpoint = trained ? checkpointAt(trained.checkpoint) : start;
  checkpoint.meta.star = reports as unknown as Json;
  saveCheckpoint(options.out, checkpoint);
  return { reports, checkpoint };
}
