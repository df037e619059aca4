export { groupStories, groupStoriesDetailed, DuplicateArticleIdError } from './group-stories.js';
export { pickRepresentative, EmptyGroupError } from './representative.js';
export type { GroupableArticle, GroupOptions, GroupResult } from './group-stories.js';
export { lshCandidates, minhash } from './lsh.js';
export type { LshOptions, LshResult } from './lsh.js';
export { buildVectors, cosine } from './vectors.js';
export type { BatchVectors, SparseVector, VectorInput, VectorOptions } from './vectors.js';
export { pairwiseScores } from './metrics.js';
export type { PairwiseScores } from './metrics.js';
export {
  bigramHash,
  createDocumentFrequencies,
  syllableHash,
  termHash,
  termsOf,
  unigramHash,
  withoutDocuments,
} from './background.js';
export type {
  DocumentFrequencies,
  MutableDocumentFrequencies,
  TermInput,
  TermOptions,
} from './background.js';
export { agreements, agreesOnEvent, contradictions } from './event-compare.js';
export { eventSignature } from './event-signature.js';
export type { EventSignature, SignatureInput } from './event-signature.js';
