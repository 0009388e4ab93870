/**
 * Choices on which the reference graders disagree. Each has a default that a careful
 * human marker would pick; docs/grading.md explains them.
 */
export interface GradeOptions {
  /**
   * How a percentage compares with a plain number. `either` (default): `10\%` equals
   * both `10` and `0.1`; `number`: only `10`; `fraction`: only `0.1`.
   */
  percent: 'either' | 'number' | 'fraction';
  /** `either` (default): `90^\circ` equals `90` and `\frac{\pi}{2}`; `strip`: only `90`. */
  degrees: 'either' | 'strip';
  /** Relative tolerance when either side is a decimal (which may be rounded). Default 1e-6. */
  relativeTolerance: number;
  /**
   * `must-match` (default): `6 inches` is not `6 feet` when both sides name a unit (a
   * unit on one side only is dropped); `ignore`: units are dropped on both sides.
   */
  units: 'must-match' | 'ignore';
  /** Require fractions in lowest terms (the PRM800K grader's rule). Default false. */
  requireReduced: boolean;
  /** Order of comma-separated answers: `unordered` (default) or `ordered`. */
  listOrder: 'unordered' | 'ordered';
  /** Read `1,22` as the decimal 1.22 (European notation). Default false: it is a list. */
  decimalComma: boolean;
  /** Compare an inequality with an interval (`x \le 3` vs `(-\infty, 3]`). Default true. */
  relationAsInterval: boolean;
  /** Variable names must match: `x = 3` vs `y = 3`, `f(x)` vs `f(y)`. Default true. */
  strictVariables: boolean;
}

export const DEFAULT_GRADE_OPTIONS: Readonly<GradeOptions> = Object.freeze({
  percent: 'either',
  degrees: 'either',
  relativeTolerance: 1e-6,
  units: 'must-match',
  requireReduced: false,
  listOrder: 'unordered',
  decimalComma: false,
  relationAsInterval: true,
  strictVariables: true,
});

export function resolveOptions(options?: Partial<GradeOptions>): GradeOptions {
  return options ? { ...DEFAULT_GRADE_OPTIONS, ...options } : DEFAULT_GRADE_OPTIONS;
}
