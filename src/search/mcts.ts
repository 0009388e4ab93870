import { InputError } from '../core/errors.js';
import type { TreeNode } from '../core/tree-schema.js';
import { proposalCount, type OptionRules } from './option-rules.js';
import { sampleRollouts } from './sample-rollouts.js';
import type { SearchRun } from './search-run.js';
import { defineSearch } from './define-search.js';
import type { SearchAlgorithm } from './types.js';

export type MctsOptions = {
  /** Select–expand–simulate–backup cycles. */
  iterations: number;
  /** `uct`: Q + c·√(ln(N_parent+1)/(N+1)); `puct`: Q + c·P·√N_parent/(1+N), P the step's prior. */
  variant: 'uct' | 'puct';
  /** The exploration constant c. */
  exploration: number;
  /** Children proposed per expansion (0: all the policy can enumerate). */
  proposals: number;
  /** Random rollouts per simulation, averaged (0: use the value estimate directly). */
  rollouts: number;
  /** Steps per rollout at most. */
  rolloutDepth: number;
  /** States deeper than this are not expanded. */
  maxDepth: number;
  /** Stop as soon as a verified answer appears (in an expansion or a rollout). */
  stopOnSolved: boolean;
};

export const MCTS_DEFAULTS: MctsOptions = {
  iterations: 32, variant: 'uct', exploration: 1, proposals: 0, rollouts: 0, rolloutDepth: 10, maxDepth: 10, stopOnSolved: true,
};

const RULES: OptionRules<MctsOptions> = {
  iterations: { type: 'integer', min: 1, max: 1_000_000, description: 'select-expand-simulate-backup cycles' },
  variant: { type: 'choice', choices: ['uct', 'puct'], description: 'selection rule' },
  exploration: { type: 'number', min: 0, max: 1000, description: 'exploration constant c' },
  proposals: { type: 'integer', min: 0, max: 10_000, description: 'children per expansion (0 = all the policy offers)' },
  rollouts: { type: 'integer', min: 0, max: 1000, description: 'random rollouts per simulation (0 = value estimate)' },
  rolloutDepth: { type: 'integer', min: 1, max: 10_000, description: 'most steps per rollout' },
  maxDepth: { type: 'integer', min: 1, max: 10_000, description: 'deepest state expanded' },
  stopOnSolved: { type: 'boolean', description: 'stop at the first verified answer' },
};

/**
 * One MCTS run. The MCTS tree is the nodes this class expanded (`children`); rollout
 * steps are recorded in the trace too but carry no visit counts. Each phase is its own
 * method; visits and Q live in `node.scores` so the trace shows them.
 */
class MctsRun<S> {
  private readonly children = new Map<number, TreeNode[]>();
  private solved: TreeNode | null = null;

  constructor(private readonly run: SearchRun<S>, private readonly o: MctsOptions) {
    run.root.scores.visits = 0;
    run.root.scores.q = 0;
  }

  async search() {
    for (let i = 0; i < this.o.iterations; i++) {
      this.run.guard();
      const path = this.select();
      const leaf = path[path.length - 1]!;
      if (this.expandable(leaf)) {
        const kids = await this.expand(leaf);
        // A verified child found now is the one to back up when the run is about to stop on it.
        const solvedHere = this.o.stopOnSolved ? kids.find((kid) => kid === this.solved) : undefined;
        if (kids.length > 0) path.push(solvedHere ?? this.bestChild(leaf, kids));
      }
      const value = this.solved && this.o.stopOnSolved ? 1 : await this.simulate(path[path.length - 1]!);
      this.backpropagate(path, value);
      if (this.solved && this.o.stopOnSolved) {
        this.run.visit(this.solved);
        return { stopReason: 'solved' as const, best: this.solved };
      }
    }
    return { stopReason: 'completed' as const };
  }

