import type { Command } from 'commander';
import { InputError } from '../../core/errors.js';
import type { CliIo } from '../cli-io.js';
import { collect, nonNegativeNumber, oneOf, positiveInteger } from '../parse-options.js';

const TASKS = ['math', 'game24', 'countdown'] as const;
const UNITS = ['tokens', 'steps'] as const;
const PROTOCOLS = ['pooling', 'classify', 'json'] as const;

export interface RewardServerFlags {
  task: (typeof TASKS)[number];
  host: string;
  port: number;
  gamma: number;
  lengthUnit: (typeof UNITS)[number];
  correctReward: number;
  wrongReward: number;
  prmUrl?: string;
  prmModel?: string;
  prmProtocol: (typeof PROTOCOLS)[number];
  prmWeight: number;
  apiKey: string[];
  maxBatch: number;
  quiet?: boolean;
}

/** A signed number (the wrong-answer reward may be negative). */
const number = (flag: string) => (raw: string) => {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n)) throw new InputError(`${flag} must be a number, got '${raw}'`);
  return n;
};

/** `metacot reward-server`: verifiable rewards over HTTP for RL trainers (OpenRLHF's remote reward model contract). */
export function register(program: Command, io: CliIo): void {
  program
    .command('reward-server')
    .description('Serve rewards for RL: POST /get_reward {"query": [...], "prompts": [...], "labels": [...]} -> {"rewards": [...]} (OpenRLHF --remote_rm_url; TRL GRPO via a reward function), scored by metacot\'s checkers')
    .option('--task <name>', `how completions are checked: ${TASKS.join(', ')} (labels: the gold answer, or the puzzle)`, oneOf('--task', TASKS), 'math')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <n>', 'port', positiveInteger('--port'), 5000)
    .option('--gamma <g>', 'discounted reward: reward x g^length (1 = none)', nonNegativeNumber('--gamma'), 1)
    .option('--length-unit <unit>', `length for the discount: ${UNITS.join(', ')}`, oneOf('--length-unit', UNITS), 'tokens')
    .option('--correct-reward <r>', 'reward of a right answer', number('--correct-reward'), 1)
    .option('--wrong-reward <r>', 'reward of a wrong or missing answer', number('--wrong-reward'), 0)
    .option('--prm-url <url>', 'a process reward model (vLLM server root, or a JSON service URL with --prm-protocol json)')
    .option('--prm-model <name>', 'the PRM model name on a vLLM server')
    .option('--prm-protocol <p>', `PRM protocol: ${PROTOCOLS.join(', ')}`, oneOf('--prm-protocol', PROTOCOLS), 'pooling')
    .option('--prm-weight <w>', 'reward = (1-w) x checker + w x PRM', nonNegativeNumber('--prm-weight'), 0.5)
    .option('--api-key <key>', 'require "Authorization: Bearer <key>" (repeatable)', collect, [])
    .option('--max-batch <n>', 'largest batch per request', positiveInteger('--max-batch'), 4096)
    .option('--quiet', 'no request log')
    .action(async (flags: RewardServerFlags) => {
      await runRewardServer(flags, io);
    });
}

export async function runRewardServer(flags: RewardServerFlags, io: CliIo, signal?: AbortSignal): Promise<void> {
  if (flags.gamma > 1) throw new InputError(`--gamma must be in [0, 1], got ${flags.gamma}`);
  if (flags.prmWeight > 1) throw new InputError(`--prm-weight must be in [0, 1], got ${flags.prmWeight}`);
  const { createRewardApp, mathChecker, arithChecker, createPrmScorer } = await import('../../reward-server/index.js');
  const { startServer, isLoopback } = await import('../../server/start-server.js');
  let close = async () => {};
  let check;
  if (flags.task === 'math') {
    const { mathGrading } = await import('../../eval/task-adapters/math-grading.js');
    const grading = mathGrading();
    close = () => grading.close();
    check = mathChecker((answer, gold) => grading.judge(answer, gold));
  } else {
    check = arithChecker(flags.task);
  }
  if (!isLoopback(flags.host) && flags.apiKey.length === 0) io.stderr(`warning: listening on ${flags.host} without --api-key; anyone who can reach it can use it\n`);
  const app = createRewardApp({
    task: flags.task,
    check,
    gamma: flags.gamma,
    lengthUnit: flags.lengthUnit,
    correctReward: flags.correctReward,
    wrongReward: flags.wrongReward,
    apiKeys: flags.apiKey,
    maxBatch: flags.maxBatch,
    ...(flags.prmUrl ? { prm: createPrmScorer({ url: flags.prmUrl, protocol: flags.prmProtocol, ...(flags.prmModel ? { model: flags.prmModel } : {}) }), prmWeight: flags.prmWeight } : {}),
  });
  const server = await startServer(app, { host: flags.host, port: flags.port });
  io.stdout(`metacot reward server (${flags.task}${flags.gamma < 1 ? `, gamma ${flags.gamma} per ${flags.lengthUnit.replace(/s$/, '')}` : ''}${flags.prmUrl ? `, PRM ${flags.prmUrl}` : ''}) on ${server.url}/get_reward\n`);
  let stop = () => {};
  await new Promise<void>((resolve) => {
    stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    signal?.addEventListener('abort', stop, { once: true });
  });
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  await server.close();
  await close();
}
