/**
 * Peak memory against run size for the commands that read whole runs: `view --out`,
 * `export sft|dpo|prm`, `score` and `report`. For each size it writes a real run folder
 * (bench/make-big-run.ts: Countdown, MCTS-64, symbolic policy) into a temporary folder,
 * runs every command as a child process under /usr/bin/time (peak RSS, wall time; `view`
 * as a server answering the page's requests for the list and three trees), with
 * this checkout's code and with a baseline checkout (the code before streaming, built
 * from a git commit into the temporary folder), checks that both wrote the same export
 * lines and the same scores, and deletes everything afterwards. The baseline runs with a
 * 4 GB heap so that it fails instead of taking the machine; a failure prints its cause.
 *
 * With --browser, each streaming `view --out` page is also opened from disk in headless
 * Chromium on its last problem (the whole run is in the one file).
 *
 *   npx tsx bench/run-memory.ts [--sizes 100,400,1000] [--baseline COMMIT|none] [--baseline-up-to MB] [--tmp DIR] [--browser]
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { PACKAGE_ROOT } from '../src/viewer/bundle-viewer.js';
import { CHROMIUM, launchChromium } from '../src/viewer/test-support/browser.js';
import { makeBigRun } from './make-big-run.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] ? args[at + 1]! : fallback;
};
const sizes = flag('--sizes', '100,400,1000').split(',').map(Number);
/** The last commit before runs were streamed. */
const baselineRef = flag('--baseline', '156a06f');
/** Sizes above this (MB) run without the baseline (its failures there are known from an earlier run). */
const baselineUpTo = Number(flag('--baseline-up-to', 'Infinity'));
const tmp = await mkdtemp(join(flag('--tmp', '/tmp'), 'metacot-run-memory-'));
const BASELINE_HEAP_MB = 4096;

interface Measured {
  ok: boolean;
  rssMb: number;
  seconds: number;
  /** What the command printed (stdout), or why it failed (the last line of stderr). */
  output: string;
}

/**
 * `measureOnce`, retried when the shared node_modules was being reinstalled under it (a
 * module not found, a symlink loop): that says nothing about the command.
 */
async function measure(root: string, cliArgs: string[], heapMb?: number): Promise<Measured> {
  for (let attempt = 1; ; attempt++) {
    const m = await measureOnce(root, cliArgs, heapMb);
    if (m.ok || attempt === 4 || !/ERR_MODULE_NOT_FOUND|ELOOP|Cannot find (module|package)/.test(m.log)) return m;
    await new Promise((done) => setTimeout(done, 30_000));
  }
}

/** Runs `node bin/metacot.js ARGS` in `root` under /usr/bin/time. */
function measureOnce(root: string, cliArgs: string[], heapMb?: number): Promise<Measured & { log: string }> {
  return new Promise((resolve) => {
    const node = [...(heapMb ? [`--max-old-space-size=${heapMb}`] : []), join(root, 'bin', 'metacot.js'), ...cliArgs];
    const child = spawn('/usr/bin/time', ['-f', '@@time %M %e', process.execPath, ...node], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-20_000)));
    child.on('close', (code) => {
      const m = /@@time (\d+) ([\d.]+)/.exec(stderr);
      const why = stderr.replace(/@@time.*$/m, '').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('Command exited'));
      const reason = why.find((l) => /heap out of memory|Invalid string length|Invalid array length|ERR_STRING_TOO_LONG/.test(l)) ?? why.at(-1) ?? `exit ${code}`;
      resolve({ ok: code === 0, rssMb: m ? Number(m[1]) / 1024 : 0, seconds: m ? Number(m[2]) : 0, output: code === 0 ? stdout : reason, log: stderr });
    });
  });
}

/**
 * `metacot view RUN` as a server: waits for its URL, asks for the problem list and the
 * first, middle and last problems' trees as the page would, then stops it with SIGINT
 * (sent to the process group: /usr/bin/time ignores it, the server closes and exits).
 */
