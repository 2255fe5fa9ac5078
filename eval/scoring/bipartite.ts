/**
 * Maximum matching between expected items and observed items (Kuhn's augmenting paths): each
 * expected item is paired with at most one compatible observed item and vice versa. Used so an
 * unordered or partial comparison never pairs one call with two expectations.
 */
export function maximumMatching(
  expectedCount: number,
  observedCount: number,
  compatible: (expected: number, observed: number) => boolean,
): Map<number, number> {
  const observedOwner = new Array<number>(observedCount).fill(-1);
  const edges = Array.from({ length: expectedCount }, (_, e) =>
    Array.from({ length: observedCount }, (_, o) => o).filter((o) => compatible(e, o)),
  );
  const augment = (e: number, seen: boolean[]): boolean => {
    for (const o of edges[e]!) {
      if (seen[o]) continue;
      seen[o] = true;
      if (observedOwner[o] === -1 || augment(observedOwner[o]!, seen)) {
        observedOwner[o] = e;
        return true;
      }
    }
    return false;
  };
  for (let e = 0; e < expectedCount; e += 1) augment(e, new Array<boolean>(observedCount).fill(false));
  const pairs = new Map<number, number>();
  observedOwner.forEach((e, o) => {
    if (e >= 0) pairs.set(e, o);
  });
  return pairs;
}
