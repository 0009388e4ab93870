/** The math datasets shipped under data/math. */
export const MATH_DATASETS = ['math500', 'math', 'gsm8k', 'harp', 'harp-mcq', 'omni-math'] as const;
export type MathDatasetName = (typeof MATH_DATASETS)[number];

/** One math problem, whatever dataset it came from. */
export interface MathRecord {
  /** Stable within its dataset, e.g. `test/algebra/1.json`, `gsm8k-17`, `harp-1950-AHSME-1`. */
  id: string;
  dataset: MathDatasetName;
  problem: string;
  /** The gold answer (LaTeX or plain), as the dataset gives it. */
  answer: string;
  /** Difficulty: MATH 1–5, HARP 1–6, Omni-MATH 1–10 (halves occur); null for GSM8K. */
  level: number | null;
  /** e.g. `Algebra`, `Precalculus`, `prealgebra`; for Omni-MATH the first domain path. */
  subject: string | null;
  /** Multiple choice only: the options by letter, and the correct letter. */
  choices?: Record<string, string>;
  answerChoice?: string;
  /** A reference solution, when the dataset has one. */
  solution?: string;
}
