import type { ScoreReport } from './score-items.js';

const pct = (x: number | null | undefined) => (x === null || x === undefined || Number.isNaN(x) ? '-' : `${(x * 100).toFixed(1)}%`);
const ci = (interval: [number, number] | null | undefined) => (interval ? ` [${pct(interval[0])}, ${pct(interval[1])}]` : '');

const METRICS = ['pass@k', 'maj@k', 'bon@k', 'weighted_bon@k'] as const;

/** The metrics by k as a markdown table (rows: metrics; columns: k). */
export function metricsTable(report: ScoreReport): string {
  const ks = Object.keys(report['pass@k']);
  if (ks.length === 0) return '_no samples_\n';
  const lines = [`| metric | ${ks.map((k) => `k=${k}`).join(' | ')} |`, `|---|${ks.map(() => '---:').join('|')}|`];
  for (const metric of METRICS) {
    const values = report[metric];
    if (!values) continue;
    lines.push(`| ${metric.replace('@k', '')} | ${ks.map((k) => pct(values[k])).join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** A breakdown (by level or subject) as a markdown table. */
export function groupTable(groups: ScoreReport['by_level'], label: string): string {
  const names = Object.keys(groups);
  if (names.length === 0) return '';
  const lines = [`| ${label} | problems | accuracy | mean sample accuracy | tokens out / problem | tokens in / problem |`, '|---|---:|---:|---:|---:|---:|'];
  for (const name of names) {
    const g = groups[name]!;
    lines.push(`| ${name} | ${g.problems} | ${pct(g.accuracy)} | ${pct(g.mean_accuracy)} | ${g.tokens_out_mean.toFixed(0)} | ${g.tokens_in_mean.toFixed(0)} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** The human-readable score: headline, metrics by k with intervals, compute, breakdowns. */
export function formatScore(report: ScoreReport, title: string): string {
  const out: string[] = [`## ${title}`, ''];
  out.push(`${report.problems} problems, ${report.samples} samples (${report.n_min === report.n_max ? report.n_max : `${report.n_min}-${report.n_max}`} per problem)`);
  if (report.accuracy !== null) out.push(`accuracy: ${pct(report.accuracy)}${ci(report.ci.accuracy)} (${(report.ci.confidence * 100).toFixed(0)}% bootstrap interval)`);
  out.push(`mean sample accuracy: ${pct(report.mean_accuracy)}`);
  if (report.discounted) {
    const d = report.discounted;
    out.push(`discounted accuracy (γ=${d.gamma} per ${d.by === 'tokens' ? 'token' : 'step'}): ${d.accuracy === null ? '' : `${pct(d.accuracy)} (method), `}${pct(d.mean_accuracy)} (samples)`);
  }
  const c = report.compute;
  out.push(`compute per problem: ${c.tokens_out_mean.toFixed(0)} tokens out, ${c.tokens_in_mean.toFixed(0)} in, ${c.policy_calls_mean.toFixed(1)} policy calls, ${c.verifier_calls_mean.toFixed(1)} verifier calls, ${c.steps_mean.toFixed(1)} steps`);
  out.push('', metricsTable(report));
  const k = Object.keys(report['pass@k']).at(-1);
  if (k !== undefined) {
    const at = (m: (typeof METRICS)[number]) => (report.ci[m] ? `${m.replace('@k', `@${k}`)} ${pct(report[m]?.[k])}${ci(report.ci[m]?.[k])}` : null);
    out.push(`at k=${k}: ${METRICS.map(at).filter((x) => x !== null).join('; ')}`, '');
  }
  const levels = groupTable(report.by_level, 'level');
  if (levels) out.push('### By level', '', levels);
  const subjects = groupTable(report.by_subject, 'subject');
  if (subjects) out.push('### By subject', '', subjects);
  return `${out.join('\n').trimEnd()}\n`;
}
