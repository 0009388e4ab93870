/**
 * The counters behind `GET /metrics`, rendered in the Prometheus text exposition format
 * (version 0.0.4). Kept in-house: a handful of counters and one histogram do not justify
 * a dependency, and the format is small and stable.
 */
export type Labels = Readonly<Record<string, string>>;

/** Latency buckets in seconds: pass-through sits in the first few, searches in the last. */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

interface Family {
  help: string;
  type: 'counter' | 'gauge' | 'histogram';
  series: Map<string, { labels: Labels; value: number; buckets?: number[]; sum?: number }>;
}

export class ServerMetrics {
  private readonly families = new Map<string, Family>();

  constructor() {
    this.define('metacot_requests_total', 'HTTP requests answered, by route, strategy kind and status code.', 'counter');
    this.define('metacot_request_duration_seconds', 'Time from request to the last byte of the response.', 'histogram');
    this.define('metacot_tokens_total', 'Upstream tokens spent for served requests (prompt = in, completion = out).', 'counter');
    this.define('metacot_upstream_calls_total', 'Calls to the upstream model: pass-through requests, and policy and verifier calls of searches.', 'counter');
    this.define('metacot_searches_total', 'Searches run, by stop reason.', 'counter');
    this.define('metacot_errors_total', 'Requests that failed, by kind (auth, invalid, rate-limit, upstream, internal, client-disconnect).', 'counter');
    this.define('metacot_requests_in_flight', 'Chat completion requests being served now.', 'gauge');
    this.define('metacot_searches_running', 'Searches running in the search workers now.', 'gauge');
    this.define('metacot_searches_queued', 'Searches waiting for a search worker now.', 'gauge');
  }

  private define(name: string, help: string, type: Family['type']): void {
    this.families.set(name, { help, type, series: new Map() });
  }

  private series(name: string, labels: Labels) {
    const family = this.families.get(name);
    if (!family) throw new Error(`unknown metric ${name}`);
    const key = labelText(labels);
    let s = family.series.get(key);
    if (!s) {
      s = { labels, value: 0 };
      if (family.type === 'histogram') {
        s.buckets = LATENCY_BUCKETS.map(() => 0);
        s.sum = 0;
      }
      family.series.set(key, s);
    }
    return s;
  }

  inc(name: string, labels: Labels = {}, by = 1): void {
    if (!(by >= 0)) return;
    this.series(name, labels).value += by;
  }

  set(name: string, labels: Labels, value: number): void {
    this.series(name, labels).value = value;
  }

  observe(name: string, labels: Labels, seconds: number): void {
    const s = this.series(name, labels);
    s.value += 1;
    s.sum! += seconds;
    LATENCY_BUCKETS.forEach((le, i) => {
      if (seconds <= le) s.buckets![i]! += 1;
    });
  }

  /** The current value of a counter or gauge series (0 when never touched); for tests and the bench. */
  value(name: string, labels: Labels = {}): number {
    return this.families.get(name)?.series.get(labelText(labels))?.value ?? 0;
  }

  /** Sum over every series of a family whose labels include `match`. */
  total(name: string, match: Labels = {}): number {
    let sum = 0;
    for (const s of this.families.get(name)?.series.values() ?? []) {
      if (Object.entries(match).every(([k, v]) => s.labels[k] === v)) sum += s.value;
    }
    return sum;
  }

  render(): string {
    const lines: string[] = [];
    for (const [name, family] of this.families) {
      lines.push(`# HELP ${name} ${family.help}`, `# TYPE ${name} ${family.type}`);
      for (const s of family.series.values()) {
        if (family.type !== 'histogram') {
          lines.push(`${name}${braces(labelText(s.labels))} ${s.value}`);
          continue;
        }
        const base = labelText(s.labels);
        LATENCY_BUCKETS.forEach((le, i) => lines.push(`${name}_bucket${braces(join(base, `le="${le}"`))} ${s.buckets![i]}`));
        lines.push(`${name}_bucket${braces(join(base, 'le="+Inf"'))} ${s.value}`);
        lines.push(`${name}_sum${braces(base)} ${s.sum}`, `${name}_count${braces(base)} ${s.value}`);
      }
    }
    return `${lines.join('\n')}\n`;
  }
}

function labelText(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}="${escapeLabel(labels[k]!)}"`)
    .join(',');
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function join(a: string, b: string): string {
  return a ? `${a},${b}` : b;
}

function braces(text: string): string {
  return text ? `{${text}}` : '';
}
