/** Minimal complex arithmetic for evaluating answers at sample points (roots of negatives, `i`). */
export interface Complex {
  readonly re: number;
  readonly im: number;
}

export const c = (re: number, im = 0): Complex => ({ re, im });
export const cAdd = (a: Complex, b: Complex): Complex => c(a.re + b.re, a.im + b.im);
export const cSub = (a: Complex, b: Complex): Complex => c(a.re - b.re, a.im - b.im);
export const cNeg = (a: Complex): Complex => c(-a.re, -a.im);
export const cMul = (a: Complex, b: Complex): Complex =>
  c(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re);
export function cDiv(a: Complex, b: Complex): Complex {
  if (b.im === 0) return c(a.re / b.re, a.im / b.re);
  const den = b.re * b.re + b.im * b.im;
  return c((a.re * b.re + a.im * b.im) / den, (a.im * b.re - a.re * b.im) / den);
}
export const cAbs = (a: Complex): number => Math.hypot(a.re, a.im);
export function cExp(a: Complex): Complex {
  const m = Math.exp(a.re);
  return a.im === 0 ? c(m) : c(m * Math.cos(a.im), m * Math.sin(a.im));
}
export function cLog(a: Complex): Complex {
  if (a.im === 0 && a.re > 0) return c(Math.log(a.re));
  return c(Math.log(cAbs(a)), Math.atan2(a.im, a.re));
}
export function cPow(a: Complex, b: Complex): Complex {
  if (b.im === 0 && Number.isInteger(b.re) && Math.abs(b.re) <= 64) {
    let result = c(1);
    let base = b.re < 0 ? cDiv(c(1), a) : a;
    let k = Math.abs(b.re);
    while (k > 0) {
      if (k & 1) result = cMul(result, base);
      base = cMul(base, base);
      k >>= 1;
    }
    return result;
  }
  if (a.im === 0 && b.im === 0 && a.re >= 0) return c(a.re ** b.re);
  if (a.re === 0 && a.im === 0) return c(0);
  return cExp(cMul(b, cLog(a)));
}
export function cSqrt(a: Complex): Complex {
  if (a.im === 0) return a.re >= 0 ? c(Math.sqrt(a.re)) : c(0, Math.sqrt(-a.re));
  return cPow(a, c(0.5));
}
/** Real cube root for real input (the reading intended by `\sqrt[3]{-8} = -2`). */
export function cRoot(a: Complex, n: Complex): Complex {
  if (a.im === 0 && n.im === 0 && a.re < 0 && Number.isInteger(n.re) && n.re % 2 === 1) {
    return c(-((-a.re) ** (1 / n.re)));
  }
  return cPow(a, cDiv(c(1), n));
}
export function cSin(a: Complex): Complex {
  return c(Math.sin(a.re) * Math.cosh(a.im), Math.cos(a.re) * Math.sinh(a.im));
}
export function cCos(a: Complex): Complex {
  return c(Math.cos(a.re) * Math.cosh(a.im), -Math.sin(a.re) * Math.sinh(a.im));
}
export const isFiniteComplex = (a: Complex): boolean => Number.isFinite(a.re) && Number.isFinite(a.im);
