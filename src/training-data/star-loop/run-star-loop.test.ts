import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readIterationState } from './loop-state.js';
import { fillCommand, runCommand, startBackground, waitForHttp } from './run-command.js';
import { runStarLoop, type LoopSteps, type StepContext } from './run-star-loop.js';

const root = await mkdtemp(join(tmpdir(), 'metacot-star-loop-'));
afterAll(() => rm(root, { recursive: true, force: true }));

function fakeSteps(calls: string[], failAt?: string): LoopSteps {
  const step = (name: string, result: (ctx: StepContext) => Record<string, unknown>) => async (ctx: StepContext) => {
    const tag = `${ctx.iteration}:${name}`;
    calls.push(`${tag}@${String(ctx.model.name)}`);
    if (tag === failAt) throw new Error(`${tag} broke`);
    return result(ctx);
  };
  return {
    generate: step('generate', () => ({ traces: 3 })),
    export: step('export', (ctx) => ({ lines: ctx.results.generate!.traces })),
    train: step('train', (ctx) => ({ model: { name: `m${ctx.iteration + 1}` } })),
    evaluate: step('evaluate', (ctx) => ({ accuracy: 0.5 + ctx.iteration / 10 })),
  };
}

describe('runStarLoop', () => {
  it('runs generate → export → train → evaluate per iteration, each with the last trained model', async () => {
    const calls: string[] = [];
    const dir = join(root, 'a');
    const report = await runStarLoop({ dir, iterations: 2, model: { name: 'base' }, steps: fakeSteps(calls) });
    expect(calls).toEqual([
      '0:generate@base', '0:export@base', '0:train@base', '0:evaluate@base',
      '1:generate@m1', '1:export@m1', '1:train@m1', '1:evaluate@m1',
    ]);
    expect(report.iterations.map((s) => s.steps.evaluate!.result)).toEqual([{ accuracy: 0.5 }, { accuracy: 0.6 }]);
    const state = await readIterationState(dir, 1);
    expect(state!.model).toEqual({ name: 'm1' });
    expect(await readFile(join(dir, 'loop.log'), 'utf8')).toMatch(/iteration 1 evaluate: done/);
  });

  it('records a failed step, and a re-run resumes at that step', async () => {
    const dir = join(root, 'b');
    const first: string[] = [];
    await expect(runStarLoop({ dir, iterations: 2, model: { name: 'base' }, steps: fakeSteps(first, '1:train') })).rejects.toThrow('1:train broke');
    expect((await readIterationState(dir, 1))!.steps.train).toMatchObject({ status: 'failed', error: '1:train broke' });
    const second: string[] = [];
    await runStarLoop({ dir, iterations: 2, model: { name: 'base' }, steps: fakeSteps(second) });
    expect(second).toEqual(['1:train@m1', '1:evaluate@m1']);
    expect((await readIterationState(dir, 1))!.steps.train!.status).toBe('done');
  });
});

describe('commands', () => {
  it('fills placeholders, quoting values for the shell, and names unknown ones', () => {
    expect(fillCommand('train --data {data} --out {out}', { data: 'a b.jsonl', out: '/tmp/x' })).toBe("train --data 'a b.jsonl' --out /tmp/x");
    expect(() => fillCommand('x {nope}', { data: 1 })).toThrow(/uses \{nope\}; known placeholders: \{data\}/);
  });

  it('runs a command, reports a failing one with its exit code', async () => {
    const lines: string[] = [];
    await runCommand(`node -e "console.log('hi'); console.error('there')"`, { onLine: (l) => lines.push(l) });
    expect(lines.sort()).toEqual(['hi', 'there']);
    await expect(runCommand('node -e "process.exit(3)"')).rejects.toThrow(/exit 3/);
  });

  it('starts a background server, waits for it, and stops its process group', async () => {
    const ports: number[] = [];
    const server = startBackground(`node -e "const h=require('http').createServer((q,s)=>s.end('ok'));h.listen(0,'127.0.0.1',()=>console.log(h.address().port))"`, { onLine: (l) => ports.push(Number(l)) });
    for (let i = 0; i < 100 && ports.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await waitForHttp(`http://127.0.0.1:${ports[0]}/`, { timeoutMs: 5000, exited: server.exited });
    await server.stop();
    expect(server.exited()).toBe(true);
    await expect(waitForHttp(`http://127.0.0.1:${ports[0]}/`, { timeoutMs: 300, intervalMs: 50 })).rejects.toThrow(/did not answer/);
  });
});
