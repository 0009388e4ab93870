/**
 * When each node appears in a replay. The trace keeps nodes in creation order and visits
 * in visit order, but not which visit created which node; every algorithm creates
 * children while expanding (= visiting) their parent, so a node is born at the first visit
 * of its parent that comes no earlier than the birth of the node created before it.
 * Replay step k means "the first k visits have happened"; the root exists at step 0.
 */
export function birthSteps(parents: ArrayLike<number>, visits: readonly number[]): Int32Array {
  const n = parents.length;
  const births = new Int32Array(n);
  const visitsOf = new Map<number, number[]>();
  visits.forEach((id, at) => {
    const list = visitsOf.get(id);
    if (list) list.push(at);
    else visitsOf.set(id, [at]);
  });
  let last = -1; // index of the visit that created the previous node
  for (let i = 1; i < n; i++) {
    const at = firstAtOrAfter(visitsOf.get(parents[i]!), last);
    // A node whose parent has no later visit (a trace that records fewer visits than
    // expansions) appears together with the node before it rather than never.
    if (at !== -1) last = at;
    births[i] = last + 1;
  }
  return births;
}

function firstAtOrAfter(sorted: number[] | undefined, from: number): number {
  if (!sorted) return -1;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length ? sorted[lo]! : -1;
}
