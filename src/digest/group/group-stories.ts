/**
 * Same-story grouping: which articles, from different outlets, report the
 * same event. Pipeline:
 *   1. TF-IDF vectors over syllable unigrams + bigrams (./vectors.ts);
 *   2. MinHash + LSH banding over each article's most distinctive terms gives
 *      candidate pairs, never all pairs (./lsh.ts);
 *   3. each candidate is verified by TF-IDF cosine ≥ `threshold`, and by
 *      publication times no further apart than `maxDaysApart` when both known;
 *   4. verified pairs are merged strongest first (union-find over member lists),
 *      and two groups merge only when their average cross similarity still
 *      reaches `averageFactor × threshold`, so one loose pair cannot chain two
 *      stories into one (average linkage). The average is exact but costs one
 *      sparse dot product of the groups' summed vectors, not |A|·|B| cosines,
 *      so large near-duplicate clusters stay linear.
 * Tuned on ../shared/corpus set b (same story by different outlets) against
 * its `cluster_id`; see bench/reading.bench.ts for the figures.
 */
import { lshCandidates } from './lsh.js';
import type { LshOptions } from './lsh.js';
import { buildVectors, cosine } from './vectors.js';
import type { SparseVector, VectorOptions } from './vectors.js';
import { HanoiDigestError } from '../errors.js';

export interface GroupableArticle {
  id: string;
  title: string;
  lead?: string;
  body: string;
  publishedAt?: Date | null;
}

export interface GroupOptions extends VectorOptions, LshOptions {
  /** Cosine a candidate pair needs to be the same story (default 0.15). */
  threshold?: number;
  /** Share of `threshold` the average cross similarity of two merging groups needs (default 0.8). */
  averageFactor?: number;
  /** Distinctive terms per article fed to MinHash (default 30). */
  topTerms?: number;
  /** Articles published further apart than this are never the same story (default 4 days). */
  maxDaysApart?: number;
}

export interface GroupResult {
  /** Article ids per story; singletons included; groups in order of their first article in the input. */
  groups: string[][];
  /** Pairs LSH proposed, all that were compared (the test of "not all pairs"). */
  candidatePairs: number;
  /** Candidate pairs verified as the same story. */
  verifiedPairs: number;
}

/** Thrown when two articles of one batch share an id: groups are lists of ids, so ids must be unique. */
export class DuplicateArticleIdError extends HanoiDigestError {
  constructor(readonly id: string) {
    super(`article id ${JSON.stringify(id)} appears more than once in the batch`);
    this.name = 'DuplicateArticleIdError';
  }
}

/** Groups of article ids reporting the same event (singletons included). */
export function groupStories(
  articles: readonly GroupableArticle[],
  options: GroupOptions = {},
): string[][] {
  return groupStoriesDetailed(articles, options).groups;
}

export function groupStoriesDetailed(
  articles: readonly GroupableArticle[],
  options: GroupOptions = {},
): GroupResult {
  const threshold = options.threshold ?? 0.15;
  const averageFactor = options.averageFactor ?? 0.8;
  const topTerms = options.topTerms ?? 30;
  const maxGapMs = (options.maxDaysApart ?? 4) * 86_400_000;
  const n = articles.length;
  const ids = new Set<string>();
  for (const a of articles) {
    if (ids.has(a.id)) throw new DuplicateArticleIdError(a.id);
    ids.add(a.id);
  }
  if (n === 0) return { groups: [], candidatePairs: 0, verifiedPairs: 0 };

  const { vectors, df } = buildVectors(articles, options);
  const sets = vectors.map((v) => distinctiveTerms(v, df, topTerms));
  const { pairs } = lshCandidates(sets, options);

  const times = articles.map((a) => a.publishedAt?.getTime() ?? NaN);
  const verified: { i: number; j: number; sim: number }[] = [];
  // Candidates grouped by their first article: that article's vector is
  // scattered into a dense array once, and each partner is a gather over its
  // own features (no merge of two sorted lists per pair).
  const start = new Int32Array(n + 1);
  for (const [i] of pairs) start[i + 1] = (start[i + 1] as number) + 1;
  for (let i = 0; i < n; i++) start[i + 1] = (start[i + 1] as number) + (start[i] as number);
  const partners = new Int32Array(pairs.length);
  const fill = start.slice(0, n);
  for (const [i, j] of pairs) {
    partners[fill[i] as number] = j;
    fill[i] = (fill[i] as number) + 1;
  }
  const dense = new Float32Array(df.length);
  for (let i = 0; i < n; i++) {
    if (start[i] === start[i + 1]) continue;
    const vi = vectors[i] as SparseVector;
    for (let x = 0; x < vi.ids.length; x++) dense[vi.ids[x] as number] = vi.weights[x] as number;
    const ti = times[i] as number;
    for (let p = start[i] as number; p < (start[i + 1] as number); p++) {
      const j = partners[p] as number;
      const tj = times[j] as number;
      if (!Number.isNaN(ti) && !Number.isNaN(tj) && Math.abs(ti - tj) > maxGapMs) continue;
      const vj = vectors[j] as SparseVector;
      let sim = 0;
      for (let y = 0; y < vj.ids.length; y++)
        sim += (dense[vj.ids[y] as number] as number) * (vj.weights[y] as number);
      if (sim >= threshold) verified.push({ i, j, sim });
    }
    for (let x = 0; x < vi.ids.length; x++) dense[vi.ids[x] as number] = 0;
  }
  verified.sort((a, b) => b.sim - a.sim || a.i - b.i || a.j - b.j);

  // Average linkage without the quadratic sum: the vectors are L2-normalized,
  // so Σ_{x∈A, y∈B} cos(x, y) = (Σ_{x∈A} x) · (Σ_{y∈B} y). Each group keeps the
  // sum of its members' vectors; a merge test is one sparse dot product.
  const owner = Array.from({ length: n }, (_, i) => i);
  const members = new Map<number, number[]>(owner.map((i) => [i, [i]]));
  const sums = new Map<number, SumVector>();
  const failed = new Map<number, number>();
  const sumOf = (g: number): SumVector => {
    let v = sums.get(g);
    if (!v) {
      const m = members.get(g) as number[];
      const only = vectors[m[0] as number] as SparseVector;
      v = { ids: only.ids, weights: Float64Array.from(only.weights) };
      sums.set(g, v);
    }
    return v;
  };
  for (const { i, j } of verified) {
    const a = owner[i] as number;
    const b = owner[j] as number;
    if (a === b) continue;
    const ma = members.get(a) as number[];
    const mb = members.get(b) as number[];
    // Groups only grow, so a pair of groups that failed at these sizes fails again.
    const pairKey = a < b ? a * n + b : b * n + a;
    const sizes = a < b ? ma.length * (n + 1) + mb.length : mb.length * (n + 1) + ma.length;
    if (failed.get(pairKey) === sizes) continue;
    const sa = sumOf(a);
    const sb = sumOf(b);
    if (dot(sa, sb) / (ma.length * mb.length) < threshold * averageFactor) {
      failed.set(pairKey, sizes);
      continue;
    }
    const [keep, drop] = ma.length >= mb.length ? [a, b] : [b, a];
    const dropped = members.get(drop) as number[];
    for (const x of dropped) owner[x] = keep;
    (members.get(keep) as number[]).push(...dropped);
    members.delete(drop);
    sums.set(keep, addSums(sa, sb));
    sums.delete(drop);
  }

  const groups = [...members.values()]
    .map((m) => m.sort((x, y) => x - y))
    .sort((x, y) => (x[0] as number) - (y[0] as number))
    .map((m) => m.map((i) => (articles[i] as GroupableArticle).id));
  return { groups, candidatePairs: pairs.length, verifiedPairs: verified.length };
}

