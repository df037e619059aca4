/**
 * Term vectors for same-story detection: syllable unigrams and bigrams of the
 * title (counted twice: a headline names the event), the lead and the body,
 * weighted TF-IDF over the batch being grouped.
 *
 * Two outlets telling the same story rarely share whole sentences, so exact
 * near-duplicate shingles miss most pairs; what they do share is the rare
 * vocabulary of the event (names, places, figures). TF-IDF puts the weight
 * there. The IDF has a prior of `idfPrior` pseudo-documents so that a small
 * batch (3 articles of one story) still gives shared words a positive weight.
 */
import { syllables } from '../text/index.js';
import { STOPWORDS, bigramHash, syllableHash, unigramHash } from './background.js';
import type { DocumentFrequencies } from './background.js';
import { headlineSubject } from './officials.js';

export interface VectorInput {
  title: string;
  lead?: string;
  body: string;
}

export interface VectorOptions {
  /** Use the lead (sapo) as text (default true). */
  useLead?: boolean;
  /** Body syllables read at most (default 1,000): the start of an article carries the event. */
  maxBodySyllables?: number;
  /** Features kept per article, the heaviest (default 2,000; past that the tail is noise). */
  maxFeatures?: number;
  /** Pseudo-documents added to the IDF denominator's batch size (default 50). */
  idfPrior?: number;
  /**
   * Document frequencies of news at large (./background.ts). The IDF counts
   * the background and the batch together, so a term's weight does not swing
   * with the batch. Without one, the batch alone (with `idfPrior`) is used.
   */
  background?: DocumentFrequencies;
}

/** A sparse vector: feature ids ascending, L2-normalized weights. */
export interface SparseVector {
  ids: Int32Array;
  weights: Float32Array;
}

export interface BatchVectors {
  vectors: SparseVector[];
  /** Document frequency per feature id. */
  df: Int32Array;
  /** IDF per feature id (background + batch when there is a background). */
  idf: Float64Array;
  /** Per document, the distinct feature ids of its title, ascending: what the headline is about. */
  titles: Int32Array[];
}

function isStop(s: string): boolean {
  return STOPWORDS.has(s);
}

