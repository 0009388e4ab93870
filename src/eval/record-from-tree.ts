import { pathTo, type TraceTree } from '../core/tree-schema.js';
import { clusterTaskAnswers } from './cluster-answers.js';
import type { EvalProblem, EvalTask } from './eval-task.js';
import type { Candidate, RunRecord } from './run-schema.js';

/**
 * Turns one problem's search tree into its run record. Every terminal node is a
 * candidate: its path's text, answer, correctness, verifier score and the tokens spent
 * along its path. A node's own exact-checker verdict (`flags.verified`) is used where
 * the task set one; otherwise the task judges the answer against the gold answer.
 * Judgements are cached per distinct answer, so a thousand identical samples cost one call.
 */
export async function recordFromTree(
  tree: TraceTree,
  problem: EvalProblem,
  task: EvalTask,
  meta: { seed: string; treePath: string | null },
): Promise<RunRecord> {
  const verdicts = new Map<string, boolean>();
  const judge = async (answer: string | null): Promise<boolean> => {
    if (answer === null) return false;
    const cached = verdicts.get(answer);
    if (cached !== undefined) return cached;
    const verdict = await task.judge(answer, problem);
    verdicts.set(answer, verdict);
    return verdict;
  };

  const tokensTo = new Array<number>(tree.nodes.length);
  for (const node of tree.nodes) {
    tokensTo[node.id] = node.cost.tokensOut + (node.parentId === null ? 0 : tokensTo[node.parentId]!);
  }
  const drafts: Omit<Candidate, 'cluster'>[] = [];
  for (const node of tree.nodes) {
    if (!node.flags.terminal || node.parentId === null) continue;
    const text = pathTo(tree, node.id).slice(1).map((id) => tree.nodes[id]!.step.text).join('\n');
    const answer = node.flags.answer !== undefined ? node.flags.answer : task.extractAnswer(text, problem);
    const correct = node.flags.verified !== undefined && answer === node.flags.answer ? node.flags.verified : await judge(answer);
    drafts.push({
      nodeId: node.id,
      text,
      answer,
      correct,
      score: node.scores.value ?? null,
      tokens: tokensTo[node.id]!,
      steps: node.depth,
    });
  }
  const clusters = await clusterTaskAnswers(task, problem, drafts.map((d) => d.answer), drafts.map((d) => d.correct));
  const candidates: Candidate[] = drafts.map((d, i) => ({ ...d, cluster: clusters[i]! }));

  const best = tree.bestId === null ? null : drafts.find((d) => d.nodeId === tree.bestId);
  const correct = tree.answer === null ? false : best ? best.correct : tree.verified ?? (await judge(tree.answer));
  return {
    id: problem.id,
    index: problem.index,
    level: problem.level,
    subject: problem.subject,
    prompt: problem.prompt,
    input: problem.input,
    gold: problem.gold,
    answer: tree.answer,
    correct,
    stopReason: tree.stopReason,
    usage: tree.usage,
    steps: tree.nodes.length - 1,
    candidates,
    tree: meta.treePath,
    seed: meta.seed,
  };
}
