/**
 * The article whose title and summary stand for a group of same-story
 * articles.
 */
import { buildVectors, cosine } from './vectors.js';
import type { SparseVector, VectorOptions } from './vectors.js';
import type { GroupableArticle } from './group-stories.js';
import { HanoiDigestError } from '../errors.js';

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
