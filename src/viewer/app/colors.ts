/**
 * Node colours. Fill encodes a score in [0,1] on a red-amber-blue ramp (blue rather than
 * green so that red/green colour blindness still separates the ends); the ring encodes the
 * verified outcome. Scores are quantized into buckets so that the canvas can draw each
 * colour as one path, which is what keeps 10,000 nodes cheap to redraw.
 */
export const BUCKETS = 11;

const STOPS: Array<[number, number, number]> = [
  [215, 48, 39],
  [252, 141, 89],
  [254, 224, 144],
  [145, 191, 219],
  [69, 117, 180],
];

function ramp(t: number): string {
  const x = Math.min(1, Math.max(0, t)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const a = STOPS[i]!;
  const b = STOPS[i + 1]!;
  const c = (k: number) => Math.round(a[k]! + (b[k]! - a[k]!) * f);
  return `rgb(${c(0)},${c(1)},${c(2)})`;
}

/** Fill colour per bucket; the extra last entry is for nodes without a score. */
export const BUCKET_COLORS: string[] = [...Array.from({ length: BUCKETS }, (_, i) => ramp(i / (BUCKETS - 1))), '#b8b8b8'];
export const NO_SCORE = BUCKETS;

export function bucketOf(score: number | undefined): number {
  if (score === undefined || !Number.isFinite(score)) return NO_SCORE;
  return Math.round(Math.min(1, Math.max(0, score)) * (BUCKETS - 1));
}

export const RING = {
  correct: '#1a7f37',
  wrong: '#cf222e',
  terminal: '#57606a',
  best: '#bf8700',
  selected: '#0969da',
  current: '#8250df',
} as const;

export const EDGE = { normal: '#c4c9d0', best: '#d4a72c', unborn: '#eceef1' } as const;
