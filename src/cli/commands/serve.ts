import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { collect, numberOption, oneOf, RANGES } from '../parse-options.js';
import { waitForShutdown } from '../wait-for-shutdown.js';

interface ServeFlags {
  host: string;
  port: number;
  upstream?: string;
  model?: string;
  strategy: string;
  verifier?: string;
  apiKey?: string[];
  maxConcurrency: number;
  maxBody: number;
  maxPolicyCalls: number;
  maxTokens: number;
  maxVerifierCalls: number;
  timeoutMs: number;
  upstreamTimeoutMs?: number;
  corsOrigin?: string[];
  searchWorkers?: number;
  searchQueue?: number;
  upstreamConcurrency?: number;
  store?: string;
  storeAll?: boolean;
  cache?: string;
  offline: 'auto' | 'embedded' | 'symbolic';
  embeddedModel?: string;
  quiet?: boolean;
}

const POSITIVE_COUNT = { ...RANGES.budgetCount, min: 1 };

/** `metacot serve`: the OpenAI-compatible reasoning server (docs/server.md). */
export function register(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description('Serve an OpenAI-compatible API whose answers come from a search, streamed live as reasoning_content (docs/server.md)')
    .option('--upstream <url>', 'OpenAI-compatible server behind this one, e.g. http://127.0.0.1:8080/v1 (env METACOT_UPSTREAM_URL; none: offline puzzle solver)')
    .option('--model <name>', 'upstream model a search uses when the request names none (e.g. for model "bon-8")')
    .option('--strategy <spec>', 'default search for model "metacot" and offline requests (adaptive, bon-8, maj-16, beam-4x4, mcts-32, astar...)', 'adaptive')
    .option('--verifier <name>', 'default verifier of searches over the upstream model: process-judge (default), judge, rollout, none')
    .option('--host <host>', 'address to bind (anything but loopback needs an API key)', '127.0.0.1')
    .addOption(numberOption('-p, --port <n>', 'port (0: any free port)', RANGES.port, 8000))
    .option('--api-key <key>', 'bearer key clients must send (repeatable; env METACOT_API_KEY, comma-separated)', collect)
    .addOption(numberOption('--max-concurrency <n>', 'chat requests served at once; more get 429', { integer: true, min: 1, max: 4096 }, 16))
    .addOption(numberOption('--max-body <bytes>', 'request body limit', { integer: true, min: 1, max: 1024 ** 3 }, 1024 * 1024))
    .addOption(numberOption('--max-policy-calls <n>', 'per-request cap on policy calls', POSITIVE_COUNT, 512))
    .addOption(numberOption('--max-tokens <n>', 'per-request cap on generated tokens', POSITIVE_COUNT, 200_000))
    .addOption(numberOption('--max-verifier-calls <n>', 'per-request cap on verifier calls', POSITIVE_COUNT, 2048))
    .addOption(numberOption('--timeout-ms <n>', 'per-request cap on search wall time', RANGES.positiveTimeoutMs, 300_000))
    .addOption(numberOption('--upstream-timeout-ms <n>', 'per upstream HTTP request (default 600000)', RANGES.positiveTimeoutMs))
    .option('--cors-origin <origin>', 'a browser origin allowed to call the server (repeatable or comma-separated; default: requests with an Origin header are refused)', collect)
    .addOption(numberOption('--search-workers <n>', 'search worker threads (default: the number of cores; 0: searches on the event loop)', { integer: true, min: 0, max: 64 }))
    .addOption(numberOption('--search-queue <n>', 'searches that may wait for a worker; more get 429', { integer: true, min: 0, max: 100_000 }, 64))
    .addOption(numberOption('--upstream-concurrency <n>', 'upstream calls of searches in flight at once, per model', { integer: true, min: 1, max: 4096 }, 64))
    .option('--store <dir>', 'folder to store served searches in (trees/ and served.jsonl)')
    .option('--store-all', 'store every served search (default: only requests with metacot.store: true)')
    .option('--cache <file>', 'request cache (SQLite) in front of the upstream model for searches, so served searches can be replayed')
    .option('--offline <policy>', 'who solves puzzles without an upstream model: auto (the shipped embedded model when present, else symbolic), embedded, symbolic', oneOf('--offline', ['auto', 'embedded', 'symbolic'] as const), 'auto')
    .option('--embedded-model <name>', 'the embedded model for offline puzzles: a shipped name or a .mct file (default game24-rl)')
    .option('-q, --quiet', 'no per-request log lines on stderr')
    .action(async (flags: ServeFlags) => {
      const { runServe } = await import('../../server/run-serve.js');
      const { ensureOutputFile, ensureOutputFolder } = await import('../output-folder.js');
      if (flags.store) ensureOutputFolder(flags.store, '--store');
      if (flags.cache) ensureOutputFile(flags.cache, '--cache');
      const envKeys = (process.env.METACOT_API_KEY ?? '').split(',').map((k) => k.trim()).filter(Boolean);
      const upstream = flags.upstream ?? process.env.METACOT_UPSTREAM_URL;
      const upstreamKey = process.env.METACOT_UPSTREAM_API_KEY ?? process.env.OPENAI_API_KEY;
      const server = await runServe(
        {
          host: flags.host,
          port: flags.port,
          ...(upstream ? { upstream } : {}),
          ...(upstreamKey ? { upstreamKey } : {}),
          ...(flags.upstreamTimeoutMs ? { upstreamTimeoutMs: flags.upstreamTimeoutMs } : {}),
          ...(flags.model ? { model: flags.model } : {}),
          strategy: flags.strategy,
          ...(flags.verifier ? { verifier: flags.verifier } : {}),
          apiKeys: [...(flags.apiKey ?? []), ...envKeys],
          maxConcurrency: flags.maxConcurrency,
          maxBodyBytes: flags.maxBody,
          caps: { maxPolicyCalls: flags.maxPolicyCalls, maxTokens: flags.maxTokens, maxVerifierCalls: flags.maxVerifierCalls, timeoutMs: flags.timeoutMs },
          corsOrigins: (flags.corsOrigin ?? []).flatMap((o) => o.split(',')).map((o) => o.trim()).filter(Boolean),
          ...(flags.searchWorkers !== undefined ? { searchWorkers: flags.searchWorkers } : {}),
          searchQueue: flags.searchQueue ?? 64,
          upstreamConcurrency: flags.upstreamConcurrency ?? 64,
          ...(flags.store ? { store: flags.store } : {}),
          storeAll: flags.storeAll === true,
          ...(flags.cache ? { cache: flags.cache } : {}),
          offlinePolicy: flags.offline,
          ...(flags.embeddedModel ? { embeddedModel: flags.embeddedModel } : {}),
          quiet: flags.quiet === true,
        },
        io,
      );
      await waitForShutdown();
      await server.close();
    });
}
