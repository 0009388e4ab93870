// Orchestration benchmark: best-of-16 and beam search over 100 questions against a local
// OpenAI-compatible stand-in (bench/orchestration-standin.ts, its own process) that
// answers every request after a fixed delay. Reports wall time against the ideal bound
// (requests × delay ÷ concurrency) and the engine's overhead per request.
// Usage: npx tsx bench/orchestration.ts [--delay MS] [--concurrency C] [--problems N]
// Defaults: 100 ms (a short real completion) with 32 requests in flight, then a 20 ms /
// 16 row where the engine's own CPU per request starts to matter.
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { createContext } from '../src/core/context.js';
import { createOpenAIModel } from '../src/models/openai-model.js';
import type { GenerateRequest, GenerateResult, LanguageModel } from '../src/models/language-model.js';
import { beam } from '../src/search/beam.js';
import { bestOfN } from '../src/search/best-of-n.js';
import { createTextSearchSetup } from '../src/verifiers/llm/text-search-setup.js';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const given = process.argv.includes('--delay') || process.argv.includes('--concurrency');
const settings: Array<[number, number]> = given ? [[flag('delay', 100), flag('concurrency', 32)]] : [[100, 32], [20, 16]];
const problems = flag('problems', 100);

async function startServer(delay: number): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/orchestration-standin.ts', String(delay)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  return { url: line.trim(), stop: () => child.kill('SIGTERM') };
}

/** Counts the HTTP requests a model makes (n > 1 is one request; the provider splits only on refusal). */
function counting(model: LanguageModel): LanguageModel & { requests: number } {
  const wrapped = {
    specificationVersion: model.specificationVersion,
    id: model.id,
    requests: 0,
    async generate(request: GenerateRequest, signal?: AbortSignal): Promise<GenerateResult> {
      wrapped.requests++;
      return model.generate(request, signal);
    },
  };
  return wrapped;
}

type Method = 'best-of-16' | 'beam';

async function serverBusyMs(url: string): Promise<number> {
  return ((await (await fetch(`${url}/stats`)).json()) as { busyMs: number }).busyMs;
}

async function runMethod(method: Method, url: string, delay: number, concurrency: number) {
  const busyBefore = await serverBusyMs(url);
  const model = counting(createOpenAIModel({ model: 'standin', endpoints: [{ baseURL: url }], maxConcurrency: concurrency, maxRetries: 0 }));
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  let solved = 0;
  await Promise.all(
    Array.from({ length: problems }, async (_, p) => {
      const setup = createTextSearchSetup({ question: `Question ${p}: what is the value?`, model, verifier: 'process-judge', gold: String(p % 4) });
      const ctx = createContext({ seed: p });
      const result = method === 'beam'
        ? await beam.run(setup.problem, setup.policy, setup.verifier, { breadth: 4, proposals: 4, maxDepth: 4 }, ctx)
        : await bestOfN.run(setup.problem, setup.policy, setup.verifier, { n: 16, maxDepth: 4 }, ctx);
      if (result.verified) solved++;
    }),
  );
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuStart);
  const idealMs = (model.requests * delay) / concurrency;
  // The stand-in's real service time (its timers fire late on a busy machine).
  const servedIdealMs = ((await serverBusyMs(url)) - busyBefore) / concurrency;
  return { method, requests: model.requests, wallMs, idealMs, servedIdealMs, solved, cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / model.requests };
}

const fmt = (x: number, d = 2) => x.toFixed(d);

console.log(`orchestration: ${problems} problems, process-judge verifier, stand-in in its own process, node ${process.version}, ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
const zero = await startServer(0);
try {
  // Warm-up (JIT, connection pool), not reported.
  await runMethod('beam', zero.url, 0, 16);
  for (const [delayMs, concurrency] of settings) {
  const server = await startServer(delayMs);
  console.log(`\nstand-in delay ${delayMs} ms, concurrency ${concurrency}`);
  console.log('method       requests   ideal s    wall s   ideal/wall   served-ideal/wall   overhead ms/request   engine CPU ms/request   solved');
  for (const method of ['best-of-16', 'beam'] as const) {
    const r = await runMethod(method, server.url, delayMs, concurrency);
    // Time a request slot spends on anything but the server's delay.
    const overhead = ((r.wallMs - r.idealMs) * concurrency) / r.requests;
    console.log(
      `${method.padEnd(12)} ${String(r.requests).padStart(8)} ${fmt(r.idealMs / 1000).padStart(9)} ${fmt(r.wallMs / 1000).padStart(9)} ${fmt(r.idealMs / r.wallMs, 3).padStart(12)} ${fmt(r.servedIdealMs / r.wallMs, 3).padStart(19)} ${fmt(overhead, 3).padStart(21)} ${fmt(r.cpuMsPerRequest, 3).padStart(23)} ${String(r.solved).padStart(8)}`,
    );
  }
  server.stop();
  }
  console.log('\nwith a zero-delay stand-in, concurrency 16 (throughput bound of engine + loopback HTTP):');
  for (const method of ['best-of-16', 'beam'] as const) {
    const r = await runMethod(method, zero.url, 0, 16);
    console.log(`${method.padEnd(12)} ${r.requests} requests in ${fmt(r.wallMs / 1000)} s = ${fmt(r.wallMs / r.requests, 3)} ms/request wall, ${fmt(r.cpuMsPerRequest, 3)} ms/request engine CPU`);
  }
} finally {
  zero.stop();
}
