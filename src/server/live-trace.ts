import type { SearchEvent } from '../core/events.js';
import type { TreeNode } from '../core/tree-schema.js';

/**
 * Narrates a running search as Meta-CoT text (DESIGN.md §4, the paper's appendix E style)
 * from its events alone, append-only, so that every piece can be streamed the moment it
 * is known and the streamed text equals the text of a non-streamed answer.
 *
 * The narration follows the search's position: when the search visits a node that
 * continues the current path, its steps are told with their value lines; when it jumps
 * elsewhere, the jump is said in words ("Wait, ... Going back to ...") first. At the end
 * the path to the chosen node is told, then `Solution:` and the clean path.
 */
export class LiveTrace {
  private readonly nodes: TreeNode[] = [];
  private readonly told = new Set<number>();
  /** The path (node ids, root first) the narration currently stands on. */
  private path: number[] = [];
  private valuePending: number | null = null;
  private finished = false;

  /** Text to append for this event ('' when the event adds nothing to say). */
  push(event: SearchEvent): string {
    if (this.finished) return '';
    switch (event.type) {
      case 'node':
        this.nodes[event.node.id] = event.node;
        if (event.node.parentId === null) this.path = [event.node.id];
        return '';
      case 'score':
        if (this.valuePending === event.nodeId) {
          this.valuePending = null;
          return valueLine(event.value);
        }
        return '';
      case 'visit':
        return this.moveTo(event.nodeId);
      case 'done': {
        this.finished = true;
        const best = event.bestId === null ? undefined : this.nodes[event.bestId];
        let out = best && best.flags.verified !== false ? this.moveTo(best.id) : '';
        out += this.closing(best, event.stopReason);
        return out;
      }
    }
  }

  private moveTo(id: number): string {
    const target = this.nodes[id];
    if (!target) return '';
    const route = this.routeTo(target);
    if (route.length === 0) return '';
    // Keep the common prefix with the current path; what lies beyond it is left behind.
    let common = 0;
    while (common < this.path.length && common < route.length && this.path[common] === route[common]) common++;
    let out = '';
    if (common < this.path.length && this.path.length > 1) {
      const here = this.nodes[this.path[this.path.length - 1]!]!;
      const back = this.nodes[route[common - 1]!]!;
      out += `${giveUpLine(here)}\nGoing back to ${describe(back)}.\n`;
    }
    this.valuePending = null;
    for (const step of route.slice(common)) {
      const node = this.nodes[step]!;
      out += `${node.step.text.trim()}\n`;
      this.told.add(step);
      if (node.scores.value !== undefined) out += valueLine(node.scores.value);
      else this.valuePending = step;
    }
    this.path = route;
    return out;
  }

  private routeTo(node: TreeNode): number[] {
    const route: number[] = [];
    for (let cur: TreeNode | undefined = node; cur; cur = cur.parentId === null ? undefined : this.nodes[cur.parentId]) route.push(cur.id);
    return route.reverse();
  }

  private closing(best: TreeNode | undefined, stopReason: string): string {
    // An unverified end is not a solution: say so rather than present a wrong answer as one.
    if (!best || !best.flags.terminal || best.flags.verified === false) {
      return `No solution found (the search stopped: ${stopReason}).\n`;
    }
    const steps = this.routeTo(best).slice(1).map((id) => this.nodes[id]!.step.text.trim());
    const answer = best.flags.answer ? `Answer: ${best.flags.answer}\n` : '';
    return `Solution:\n${steps.map((s) => `${s}\n`).join('')}${answer}`;
  }
}

function valueLine(value: number): string {
  return `value ${formatValue(value)}\n`;
}

/** Two decimals, trailing zeros dropped (`0.62`, `1`, `0.5`). */
export function formatValue(value: number): string {
  return String(Math.round(value * 100) / 100);
}

function giveUpLine(node: TreeNode): string {
  if (node.flags.terminal && node.flags.verified === false) return 'Wait, this does not reach the goal.';
  if (node.flags.terminal) return 'Wait, let me check another way.';
  return 'Wait, this path does not look promising.';
}

function describe(node: TreeNode): string {
  if (node.parentId === null) return 'the start';
  const text = node.step.text.trim();
  const left = /\(left:[^)]*\)\s*$/.exec(text);
  if (left) return left[0].trim();
  const firstLine = text.split('\n')[0]!;
  return `"${firstLine.length > 80 ? `${firstLine.slice(0, 77)}...` : firstLine}"`;
}
