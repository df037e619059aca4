/**
 * Same-story grouping: which articles, from different outlets, report the
 * same event (not the same theme). Pipeline:
 *   1. TF-IDF vectors over syllable unigrams + bigrams (./vectors.ts), the IDF
 *      taken from a background table of news at large plus the batch
 *      (./background.ts), never from the batch alone;
 *   2. MinHash + LSH banding over each article's most distinctive terms gives
 *      candidate pairs, never all pairs (./lsh.ts);
 *   3. a candidate is verified by TF-IDF cosine ≥ `threshold`, publication
 *      (fetch time when unknown) within `windowHours`, each headline told in
 *      the other article (`headlineCover`) or a rare fact shared, and no
 *      contradiction of places, figures or dates (./event-signature.ts; a
 *      disagreement on places alone yields to the same rare name and day,
 *      ./place-conflict.ts); a pair below `agreementThreshold` must
 *      also agree on a place, name or figure that few other articles name
 *      (`commonShare`), or on a day both headlines/leads give; an official
 *      both leads name (the speaker, ./officials.ts) is no such name;
 *   4. verified pairs are merged strongest first, and two groups merge only
 *      when no member of one contradicts a member of the other, their average
 *      cross similarity reaches `averageFactor × threshold`, every member of
 *      the merged group keeps an average similarity to the others of at
 *      least `memberFactor × threshold`, no pair across the two groups falls
 *      below `linkFactor × threshold`, and a cross similarity under twice the
 *      threshold reaches `cohesionFactor` of the tighter group's own average
 *      (copies of a report do not take in a theme-mate): one loose pair, or
 *      one article about two stories, cannot chain two stories into one.
 *      Averages come from dot products with the groups' summed vectors (the
 *      vectors are L2-normalized), not |A|·|B| cosines.
 * Tuned on half of ../shared/corpus set b (clusters split by a hash of their
 * id) and checked on the other half: bench/quality-grouping.ts.
 */
import { lshCandidates } from './lsh.js';
import type { LshOptions } from './lsh.js';
import { agreedKinds, agreesOnEvent, contradictions } from './event-compare.js';
import { eventSignature } from './event-signature.js';
import type { EventSignature } from './event-signature.js';
import { placeDisagreementYields } from './place-conflict.js';
import { termHash } from './background.js';
import { addSums, buildVectors, cosine, dot, hasFeature, inner, titleCover } from './vectors.js';
import type { SparseVector, SumVector, VectorOptions } from './vectors.js';
import { HanoiDigestError } from '../errors.js';

/** Default `agreementThreshold`. */
const AGREEMENT_DEFAULT = 0.2;
/** Default `sparseAgreementThreshold`. */
const SPARSE_AGREEMENT_DEFAULT = 0.3;
/** Default `commonShare`. */
const COMMON_DEFAULT = 0.05;
/** Default `headlineCover`. */
const HEADLINE_COVER_DEFAULT = 0.1;

export interface GroupableArticle {
  id: string;
  title: string;
  lead?: string;
  body: string;
  publishedAt?: Date | null;
  /** When the article arrived: stands in for an unknown publication time. */
  fetchedAt?: Date | null;
}