  /** Selection: from the root, follow the best child by the UCT/PUCT score to a leaf of the MCTS tree. */
  select(): TreeNode[] {
    const path = [this.run.root];
    for (let kids = this.children.get(this.run.root.id); kids && kids.length > 0; kids = this.children.get(path[path.length - 1]!.id)) {
      path.push(this.bestChild(path[path.length - 1]!, kids));
    }
    return path;
  }

  private expandable(node: TreeNode): boolean {
    return !node.flags.terminal && node.depth < this.o.maxDepth && !this.children.has(node.id);
  }

  /** Expansion: propose children, score them in one batch, start each with N = 0 and Q = its value. */
  async expand(leaf: TreeNode): Promise<TreeNode[]> {
    const kids = await this.run.expand(leaf, proposalCount(this.o.proposals));
    const values = await this.run.evaluate(kids);
    kids.forEach((kid, i) => {
      kid.scores.visits = 0;
      kid.scores.q = values[i]!;
      if (kid.flags.verified === true) this.solved ??= kid;
    });
    this.children.set(leaf.id, kids);
    return kids;
  }

  /** Simulation: the value estimate (rollouts = 0) or the mean outcome of random rollouts. */
  async simulate(node: TreeNode): Promise<number> {
    if (node.flags.terminal) return node.flags.verified !== undefined ? (node.flags.verified ? 1 : 0) : node.scores.value ?? 0;
    if (this.children.get(node.id)?.length === 0) return 0; // a dead end reaches no answer, whatever it looked like
    if (this.o.rollouts === 0) return node.scores.value ?? (await this.run.evaluate([node]))[0]!;
    const tips = await sampleRollouts(this.run, this.o.rollouts, node.depth + this.o.rolloutDepth, node);
    const values = await this.run.evaluate(tips);
    for (const tip of tips) if (tip.flags.verified === true) this.solved ??= tip;
    return values.reduce((a, b) => a + b, 0) / values.length;
  }

  /** Back-propagation: N += 1, Q += (v − Q)/N along the path. */
  backpropagate(path: readonly TreeNode[], value: number): void {
    for (const node of path) {
      const n = (node.scores.visits ?? 0) + 1;
      const q = node.scores.q ?? 0;
      node.scores.visits = n;
      node.scores.q = q + (value - q) / n;
    }
  }

  private bestChild(parent: TreeNode, kids: readonly TreeNode[]): TreeNode {
    const parentN = parent.scores.visits ?? 0;
    const c = this.o.exploration;
    const priorSum = kids.reduce((sum, kid) => sum + (kid.scores.prior ?? 1), 0);
    let best = kids[0]!;
    let bestScore = -Infinity;
    for (const kid of kids) {
      const n = kid.scores.visits ?? 0;
      const q = kid.scores.q ?? 0;
      const score = this.o.variant === 'uct'
        ? q + c * Math.sqrt(Math.log(parentN + 1) / (n + 1))
        : q + (c * ((kid.scores.prior ?? 1) / priorSum) * Math.sqrt(parentN)) / (1 + n);
      if (score > bestScore) {
        best = kid;
        bestScore = score;
      }
    }
    return best;
  }
}

export const mcts: SearchAlgorithm<MctsOptions> = defineSearch<MctsOptions>({
  name: 'mcts',
  description: 'Monte-Carlo tree search (UCT or PUCT), Q initialised from the value estimate',
  defaults: MCTS_DEFAULTS,
  rules: RULES,
  check: (o) => {
    // A rollout depth without rollouts is almost surely a forgotten `rollouts`; say so rather than ignore it.
    if (o.rollouts === 0 && o.rolloutDepth !== MCTS_DEFAULTS.rolloutDepth) {
      throw new InputError(`mcts: option 'rolloutDepth' (${o.rolloutDepth}) has no effect with 'rollouts' 0; set rollouts to 1 or more, or leave rolloutDepth out`);
    }
  },
  body: (run, o) => new MctsRun(run, o).search(),
});
