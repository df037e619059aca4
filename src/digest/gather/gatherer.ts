/**
 * The gatherer: every enabled feed → new items → their pages → clean
 * articles in the store. One bad feed or page is recorded and never stops
 * the others; a page that fails is not stored, so it is tried again next run.
 */
import type { Article, FeedConfig, FeedItem, FeedState } from '../model.js';
import type { ArticleStore, Clock, FeedStore, Logger } from '../ports.js';
import { silentLogger, systemClock } from '../ports.js';
import { decodeBody } from './charset.js';
import { articleId, contentHash, dedupKey } from './dedup.js';
import { FeedParseError } from './errors.js';
import { extractArticle } from './extract-article.js';
import { parseFeed } from './feed-parser.js';
import type { FeedFormat } from './feed-parser.js';
import { createLimiter } from './limiter.js';
import { parseListingPage } from './listing-page.js';
import type { Fetcher, FetchResult } from './fetcher.js';
import type {
  FeedCheckReport,
  FeedRunReport,
  Gatherer,
  GatherOptions,
  GatherReport,
} from './types.js';

export interface GathererOptions {
  feeds: FeedStore;
  articles: ArticleStore;
  /** How pages are read: the safe fetcher of src/fetch in production (the core does no I/O). */
  fetcher: Fetcher;
  clock?: Clock;
  logger?: Logger;
  /** The digest window: on a feed's first fetch only items this recent are fresh (default 24). */
  windowHours?: number;
  /** Feeds fetched at once (default 4). */
  concurrency?: number;
  /** Article pages fetched at once per feed (default 4; the fetcher's per-host limit still applies). */
  pageConcurrency?: number;
  /** Items read per feed and run (default 100). */
  maxItemsPerFeed?: number;
}

const errorText = (err: unknown): string =>
  err instanceof Error ? `${err.name}: ${err.message}` : String(err);