export interface GroupOptions extends VectorOptions, LshOptions {
  /** Cosine a candidate pair needs to be the same story (default 0.13, tuned with a background IDF). */
  threshold?: number;
  /**
   * Documents the IDF must rest on (background + batch) for `threshold` to
   * hold (default 200). With fewer, every word looks rare and unrelated
   * articles look alike, so the threshold rises linearly towards
   * `sparseThreshold` (default 0.2) at none.
   */
  idfDocuments?: number;
  sparseThreshold?: number;
  /**
   * Below this cosine a pair must also agree on a place, name, figure or date
   * that is not common (see `commonShare`): two fires in Hà Nội share fire
   * vocabulary and "Hà Nội", and nothing else (default 0.2; 0 turns the
   * check off). 0.2 rather than 0.145 also parts same-theme commentary
   * (two admissions pieces, two takes on banning motorbikes) that names no
   * event at all. On set a's day-sized batches it cut the false merges found
   * by reading from 8 to 5, and cost one true pair of set b's tuning half
   * (two opinion pieces of one cluster).
   */
  agreementThreshold?: number;
  /**
   * `agreementThreshold` when the IDF rests on no documents (default 0.3); it
   * falls linearly to `agreementThreshold` at `idfDocuments`, as `threshold`
   * does: with a thin IDF every shared word looks rare, so two fires' common
   * vocabulary alone lifts their cosine well above the threshold.
   */
  sparseAgreementThreshold?: number;
  /**
   * A value named in the headline/lead of more than this share of the other
   * articles (batch headlines and leads plus the background's texts) does not
   * count as agreement (default 0.05).
   */
  commonShare?: number;
  /**
   * Share of each headline's IDF weight that the other article's text must
   * hold (default 0.1; 0 turns the check off), unless the two agree on a rare
   * name, place or figure. Two articles on one story name its subject,
   * whatever else they tell; two stories from one meeting ("loa phường" and
   * a school principal, both raised by the city chairman on one morning)
   * share the meeting's words and day, never each other's subject.
   */
  headlineCover?: number;
  /** Share of `threshold` the average cross similarity of two merging groups needs (default 1). */
  averageFactor?: number;
  /** Share of `threshold` every member's average similarity to the rest of its group needs (default 0.6). */
  memberFactor?: number;
  /** Distinctive terms per article fed to MinHash (default 30). */
  topTerms?: number;
  /**
   * Articles published further apart than this are never the same story
   * (default 72 h). Fetch time stands in for an unknown publication time;
   * with neither, the article passes.
   */
  windowHours?: number;
  /** Check places, figures and dates (default true). */
  eventCheck?: boolean;
  /**
   * Share of `threshold` below which no two members of a group may fall
   * (default 0.5): a group is one event only if none of its pairs is
   * unrelated, however well each member sits with the group on average.
   */
  linkFactor?: number;
  /**
   * Share of the tighter group's own average similarity that the average
   * cross similarity of two merging groups needs (default 0.35): copies of
   * one report (cosine 0.8) do not take in an article that only shares their
   * theme (0.15), while a group of loosely related retellings still grows.
   */
  cohesionFactor?: number;
  /**
   * Cross similarity, as a multiple of `threshold`, from which the cohesion
   * test no longer applies (default 2): a retelling clearly related to two
   * copies of a report (0.27 against their 1.0) still joins them.
   */
  cohesionBelow?: number;
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
  const n = articles.length;
  const idfDocs = (options.background?.docs ?? 0) + n;
  const fullAt = options.idfDocuments ?? 200;
  const base = options.threshold ?? 0.13;
  const sparse = Math.max(base, options.sparseThreshold ?? 0.2);
  const threshold =
    idfDocs >= fullAt ? base : sparse - (sparse - base) * (idfDocs / Math.max(1, fullAt));
  const agreementBase = options.agreementThreshold ?? AGREEMENT_DEFAULT;
  const agreementSparse =
    agreementBase > 0
      ? Math.max(agreementBase, options.sparseAgreementThreshold ?? SPARSE_AGREEMENT_DEFAULT)
      : 0;
  const agreementThreshold =
    idfDocs >= fullAt
      ? agreementBase
      : agreementSparse - (agreementSparse - agreementBase) * (idfDocs / Math.max(1, fullAt));
  const commonShare = options.commonShare ?? COMMON_DEFAULT;
  const averageFactor = options.averageFactor ?? 1;
  const memberFactor = options.memberFactor ?? 0.6;
  const topTerms = options.topTerms ?? 30;
  const maxGapMs = (options.windowHours ?? 72) * 3_600_000;
  const eventCheck = options.eventCheck ?? true;
  const cohesionFactor = options.cohesionFactor ?? 0.35;
  const linkFloor = threshold * (options.linkFactor ?? 0.5);
  const ids = new Set<string>();
  for (const a of articles) {
    if (ids.has(a.id)) throw new DuplicateArticleIdError(a.id);
    ids.add(a.id);
  }
  if (n === 0) return { groups: [], candidatePairs: 0, verifiedPairs: 0 };

  const { vectors, df, idf, titles } = buildVectors(articles, options);
  const headlineCover = options.headlineCover ?? HEADLINE_COVER_DEFAULT;
  const sets = vectors.map((v) => distinctiveTerms(v, df, topTerms));
  const { pairs } = lshCandidates(sets, options);

