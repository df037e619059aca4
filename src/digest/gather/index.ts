/** Gathering: safe fetching, feed parsing, listing pages, article extraction, dedup, the gatherer. */
export * from './types.js';
export * from './errors.js';
export { createGatherer, backoffMs, DEFAULT_FEED_HEALTH } from './gatherer.js';
export type { GathererOptions, FeedHealthOptions } from './gatherer.js';
export { describeFailure, adviceFor, noItemsFailure, retryAfterMs } from './failure.js';
export type { FailureInfo, FailureKind } from './failure.js';
export { createFeedFilter, hasFilters, normalizeFilterList } from './filters.js';
export type { FeedFilterMatcher } from './filters.js';
export type { Fetcher, FetchRequest, FetchResult } from './fetcher.js';
export { decodeBody, charsetFromContentType, sniffDeclaredCharset } from './charset.js';
export { parseFeed } from './feed-parser.js';
export type { FeedFormat, ParsedFeed } from './feed-parser.js';
export { parseFeedDate } from './dates.js';
export { parseListingPage } from './listing-page.js';
export { extractArticle } from './extract-article.js';
export type { ExtractOptions } from './extract-article.js';
export { SITE_HINTS, findHint } from './site-hints.js';
export type { SiteHint } from './site-hints.js';
export { canonicalizeUrl, dedupKey, articleId, contentHash } from './dedup.js';
export type { DedupInput } from './dedup.js';
export { htmlToText } from './html-text.js';
export {
  isByline,
  isDoubledCaption,
  isRelatedMarker,
  isShareBar,
  stripDateline,
} from './text-rules.js';
export { createHostLimiter, createLimiter } from './limiter.js';
export type { HostLimiter, HostLimiterOptions, Limiter } from './limiter.js';
export {
  feedsToOpml,
  feedIdFromUrl,
  OpmlError,
  parseOpml,
  planImport,
  OPML_NAMESPACE,
} from './opml.js';
export type { ImportPlan, OpmlProblem, ParsedOpml } from './opml.js';
