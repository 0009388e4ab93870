import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { collect, numberOption, oneOf, RANGES } from '../parse-options.js';

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

/** A reward (the wrong-answer reward may be negative). */
const REWARD = { integer: false, min: -1e6, max: 1e6 };

/** `metacot reward-server`: verifiable rewards over HTTP for RL trainers (OpenRLHF's remote reward model contract). */
export function register(program: Command, io: CliIo): void {
  program
    .command('reward-server')
    .description('Serve rewards for RL: POST /get_reward {"query": [...], "prompts": [...], "labels": [...]} -> {"rewards": [...]} (OpenRLHF --remote_rm_url; TRL GRPO via a reward function), scored by metacot\'s checkers')
    .option('--task <name>', `how completions are checked: ${TASKS.join(', ')} (labels: the gold answer, or the puzzle)`, oneOf('--task', TASKS), 'math')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .addOption(numberOption('--port <n>', 'port', RANGES.port, 5000))
    .addOption(numberOption('--gamma <g>', 'discounted reward: reward x g^length (1 = none)', RANGES.fraction, 1))
    .option('--length-unit <unit>', `length for the discount: ${UNITS.join(', ')}`, oneOf('--length-unit', UNITS), 'tokens')
    .addOption(numberOption('--correct-reward <r>', 'reward of a right answer', REWARD, 1))
    .addOption(numberOption('--wrong-reward <r>', 'reward of a wrong or missing answer', REWARD, 0))
    .option('--prm-url <url>', 'a process reward model (vLLM server root, or a JSON service URL with --prm-protocol json)')
    .option('--prm-model <name>', 'the PRM model name on a vLLM server')
    .option('--prm-protocol <protocol>', `PRM protocol: ${PROTOCOLS.join(', ')}`, oneOf('--prm-protocol', PROTOCOLS), 'pooling')
    .addOption(numberOption('--prm-weight <w>', 'reward = (1-w) x checker + w x PRM', RANGES.fraction, 0.5))
    .option('--api-key <key>', 'require "Authorization: Bearer <key>" (repeatable)', collect, [])
    .addOption(numberOption('--max-batch <n>', 'largest batch per request', { integer: true, min: 1, max: 1_000_000 }, 4096))
    .option('--quiet', 'no request log')
    .action(async (flags: RewardServerFlags) => {
      await runRewardServer(flags, io);
    });
}

export async function runRewardServer(flags: RewardServerFlags, io: CliIo, signal?: AbortSignal): Promise<void> {
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
