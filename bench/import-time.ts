/**
 * How long importing metacot takes, per public entry point, and which heavy packages
 * (hono, openai, zod) each one loads: this tree's built `dist/` against a baseline
 * checkout's, in one run.
 *
 *   npm run build && npx tsx bench/import-time.ts [--baseline DIR] [--runs 7]
 *
 * DIR: a built checkout of the commit to compare with (`git worktree add DIR REV && cd DIR
 * && ln -s ../node_modules node_modules && npm run build`). Each figure is the median of
 * `--runs` fresh Node processes (each import is cold), minus the median of a process that
 * imports nothing; the ratio is after / before.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const runs = Number(flag('--runs') ?? 7);
if (!Number.isInteger(runs) || runs < 1 || runs > 100) throw new Error(`--runs must be an integer from 1 to 100, got '${flag('--runs')}'`);
const here = resolve(import.meta.dirname, '..');
const baseline = flag('--baseline') ? resolve(flag('--baseline')!) : undefined;

/** Entry points: the subpath, and the folder index a tree without `exports` for it would offer. */
const ENTRIES: [string, string][] = [
  ['metacot', 'dist/index.js'],
  ['metacot/search', 'dist/search/index.js'],
  ['metacot/grader', 'dist/verifiers/math-grader/index.js'],
  ['metacot/embedded', 'dist/embedded/index.js'],
  ['metacot/eval', 'dist/eval/index.js'],
  ['metacot/server', 'dist/server/index.js'],
];
const HEAVY = ['hono', 'openai', 'zod'];

/** The file a tree's package.json maps `subpath` to, or its folder index, or null when neither exists. */
function entryFile(root: string, subpath: string, fallback: string): string | null {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports?: Record<string, { default?: string } | string> };
  const key = subpath === 'metacot' ? '.' : `./${subpath.slice('metacot/'.length)}`;
  const target = pkg.exports?.[key];
  const file = typeof target === 'string' ? target : target?.default;
  const path = join(root, file ?? fallback);
  return existsSync(path) ? path : null;
}

// The child records every package a resolved import lands in (a resolve hook), then times the import.
const CHILD = `
import { register } from 'node:module';
const hooks = 'export async function resolve(s, c, n) { const r = await n(s, c); const m = /node_modules\\\\/((?:@[^/]+\\\\/)?[^/]+)\\\\//.exec(r.url); if (m) process.stderr.write("pkg " + m[1] + "\\\\n"); return r; }';
register('data:text/javascript,' + encodeURIComponent(hooks));
const t = performance.now();
if (process.argv[1]) await import(process.argv[1]);
process.stdout.write(String(performance.now() - t));
`;

function once(file: string | null): { ms: number; packages: Set<string> } {
  const out = spawnSync(process.execPath, ['--input-type=module', '-e', CHILD, file ? pathToFileURL(file).href : ''], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`importing ${file} failed: ${out.stderr}`);
  const packages = new Set(out.stderr.split('\n').filter((l) => l.startsWith('pkg ')).map((l) => l.slice(4)));
  return { ms: Number(out.stdout), packages };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function measure(file: string | null): { ms: number; heavy: string[] } | null {
  if (!file) return null;
  const times: number[] = [];
  let packages = new Set<string>();
  for (let k = 0; k < runs; k++) {
    const r = once(file);
    times.push(r.ms);
    packages = r.packages;
  }
  return { ms: median(times), heavy: HEAVY.filter((p) => packages.has(p)) };
}

if (!existsSync(join(here, 'dist/index.js'))) throw new Error('no dist/: run npm run build first');
if (baseline && !existsSync(join(baseline, 'dist/index.js'))) throw new Error(`${baseline} has no dist/: build it first`);
const cell = (m: { ms: number; heavy: string[] } | null) => (m ? `${m.ms.toFixed(0)} ms${m.heavy.length ? ` (${m.heavy.join(', ')})` : ''}` : '-');
console.log(`import time, median of ${runs} cold processes; in brackets the heavy packages loaded`);
console.log(baseline ? `| entry | before (${baseline}) | after (this tree) | after / before |` : '| entry | this tree |');
console.log(baseline ? '|---|---|---|---|' : '|---|---|');
for (const [subpath, fallback] of ENTRIES) {
  const after = measure(entryFile(here, subpath, fallback));
  if (!baseline) {
    console.log(`| ${subpath} | ${cell(after)} |`);
    continue;
  }
  const before = measure(entryFile(baseline, subpath, fallback));
  const ratio = before && after ? (after.ms / before.ms).toFixed(2) : '-';
  console.log(`| ${subpath} | ${cell(before)} | ${cell(after)} | ${ratio} |`);
}
