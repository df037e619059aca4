export {
  groupStories,
  groupStoriesDetailed,
  pickRepresentative,
  DuplicateArticleIdError,
  EmptyGroupError,
} from './group-stories.js';
export type { GroupableArticle, GroupOptions, GroupResult } from './group-stories.js';
export { lshCandidates, minhash } from './lsh.js';
export type { LshOptions, LshResult } from './lsh.js';
export { buildVectors, cosine } from './vectors.js';
export type { BatchVectors, SparseVector, VectorInput, VectorOptions } from './vectors.js';
export { pairwiseScores } from './metrics.js';
export type { PairwiseScores } from './metrics.js';
