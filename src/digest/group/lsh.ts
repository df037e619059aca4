/**
 * MinHash signatures and LSH banding: which pairs of documents are worth
 * comparing at all. Each document is represented by its `topTerms` most
 * distinctive features (highest TF-IDF among features shared with at least
 * one other document); two documents become candidates when any band of
 * their MinHash signatures agrees. The cost is linear in the batch (plus
 * the candidates), never all pairs.
 */

export interface LshOptions {
  /** Bands (default 48). */
  bands?: number;
  /** Rows per band (default 1: same-story pairs share few of their top terms, so a single agreeing hash must do). */
  rows?: number;
  /** A bucket with more members than this is ignored: a term that common does not identify one story (default 60). */
  maxBucketSize?: number;
}

export interface LshResult {
  /** Candidate pairs as [i, j] with i < j. */
  pairs: [number, number][];
  /** Buckets skipped because they were larger than `maxBucketSize`. */
  skippedBuckets: number;
}

/** A fast 32-bit integer mix (murmur3 finalizer), seeded per hash function. */
function mix(x: number, seed: number): number {
  let h = (x ^ seed) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** MinHash signature of a set of feature ids: `k` minima of seeded hashes. */
export function minhash(features: ArrayLike<number>, k: number): Uint32Array {
  const sig = new Uint32Array(k).fill(0xffffffff);
  for (let f = 0; f < features.length; f++) {
    const x = features[f] as number;
    for (let h = 0; h < k; h++) {
      const v = mix(x, (SEEDS[h % SEEDS.length] as number) ^ Math.imul(h, 0x9e3779b1));
      if (v < (sig[h] as number)) sig[h] = v;
    }
  }
  return sig;
}

const SEEDS = [
  0x1b873593, 0xcc9e2d51, 0x85ebca6b, 0xc2b2ae35, 0x27d4eb2f, 0x165667b1, 0xd3a2646c, 0xfd7046c5,
];

/** Candidate pairs from LSH banding over the documents' feature sets (an empty set is never a candidate). */
export function lshCandidates(
  sets: readonly ArrayLike<number>[],
  options: LshOptions = {},
): LshResult {
  const bands = options.bands ?? 48;
  const rows = options.rows ?? 1;
  const maxBucket = options.maxBucketSize ?? 60;
  const k = bands * rows;
  const buckets = new Map<string | number, number[]>();
  sets.forEach((set, doc) => {
    if (set.length === 0) return;
    const sig = minhash(set, k);
    for (let b = 0; b < bands; b++) {
      // One row per band (the default): a number key, band × 2³² + hash, builds no string.
      let key: string | number = b * 4294967296 + (sig[b * rows] as number);
      if (rows > 1) {
        key = `${b}`;
        for (let r = 0; r < rows; r++) key += `:${sig[b * rows + r] as number}`;
      }
      const bucket = buckets.get(key);
      if (bucket) bucket.push(doc);
      else buckets.set(key, [doc]);
    }
  });
  const seen = new Set<number>();
  const pairs: [number, number][] = [];
  const n = sets.length;
  let skippedBuckets = 0;
  for (const members of buckets.values()) {
    if (members.length < 2) continue;
    if (members.length > maxBucket) {
      skippedBuckets++;
      continue;
    }
    for (let x = 0; x < members.length; x++) {
      for (let y = x + 1; y < members.length; y++) {
        const i = members[x] as number;
        const j = members[y] as number;
        const key = i * n + j;
        if (seen.has(key)) continue;
        seen.add(key);
        pairs.push([i, j]);
      }
    }
  }
  return { pairs, skippedBuckets };
}
