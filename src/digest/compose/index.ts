export {
  composeDigest,
  containsFolded,
  filterStories,
  storyToItem,
  ComposeOptionsError,
  OTHER_SECTION_ID,
  OTHER_SECTION_TITLE,
  DEFAULT_FOOTER_HINT,
} from './compose-digest.js';
export type { ComposeDigestOptions } from './compose-digest.js';
export { createNewsService, storyId } from './news-service.js';
export type { NewsServiceOptions, NewsServiceStats, NewsServiceWithStats } from './news-service.js';
export { spansFromSummary, truncateSummary } from './spans.js';
export type { ComposeOptions, NewsService, TopicCount } from './types.js';
export {
  buildHaystack,
  markItem,
  markMatches,
  matchRanges,
  matchStories,
  parseQuery,
} from './search.js';
export type { Haystack, SearchQuery } from './search.js';
