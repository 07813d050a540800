/**
 * The name among `candidates` that `given` most likely misspells, for a "did you mean" line: the
 * candidate at the smallest edit distance (insertions, deletions, substitutions and swaps of two
 * neighbouring letters), if that distance is small for the name's length (none under 3 letters,
 * 1 up to 4, 2 up to 8, else 3); failing that, the one candidate that `given` begins (`--age` for `--age-weeks`).
 * Undefined when nothing is close, so that no far-fetched suggestion is made.
 */
export function closestName(given: string, candidates: readonly string[]): string | undefined {
  const word = given.toLowerCase();
  if (word === "") return undefined;
  // A letter or two is close to every short name: no suggestion for so little.
  const limit = word.length < 3 ? 0 : word.length <= 4 ? 1 : word.length <= 8 ? 2 : 3;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(word, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best !== undefined && bestDistance <= limit) return best;
  const extending = word.length >= 3 ? candidates.filter((c) => c.toLowerCase().startsWith(word)) : [];
  return extending.length === 1 ? extending[0] : undefined;
}

/** Optimal string alignment distance: Levenshtein's, with a swap of two neighbours counting once. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = v;
    }
  }
  return d[rows * cols - 1]!;
}
