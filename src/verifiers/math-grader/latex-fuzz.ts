import type { Random } from '../../core/random.js';

/**
 * Seeded random LaTeX answers for fuzzing the grader: numbers, fractions, roots, powers,
 * binomials, factorials, sums, functions, variables, tuples, intervals, sets, matrices,
 * relations, units and percent, plus mangled text (cut braces, stray macros, full-width
 * digits). Small by construction, so every answer is cheap for an honest grader.
 */
export function randomLatex(random: Random, depth = 3): string {
  const pick = <T>(items: readonly T[]): T => items[random.int(items.length)]!;
  const int = () => String(random.int(random.int(4) === 0 ? 1000 : 12));
  const atom = (): string =>
    pick([
      int,
      () => `${int()}.${random.int(100)}`,
      () => pick(['x', 'y', 'n', 'k', '\\pi', 'e', 'i', '\\infty', '\\theta']),
      () => pick(['２', '３.５', '－１']),
    ])();
  const expr = (d: number): string => {
    if (d <= 0) return atom();
    const a = () => expr(d - 1);
    return pick([
      () => atom(),
      () => `${a()}+${a()}`,
      () => `${a()}-${a()}`,
      () => `${a()}\\cdot ${a()}`,
      () => `${a()} ${a()}`,
      () => `\\frac{${a()}}{${a()}}`,
      () => `\\dfrac{${a()}}{${a()}}`,
      () => `\\sqrt{${a()}}`,
      () => `\\sqrt[3]{${a()}}`,
      () => `${atom()}^{${int()}}`,
      () => `(${a()})^{${pick(['2', '-1', '\\frac12'])}}`,
      () => `\\binom{${int()}}{${int()}}`,
      () => `{${int()} \\choose ${int()}}`,
      () => `${random.int(15)}!`,
      () => `\\sum_{k=1}^{${random.int(20)}} ${pick(['k', 'k^2', '\\frac{1}{k}'])}`,
      () => `\\prod_{k=1}^{${random.int(12)}}${pick(['k', '(k+1)', ' k'])}`,
      () => `\\${pick(['sin', 'cos', 'tan', 'log', 'ln', 'exp'])}${pick(['', ' '])}(${a()})`,
      () => `\\left(${a()}\\right)`,
      () => `|${a()}|`,
      () => `-${a()}`,
    ])();
  };
  const e = () => expr(random.int(depth + 1));
  return pick([
    e, e, e, e,
    () => `(${e()}, ${e()})`,
    () => `[${e()}, ${e()})`,
    () => `(${e()}, ${e()}]`,
    () => `\\{${e()}, ${e()}\\}`,
    () => `${e()}, ${e()}, ${e()}`,
    () => `\\begin{pmatrix}${e()}\\\\${e()}\\end{pmatrix}`,
    () => `\\begin{bmatrix}${e()} & ${e()}\\\\${e()} & ${e()}\\end{bmatrix}`,
    () => `x = ${e()}`,
    () => `${pick(['x', 'y'])} ${pick(['<', '\\le', '>', '\\ge', '\\ne'])} ${e()}`,
    () => `${e()} \\cup ${e()}`,
    () => `${int()}\\%`,
    () => `${int()}^\\circ`,
    () => `${int()} ${pick(['cm', 'm^2', '\\text{ inches}', 'dollars'])}`,
    () => `\\$${int()}`,
    () => `\\text{${pick(['(A)', 'yes', 'no solution', 'B'])}}`,
    () => `\\boxed{${e()}}`,
    // Mangled input: a cut, an unbalanced brace, a stray macro, a repeated operator.
    () => e().slice(0, 1 + random.int(8)),
    () => `${e()}}`,
    () => `{${e()}`,
    () => `\\frac{${e()}`,
    () => `${e()}\\${pick(['frac', 'sqrt', 'left', 'right', 'begin{pmatrix}', 'unknownmacro'])}`,
    () => `${e()}++${e()}`,
    () => `^_${e()}`,
  ])();
}
