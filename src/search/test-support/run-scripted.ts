import type { Budget } from '../../core/budget.js';
import { createContext } from '../../core/context.js';
import type { Json } from '../../core/json.js';
import type { TreeNode } from '../../core/tree-schema.js';
import type { AnySearchAlgorithm } from '../types.js';
import { scriptedPolicy, scriptedProblem, scriptedVerifier, type ScriptedTree } from './scripted-tree.js';

/** Runs `algorithm` on a scripted tree; returns the result plus helpers to read it by state name. */
export async function runScripted(algorithm: AnySearchAlgorithm, t: ScriptedTree, options: Record<string, Json> = {}, budget: Budget = {}, seed: string | number = 1) {
  const policy = scriptedPolicy(t), verifier = scriptedVerifier(t);
  const result = await algorithm.run(scriptedProblem(t), policy, verifier, options, createContext({ seed, budget }));
  const { nodes, visits } = result.tree;
  const name = (node: TreeNode) => node.state as string;
  return {
    result,
    policy,
    verifier,
    /** Visited states in visit order. */
    visited: visits.map((id) => name(nodes[id]!)),
    /** The (first) node for a state name. */
    node: (state: string) => nodes.find((n) => n.state === state),
    bestState: result.best ? name(result.best) : null,
  };
}
