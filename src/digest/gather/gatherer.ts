/**
 * The gatherer: every enabled feed → new items → their pages → clean
 * articles in the store. One bad feed or page is recorded and never stops
 * the others; a page that fails is not stored, so it is tried again next run.
 */
import type { Article, FeedConfig, FeedItem, FeedState } from '../model.js';
import { safeHttpUrl } from '../format/index.js';
import type { ArticleStore, Clock, FeedStore, Logger } from '../ports.js';
import { silentLogger, systemClock } from '../ports.js';
import { decodeBody } from './charset.js';
import { articleId, assignDedupKeys, contentHash, dedupKey } from './dedup.js';
import { extractArticle } from './extract-article.js';
import { describeFailure } from './failure.js';
import { createHealthTracker, type FeedHealthOptions } from './feed-health.js';
import { createFeedFilter } from './filters.js';
import { createLimiter } from './limiter.js';
import { checkSource, FEED_ACCEPT, ITEM_ACCEPT, parseSource } from './source.js';
import type { Fetcher } from './fetcher.js';
import type {
  FeedHealthEvent,
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
  /** Backoff, auto-disable and notice thresholds. */
  health?: FeedHealthOptions;
  /** Random source for jitter (default Math.random); tests pin it. */
  random?: () => number;
  /**
   * Told when a feed starts failing past the threshold, is disabled, or
   * recovers after a notice; each at most once per episode (the level is
   * stored with the feed state, so a restart does not repeat it). Errors
   * thrown here are logged and do not fail the feed. Returning `false`
   * means nobody could be told (no running bot, e.g. a CLI gather): the level
   * is then not advanced, so the service tells admins on its next try.
   */
  onHealthEvent?: (event: FeedHealthEvent) => Promise<boolean | void> | boolean | void;
}

const errorText = (err: unknown): string =>
  err instanceof Error ? `${err.name}: ${err.message}` : String(err);

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
    failingSince: null,
    nextAttemptAt: null,
    disabledAt: null,
    lastErrorKind: null,
    noticeLevel: 'none',
  };
}

/** A feed's report before anything happened to it. */
function emptyReport(feedId: string): FeedRunReport {
  return { feedId, new: 0, seen: 0, failed: 0, notModified: false, ms: 0, error: null };
}

function skippedReport(
  feedId: string,
  skipped: 'backoff' | 'disabled',
  until: Date | null,
): FeedRunReport {
  return { ...emptyReport(feedId), skipped, ...(until ? { nextAttemptAt: until } : {}) };
}

export { backoffMs, DEFAULT_FEED_HEALTH } from './feed-health.js';
export type { FeedHealthOptions } from './feed-health.js';