/** Builds TF-IDF vectors for a batch; feature ids are local to the batch. */
export function buildVectors(
  docs: readonly VectorInput[],
  options: VectorOptions = {},
): BatchVectors {
  const useLead = options.useLead ?? true;
  const maxBody = options.maxBodySyllables ?? 1000;
  const prior = options.idfPrior ?? 50;
  const maxFeatures = options.maxFeatures ?? 2000;
  // Syllables are interned to small integers once, bigrams to ids through a
  // two-level map of small integers, and term counts go into one reused dense
  // array: the hot loop builds no strings and no per-document hash maps.
  const background = options.background;
  const syllableIds = new Map<string, number>();
  const syllableHashes: number[] = [];
  /** Term hash per feature, only kept when a background table needs them. */
  let featureHash = new Uint32Array(background ? 1 << 16 : 0);
  const stop: boolean[] = [];
  /** Unigram feature id per syllable id (-1 = stopword, no unigram). */
  const unigramFeature: number[] = [];
  const bigramFeature = new PairTable();
  let featureCount = 0;
  let dfDense = new Int32Array(1 << 16);
  let tfDense = new Float64Array(1 << 16);
  const docsFeatures: { ids: Int32Array; tf: Float64Array }[] = [];
  const titles: Int32Array[] = [];

  const newFeature = (): number => {
    if (featureCount >= tfDense.length) {
      const grownTf = new Float64Array(tfDense.length * 2);
      grownTf.set(tfDense);
      tfDense = grownTf;
      const grownDf = new Int32Array(dfDense.length * 2);
      grownDf.set(dfDense);
      dfDense = grownDf;
      if (background) {
        const grownHash = new Uint32Array(featureHash.length * 2);
        grownHash.set(featureHash);
        featureHash = grownHash;
      }
    }
    return featureCount++;
  };
  const syllableId = (s: string): number => {
    let id = syllableIds.get(s);
    if (id === undefined) {
      id = syllableIds.size;
      syllableIds.set(s, id);
      const h = background ? syllableHash(s) : 0;
      syllableHashes.push(h);
      const isStopword = isStop(s);
      stop.push(isStopword);
      const f = isStopword ? -1 : newFeature();
      if (background && f >= 0) featureHash[f] = unigramHash(h);
      unigramFeature.push(f);
    }
    return id;
  };
  const newBigram = (a: number, b: number): number => {
    const f = newFeature();
    if (background)
      featureHash[f] = bigramHash(syllableHashes[a] as number, syllableHashes[b] as number);
    return f;
  };
  const bigramId = (a: number, b: number): number => bigramFeature.getOrAdd(a, b, newBigram);

  for (const d of docs) {
    const touched: number[] = [];
    const bump = (id: number, times: number): void => {
      if (tfDense[id] === 0) touched.push(id);
      tfDense[id] = (tfDense[id] as number) + times;
    };
    const visitSeq = (text: string, limit: number, visit: (id: number) => void): void => {
      const seq = syllables(text);
      const len = Math.min(seq.length, limit);
      let prev = -1;
      for (let i = 0; i < len; i++) {
        const a = syllableId(seq[i] as string);
        const uni = unigramFeature[a] as number;
        if (uni >= 0) visit(uni);
        if (prev >= 0 && !(stop[a] && stop[prev])) visit(bigramId(prev, a));
        prev = a;
      }
    };
    const addSeq = (text: string, times: number, limit: number): void =>
      visitSeq(text, limit, (id) => bump(id, times));
    addSeq(d.title, 2, Infinity);
    // What the headline is about: without who is speaking ("Chủ tịch UBND TP: …").
    const subject = new Set<number>();
    for (const part of headlineSubject(d.title)) visitSeq(part, Infinity, (id) => subject.add(id));
    titles.push(Int32Array.from(subject).sort());
    if (useLead && d.lead) addSeq(d.lead, 1, Infinity);
    addSeq(d.body, 1, maxBody);
    const ids = Int32Array.from(touched).sort();
    const tf = new Float64Array(ids.length);
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k] as number;
      tf[k] = tfDense[id] as number;
      tfDense[id] = 0;
      dfDense[id] = (dfDense[id] as number) + 1;
    }
    docsFeatures.push({ ids, tf });
  }

  const n = docs.length;
  const df = dfDense.subarray(0, featureCount);
  // IDF once per feature, not once per (document, feature).
  const idf = new Float64Array(featureCount);
  if (background) {
    // The same smoothing as without a background, over background + batch: an
    // empty or young store (a fresh install) behaves like the batch alone.
    const total = n + background.docs + prior;
    for (let f = 0; f < featureCount; f++)
      idf[f] = Math.log(
        total / ((df[f] as number) + background.dfOfHash(featureHash[f] as number) + 0.5),
      );
  } else {
    for (let f = 0; f < featureCount; f++) idf[f] = Math.log((n + prior) / ((df[f] as number) + 1));
  }
  const vectors = docsFeatures.map(({ ids, tf }) => {
    let weights = new Float32Array(ids.length);
    for (let k = 0; k < ids.length; k++) {
      const t = tf[k] as number;
      weights[k] = (t === 1 ? 1 : 1 + Math.log(t)) * (idf[ids[k] as number] as number);
    }
    let kept = ids;
    if (ids.length > maxFeatures) {
      // Keep the heaviest features only: the tail is noise for "same event?", and it makes every cosine slower.
      const cut = [...weights].sort((x, y) => y - x)[maxFeatures - 1] as number;
      const keepIds: number[] = [];
      const keepW: number[] = [];
      for (let k = 0; k < ids.length && keepIds.length < maxFeatures; k++) {
        if ((weights[k] as number) >= cut) {
          keepIds.push(ids[k] as number);
          keepW.push(weights[k] as number);
        }
      }
      kept = Int32Array.from(keepIds);
      weights = Float32Array.from(keepW);
    }
    let norm = 0;
    for (let k = 0; k < weights.length; k++) norm += (weights[k] as number) ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let k = 0; k < weights.length; k++) weights[k] = (weights[k] as number) / norm;
    return { ids: kept, weights };
  });
  return { vectors, df, idf, titles };
}

