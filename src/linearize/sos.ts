import { InputError } from '../core/errors.js';
import { pathTo, type TraceTree } from '../core/tree-schema.js';
import { formatRational } from '../tasks/arith/rational.js';
import { isArithTree, nodeAction, nodeState, parseSosOperation, sosNumbers, sosOperation } from './arith-lines.js';
import { TextBuilder } from './text-builder.js';
import { childPositions, timeline, winningPath, type Expansion } from './timeline.js';
import type { Linearized, ParsedStep, ParsedTrace } from './types.js';

/**
 * Stream of Search's format (Gandhi et al. 2024): `Current State: 24:[4, 9, 10, 13],
 * Operations: []`, one `Exploring Operation: 13-9=4, Resulting Numbers: [4, 4, 10]` per
 * child, `Generated Node #0,0: ...` for children with numbers left, `X,24 unequal: No
 * Solution` for finished ones, `Moving to Node #0,0` to change node, and the stream ends
 * at `24,24 equal: Goal Reached`. Each expansion of the tree lists all its children, in
 * the order the expansions happened (see `timeline`). Arithmetic trees only.
 */

function expansionsUntilGoal(tree: TraceTree): { expansions: Expansion[]; goal: number | null } {
  const path = winningPath(tree);
  const best = path ? path[path.length - 1]! : null;
  const expansions: Expansion[] = [];
  for (const event of timeline(tree)) {
    if (event.type !== 'expansion') continue;
    const childIds: number[] = [];
    for (const id of event.expansion.childIds) {
      childIds.push(id);
      // The stream stops at the first goal it reaches (as Stream of Search's does).
      if (id === best || tree.nodes[id]!.flags.verified === true) {
        expansions.push({ parentId: event.expansion.parentId, childIds });
        return { expansions, goal: id };
      }
    }
    expansions.push({ parentId: event.expansion.parentId, childIds });
  }
  return { expansions, goal: null };
}

export function linearizeSos(tree: TraceTree): Linearized {
  if (!isArithTree(tree)) {
    throw new InputError(`sos format needs an arithmetic tree (game24 or countdown steps with actions); tree ${tree.id} is task '${tree.problem.task}' — use meta-cot or optimal-path`);
  }
  const { expansions, goal } = expansionsUntilGoal(tree);
  const path = goal === null ? null : pathTo(tree, goal);
  const onPath = new Set(path ?? []);
  const { position } = childPositions(tree);
  const labels: string[] = [];
  const ops: string[][] = [];
  for (const node of tree.nodes) {
    if (node.parentId === null) {
      labels.push('0');
      ops.push([]);
    } else {
      labels.push(`${labels[node.parentId]},${position[node.id]}`);
      ops.push([...ops[node.parentId]!, sosOperation(nodeAction(node))]);
    }
  }
  const target = nodeState(tree.nodes[0]!).target;
  const stateLine = (id: number) =>
    `Current State: ${target}:${sosNumbers(nodeState(tree.nodes[id]!).nums)}, Operations: [${ops[id]!.map((o) => `'${o}'`).join(', ')}]`;

  const out = new TextBuilder();
  const stepNodeIds: number[] = [];
  let cur: number | null = null;
  for (const { parentId, childIds } of expansions) {
    if (cur !== parentId) {
      if (cur !== null) out.add('move', `Moving to Node #${labels[parentId]}`, parentId, onPath.has(parentId));
      out.add('state', stateLine(parentId), parentId, onPath.has(parentId));
      cur = parentId;
    }
    for (const id of childIds) {
      const node = tree.nodes[id]!;
      const { nums } = nodeState(node);
      const op = sosOperation(nodeAction(node));
      stepNodeIds.push(id);
      out.add('explore', `Exploring Operation: ${op}, Resulting Numbers: ${sosNumbers(nums)}`, id, onPath.has(id));
      if (id === goal) out.add('goal', `${formatRational(nums[0]!)},${target} equal: Goal Reached`, id, true);
      else if (nums.length === 1) out.add('dead-end', `${formatRational(nums[0]!)},${target} unequal: No Solution`, id, false);
      else out.add('generated', `Generated Node #${labels[id]}: ${target}:${sosNumbers(nums)} Operation: ${op}`, id, onPath.has(id));
    }
  }
  return { format: 'sos', text: out.text, segments: out.segments, stepNodeIds, winningPath: path };
}

const STATE = /^Current State: (\d+):\[(.*)\], Operations: \[(.*)\]$/;
const EXPLORE = /^Exploring Operation: (\S+), Resulting Numbers: \[(.*)\]$/;
const GENERATED = /^Generated Node #([\d,]+): /;
const MOVE = /^Moving to Node #([\d,]+)$/;
const GOAL = /^(\S+),(\S+) equal: Goal Reached$/;

/**
 * Reads a Stream of Search text back: every explored operation (with the node it was
 * explored from), and the steps to `Goal Reached`. The stream ends at the first goal.
 */
export function parseSos(text: string): ParsedTrace {
  const steps: ParsedStep[] = [];
  const labels = new Map<string, number>([['0', -1]]);
  let cur = -1;
  let goal: number | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (STATE.test(line)) continue;
    const explore = EXPLORE.exec(line);
    if (explore) {
      const action = parseSosOperation(explore[1]!);
      steps.push({ parent: cur, text: line, ...(action ? { action } : {}) });
      continue;
    }
    const generated = GENERATED.exec(line);
    if (generated && steps.length > 0) {
      steps[steps.length - 1]!.label = generated[1]!;
      labels.set(generated[1]!, steps.length - 1);
      continue;
    }
    const move = MOVE.exec(line);
    if (move) {
      cur = labels.get(move[1]!) ?? cur;
      continue;
    }
    if (GOAL.test(line) && steps.length > 0) {
      goal = steps.length - 1;
      break;
    }
  }
  let winning: number[] | null = null;
  if (goal !== null) {
    winning = [];
    for (let k = goal; k >= 0; k = steps[k]!.parent) winning.unshift(k);
  }
  const solution = (winning ?? []).map((k) => ({ text: steps[k]!.text, ...(steps[k]!.action ? { action: steps[k]!.action! } : {}) }));
  return { format: 'sos', steps, winning, solution, answer: null };
}