  const times = articles.map((a) => (a.publishedAt ?? a.fetchedAt)?.getTime() ?? NaN);
  const signatures: (EventSignature | undefined)[] = new Array<EventSignature | undefined>(n);
  const signatureOf = (i: number): EventSignature =>
    (signatures[i] ??= eventSignature(articles[i] as GroupableArticle));
  // A value named by more than `commonShare` of the other articles (batch and
  // background) identifies no event: every Hà Nội story names Hà Nội.
  let valueCounts: Map<string, number> | null = null;
  const commonness = new Map<string, boolean>();
  const isCommon = (kind: string, value: string): boolean => {
    const key = `${kind}:${value}`;
    let c = commonness.get(key);
    if (c !== undefined) return c;
    if (!valueCounts) {
      valueCounts = new Map();
      for (let k = 0; k < n; k++)
        for (const [kd, values] of signatureOf(k).head)
          for (const v of values)
            valueCounts.set(`${kd}:${v}`, (valueCounts.get(`${kd}:${v}`) ?? 0) + 1);
    }
    const inBatch = valueCounts.get(key) ?? 0;
    const words = value.split(' ');
    // The background holds hashed terms of one or two syllables: a name's first two stand for it.
    const inBackground =
      options.background && kind !== 'date' && !kind.startsWith('n:')
        ? options.background.dfOfHash(termHash(words.slice(0, 2).join(' ')))
        : 0;
    // Counted among the other articles (the two compared may both name it).
    const others = n - 2 + (options.background?.docs ?? 0);
    c = others > 0 && (Math.max(0, inBatch - 2) + inBackground) / others > commonShare;
    commonness.set(key, c);
    return c;
  };
  const conflicts = new Map<number, boolean>();
  const conflict = (i: number, j: number): boolean => {
    if (!eventCheck) return false;
    const key = i < j ? i * n + j : j * n + i;
    let c = conflicts.get(key);
    if (c === undefined) {
      const kinds = contradictions(signatureOf(i), signatureOf(j));
      c =
        kinds.length > 0 &&
        !placeDisagreementYields(signatureOf(i), signatureOf(j), kinds, isCommon);
      conflicts.set(key, c);
    }
    return c;
  };
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
      if (sim < threshold) continue;
      // Disjoint headlines: only a rare name, place or figure that one names
      // and the other tells too (not the day: one meeting yields many stories) keeps the pair.
      if (
        eventCheck &&
        headlineCover > 0 &&
        Math.min(
          titleCover(titles[j] as Int32Array, idf, (f) => dense[f] !== 0),
          titleCover(titles[i] as Int32Array, idf, (f) => hasFeature(vj, f)),
        ) < headlineCover &&
        !agreedKinds(signatureOf(i), signatureOf(j), isCommon).some((k) => k !== 'date')
      )
        continue;
      if (conflict(i, j)) continue;
      if (
        eventCheck &&
        sim < agreementThreshold &&
        !agreesOnEvent(signatureOf(i), signatureOf(j), isCommon)
      )
        continue;
      verified.push({ i, j, sim });
    }
    for (let x = 0; x < vi.ids.length; x++) dense[vi.ids[x] as number] = 0;
  }
  verified.sort((a, b) => b.sim - a.sim || a.i - b.i || a.j - b.j);

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
  const canMerge = (ma: number[], mb: number[], sa: SumVector, sb: SumVector): boolean => {
    const cross = dot(sa, sb) / (ma.length * mb.length);
    if (cross < threshold * averageFactor) return false;
    if (
      cohesionFactor > 0 &&
      cross < threshold * (options.cohesionBelow ?? 2) &&
      cross < cohesionFactor * Math.max(inner(ma, sa), inner(mb, sb))
    )
      return false;
    // Every member close to the merged group: its mean cosine with the others.
    const others = ma.length + mb.length - 1;
    const floor = threshold * memberFactor * others;
    for (const x of ma) {
      const v = vectors[x] as SparseVector;
      if (dot(v, sa) - 1 + dot(v, sb) < floor) return false;
    }
    for (const y of mb) {
      const v = vectors[y] as SparseVector;
      if (dot(v, sb) - 1 + dot(v, sa) < floor) return false;
    }
    // No pair across the two groups unrelated (sparse dot products: dearer than the sums).
    if (linkFloor > 0)
      for (const x of ma)
        for (const y of mb)
          if (cosine(vectors[x] as SparseVector, vectors[y] as SparseVector) < linkFloor)
            return false;
    // Last, as the dearest: no member of one group contradicts a member of the other.
    if (eventCheck) for (const x of ma) for (const y of mb) if (conflict(x, y)) return false;
    return true;
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
    if (!canMerge(ma, mb, sa, sb)) {
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