/**
 * Ids for pairs of small non-negative integers (bigrams of syllable ids): an
 * open-addressing hash table over typed arrays, because a Map per syllable or
 * a string key per bigram made grouping allocation-bound.
 */
class PairTable {
  private keysA = new Int32Array(1 << 14).fill(-1);
  private keysB = new Int32Array(1 << 14);
  private values = new Int32Array(1 << 14);
  private count = 0;

  getOrAdd(a: number, b: number, create: (a: number, b: number) => number): number {
    let mask = this.keysA.length - 1;
    let slot = hashPair(a, b) & mask;
    for (;;) {
      const ka = this.keysA[slot] as number;
      if (ka === -1) break;
      if (ka === a && this.keysB[slot] === b) return this.values[slot] as number;
      slot = (slot + 1) & mask;
    }
    const value = create(a, b);
    this.keysA[slot] = a;
    this.keysB[slot] = b;
    this.values[slot] = value;
    this.count++;
    if (this.count * 2 > this.keysA.length) {
      this.grow();
      mask = this.keysA.length - 1;
    }
    return value;
  }

  private grow(): void {
    const { keysA, keysB, values } = this;
    const size = keysA.length * 2;
    this.keysA = new Int32Array(size).fill(-1);
    this.keysB = new Int32Array(size);
    this.values = new Int32Array(size);
    const mask = size - 1;
    for (let i = 0; i < keysA.length; i++) {
      const a = keysA[i] as number;
      if (a === -1) continue;
      const b = keysB[i] as number;
      let slot = hashPair(a, b) & mask;
      while (this.keysA[slot] !== -1) slot = (slot + 1) & mask;
      this.keysA[slot] = a;
      this.keysB[slot] = b;
      this.values[slot] = values[i] as number;
    }
  }
}

function hashPair(a: number, b: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ b;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 0;
}

/** Cosine of two L2-normalized sparse vectors (a merge over the sorted ids). */
export function cosine(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let s = 0;
  const ai = a.ids;
  const bi = b.ids;
  while (i < ai.length && j < bi.length) {
    const x = ai[i] as number;
    const y = bi[j] as number;
    if (x === y) {
      s += (a.weights[i] as number) * (b.weights[j] as number);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return s;
}

/**
 * The share of a title's IDF weight (its distinct features) for which `has`
 * holds: how much of what one headline is about another article names.
 */
export function titleCover(
  title: Int32Array,
  idf: Float64Array,
  has: (f: number) => boolean,
): number {
  let total = 0;
  let found = 0;
  for (let x = 0; x < title.length; x++) {
    const f = title[x] as number;
    const w = Math.max(0, idf[f] as number);
    total += w;
    if (has(f)) found += w;
  }
  return total > 0 ? found / total : 1;
}

/** Whether a sparse vector (ids ascending) holds feature `f`: a binary search. */
export function hasFeature(v: SparseVector, f: number): boolean {
  let lo = 0;
  let hi = v.ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const x = v.ids[mid] as number;
    if (x === f) return true;
    if (x < f) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Average cosine between distinct members of a group, from its summed vector (0 for one member). */
export function inner(members: readonly number[], sum: SumVector): number {
  const m = members.length;
  return m < 2 ? 0 : (dot(sum, sum) - m) / (m * (m - 1));
}

/** A sum of member vectors: feature ids ascending, weights not normalized. */
export interface SumVector {
  ids: Int32Array;
  weights: Float64Array;
}

/** Dot product over ascending feature ids: two summed vectors, or a member vector with a sum. */
export function dot(a: SumVector | SparseVector, b: SumVector): number {
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

/** The sum of two summed vectors (a merge over ascending ids). */
export function addSums(a: SumVector, b: SumVector): SumVector {
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
