export { createClassifier } from './classifier.js';
export type {
  ClassifiableArticle,
  Classifier,
  ClassifierOptions,
  PlaceKind,
} from './classifier.js';
export { createPhraseMatcher, tokenize, EmptyPhraseError } from './phrase-matcher.js';
export type { PhraseEntry, PhraseMatch, PhraseMatcher, Token } from './phrase-matcher.js';
