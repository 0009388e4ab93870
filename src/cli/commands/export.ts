import type { Command } from 'commander';
import { InputError } from '../../core/errors.js';
import type { CliIo } from '../cli-io.js';
import { collect, numberOption, oneOf, RANGES } from '../parse-options.js';

const KINDS = ['sft', 'dpo', 'prm'] as const;
const OBJECTIVES = ['whole', 'trace-only', 'mask-wrong-branches'] as const;
const FLAVORS = ['trl', 'openai', 'sharegpt'] as const;
const PAIRS = ['trace', 'candidate', 'step'] as const;
const SOURCES = ['outcomes', 'rollouts'] as const;
const FORMATS = ['meta-cot', 'optimal-path'] as const;

export interface ExportFlags {
  run: string[];
  out: string;
  format: (typeof FORMATS)[number];
  phrase: string[];
  valueDenominator?: number;
  objective: (typeof OBJECTIVES)[number];
  flavor: (typeof FLAVORS)[number];
  system?: string;
  pairs: (typeof PAIRS)[number];
  conversational?: boolean;
  perProblem?: number;
  labels: (typeof SOURCES)[number];
  threshold?: number;
  rollouts?: number;
  model?: string;
  baseUrl?: string;
  all?: boolean;
  minTokens?: number;
  maxTokens?: number;
  dedupe: boolean;
  decontaminate?: string;
  decontaminateField?: string;
  ngram: number;
  json?: boolean;
}

const TOKENS = { integer: true, min: 1, max: 1e9 };

/** `metacot export sft|dpo|prm`: run folders to a training set in a trainer's format, with a dataset card. */
export function register(program: Command, io: CliIo): void {
  program
    .command('export')
    .description('Turn run folders (metacot generate / eval) into training data: sft (TRL / OpenAI messages, ShareGPT), dpo (TRL preference pairs), prm (TRL stepwise supervision), with a dataset card')
    .argument('<kind>', `what to export: ${KINDS.join(', ')}`)
    .requiredOption('--run <dir>', 'a run folder, or a metacot serve --store folder (repeatable: several go into one set)', collect, [])
    .requiredOption('-o, --out <dir>', 'output folder: train.jsonl, card.json, README.md')
    .option('--format <name>', `how a search becomes text: ${FORMATS.join(', ')}`, oneOf('--format', FORMATS), 'meta-cot')
    .option('--phrase <key=text>', 'a meta-cot phrasing (repeatable), e.g. switchBranch="Alternatively,"', collect, [])
    .addOption(numberOption('--value-denominator <n>', 'write values as exact multiples of 1/n (the paper: 128)', RANGES.valueDenominator))
    .option('--objective <name>', `sft: ${OBJECTIVES.join(', ')}`, oneOf('--objective', OBJECTIVES), 'whole')
    .option('--flavor <name>', `sft: ${FLAVORS.join(', ')}`, oneOf('--flavor', FLAVORS), 'trl')
    .option('--system <text>', 'sft: a system message first')
    .option('--pairs <kind>', `dpo: ${PAIRS.join(', ')} (trace: verified vs failed trace of a problem across runs; candidate: right vs wrong solution in one tree; step: sibling steps)`, oneOf('--pairs', PAIRS), 'trace')
    .option('--conversational', 'dpo: message lists instead of strings (trace and candidate pairs)')
    .addOption(numberOption('--per-problem <n>', 'dpo: pairs per problem at most (trace, candidate); prm: solution paths per problem at most (right and wrong alternating)', { integer: true, min: 1, max: 1_000_000 }))
    .option('--labels <source>', `prm: step values from ${SOURCES.join(' or ')} (rollouts: the tree's values from --verifier rollout)`, oneOf('--labels', SOURCES), 'outcomes')
    .addOption(numberOption('--threshold <t>', 'prm: a step is good when its value is at least t (default 0.5; 0.0625 = "any of 16 rollouts")', RANGES.fraction))
    .addOption(numberOption('--rollouts <n>', 'prm: compute Monte-Carlo step values now, n continuations per step with --model (the paper: 16); implies --labels rollouts', { integer: true, min: 1, max: 1024 }))
    .option('--model <spec>', 'prm --rollouts: the model that continues the steps, openai:NAME or gguf:PATH')
    .option('--base-url <url>', 'prm --rollouts: server of --model openai:NAME')
    .option('--all', 'sft: keep unverified searches too (default: verified only, the Meta-STaR filter)')
    .addOption(numberOption('--min-tokens <n>', 'drop shorter examples (estimated tokens)', TOKENS))
    .addOption(numberOption('--max-tokens <n>', 'drop longer examples (estimated tokens)', TOKENS))
    .option('--no-dedupe', 'keep repeated examples')
    .option('--decontaminate <task|file>', 'drop problems sharing an n-gram with a test set: a built-in math task (math500, math, gsm8k, ...) or a .jsonl/.parquet file')
    .option('--decontaminate-field <path>', 'problem column of the --decontaminate file')
    .addOption(numberOption('--ngram <n>', 'n of the decontamination n-grams (words)', { integer: true, min: 1, max: 100 }, 13))
    .option('--json', 'print the summary as one JSON object')
    .action(async (kind: string, flags: ExportFlags) => {
      await runExportCommand(kind, flags, io);
    });
}

