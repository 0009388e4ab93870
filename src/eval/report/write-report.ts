import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { InputError } from '../../core/errors.js';
import { VERSION } from '../../core/version.js';
import { formatScore, groupTable, metricsTable } from '../format-score.js';
import { scoreRun } from '../score-run.js';
import type { ScoreOptions } from '../score-items.js';
import { accuracyByKChart, accuracyVsComputeChart, byLevelCharts, type ReportRun } from './report-charts.js';
import { renderSvg } from './render-svg.js';

export interface ReportFiles {
  html: string;
  markdown: string;
  charts: string[];
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const pct = (x: number | null) => (x === null || Number.isNaN(x) ? '-' : `${(x * 100).toFixed(1)}%`);

/** Names runs by folder, adding the parent folder (then a number) where names collide. */
function runNames(dirs: readonly string[]): string[] {
  const names = dirs.map((d) => basename(resolve(d)));
  return names.map((name, i) => {
    if (names.filter((n) => n === name).length === 1) return name;
    const withParent = `${basename(resolve(dirs[i]!, '..'))}/${name}`;
    return names.indexOf(name) === i ? withParent : `${withParent}#${i + 1}`;
  });
}

/**
 * Writes `report.html` (one self-contained page: inline SVG charts and tables, no
 * scripts, opens offline), `report.md` (the same figures as markdown) and the charts as
 * SVG files under `charts/`, comparing every run given. Charts are Vega-Lite specs
 * rendered to SVG at report time.
 */
export async function writeReport(dirs: readonly string[], out: string, options: ScoreOptions = {}, now: () => Date = () => new Date()): Promise<ReportFiles> {
  if (dirs.length === 0) throw new InputError('report needs at least one run folder');
  const names = runNames(dirs);
  const runs: ReportRun[] = [];
  for (let i = 0; i < dirs.length; i++) {
    const score = await scoreRun(dirs[i]!, options);
    runs.push({ name: names[i]!, task: score.task, search: score.search, model: score.model, score });
  }
  const specs: [string, string, ReturnType<typeof accuracyByKChart>][] = [
    ['accuracy-vs-compute', 'Accuracy vs compute', accuracyVsComputeChart(runs)],
    ['accuracy-vs-k', 'Accuracy vs k', accuracyByKChart(runs)],
  ];
  const levelCharts = byLevelCharts(runs);
  if (levelCharts.length === 2) {
    specs.push(['accuracy-by-level', 'Accuracy by level', levelCharts[0]!], ['tokens-by-level', 'Tokens by level', levelCharts[1]!]);
  }
  await mkdir(join(out, 'charts'), { recursive: true });
  const charts: { file: string; title: string; svg: string }[] = [];
  for (const [file, title, spec] of specs) {
    if (!spec) continue;
    const svg = await renderSvg(spec);
    await writeFile(join(out, 'charts', `${file}.svg`), svg);
    charts.push({ file: `charts/${file}.svg`, title, svg });
  }

  const stamp = now().toISOString();
  const summaryRows = runs.map((r) => {
    const c = r.score.compute;
    return [r.name, r.task, r.search, r.model, String(r.score.problems), pct(r.score.accuracy), pct(r.score.mean_accuracy), c.tokens_out_mean.toFixed(0), c.policy_calls_mean.toFixed(1), c.verifier_calls_mean.toFixed(1)];
  });
  const summaryHead = ['run', 'task', 'search', 'model', 'problems', 'accuracy', 'mean sample acc.', 'tokens out / problem', 'policy calls', 'verifier calls'];

  const md: string[] = [`# metacot evaluation report`, '', `${runs.length} run(s), generated ${stamp} by metacot ${VERSION}.`, ''];
  md.push(`| ${summaryHead.join(' | ')} |`, `|${summaryHead.map(() => '---').join('|')}|`, ...summaryRows.map((row) => `| ${row.join(' | ')} |`), '');
  for (const chart of charts) md.push(`![${chart.title}](${chart.file})`, '');
  for (let i = 0; i < runs.length; i++) md.push(formatScore(runs[i]!.score, `${runs[i]!.name} (${resolve(dirs[i]!)})`).replace(/^## /, '## '), '');
  const markdown = md.join('\n').replace(/\n{3,}/g, '\n\n');

  const table = (head: string[], rows: string[][]) =>
    `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
  const mdTable = (text: string) => {
    const lines = text.trim().split('\n').filter((l) => l.startsWith('|'));
    if (lines.length < 2) return '';
    const cells = (l: string) => l.slice(1, -1).split('|').map((c) => c.trim());
    return table(cells(lines[0]!), lines.slice(2).map(cells));
  };
  const sections = runs.map((r, i) => {
    const s = r.score;
    const lines = formatScore(s, r.name).split('\n').filter((l) => l !== '' && !l.startsWith('|') && !l.startsWith('#'));
    return `<section><h2>${escapeHtml(r.name)}</h2><p class="dir">${escapeHtml(resolve(dirs[i]!))}</p>${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}
${mdTable(metricsTable(s))}
${Object.keys(s.by_level).length ? `<h3>By level</h3>${mdTable(groupTable(s.by_level, 'level'))}` : ''}
${Object.keys(s.by_subject).length ? `<h3>By subject</h3>${mdTable(groupTable(s.by_subject, 'subject'))}` : ''}</section>`;
  });
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>metacot evaluation report</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1rem}th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:right}
th:first-child,td:first-child{text-align:left}th{background:#f5f5f5}.charts{display:flex;flex-wrap:wrap;gap:1rem}
figure{margin:0}figcaption{font-weight:600}.dir{color:#777;font-size:12px}section{border-top:1px solid #eee;margin-top:1.5rem}
</style></head><body>
<h1>metacot evaluation report</h1>
<p>${runs.length} run(s), generated ${escapeHtml(stamp)} by metacot ${escapeHtml(VERSION)}. Intervals are ${(runs[0]!.score.ci.confidence * 100).toFixed(0)}% percentile bootstrap over problems.</p>
${table(summaryHead, summaryRows)}
<div class="charts">${charts.map((c) => `<figure><figcaption>${escapeHtml(c.title)}</figcaption>${c.svg}</figure>`).join('\n')}</div>
${sections.join('\n')}
</body></html>
`;
  await writeFile(join(out, 'report.html'), html);
  await writeFile(join(out, 'report.md'), markdown);
  return { html: join(out, 'report.html'), markdown: join(out, 'report.md'), charts: charts.map((c) => join(out, c.file)) };
}
