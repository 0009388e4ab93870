/** The library `solve()` (`metacot/solve`): one puzzle or question in, a verified answer (or why not) out. */
export { solve, TRACE_FORMAT_NAMES, type SolveOptions, type SolveResult, type SolveVerdict, type TraceFormatName } from './solve.js';
export { solveAdaptive, type AdaptiveOutcome, type SolveAttempt } from './adaptive.js';