function measureServer(root: string, run: string, problems: number, heapMb?: number): Promise<Measured> {
  return new Promise((resolve) => {
    const node = [...(heapMb ? [`--max-old-space-size=${heapMb}`] : []), join(root, 'bin', 'metacot.js'), 'view', run];
    const child = spawn('/usr/bin/time', ['-f', '@@time %M %e', process.execPath, ...node], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let asked: Promise<string> | null = null;
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-20_000)));
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const url = /metacot view: (http:\/\/\S+)/.exec(stdout)?.[1];
      if (!url || asked) return;
      asked = (async () => {
        try {
          const index = (await (await fetch(`${url}api/index`)).json()) as { problems: unknown[] };
          let bytes = 0;
          for (const n of [0, Math.floor(problems / 2), problems - 1]) bytes += (await (await fetch(`${url}api/trees/${n}`)).arrayBuffer()).byteLength;
          return `served ${index.problems.length} problems and 3 trees (${(bytes / 1e6).toFixed(1)} MB)`;
        } catch (error) {
          return `requests failed: ${(error as Error).message}`;
        } finally {
          process.kill(-child.pid!, 'SIGINT');
        }
      })();
    });
    child.on('close', async (code) => {
      const m = /@@time (\d+) ([\d.]+)/.exec(stderr);
      const said = asked ? await asked : 'no URL';
      const ok = code === 0 && said.startsWith('served');
      resolve({ ok, rssMb: m ? Number(m[1]) / 1024 : 0, seconds: m ? Number(m[2]) : 0, output: ok ? said : `${said}; ${stderr.split('\n').filter((l) => l.trim() && !l.startsWith('@@time')).at(-1) ?? `exit ${code}`}` });
    });
  });
}

/** Builds the baseline's CLI from a commit, without touching this repository's worktrees. */
async function buildBaseline(ref: string): Promise<string> {
  const root = join(tmp, 'baseline');
  await mkdir(root);
  execFileSync('bash', ['-c', `git -C '${PACKAGE_ROOT}' archive '${ref}' | tar -x -C '${root}'`]);
  await symlink(join(PACKAGE_ROOT, 'node_modules'), join(root, 'node_modules'));
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, ['dist/viewer/write-viewer-bundle.js'], { cwd: root, stdio: 'ignore' });
  return root;
}

const COMMANDS: { name: string; args: (run: string, out: string) => string[]; compare?: 'export' | 'score' }[] = [
  { name: 'view --out', args: (run, out) => ['view', run, '--out', join(out, 'run.html')] },
  { name: 'export sft', args: (run, out) => ['export', 'sft', '--run', run, '-o', out, '--json'], compare: 'export' },
  { name: 'export dpo', args: (run, out) => ['export', 'dpo', '--pairs', 'step', '--run', run, '-o', out, '--json'], compare: 'export' },
  { name: 'export prm', args: (run, out) => ['export', 'prm', '--run', run, '-o', out, '--json'], compare: 'export' },
  { name: 'score', args: (run) => ['score', run, '--json'], compare: 'score' },
  { name: 'report', args: (run, out) => ['report', run, '-o', out] },
];

/** What must agree between baseline and streaming: the export's counts and file hash, or the whole score. */
function comparable(kind: 'export' | 'score', output: string): string {
  const value = JSON.parse(output) as Record<string, unknown>;
  if (kind === 'score') return JSON.stringify(value);
  const { out: _out, ...rest } = value;
  return JSON.stringify(rest);
}

/**
 * Opens a `view --out` page from disk in headless Chromium (when --browser is given and
 * /usr/bin/chromium exists) on its last problem, and says how long until that tree is drawn.
 */
async function openInChromium(file: string, problem: number): Promise<string> {
  const page = await browser!.newPage({ viewport: { width: 1400, height: 850 } });
  try {
    const started = Date.now();
    await page.goto(`file://${file}#problem=${problem}`, { timeout: 600_000 });
    await page.waitForFunction((p) => window.metacotViewer?.ready === true && window.metacotViewer.problem === p, problem, { timeout: 600_000 });
    const ms = Date.now() - started;
    const rows = await page.locator('ol.problems li').count();
    return `Chromium: ${rows} problems listed, problem ${problem} drawn ${(ms / 1000).toFixed(1)} s after opening the file`;
  } catch (error) {
    return `Chromium failed: ${(error as Error).message.split('\n')[0]}`;
  } finally {
    await page.close();
  }
}

