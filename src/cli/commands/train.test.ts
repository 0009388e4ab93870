import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCheckpoint } from '../../embedded/model/checkpoint.js';
import { createEmbeddedModel } from '../../embedded/model/embedded-model.js';
import { modelFit } from '../../embedded/reasoner/model-fit.js';
import { solveWithEmbedded } from '../../embedded/reasoner/embedded-reasoner.js';
import { COUNTDOWN_SEED } from '../../embedded/training/countdown-split.js';
import { countdownTargets } from '../../tasks/countdown/generate-countdown.js';
import { runCli } from '../main.js';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), isTTY: false }, out, err };
}

describe('metacot train', () => {
  it('trains a micro model, writes the dataset card and curve, and resumes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'metacot-train-'));
    const out = join(dir, 'm.mct');
    const base = ['train', '--dim', '16', '--layers', '1', '--heads', '2', '--per-problem', '1', '--sub-puzzles', '1', '--batch', '2', '--calibrate', '2', '--out', out];
    const first = io();
    const code = await runCli([...base, '--steps', '3', '--export', join(dir, 'sft'), '--curve', join(dir, 'curve.json')], first.io);
    expect(code, first.err.join('')).toBe(0);
    expect(first.out.join('')).toMatch(/3 steps/);
    // metacot models are calibrated on training puzzles after training; the threshold is stored.
    expect(first.out.join('')).toMatch(/value threshold 0?\.\d+ \(greedy solves on training puzzles: 0\.5→\d\/2/);
    expect(typeof loadCheckpoint(out).meta.valueThreshold).toBe('number');
    const card = JSON.parse(readFileSync(join(dir, 'sft', 'card.json'), 'utf8'));
    expect(card.counts.verified).toBeGreaterThan(1000);
    expect(card.files['sft-messages.jsonl'].rows).toBe(card.counts.verified);
    const row = JSON.parse(readFileSync(join(dir, 'sft', 'sft-messages.jsonl'), 'utf8').split('\n')[0]!);
    expect(row.messages[0].content).toMatch(/^Use \d+ \d+ \d+ \d+ to make 24\.$/);
    expect(row.metacot.segments[0].weights).toHaveProperty('masked');
    expect(existsSync(join(dir, 'curve.json'))).toBe(true);
    const ckpt = loadCheckpoint(out);
    expect(ckpt.adam?.step).toBe(3);
    expect(ckpt.meta.data).toMatchObject({ source: expect.stringContaining('901-1000') });
    const second = io();
    expect(await runCli([...base, '--steps', '4'], second.io)).toBe(0);
    expect(loadCheckpoint(out).adam?.step).toBe(4);
  }, 60_000);

  it('trains a Countdown model on the train split whose meta states what it fits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'metacot-train-countdown-'));
    const out = join(dir, 'c.mct');
    const run = io();
    const code = await runCli(['train', '--task', 'countdown', '--problems', '30', '--number-tokens', '50', '--dim', '16', '--layers', '1', '--heads', '2',
      '--per-problem', '1', '--sub-puzzles', '1', '--batch', '2', '--steps', '2', '--calibrate', '2', '--out', out], run.io);
    expect(code, run.err.join('')).toBe(0);
    const ckpt = loadCheckpoint(out);
    const heldOut = countdownTargets({ seed: COUNTDOWN_SEED }).heldOut;
    expect(ckpt.meta).toMatchObject({ task: 'countdown', integer: true, numbers: { min: 1, max: 99 }, numberTokens: 50 });
    const targets = ckpt.meta.targets as number[];
    expect(targets).toEqual([...targets].sort((a, b) => a - b));
    expect(targets.filter((t) => heldOut.includes(t))).toEqual([]);
    expect(modelFit(ckpt.meta)).toMatchObject({ task: 'countdown', integer: true });
    expect(ckpt.vocab).toEqual(expect.arrayContaining(['50', ' 50', ' 37']));
    expect(String(ckpt.meta.command)).toMatch(/--task countdown --problems 30/);
    const result = await solveWithEmbedded([3, 7, 11, 25], { target: targets[0]!, integer: true, model: createEmbeddedModel(ckpt, 'micro') });
    expect(result.tree.problem.task).toBe('countdown');
    expect(result.tree.problem.input).toMatchObject({ target: targets[0], rules: 'integer' });
  }, 60_000);

  it('rejects a bad flag with exit 2', async () => {
    const range = io();
    expect(await runCli(['train', '--task', 'countdown', '--problems', '0'], range.io)).toBe(2);
    expect(range.err.join('')).toMatch(/--problems must be an integer in \[1, 1000000\]/);
    const bad = io();
    expect(await runCli(['train', '--format', 'prose'], bad.io)).toBe(2);
    expect(bad.err.join('')).toMatch(/--format/);
  });
});
