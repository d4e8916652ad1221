// "Did you mean …?" — the closest candidate by edit distance.

export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const m = a.length;
  const n = b.length;
  // Quadratic: on hostile input (a name of megabytes) answer "as far apart as can be" instead.
  if (m * n > 1_000_000) return Math.max(m, n);
  let prev = new Array<number>(n + 1);
  let cur = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      // transposition (Damerau)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cur[j] = Math.min(cur[j], prev[j - 1]);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[n];
}

/** The candidate closest to `name`, if it is close enough to be a plausible typo. */
export function closest(name: string, candidateIterable: Iterable<string>): string | undefined {
  // Bounded work on hostile input: no suggestion for very long names, and only candidates whose
  // length could be within the typo limit are compared (at most MAX_CANDIDATES of them).
  if (name.length > MAX_NAME) return undefined;
  const slack = Math.max(2, Math.ceil(name.length / 2));
  const candidates: string[] = [];
  for (const c of candidateIterable) {
    if (Math.abs(c.length - name.length) <= slack && c.length <= MAX_NAME) candidates.push(c);
    if (candidates.length >= MAX_CANDIDATES) break;
  }
  let best: string | undefined;
  let bestScore = Infinity;
  const lower = name.toLowerCase();
  for (const c of candidates) {
    if (c === name) continue;
    const d = c.toLowerCase() === lower ? 0.5 : editDistance(lower, c.toLowerCase());
    if (d < bestScore || (d === bestScore && best !== undefined && c < best)) {
      best = c;
      bestScore = d;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(1, Math.floor(Math.max(name.length, best.length) / 3));
  if (bestScore <= limit) return best;
  // A long shared stem (satisfaction / satisfied) is a plausible mix-up too.
  let stemBest: string | undefined;
  let stemLen = 0;
  for (const c of candidates) {
    const p = commonPrefix(lower, c.toLowerCase());
    if (p > stemLen) {
      stemLen = p;
      stemBest = c;
    }
  }
  return stemBest !== undefined && stemLen >= 5 && stemLen >= 0.6 * Math.min(name.length, stemBest.length) ? stemBest : undefined;
}

const MAX_NAME = 64;
const MAX_CANDIDATES = 300;

/** " Did you mean 'x'?" or "" — appended to messages. */
export function didYouMean(name: string, candidates: Iterable<string>): { hint: string; suggestion?: string } {
  const s = closest(name, candidates);
  return s ? { hint: ` Did you mean '${s}'?`, suggestion: s } : { hint: "" };
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
