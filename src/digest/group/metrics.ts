/**
 * Pairwise clustering scores: how grouping is judged against a labelled
 * corpus (bench/reading.bench.ts, tests). Every pair of ids is either in one
 * group or not, in the truth and in the prediction.
 */

export interface PairwiseScores {
  precision: number;
  recall: number;
  f1: number;
  truePairs: number;
  predictedPairs: number;
}

/** Pairwise precision/recall/F1 of predicted groups against a true label per id. */
export function pairwiseScores(groups: string[][], truth: Map<string, string>): PairwiseScores {
  const predicted = new Map<string, number>();
  groups.forEach((g, k) => g.forEach((id) => predicted.set(id, k)));
  const ids = [...truth.keys()];
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const a = ids[i] as string;
      const b = ids[j] as string;
      const same = truth.get(a) === truth.get(b);
      const pred = predicted.get(a) !== undefined && predicted.get(a) === predicted.get(b);
      if (same && pred) tp++;
      else if (pred) fp++;
      else if (same) fn++;
    }
  }
  const precision = tp + fp ? tp / (tp + fp) : 1;
  const recall = tp + fn ? tp / (tp + fn) : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, truePairs: tp + fn, predictedPairs: tp + fp };
}