export function createGatherer(options: GathererOptions): Gatherer {
  const { fetcher } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const windowMs = (options.windowHours ?? 24) * 3_600_000;
  const maxItems = options.maxItemsPerFeed ?? 100;
  const pageConcurrency = options.pageConcurrency ?? 4;
  const { recordFailure, recordSuccess } = createHealthTracker({
    ...(options.health ? { health: options.health } : {}),
    random: options.random ?? Math.random,
    clock,
  });

  /** Whether the event reached a listener (false: keep the notice pending). */
  async function emit(event: FeedHealthEvent, log: Logger): Promise<boolean> {
    if (!options.onHealthEvent) return false;
    try {
      return (await options.onHealthEvent(event)) !== false;
    } catch (err) {
      log.error({ err: errorText(err), kind: event.kind }, 'feed health notice failed');
      return true;
    }
  }

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
    const report = emptyReport(feed.id);
    const state = (await options.feeds.getState(feed.id)) ?? emptyState(feed.id);
    const startedAt = clock.now();
    state.lastAttemptAt = startedAt;
    const log = logger.child?.({ feedId: feed.id }) ?? logger;
    let event: FeedHealthEvent | null = null;
    const levelBefore = state.noticeLevel ?? 'none';
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
        if (parsed.items.length === 0 && feed.type === 'page')
          log.warn({ url: feed.url }, 'listing page yielded no links: check its link selector');
        state.etag = res.etag;
        state.lastModified = res.lastModified;
      }
      event = recordSuccess(feed, state);
      state.primed = true;
    } catch (err) {
      const info = describeFailure(err);
      report.failed += 1;
      report.error = info.text;
      event = recordFailure(feed, state, err, info);
      log.warn(
        { err: errorText(err), url: feed.url, failures: state.consecutiveFailures },
        'feed failed',
      );
    }
    if (event && !(await emit(event, log))) state.noticeLevel = levelBefore;
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
    const assigned = assignDedupKeys(
      items.map((item) => ({ guid: item.guid, url: item.url, title: item.title })),
    );
    items.forEach((item, i) => {
      const key = assigned.keys[i]!;
      if (!byKey.has(key)) byKey.set(key, item);
    });
    if (assigned.guidCollisions > 0) {
      report.guidCollisions = (report.guidCollisions ?? 0) + assigned.guidCollisions;
      log.warn(
        { feedId: feed.id, items: assigned.guidCollisions },
        'items share a guid but not a URL; kept apart by URL',
      );
    }
    const existing = await options.articles.existingKeys([...byKey.keys()]);
    report.seen += existing.size;
    const candidates: Article[] = [];
    const filter = createFeedFilter(feed.filters);
    /** Stored as seen from the feed alone (not fresh, no body): out of digests, never fetched again. */
    const storeAsSeen = (key: string, item: FeedItem, lead: string): void => {
      candidates.push(
        buildArticle(
          feed,
          key,
          item,
          {
            url: item.url,
            title: item.title,
            lead,
            body: '',
            publishedAt: item.publishedAt,
            author: item.author,
          },
          false,
        ),
      );
    };
    const dropAsFiltered = (key: string, item: FeedItem, lead: string): void => {
      report.filtered = (report.filtered ?? 0) + 1;
      storeAsSeen(key, item, lead);
    };
    const limiter = createLimiter(pageConcurrency);
    await Promise.all(
      [...byKey]
        .filter(([key]) => !existing.has(key))
        .map(([key, item]) =>
          limiter.run(async () => {
            // A new feed's backlog with a known, old date is stored as seen from the feed alone: no page fetch.
            if (!primed && item.publishedAt && !inWindow(item.publishedAt)) {
              storeAsSeen(key, item, item.description);
              return;
            }
            // An excluded word in the title or the feed's description: no page fetch needed.
            if (filter.excludes(item.title, item.description)) {
              dropAsFiltered(key, item, item.description);
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
              // A guid key stays (unless the guid was shared, then it is a URL key).
              const finalKey =
                item.guid && key === dedupKey({ guid: item.guid, url: item.url, title: item.title })
                  ? key
                  : dedupKey({
                      guid: null,
                      url: item.url,
                      canonicalUrl: x.canonicalUrl,
                      title: x.title || item.title,
                    });
              const fresh = primed || inWindow(publishedAt);
              if (!filter.keeps(x.title || item.title, item.description, x.lead)) {
                dropAsFiltered(finalKey, item, x.lead || item.description);
                return;
              }
              candidates.push(
                buildArticle(
                  feed,
                  finalKey,
                  item,
                  {
                    // The page's own canonical URL when it declares one: the link
                    // readers follow (no tracking, no AMP or mirror address).
                    url: (x.canonicalUrl && safeHttpUrl(x.canonicalUrl)) || item.url,
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
    report.seen += unique.size - freshCount - (report.filtered ?? 0);
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
      // Feeds backing off or disabled wait, unless named explicitly (an admin asked for them).
      const due: FeedConfig[] = [];
      const now = clock.now();
      for (const feed of feeds) {
        const st = wanted ? null : await options.feeds.getState(feed.id);
        if (st?.disabledAt) reports.push(skippedReport(feed.id, 'disabled', null));
        else if (st?.nextAttemptAt && st.nextAttemptAt.getTime() > now.getTime())
          reports.push(skippedReport(feed.id, 'backoff', st.nextAttemptAt));
        else due.push(feed);
      }
      const limiter = createLimiter(options.concurrency ?? 4);
      let done = 0;
      await Promise.all(
        due.map((feed) =>
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
            opts.onProgress?.({ feedId: feed.id, done, total: due.length, report });
          }),
        ),
      );
      const order = new Map(feeds.map((f, i) => [f.id, i]));
      reports.sort((a, b) => (order.get(a.feedId) ?? -1) - (order.get(b.feedId) ?? -1));
      return { feeds: reports, startedAt, finishedAt: clock.now() };
    },

    check: (feed) => checkSource(fetcher, feed),
  };
}
