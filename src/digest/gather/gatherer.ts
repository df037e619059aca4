/**
 * The gatherer: every enabled feed → new items → their pages → clean
 * articles in the store. One bad feed or page is recorded and never stops
 * the others; a page that fails is not stored, so it is tried again next run.
 */
import type { Article, FeedConfig, FeedItem, FeedState } from '../model.js';
import type { ArticleStore, Clock, FeedStore, Logger } from '../ports.js';
import { silentLogger, systemClock } from '../ports.js';
import { selectOne } from 'css-select';
import type { AnyNode, Element } from 'domhandler';
import { decodeBody } from './charset.js';
import { cleanSpace, nodeText, parseHtml } from './html-text.js';
import { readMeta } from './page-meta.js';
import { articleId, contentHash, dedupKey } from './dedup.js';
import { FeedParseError, FetchError } from './errors.js';
import { extractArticle } from './extract-article.js';
import { describeFailure, noItemsFailure, retryAfterMs } from './failure.js';
import type { FailureInfo } from './failure.js';
import { createFeedFilter } from './filters.js';
import { parseFeed } from './feed-parser.js';
import type { FeedFormat } from './feed-parser.js';
import { createLimiter } from './limiter.js';
import { parseListingPage } from './listing-page.js';
import { createSafeFetcher } from './safe-fetch.js';
import type { FetchResult, SafeFetcher, SafeFetchOptions } from './safe-fetch.js';
import type {
  FeedCheckReport,
  FeedHealthEvent,
  FeedRunReport,
  Gatherer,
  GatherOptions,
  GatherReport,
} from './types.js';

/**
 * How failing feeds are treated. A feed that fails waits before its next try:
 * the gather interval, doubled after each further failure, up to 24 h, with
 * jitter so feeds of one outlet do not retry in step. After
 * `disableAfterFailures` failures in a row that span `disableAfterMs`, the feed
 * is disabled until an admin resumes it.
 */
export interface FeedHealthOptions {
  /** The gather interval: the first wait after a failure (default 15 min). */
  baseIntervalMs?: number;
  /** Longest wait between tries (default 24 h). */
  maxBackoffMs?: number;
  /** Jitter as a fraction of the wait, ± (default 0.1). */
  jitter?: number;
  /** Admins hear about a failing feed at this many failures in a row (default 4). */
  notifyAfterFailures?: number;
  /** Disable after this many failures in a row... (default 10) */
  disableAfterFailures?: number;
  /** ...spanning at least this long (default 3 days; never less). */
  disableAfterMs?: number;
  /** Longest Retry-After honoured (default 7 days): an absurd header must not stop a feed for ever. */
  maxRetryAfterMs?: number;
}

const HOUR = 3_600_000;
export const DEFAULT_FEED_HEALTH: Required<FeedHealthOptions> = {
  baseIntervalMs: 15 * 60_000,
  maxBackoffMs: 24 * HOUR,
  jitter: 0.1,
  notifyAfterFailures: 4,
  disableAfterFailures: 10,
  disableAfterMs: 72 * HOUR,
  maxRetryAfterMs: 7 * 24 * HOUR,
};

/** The wait after `failures` failures in a row, before jitter. */
export function backoffMs(failures: number, health: Required<FeedHealthOptions>): number {
  const exp = Math.min(Math.max(failures - 1, 0), 30);
  return Math.min(health.maxBackoffMs, health.baseIntervalMs * 2 ** exp);
}

export interface GathererOptions {
  feeds: FeedStore;
  articles: ArticleStore;
  /** Options for the safe fetcher built here (ignored when `fetcher` is given). */
  fetch?: SafeFetchOptions;
  fetcher?: SafeFetcher;
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

function retryAfterOf(err: unknown): string | null {
  if (err instanceof FetchError && (err.status === 429 || err.status === 503))
    return err.retryAfter;
  return null;
}

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

/** A listing page's own name (og:title, else <title>), so a page feed is not named after its host. */
function pageTitle(res: FetchResult): string | null {
  const doc = parseHtml(decodeBody(res.body, res.contentType).text);
  const el = selectOne<AnyNode, Element>('title', doc);
  const title = readMeta(doc).title ?? (el ? cleanSpace(nodeText(el)) : '');
  return title ? title.normalize('NFC') : null;
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
    failingSince: null,
    nextAttemptAt: null,
    disabledAt: null,
    lastErrorKind: null,
    noticeLevel: 'none',
  };
}

function skippedReport(
  feedId: string,
  skipped: 'backoff' | 'disabled',
  until: Date | null,
): FeedRunReport {
  return {
    feedId,
    new: 0,
    seen: 0,
    failed: 0,
    notModified: false,
    ms: 0,
    error: null,
    skipped,
    ...(until ? { nextAttemptAt: until } : {}),
  };
}

