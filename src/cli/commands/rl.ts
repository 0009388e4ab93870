import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { numberInRange, oneOf } from '../parse-options.js';
import { TOKEN_REWARDS } from '../../embedded/training/rl/grpo.js';

const TASKS = ['game24', 'countdown'] as const;

export interface RlFlags {
  model: string;
  task: (typeof TASKS)[number];
  iterations: number;
  problems: number;
  k: number;
  temperature: number;
  lr: number;
  minibatches: number;
  clip: number;
  kl: number;
  tokenCost: number;
  tokenReward: (typeof TOKEN_REWARDS)[number];
  valueCredit: number;
  threads: number;
  seed: string;
  out: string;
  resume: boolean;
  checkpointEvery: number;
  calibrate: number;
  fold: boolean;
  curve: string;
  chart?: string;
}

/** `metacot rl`: GRPO on the embedded reasoner's own in-context searches (docs/embedded.md). */
export function register(program: Command, io: CliIo): void {
  program
    .command('rl')
    .description('Reinforcement learning (GRPO) of an embedded reasoner on its own in-context searches over training puzzles: verified-answer reward, token cost, value credit, clipped objective, KL to the start; checkpoints and resumes')
    .option('--model <name|path>', 'starting weights and KL reference: a shipped embedded model name or a .mct checkpoint', 'game24-metacot')
    .option('--task <task>', `training problems: ${TASKS.join(', ')} (countdown: the benchmark's train split, evaluation problems and held-out targets excluded)`, oneOf('--task', TASKS), 'game24')
    .option('--iterations <n>', 'sampling rounds, each followed by --minibatches optimizer steps; 1–100000 (a resumed run continues up to this count)', numberInRange('--iterations', 1, 100000, { integer: true }), 60)
    .option('--problems <n>', 'training problems per iteration; 1–1000', numberInRange('--problems', 1, 1000, { integer: true }), 16)
    .option('--k <n>', 'searches sampled per problem (the group); 2–64', numberInRange('--k', 2, 64, { integer: true }), 8)
    .option('--temperature <t>', 'sampling temperature; (0, 2]', numberInRange('--temperature', 0, 2, { above: true }), 1)
    .option('--lr <rate>', 'AdamW learning rate (constant); (0, 0.01]', numberInRange('--lr', 0, 0.01, { above: true }), 1e-4)
    .option('--minibatches <n>', 'optimizer steps per iteration, each on a share of the groups; 1–64 and at most --problems', numberInRange('--minibatches', 1, 64, { integer: true }), 2)
    .option('--clip <eps>', 'PPO clip range of the ratio π/π_sampling; (0, 1]', numberInRange('--clip', 0, 1, { above: true }), 0.2)
    .option('--kl <beta>', 'weight of the k3 KL(π ‖ start) penalty on sampled decisions; [0, 10]', numberInRange('--kl', 0, 10), 0.02)
    .option('--token-cost <c>', 'price c of a model-written token (see --token-reward); [0, 0.1]', numberInRange('--token-cost', 0, 0.1), 0.002)
    .option('--token-reward <rule>', `${TOKEN_REWARDS.join(' or ')}: bounded rewards a verified answer in t tokens 1/(1 + c·t) and a failure 0 (a solve always outranks a failure); linear gives (1 if verified) − c·t, which ranks a slow solve below a quick failure`, oneOf('--token-reward', TOKEN_REWARDS), 'bounded')
    .option('--value-credit <v>', 'added to (subtracted from) the advantage of a value the task confirms (refutes); [0, 5]', numberInRange('--value-credit', 0, 5), 0.1)
    .option('--threads <n>', 'worker threads for sampling and gradients (resume bit-exactly with the same count); 1–16', numberInRange('--threads', 1, 16, { integer: true }), 2)
    .option('--seed <seed>', 'seed for problems and samples', '1')
    .option('--out <path>', 'resumable checkpoint (weights, Adam moments, iteration, curves)', 'rl.mct')
    .option('--no-resume', 'start afresh even when --out exists')
    .option('--checkpoint-every <n>', 'iterations between checkpoints; 1–1000', numberInRange('--checkpoint-every', 1, 1000, { integer: true }), 1)
    .option('--calibrate <n>', 'training problems on which to recalibrate the value threshold when the run ends (0: keep the start model\'s); 0–1000', numberInRange('--calibrate', 0, 1000, { integer: true }), 100)
    .option('--fold', 'sample folded searches (the context folds when it fills and the search goes on, as solve and serve run it), at the folded value threshold; --calibrate then recalibrates that threshold too', false)
    .option('--curve <path>', 'curves file (JSON), rewritten at every checkpoint', 'rl-curve.json')
    .option('--chart <path>', 'also render the curves as an SVG chart at the end')
    .action(async (flags: RlFlags) => {
      const { trainRl } = await import('../../embedded/training/rl/train-rl.js');
      const { progressReporter } = await import('./train.js');
      const command = `metacot rl --model ${flags.model} --task ${flags.task} --iterations ${flags.iterations} --problems ${flags.problems} --k ${flags.k} --temperature ${flags.temperature} --lr ${flags.lr} --minibatches ${flags.minibatches} --clip ${flags.clip} --kl ${flags.kl} --token-cost ${flags.tokenCost} --token-reward ${flags.tokenReward} --value-credit ${flags.valueCredit} --threads ${flags.threads} --seed ${flags.seed}${flags.fold ? ' --fold' : ''}`;
      const progress = await progressReporter(io, 'rl');
      const ckpt = await trainRl({
        model: flags.model, task: flags.task, out: flags.out, resume: flags.resume,
        checkpointEvery: flags.checkpointEvery, calibrate: flags.calibrate, curve: flags.curve, command,
        settings: {
          problems: flags.problems, k: flags.k, temperature: flags.temperature, iterations: flags.iterations, lr: flags.lr,
          minibatches: flags.minibatches, clip: flags.clip, kl: flags.kl, tokenCost: flags.tokenCost, tokenReward: flags.tokenReward, valueCredit: flags.valueCredit,
          seed: flags.seed, threads: flags.threads, ...(flags.fold ? { fold: true } : {}),
        },
        onIteration: (p, total) => progress(p.iteration, total,
          `reward ${p.reward.toFixed(3)}  solved ${(100 * p.solveRate).toFixed(1)}%  tokens ${p.tokens.toFixed(0)}  KL ${p.kl.toFixed(4)}  ${p.seconds}s`),
      });
      progress.done();
      if (flags.chart) {
        const { writeFileSync } = await import('node:fs');
        const { renderSvg } = await import('../../eval/report/render-svg.js');
        const { rlCurveChart } = await import('../../eval/report/rl-curve-chart.js');
        writeFileSync(flags.chart, await renderSvg(rlCurveChart(ckpt.meta.rl as never)));
      }
      const rl = ckpt.meta.rl as unknown as { iteration: number; curve: { solveRate: number; tokens: number }[] };
      const last = rl.curve[rl.curve.length - 1];
      const folded = flags.fold ? ` (folded: ${ckpt.meta.foldedValueThreshold})` : '';
      const threshold = flags.calibrate > 0 ? `; value threshold recalibrated to ${ckpt.meta.valueThreshold}${folded}` : '';
      io.stdout(`${flags.out}: ${rl.iteration} iterations; last: solved ${last ? (100 * last.solveRate).toFixed(1) : '-'}% of sampled searches, ${last?.tokens.toFixed(0) ?? '-'} tokens per search${threshold}\n`);
    });
}