export async function runExportCommand(kind: string, flags: ExportFlags, io: CliIo): Promise<void> {
  if (!(KINDS as readonly string[]).includes(kind)) throw new InputError(`unknown export '${kind}'; valid: ${KINDS.join(', ')}`);
  if (flags.run.length === 0) throw new InputError('--run needs at least one run folder');
  if (flags.threshold !== undefined && flags.threshold > 1) throw new InputError(`--threshold must be in [0, 1], got ${flags.threshold}`);
  const { indexRun, indexedSearches } = await import('../../eval/run-index.js');
  const { readRun } = await import('../../eval/read-run.js');
  const { exportDataset, NgramIndex } = await import('../../training-data/exports/index.js');
  const { parsePhrases } = await import('../../training-data/generate/parse-phrases.js');
  const phrases = parsePhrases(flags.phrase);
  const sources = [];
  const { existsSync } = await import('node:fs');
  const { join } = await import('node:path');
  for (const dir of flags.run) {
    // A `metacot serve --store DIR` folder: served searches feed the same exports.
    if (!existsSync(join(dir, 'config.json')) && existsSync(join(dir, 'served.jsonl'))) {
      const { readServedSearches } = await import('../../server/read-served.js');
      sources.push(await readServedSearches(dir));
      continue;
    }
    // Indexed in one pass, then read problem by problem while exporting: memory stays flat.
    const run = await indexRun(dir);
    const c = run.config;
    sources.push({ dir, searches: () => indexedSearches(run), about: { task: c.task.name, source: c.task.source, datasetHash: c.task.datasetHash, model: c.method.model, search: c.method.search, searchOptions: c.method.options, verifier: c.method.verifier, seed: c.seed, shard: c.shard } });
  }
  let decontaminate;
  if (flags.decontaminate !== undefined) {
    const problems = await testProblems(flags.decontaminate, flags.decontaminateField);
    decontaminate = { index: new NgramIndex(problems, flags.ngram), source: `${flags.decontaminate} (${problems.length} problems)` };
  }
  let prepareTree;
  if (flags.rollouts !== undefined) {
    if (kind !== 'prm') throw new InputError('--rollouts is for prm exports');
    if (!flags.model) throw new InputError('--rollouts needs --model (the model that continues each step), e.g. --model openai:NAME --base-url URL');
    const { createLanguageModel } = await import('../../models/create-language-model.js');
    const { createTextPolicy } = await import('../../policies/text-policy.js');
    const { grade } = await import('../../verifiers/math-grader/grade.js');
    const { withRolloutValues } = await import('../../training-data/exports/rollout-values.js');
    const policy = createTextPolicy({ model: await createLanguageModel(flags.model, flags.baseUrl ? { baseUrl: flags.baseUrl } : {}) });
    const rollouts = flags.rollouts;
    flags.labels = 'rollouts';
    prepareTree = async (tree: Parameters<typeof withRolloutValues>[0], record: Parameters<typeof withRolloutValues>[1]) => {
      const gold = record.gold;
      if (gold === null) return tree;
      return withRolloutValues(tree, record, { policy, rollouts, correct: (answer) => grade(gold, answer, { extract: 'never' }).equal });
    };
  }
  const { ensureOutputFolder } = await import('../output-folder.js');
  ensureOutputFolder(flags.out, '--out');
  const result = await exportDataset(sources, {
    ...(prepareTree ? { prepareTree } : {}),
    kind: kind as (typeof KINDS)[number],
    out: flags.out,
    linearize: { format: flags.format, ...(phrases ? { phrases } : {}), ...(flags.valueDenominator ? { valueDenominator: flags.valueDenominator } : {}) },
    filters: {
      verifiedOnly: kind === 'sft' ? !flags.all : false,
      dedupe: flags.dedupe,
      ...(flags.minTokens !== undefined ? { minTokens: flags.minTokens } : {}),
      ...(flags.maxTokens !== undefined ? { maxTokens: flags.maxTokens } : {}),
      ...(decontaminate ? { decontaminate } : {}),
    },
    sft: { objective: flags.objective, flavor: flags.flavor, ...(flags.system ? { system: flags.system } : {}) },
    dpo: { pairs: flags.pairs, ...(flags.conversational ? { conversational: true } : {}), ...(flags.perProblem ? { perProblem: flags.perProblem } : {}) },
    prm: { source: flags.labels, ...(flags.threshold !== undefined ? { threshold: flags.threshold } : {}), ...(flags.perProblem ? { perProblem: flags.perProblem } : {}) },
    command: ['metacot', 'export', kind, ...flags.run.flatMap((r) => ['--run', r]), '--out', flags.out],
  });
  const summary = { kind, out: flags.out, lines: result.lines, sha256: result.sha256, ...result.counts };
  if (flags.json) io.stdout(`${JSON.stringify(summary)}\n`);
  else {
    const c = result.counts;
    io.stdout(`${kind}: ${result.lines} lines in ${result.file} from ${c.input} searches (dropped: ${c.unverified} unverified, ${c.tooShort + c.tooLong} by length, ${c.duplicate + c.outputDuplicates} duplicates, ${c.contaminated} contaminated)\n`);
    io.stdout(`card: ${result.card}\n`);
  }
}

/** The problem texts of a test set: a built-in math dataset or a problem file. */
async function testProblems(spec: string, field: string | undefined): Promise<string[]> {
  const { MATH_DATASETS } = await import('../../tasks/math/math-record.js');
  if ((MATH_DATASETS as readonly string[]).includes(spec)) {
    const { loadMathDataset } = await import('../../tasks/math/load-math-dataset.js');
    return loadMathDataset(spec as (typeof MATH_DATASETS)[number]).map((r) => r.problem);
  }
  if (!/\.(jsonl|ndjson|json|parquet)$/i.test(spec)) throw new InputError(`--decontaminate '${spec}' is neither a math task (${MATH_DATASETS.join(', ')}) nor a .jsonl/.json/.parquet file`);
  const { readProblemFile } = await import('../../training-data/generate/problem-rows.js');
  return (await readProblemFile(spec, field ? { problem: field } : {}, { file: '--decontaminate', field: '--decontaminate-field' })).map((p) => String(p.input));
}
