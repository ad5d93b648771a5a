import leven from 'leven';

/**
 * The known names closest to one the directory does not know, best first, for a supervisor to choose from at review.
 * Never used to match on its own: 市科技局 and 市科协 are one edit apart and two different units.
 */
export function closestNames(name: string, known: readonly string[], limit = 3): string[] {
  const wanted = [...name.trim()];
  // Abbreviations drop up to half the characters (市工信委 for 市工业和信息化委).
  const near = (candidate: string, distance: number) => distance <= Math.max(2, Math.ceil(Math.max(wanted.length, [...candidate].length) / 2));
  return [...new Set(known)]
    .map((candidate) => ({ candidate, distance: leven(name.trim(), candidate), shared: sharedCharacters(wanted, candidate) }))
    .filter(({ candidate, distance, shared }) => near(candidate, distance) && shared > 0)
    .sort((a, b) => a.distance - b.distance || b.shared - a.shared || a.candidate.localeCompare(b.candidate, 'zh-CN'))
    .slice(0, limit)
    .map(({ candidate }) => candidate);
}

function sharedCharacters(wanted: string[], candidate: string): number {
  const pool = new Set(candidate);
  return wanted.filter((c) => pool.has(c) && !'市区县省局委办'.includes(c)).length;
}

/**
 * The path from `from` back to itself through `next` (parents, or groups within groups), if `from` would reach itself:
 * [a, b, a] for a → b → a. Null when there is no cycle.
 */
export function cycleThrough(from: string, next: (id: string) => readonly string[]): string[] | null {
  const path: string[] = [from];
  const seen = new Set<string>();
  const walk = (id: string): string[] | null => {
    for (const step of next(id)) {
      if (step === from) return [...path, step];
      if (seen.has(step)) continue;
      seen.add(step);
      path.push(step);
      const found = walk(step);
      if (found) return found;
      path.pop();
    }
    return null;
  };
  return walk(from);
}
