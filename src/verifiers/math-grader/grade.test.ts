import { describe, expect, it } from 'vitest';
import { grade } from './grade.js';

const eq = (gold: string, pred: string, options = {}) => grade(gold, pred, options).equal;

describe('grade', () => {
  it('compares exact values exactly and decimals with a tolerance', () => {
    expect(eq('2^{100}', '1267650600228229401496703205376')).toBe(true);
    expect(eq('2^{100}', '2^{100}+1')).toBe(false);
    expect(eq('\\frac{1}{2^{99}}', '\\frac{1}{2^{98}}')).toBe(false);
    expect(eq('\\frac{1}{3}', '0.3333333')).toBe(true);
    expect(eq('\\frac{1}{3}', '0.333')).toBe(false);
    expect(eq('\\frac{1}{3}', '0.333', { relativeTolerance: 1e-2 })).toBe(true);
  });

  it('handles symbolic expressions, equations and inequalities', () => {
    expect(eq('\\sin^2 x', '1-\\cos^2 x')).toBe(true);
    expect(eq('\\sqrt{x^2+1}', 'x+1')).toBe(false);
    expect(eq('y=2x+1', '4x-2y+2=0')).toBe(true);
    expect(eq('x \\ge 2', '[2, \\infty)')).toBe(true);
    expect(eq('x > 2', '[2, \\infty)')).toBe(false);
    expect(eq('x = 3', 'y = 3')).toBe(false);
    expect(eq('x = 3', 'y = 3', { strictVariables: false })).toBe(true);
  });

  it('applies the documented options where reference graders disagree', () => {
    expect(grade('10\\%', '0.1')).toMatchObject({ equal: true, reason: 'equivalent-percent' });
    expect(eq('10\\%', '0.1', { percent: 'number' })).toBe(false);
    expect(eq('10\\%', '10', { percent: 'fraction' })).toBe(false);
    expect(grade('90^\\circ', '\\frac{\\pi}{2}')).toMatchObject({ equal: true, reason: 'equivalent-degrees' });
    expect(eq('90^\\circ', '\\frac{\\pi}{2}', { degrees: 'strip' })).toBe(false);
    expect(grade('6\\text{ inches}', '6 \\text{ feet}')).toMatchObject({ equal: false, reason: 'units-differ' });
    expect(eq('6\\text{ inches}', '6 \\text{ feet}', { units: 'ignore' })).toBe(true);
    expect(eq('\\frac{3}{4}', '\\frac{6}{8}')).toBe(true);
    expect(grade('\\frac{3}{4}', '\\frac{6}{8}', { requireReduced: true })).toMatchObject({ equal: false, reason: 'not-reduced' });
    expect(eq('1, 2, 3', '3, 2, 1')).toBe(true);
    expect(eq('1, 2, 3', '3, 2, 1', { listOrder: 'ordered' })).toBe(false);
    expect(eq('1.22', '1,22')).toBe(false);
    expect(eq('1.22', '1,22', { decimalComma: true })).toBe(true);
  });

  it('extracts answers from model output, and no answer is a result', () => {
    expect(grade('18', 'She makes 9 * 2 = 18 dollars.\n#### 18')).toMatchObject({ equal: true, pred: '18', extraction: 'gsm8k' });
    expect(grade('\\text{(B)}', 'Hence the answer is \\boxed{\\textbf{(B)}}.')).toMatchObject({ equal: true, extraction: 'boxed' });
    expect(grade('4', 'I could not finish the computation in time, sorry about that.', { extract: 'always' })).toMatchObject({ equal: false, reason: 'no-answer', pred: null });
  });

  it('never throws on garbage', () => {
    for (const junk of ['', '}{', '\\frac{', '((((', '\\begin{pmatrix}', '$$', '\\sqrt[', '^^^', 'x'.repeat(30_000)]) {
      expect(() => grade(junk, '1')).not.toThrow();
      expect(() => grade('1', junk)).not.toThrow();
    }
  });
});

describe('numbers in scientific notation', () => {
  it('reads 1.5e3 after digits only', () => {
    expect(eq('1500', '1.5e3')).toBe(true);
    expect(eq('0.00002', '2e-5')).toBe(true);
    expect(eq('2e', '2\\cdot e')).toBe(true);
  });
});

describe('degrees and geometric names inside expressions', () => {
  it('reads degrees as radians inside trigonometric functions only', () => {
    expect(eq('\\sin 30^\\circ', '\\frac{1}{2}')).toBe(true);
    expect(eq('\\tan{45^\\circ}', '1')).toBe(true);
    expect(eq('45^\\circ, 135^\\circ', '135, 45')).toBe(true);
  });

  it('treats named segments and triangles as names', () => {
    expect(eq('\\overline{CD}', '\\overline{CD}')).toBe(true);
    expect(eq('\\overline{CD}', '\\overline{AB}')).toBe(false);
    expect(eq('\\frac{1}{7}\\triangle ABC', '\\frac{\\triangle ABC}{7}')).toBe(true);
    expect(eq('\\textdollar 2.60', '2.6')).toBe(true);
  });
});

describe('values beyond the range of doubles and step functions', () => {
  it('does not call values equal because both under- or overflow', () => {
    expect(eq('\\frac{1}{2014!^{2014}}', '\\frac{2}{2014!^{2014}}')).toBe(false);
    expect(eq('\\frac{\\sqrt{4009}}{2^{2004}}', '\\frac{\\sqrt{5009}}{2^{2004}}')).toBe(false);
    expect(eq('2\\sin\\frac{\\pi}{3\\cdot 2^{99}}', '3\\sin\\frac{\\pi}{3\\cdot 2^{99}}')).toBe(false);
    expect(eq('\\sin \\pi', '0')).toBe(true);
  });

  it('samples step functions widely', () => {
    expect(eq('\\left\\lfloor \\frac{-1 + \\sqrt{1 + 8n}}{2} \\right\\rfloor', '\\left\\lfloor \\frac{-2 + \\sqrt{1 + 8n}}{2} \\right\\rfloor')).toBe(false);
  });

  it('keeps a control character that stands for a lost backslash', () => {
    expect(eq('\frac{7}{12}', '\\boxed{\frac{7}{12}}')).toBe(true);
    expect(eq('\\hspace{.05in}9', '9')).toBe(true);
  });
});

describe('congruences, inch marks, braced signs', () => {
  it('reads them as their values', () => {
    expect(eq('N \\equiv 672 \\pmod{1000}', '672')).toBe(true);
    expect(eq('N \\equiv 672 \\pmod{1000}', '673')).toBe(false);
    expect(eq("16''", '16')).toBe(true);
    expect(eq('5"', '5 \\text{ inches}')).toBe(true);
    expect(eq('5"', '5 \\text{ feet}')).toBe(false);
    expect(eq('{-}1', '-1')).toBe(true);
  });
});