const browser = args.includes('--browser') && existsSync(CHROMIUM) ? await launchChromium() : null;
const mb = (x: number) => x.toFixed(0).padStart(6);
const fmt = (m: Measured | null) => (m === null ? '     -  ' : m.ok ? `${mb(m.rssMb)} MB` : ' failed ');
try {
  const baselineRoot = baselineRef === 'none' ? null : await buildBaseline(baselineRef);
  console.log(`node ${process.version}; baseline: ${baselineRoot ? `commit ${baselineRef} (heap limit ${BASELINE_HEAP_MB} MB)` : 'none'}; runs in ${tmp}`);
  console.log('run size   problems  command      baseline peak RSS   streaming peak RSS   ratio   baseline s  streaming s  same output');
  for (const size of sizes) {
    const run = join(tmp, `run-${size}mb`);
    const made = await makeBigRun(run, size * 1e6);
    const baseline = size <= baselineUpTo ? baselineRoot : null;
    const onDisk = Number(execFileSync('/usr/bin/du', ['-sb', run]).toString().split('\t')[0]) / 1e6;
    {
      const now = await measureServer(PACKAGE_ROOT, run, made.problems);
      const old = baseline ? await measureServer(baseline, run, made.problems, BASELINE_HEAP_MB) : null;
      const ratio = now.ok && old?.ok ? `${(old.rssMb / now.rssMb).toFixed(1)}x` : '-';
      console.log(`${`${onDisk.toFixed(0)} MB`.padStart(8)}  ${String(made.problems).padStart(8)}  ${'view (serve)'.padEnd(11)}  ${fmt(old).padStart(17)}   ${fmt(now).padStart(18)}   ${ratio.padStart(5)}   ${(old ? old.seconds.toFixed(1) : '-').padStart(10)}  ${now.seconds.toFixed(1).padStart(11)}  ${now.output}`);
      if (old && !old.ok) console.log(`    baseline failed: ${old.output}`);
    }
    for (const command of COMMANDS) {
      const outNew = join(tmp, 'out-new');
      const outOld = join(tmp, 'out-old');
      await mkdir(outNew, { recursive: true });
      await mkdir(outOld, { recursive: true });
      const now = await measure(PACKAGE_ROOT, command.args(run, outNew));
      const old = baseline ? await measure(baseline, command.args(run, outOld), BASELINE_HEAP_MB) : null;
      let same = '-';
      if (command.compare && now.ok && old?.ok) same = comparable(command.compare, now.output) === comparable(command.compare, old.output) ? 'yes' : 'NO';
      if (command.name === 'view --out' && now.ok) {
        same = `html ${((await stat(join(outNew, 'run.html'))).size / 1e6).toFixed(0)} MB${old?.ok ? ` vs ${((await stat(join(outOld, 'run.html'))).size / 1e6).toFixed(0)} MB` : ''}`;
        if (browser) same += `; ${await openInChromium(join(outNew, 'run.html'), made.problems - 1)}`;
      }
      const ratio = now.ok && old?.ok ? `${(old.rssMb / now.rssMb).toFixed(1)}x` : '-';
      console.log(
        `${`${onDisk.toFixed(0)} MB`.padStart(8)}  ${String(made.problems).padStart(8)}  ${command.name.padEnd(11)}  ${fmt(old).padStart(17)}   ${fmt(now).padStart(18)}   ${ratio.padStart(5)}   ${(old ? (old.ok ? old.seconds.toFixed(1) : `${old.seconds.toFixed(1)}*`) : '-').padStart(10)}  ${now.seconds.toFixed(1).padStart(11)}  ${same}`,
      );
      if (!now.ok) console.log(`    streaming failed: ${now.output}`);
      if (old && !old.ok) console.log(`    baseline failed after ${old.seconds.toFixed(0)} s: ${old.output}`);
      await rm(outNew, { recursive: true, force: true });
      await rm(outOld, { recursive: true, force: true });
    }
    await rm(run, { recursive: true, force: true });
  }
} finally {
  await browser?.close();
  await rm(tmp, { recursive: true, force: true });
}
