import type { EvalProblem, EvalTask } from './eval-task.js';

/** Decides whether two extracted answers say the same thing (the grader's equivalence). */
export type AnswerEquivalence = (a: string, b: string) => boolean | Promise<boolean>;

/**
 * Groups answers into clusters of equivalent answers (for majority voting), returning a
 * cluster id per answer (numbered by first appearance) and -1 for a missing answer.
 *
 * Answers with equal keys (by default: equal trimmed strings) share a cluster without
 * asking; with `equivalent` null, keys alone decide (for tasks whose key is canonical). When correctness is known, every correct
 * answer is equivalent to the gold answer and so to each other, and no correct answer is
 * equivalent to a wrong one: the grader is then asked only among the wrong answers, which
 * keeps clustering cheap where it matters (most samples of a solved problem are right).
 */
export async function clusterAnswers(
  answers: readonly (string | null)[],
  equivalent: AnswerEquivalence | null,
  correct?: readonly boolean[],
  key: (answer: string) => string = (answer) => answer.trim(),
): Promise<number[]> {
  const byText = new Map<string, number>();
  const representatives: { text: string; cluster: number }[] = [];
  let correctCluster = -1;
  let next = 0;
  const out = new Array<number>(answers.length);
  for (let i = 0; i < answers.length; i++) {
    const answer = answers[i];
    if (answer === null || answer === undefined) {
      out[i] = -1;
      continue;
    }
    const text = key(answer);
    const known = byText.get(text);
    if (known !== undefined) {
      out[i] = known;
      continue;
    }
    let cluster = -1;
    if (correct?.[i] === true) {
      if (correctCluster === -1) correctCluster = next++;
      cluster = correctCluster;
    } else {
      for (const rep of equivalent ? representatives : []) {
        if (await equivalent!(rep.text, text)) {
          cluster = rep.cluster;
          break;
        }
      }
      if (cluster === -1) {
        cluster = next++;
        representatives.push({ text, cluster });
      }
    }
    byText.set(text, cluster);
    out[i] = cluster;
  }
  return out;
}

/** Clusters one problem's answers with its task's key and equivalence. */
export function clusterTaskAnswers(
  task: Pick<EvalTask, 'equivalent' | 'answerKey'>,
  problem: EvalProblem,
  answers: readonly (string | null)[],
  correct: readonly boolean[],
): Promise<number[]> {
  const equivalent = task.equivalent ? (a: string, b: string) => task.equivalent!(a, b, problem) : null;
  const key = task.answerKey ? (a: string) => task.answerKey!(a, problem) : undefined;
  return clusterAnswers(answers, equivalent, correct, key);
}
