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
 *      stories into one (average linkage).
 * Tuned on ../shared/corpus set b (same story by different outlets) against
 * its `cluster_id`; see bench/reading.bench.ts for the figures.
 */
import { lshCandidates } from './lsh.js';
import type { LshOptions } from './lsh.js';
import { buildVectors, cosine } from './vectors.js';
import type { SparseVector, VectorOptions } from './vectors.js';

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
export class DuplicateArticleIdError extends Error {
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

  let T=process.cpuUsage(); const lap=(l:string)=>{const c=process.cpuUsage(T); if(process.env.GT) console.log(l,((c.user+c.system)/1000).toFixed(0)); T=process.cpuUsage();};
  const { vectors, df } = buildVectors(articles, options);lap('vectors');
  const sets = vectors.map((v) => distinctiveTerms(v, df, topTerms));
lap('distinct');  const { pairs } = lshCandidates(sets, options);lap('lsh');

  const times = articles.map((a) => a.publishedAt?.getTime() ?? NaN);
  const verified: { i: number; j: number; sim: number }[] = [];
  const simCache = new Map<number, number>();
  for (const [i, j] of pairs) {
    const ti = times[i] as number;
    const tj = times[j] as number;
    if (!Number.isNaN(ti) && !Number.isNaN(tj) && Math.abs(ti - tj) > maxGapMs) continue;
    const sim = cosine(vectors[i] as SparseVector, vectors[j] as SparseVector);
    simCache.set(i * n + j, sim);
    if (sim >= threshold) verified.push({ i, j, sim });
  }
  verified.sort((a, b) => b.sim - a.sim || a.i - b.i || a.j - b.j);
lap('verify');

  const sim = (x: number, y: number): number => {
    const key = x < y ? x * n + y : y * n + x;
    let s = simCache.get(key);
    if (s === undefined) {
      s = cosine(vectors[x] as SparseVector, vectors[y] as SparseVector);
      simCache.set(key, s);
    }
    return s;
  };

  const owner = Array.from({ length: n }, (_, i) => i);
  const members = new Map<number, number[]>(owner.map((i) => [i, [i]]));
  for (const { i, j } of verified) {
    const a = owner[i] as number;
    const b = owner[j] as number;
    if (a === b) continue;
    const ma = members.get(a) as number[];
    const mb = members.get(b) as number[];
    let total = 0;
    for (const x of ma) for (const y of mb) total += sim(x, y);
    if (total / (ma.length * mb.length) < threshold * averageFactor) continue;
    const [keep, drop] = ma.length >= mb.length ? [a, b] : [b, a];
    const dropped = members.get(drop) as number[];
    for (const x of dropped) owner[x] = keep;
    (members.get(keep) as number[]).push(...dropped);
    members.delete(drop);
  }

lap('merge');
  const groups = [...members.values()]
    .map((m) => m.sort((x, y) => x - y))
    .sort((x, y) => (x[0] as number) - (y[0] as number))
    .map((m) => m.map((i) => (articles[i] as GroupableArticle).id));
  return { groups, candidatePairs: pairs.length, verifiedPairs: verified.length };
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
export class EmptyGroupError extends Error {
  constructor() {
    super('cannot pick a representative of an empty group');
    this.name = 'EmptyGroupError';
  }
}