export function createGatherer(options: GathererOptions): Gatherer {
  const fetcher = options.fetcher ?? createSafeFetcher(options.fetch ?? {});
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const windowMs = (options.windowHours ?? 24) * 3_600_000;
  const maxItems = options.maxItemsPerFeed ?? 100;
  const pageConcurrency = options.pageConcurrency ?? 4;
  const health: Required<FeedHealthOptions> = { ...DEFAULT_FEED_HEALTH, ...options.health };
  health.disableAfterMs = Math.max(health.disableAfterMs, DEFAULT_FEED_HEALTH.disableAfterMs);
  const random = options.random ?? Math.random;

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

  /** Records a failure: backoff, Retry-After, auto-disable; returns the notice to send, if any. */
  function recordFailure(
    feed: FeedConfig,
    state: FeedState,
    err: unknown,
    info: FailureInfo,
  ): FeedHealthEvent | null {
    const now = clock.now();
    state.consecutiveFailures += 1;
    state.failingSince ??= now;
    state.lastError = info.text;
    state.lastErrorKind = info.kind;
    const base = backoffMs(state.consecutiveFailures, health);
    const jittered = Math.min(
      health.maxBackoffMs,
      Math.round(base * (1 + health.jitter * (2 * random() - 1))),
    );
    const asked = retryAfterMs(retryAfterOf(err), now);
    const wait = Math.max(jittered, Math.min(asked ?? 0, health.maxRetryAfterMs));
    state.nextAttemptAt = new Date(now.getTime() + wait);
    const level = state.noticeLevel ?? 'none';
    const event = (kind: FeedHealthEvent['kind']): FeedHealthEvent => ({
      kind,
      feed,
      failures: state.consecutiveFailures,
      failingSince: state.failingSince ?? now,
      failure: info,
      nextAttemptAt: kind === 'disabled' ? null : (state.nextAttemptAt ?? null),
    });
    const spanMs = now.getTime() - (state.failingSince ?? now).getTime();
    if (
      state.consecutiveFailures >= health.disableAfterFailures &&
      spanMs >= health.disableAfterMs
    ) {
      state.disabledAt = now;
      state.nextAttemptAt = null;
      if (level !== 'disabled') {
        state.noticeLevel = 'disabled';
        return event('disabled');
      }
      return null;
    }
    if (state.consecutiveFailures >= health.notifyAfterFailures && level === 'none') {
      state.noticeLevel = 'failing';
      return event('failing');
    }
    return null;
  }

  /** Records a success; returns the recovery notice when admins had been told of a failure. */
  function recordSuccess(feed: FeedConfig, state: FeedState): FeedHealthEvent | null {
    const level = state.noticeLevel ?? 'none';
    const event: FeedHealthEvent | null =
      level === 'none'
        ? null
        : {
            kind: 'recovered',
            feed,
            failures: state.consecutiveFailures,
            failingSince: state.failingSince ?? clock.now(),
            failure: null,
            nextAttemptAt: null,
          };
    state.lastSuccessAt = clock.now();
    state.consecutiveFailures = 0;
    state.lastError = null;
    state.lastErrorKind = null;
    state.failingSince = null;
    state.nextAttemptAt = null;
    state.disabledAt = null;
    state.noticeLevel = 'none';
    return event;
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
    for (const item of items) {
      const key = dedupKey({ guid: item.guid, url: item.url, title: item.title });
      if (!byKey.has(key)) byKey.set(key, item);
    }
    const existing = await options.articles.existingKeys([...byKey.keys()]);
    report.seen += existing.size;
    const candidates: Article[] = [];
    const filter = createFeedFilter(feed.filters);
    /** Stored as seen (not fresh, no body): kept out of digests and never fetched again. */
    const dropAsFiltered = (key: string, item: FeedItem, lead: string): void => {
      report.filtered = (report.filtered ?? 0) + 1;
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
              const finalKey = item.guid
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
              log.warn({ err: errorText(err), url: item.url }, 'article page failed');
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
        report.title = parsed.title ?? (parsed.format === 'page' ? pageTitle(res) : null);
        report.itemCount = parsed.items.length;
        const dated = parsed.items.filter((i) => i.publishedAt);
        report.newest = dated.length
          ? dated.reduce((a, b) =>
              (b.publishedAt?.getTime() ?? 0) > (a.publishedAt?.getTime() ?? 0) ? b : a,
            )
          : (parsed.items[0] ?? null);
        if (!parsed.items.length) {
          const info = noItemsFailure();
          report.failure = info;
          report.errors.push(info.text);
        }
      } catch (err) {
        const info = describeFailure(err);
        report.failure = info;
        report.errors.push(info.text);
      }
      return report;
    },
  };
}
