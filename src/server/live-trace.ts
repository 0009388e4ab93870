import type { SearchEvent } from '../core/events.js';
import type { TreeNode } from '../core/tree-schema.js';
import { isArithAction, leftText, nodeState, numbersInWords, stepLine } from '../linearize/arith-lines.js';
import { DEFAULT_META_COT_PHRASES as PHRASES } from '../linearize/meta-cot.js';
import { arithStateKey, isArithState, type ArithAction } from '../tasks/arith/arith-state.js';
import { formatRational } from '../tasks/arith/rational.js';
import { tidyExpression } from '../tasks/arith/expression.js';

/**
 * Writes a running search as meta-cot text (the format of `linearize(tree, 'meta-cot')`,
 * docs/linearize.md) from its events alone, append-only, so every piece can be streamed the
 * moment it is known and the streamed text is the text of a non-streamed answer.
 *
 * It follows the linearizer's rules: a node is written at its first visit, after its
 * ancestors; each step is followed by its value line; a change of branch is said in
 * words ending in `Going back to <ref>.`; at the end the chosen node, `Solution:`, the
 * clean path and the answer. What the linearizer decides with hindsight (a dead end is
 * only known once its subtree is spent; visits after the goal are left out) cannot be
 * known live, so the reasons for leaving a branch may be worded differently and the
 * trace may go on past the goal; `parseTrace(text, 'meta-cot')` reads both the same way.
 */
export class LiveTrace {
  private readonly nodes: TreeNode[] = [];
  private readonly written = new Set<number>([0]);
  /** Written node ids in order (the root first), for resolving references. */
  private readonly order: number[] = [0];
  private readonly stepNumber = new Map<number, number>();
  private cur = 0;
  private arith = false;
  private finished = false;

  /** Text to append for this event ('' when the event adds nothing to say). */
  push(event: SearchEvent): string {
    if (this.finished) return '';
    switch (event.type) {
      case 'node':
        this.nodes[event.node.id] = event.node;
        if (event.node.parentId === null) this.arith = isArithState(event.node.state);
        return '';
      case 'score': {
        // In-process the node object carries its score already; a copy (from a search
        // worker) learns it here.
        const node = this.nodes[event.nodeId];
        if (node) node.scores.value = event.value;
        return '';
      }
      case 'visit':
        return this.write(event.nodeId);
      case 'done': {
        this.finished = true;
        const goal = event.bestId === null ? undefined : this.nodes[event.bestId];
        if (!goal || !goal.flags.terminal || goal.flags.verified === false) return `${PHRASES.noSolution}\n`;
        return this.write(goal.id) + this.solution(goal);
      }
    }
  }

  private write(id: number): string {
    const node = this.nodes[id];
    if (!node || this.written.has(id)) return '';
    let out = node.parentId === null ? '' : this.write(node.parentId);
    const parent = node.parentId!;
    if (parent !== this.cur) out += `${this.reason(this.cur)} ${PHRASES.goingBack.replace('{ref}', this.ref(parent))}\n`;
    out += `${this.stepText(node)}\n`;
    out += `${PHRASES.value} ${node.scores.value === undefined ? '?' : String(Number(node.scores.value.toFixed(2)))}\n`;
    this.stepNumber.set(id, this.stepNumber.size + 1);
    this.written.add(id);
    this.order.push(id);
    this.cur = id;
    return out;
  }

  private isArithNode(node: TreeNode): boolean {
    return this.arith && isArithState(node.state) && isArithAction(node.step.action);
  }

  private stepText(node: TreeNode): string {
    return this.isArithNode(node) ? stepLine(node.step.action as ArithAction, nodeState(node)) : node.step.text.trim();
  }

  /** Why the search leaves `id`, as far as that is known now. */
  private reason(id: number): string {
    const node = this.nodes[id]!;
    if (!this.arith || !isArithState(node.state)) {
      return node.flags.terminal && node.flags.verified === false ? PHRASES.textDeadEnd : PHRASES.switchBranch;
    }
    const { nums, target } = nodeState(node);
    if (nums.length === 1 && node.flags.verified !== true) return PHRASES.missed.replace('{result}', formatRational(nums[0]!)).replace('{target}', String(target));
    if (node.flags.terminal) return PHRASES.deadEnd.replace('{numbers}', numbersInWords(nums)).replace('{target}', String(target));
    return PHRASES.switchBranch;
  }

  /** A reference the meta-cot parser resolves: `(left: ...)`, with the step number when the numbers alone are ambiguous. */
  private ref(id: number): string {
    const node = this.nodes[id]!;
    if (!this.arith || !isArithState(node.state)) return id === 0 ? 'the start' : `step ${this.stepNumber.get(id)}`;
    const key = arithStateKey(nodeState(node));
    let latest = -1;
    for (let k = this.order.length - 1; k >= 0; k--) {
      const other = this.nodes[this.order[k]!]!;
      if (isArithState(other.state) && arithStateKey(nodeState(other)) === key) {
        latest = other.id;
        break;
      }
    }
    const left = leftText(nodeState(node));
    return latest === id || id === 0 ? left : `step ${this.stepNumber.get(id)} ${left}`;
  }

  private solution(goal: TreeNode): string {
    const path: TreeNode[] = [];
    for (let cur: TreeNode | undefined = goal; cur && cur.parentId !== null; cur = this.nodes[cur.parentId]) path.push(cur);
    path.reverse();
    let out = `${PHRASES.solution}\n`;
    for (const node of path) out += this.isArithNode(node) ? `${this.stepText(node)}\n` : `${this.stepText(node)}\n\n`;
    const answer = goal.flags.answer ?? '';
    out += `${PHRASES.answer} ${this.arith && isArithState(goal.state) ? `${tidyExpression(answer)} = ${nodeState(goal).target}` : answer}\n`;
    return out;
  }
}
