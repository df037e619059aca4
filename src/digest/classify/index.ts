export { createClassifier } from './classifier.js';
export type {
  ClassifiableArticle,
  Classifier,
  ClassifierOptions,
  PlaceKind,
} from './classifier.js';
export { createPhraseMatcher, tokenize, EmptyPhraseError } from './phrase-matcher.js';
export type { PhraseEntry, PhraseMatch, PhraseMatcher, Token } from './phrase-matcher.js';
export { createNewsText } from './news-text.js';
export type { NewsText, NewsTextOptions } from './news-text.js';
export { createRelevance } from './relevance.js';
export type { Relevance, RelevanceField, RelevanceOptions, RelevanceResult } from './relevance.js';