/** A sum of member vectors: feature ids ascending, weights not normalized. */
interface SumVector {
  ids: Int32Array;
  weights: Float64Array;
}

function dot(a: SumVector, b: SumVector): number {
  const ai = a.ids;
  const bi = b.ids;
  let i = 0;
  let j = 0;
  let s = 0;
  while (i < ai.length && j < bi.length) {
    const x = ai[i] as number;
    const y = bi[j] as number;
    if (x === y) s += (a.weights[i++] as number) * (b.weights[j++] as number);
    else if (x < y) i++;
    else j++;
  }
  return s;
}

function addSums(a: SumVector, b: SumVector): SumVector {
  const ids = new Int32Array(a.ids.length + b.ids.length);
  const weights = new Float64Array(ids.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.ids.length || j < b.ids.length) {
    const x = i < a.ids.length ? (a.ids[i] as number) : Infinity;
    const y = j < b.ids.length ? (b.ids[j] as number) : Infinity;
    if (x === y) {
      ids[k] = x;
      weights[k++] = (a.weights[i++] as number) + (b.weights[j++] as number);
    } else if (x < y) {
      ids[k] = x;
      weights[k++] = a.weights[i++] as number;
    } else {
      ids[k] = y;
      weights[k++] = b.weights[j++] as number;
    }
  }
  return { ids: ids.slice(0, k), weights: weights.slice(0, k) };
}

/** The article's `k` heaviest features among those another article of the batch also has. */
function distinctiveTerms(v: SparseVector, df: Int32Array, k: number): number[] {
  const shared = new Float32Array(v.ids.length);
  let m = 0;
  for (let x = 0; x < v.ids.length; x++)
    if ((df[v.ids[x] as number] as number) >= 2) shared[m++] = v.weights[x] as number;
  if (m === 0) return [];
  // The k-th largest weight as a cut-off (typed-array sort: numeric, no comparator calls).
  const sortedWeights = shared.subarray(0, m).sort();
  const cut = sortedWeights[Math.max(0, m - k)] as number;
  const out: number[] = [];
  for (let x = 0; x < v.ids.length && out.length < k; x++) {
    const id = v.ids[x] as number;
    if ((df[id] as number) >= 2 && (v.weights[x] as number) >= cut) out.push(id);
  }
  return out;
}

/**
 * The article that best stands for a group: the most central one (highest
 * average similarity to the others), so its title names what they share;
 * ties go to the earliest published, then to the first in the list.
 */
export function pickRepresentative<T extends GroupableArticle>(
  group: readonly T[],
  options: VectorOptions = {},
): T {
  const first = group[0];
  if (first === undefined) throw new EmptyGroupError();
  if (group.length <= 2) return earliest(group);
  const { vectors } = buildVectors(group, options);
  let best = 0;
  let bestScore = -Infinity;
  for (let i = 0; i < group.length; i++) {
    let s = 0;
    for (let j = 0; j < group.length; j++)
      if (i !== j) s += cosine(vectors[i] as SparseVector, vectors[j] as SparseVector);
    if (s > bestScore + 1e-9) {
      best = i;
      bestScore = s;
    }
  }
  return group[best] as T;
}

function earliest<T extends GroupableArticle>(group: readonly T[]): T {
  let best = group[0] as T;
  for (const a of group) {
    const t = a.publishedAt?.getTime();
    const bt = best.publishedAt?.getTime();
    if (t !== undefined && (bt === undefined || t < bt)) best = a;
  }
  return best;
}

/** Thrown by `pickRepresentative` for an empty group: there is no title to pick. */
export class EmptyGroupError extends HanoiDigestError {
  constructor() {
    super('cannot pick a representative of an empty group');
    this.name = 'EmptyGroupError';
  }
}
