import { loadMathDataset } from '../../tasks/math/load-math-dataset.js';
import { goldAnswer, mathPrompt } from '../../tasks/math/math-problem.js';
import { MATH_DATASETS, type MathDatasetName } from '../../tasks/math/math-record.js';
import type { EvalTask } from '../eval-task.js';
import { mathEvalTask } from './math-eval-task.js';
import type { MathGradingOptions } from './math-grading.js';

/** Where each shipped math dataset comes from (recorded as the run's source). */
const SOURCES: Record<MathDatasetName, string> = {
  math500: 'data/math/math500/test.jsonl',
  math: 'data/math/math_test/MATH_test_merged.jsonl',
  gsm8k: 'data/math/gsm8k/test.jsonl',
  harp: 'data/math/harp/HARP.jsonl.zip',
  'harp-mcq': 'data/math/harp/HARP_mcq.jsonl.zip',
  'omni-math': 'data/math/omni_math/omni_math_rule.jsonl',
};

export const MATH_EVAL_TASKS: readonly MathDatasetName[] = MATH_DATASETS;

/**
 * One of the shipped math datasets as an evaluation task: problem text as input, the
 * dataset's gold answer (the letter for multiple choice), its level and subject.
 */
export function mathDatasetEvalTask(name: MathDatasetName, grading: MathGradingOptions = {}): EvalTask {
  return mathEvalTask({
    name,
    splits: ['test'],
    grading,
    load(split) {
      const records = loadMathDataset(name);
      return {
        split,
        source: SOURCES[name],
        problems: records.map((r, index) => ({
          id: r.id,
          index,
          prompt: mathPrompt(r),
          input: r.problem,
          gold: goldAnswer(r),
          level: r.level,
          subject: r.subject,
        })),
      };
    },
  });
}