const ITEM_ACCEPT = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5';
const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.5, */*;q=0.1';

interface ParsedSource {
  format: FeedFormat | 'page';
  title: string | null;
  items: FeedItem[];
}

function parseSource(
  res: FetchResult,
  feed: Pick<FeedConfig, 'type'> & { linkSelector?: string },
): ParsedSource {
  const { text } = decodeBody(res.body, res.contentType);
  if (feed.type === 'page') {
    if (!feed.linkSelector)
      throw new FeedParseError('a page feed needs a link selector', res.finalUrl);
    return {
      format: 'page',
      title: null,
      items: parseListingPage(text, res.finalUrl, feed.linkSelector),
    };
  }
  return parseFeed(text, res.finalUrl);
}

function emptyState(feedId: string): FeedState {
  return {
    feedId,
    etag: null,
    lastModified: null,
    lastAttemptAt: null,
    lastSuccessAt: null,
    consecutiveFailures: 0,
    lastError: null,
    primed: false,
  };
}

export function createGatherer(options: GathererOptions): Gatherer {
  const { fetcher } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const windowMs = (options.windowHours ?? 24) * 3_600_000;
  const maxItems = options.maxItemsPerFeed ?? 100;
  const pageConcurrency = options.pageConcurrency ?? 4;

  function buildArticle(
    feed: FeedConfig,
    key: string,
    item: FeedItem,
    fields: Omit<
      Article,
      'id' | 'feedId' | 'source' | 'dedupKey' | 'contentHash' | 'fresh' | 'fetchedAt'
    >,
    fresh: boolean,
  ): Article {
    const title = fields.title.normalize('NFC');
    const lead = fields.lead.normalize('NFC');
    const body = fields.body.normalize('NFC');
    return {
      ...fields,
      id: articleId(key),
      feedId: feed.id,
      source: feed.name,
      dedupKey: key,
      url: fields.url || item.url,
      title,
      lead,
      body,
      contentHash: contentHash(title, lead, body),
      fetchedAt: clock.now(),
      fresh,
    };
  }

  async function runFeed(
    feed: FeedConfig,
    signal: AbortSignal | undefined,
  ): Promise<FeedRunReport> {
    const t0 = performance.now();
    const report: FeedRunReport = {
      feedId: feed.id,
      new: 0,
      seen: 0,
      failed: 0,
      notModified: false,
      ms: 0,
      error: null,
    };
    const state = (await options.feeds.getState(feed.id)) ?? emptyState(feed.id);
    const startedAt = clock.now();
    state.lastAttemptAt = startedAt;
    const log = logger.child?.({ feedId: feed.id }) ?? logger;
    try {
      const res = await fetcher.fetch(feed.url, {
        etag: state.etag,
        lastModified: state.lastModified,
        accept: feed.type === 'page' ? ITEM_ACCEPT : FEED_ACCEPT,
        ...(signal ? { signal } : {}),
      });
      if (res.notModified) {
        report.notModified = true;
      } else {
        const parsed = parseSource(res, feed);
        await storeItems(feed, parsed.items.slice(0, maxItems), state.primed, report, signal, log);
        state.etag = res.etag;
        state.lastModified = res.lastModified;
      }
      state.lastSuccessAt = clock.now();
      state.consecutiveFailures = 0;
      state.lastError = null;
      state.primed = true;
    } catch (err) {
      report.failed += 1;
      report.error = errorText(err);
      state.consecutiveFailures += 1;
      state.lastError = report.error;
      log.warn({ err: report.error, url: feed.url }, 'feed failed');
    }
    await options.feeds.saveState(state);
    report.ms = Math.round(performance.now() - t0);
    log.info(
      {
        new: report.new,
        seen: report.seen,
        failed: report.failed,
        notModified: report.notModified,
        ms: report.ms,
      },
      'feed gathered',
    );
    return report;
  }

  async function storeItems(
    feed: FeedConfig,
    items: FeedItem[],
    primed: boolean,
    report: FeedRunReport,
    signal: AbortSignal | undefined,
    log: Logger,
  ): Promise<void> {
    const now = clock.now().getTime();
    const inWindow = (d: Date | null): boolean =>
      d !== null && d.getTime() >= now - windowMs && d.getTime() <= now + windowMs;
    const byKey = new Map<string, FeedItem>();
    for (const item of items) {
      const key = dedupKey({ guid: item.guid, url: item.url, title: item.title });
      if (!byKey.has(key)) byKey.set(key, item);
    }
    const existing = await options.articles.existingKeys([...byKey.keys()]);
    report.seen += existing.size;
    const candidates: Article[] = [];
    const limiter = createLimiter(pageConcurrency);
    await Promise.all(
      [...byKey]
        .filter(([key]) => !existing.has(key))
        .map(([key, item]) =>
          limiter.run(async () => {
            // A new feed's backlog with a known, old date is stored as seen from the feed alone: no page fetch.
            if (!primed && item.publishedAt && !inWindow(item.publishedAt)) {
              candidates.push(
                buildArticle(
                  feed,
                  key,
                  item,
                  {
                    url: item.url,
                    title: item.title,
                    lead: item.description,
                    body: '',
                    publishedAt: item.publishedAt,
                    author: item.author,
                  },
                  false,
                ),
              );
              return;
            }
            try {
              if (signal?.aborted) throw new Error('aborted');
              const page = await fetcher.fetch(item.url, {
                accept: ITEM_ACCEPT,
                ...(signal ? { signal } : {}),
              });
              const { text } = decodeBody(page.body, page.contentType);
              const x = extractArticle(text, page.finalUrl);
              const publishedAt = item.publishedAt ?? x.publishedAt;
              const finalKey = item.guid
                ? key
                : dedupKey({
                    guid: null,
                    url: item.url,
                    canonicalUrl: x.canonicalUrl,
                    title: x.title || item.title,
                  });
              const fresh = primed || inWindow(publishedAt);
              candidates.push(
                buildArticle(
                  feed,
                  finalKey,
                  item,
                  {
                    url: item.url,
                    title: x.title || item.title,
                    lead: x.lead || '',
                    body: x.paragraphs.join('\n\n'),
                    publishedAt,
                    author: x.author ?? item.author,
                  },
                  fresh,
                ),
              );
            } catch (err) {
              report.failed += 1;
              log.warn({ err, url: item.url }, 'article page failed');
            }
          }),
        ),
    );
    // Keys that changed after extraction (canonical URL) may already be stored under another item URL.
    const changed = candidates.filter((a) => !byKey.has(a.dedupKey)).map((a) => a.dedupKey);
    const alsoExisting = changed.length
      ? await options.articles.existingKeys(changed)
      : new Set<string>();
    const unique = new Map<string, Article>();
    for (const a of candidates) {
      if (alsoExisting.has(a.dedupKey) || unique.has(a.dedupKey)) report.seen += 1;
      else unique.set(a.dedupKey, a);
    }
    const inserted = await options.articles.insertNew([...unique.values()]);
    const freshCount = inserted.filter((a) => a.fresh).length;
    report.new += freshCount;
    report.seen += unique.size - freshCount;
  }

  return {
    async gather(opts: GatherOptions = {}): Promise<GatherReport> {
      const startedAt = clock.now();
      const all = await options.feeds.list();
      const wanted = opts.feedIds ? new Set(opts.feedIds) : null;
      // A feed named explicitly is gathered even when disabled; otherwise only enabled ones.
      const feeds = all.filter((f) => (wanted ? wanted.has(f.id) : f.enabled));
      const reports: FeedRunReport[] = [];
      for (const id of wanted ?? []) {
        if (!all.some((f) => f.id === id)) {
          reports.push({
            feedId: id,
            new: 0,
            seen: 0,
            failed: 1,
            notModified: false,
            ms: 0,
            error: `unknown feed "${id}"`,
          });
        }
      }
      const limiter = createLimiter(options.concurrency ?? 4);
      let done = 0;
      await Promise.all(
        feeds.map((feed) =>
          limiter.run(async () => {
            const report = opts.signal?.aborted
              ? {
                  feedId: feed.id,
                  new: 0,
                  seen: 0,
                  failed: 1,
                  notModified: false,
                  ms: 0,
                  error: 'aborted',
                }
              : await runFeed(feed, opts.signal);
            reports.push(report);
            done += 1;
            opts.onProgress?.({ feedId: feed.id, done, total: feeds.length, report });
          }),
        ),
      );
      const order = new Map(feeds.map((f, i) => [f.id, i]));
      reports.sort((a, b) => (order.get(a.feedId) ?? -1) - (order.get(b.feedId) ?? -1));
      return { feeds: reports, startedAt, finishedAt: clock.now() };
    },

    async check(feed): Promise<FeedCheckReport> {
      const report: FeedCheckReport = {
        url: feed.url,
        format: null,
        title: null,
        itemCount: 0,
        newest: null,
        errors: [],
      };
      try {
        const res = await fetcher.fetch(feed.url, {
          accept: feed.type === 'page' ? ITEM_ACCEPT : FEED_ACCEPT,
        });
        const parsed = parseSource(res, feed);
        report.format = parsed.format;
        report.title = parsed.title;
        report.itemCount = parsed.items.length;
        const dated = parsed.items.filter((i) => i.publishedAt);
        report.newest = dated.length
          ? dated.reduce((a, b) =>
              (b.publishedAt?.getTime() ?? 0) > (a.publishedAt?.getTime() ?? 0) ? b : a,
            )
          : (parsed.items[0] ?? null);
        if (!parsed.items.length) report.errors.push('no items found');
      } catch (err) {
        report.errors.push(errorText(err));
      }
      return report;
    },
  };
}
