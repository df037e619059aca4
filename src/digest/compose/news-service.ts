/**
 * The news service: stored articles → analysed, grouped stories → digests.
 * Bots (/latest, /search, /topics), the scheduler and the CLI all ask it.
 *
 * Analyses (summary, topics, places, Hà Nội) are made once per article
 * content and saved, so a second digest over the same articles costs only the
 * grouping. Digests are cached per (window, filters, limits): the scheduler
 * fans one slot out to every subscriber with the same filters, and they must
 * cost one composition, not one each. The cache holds promises, so
 * concurrent callers share a composition that is still running.
 */
import { createHash } from 'node:crypto';
import { composeDigest, ComposeOptionsError, filterStories } from './compose-digest.js';
import { buildHaystack, matchStories, type Haystack } from './search.js';
import { createStorySummaries } from './story-summaries.js';
import { truncateSummary } from './spans.js';
import type { ComposeOptions, NewsService, TopicCount } from './types.js';
import type { Classifier } from '../classify/index.js';
import { createDocumentFrequencies, groupStories, withoutDocuments } from '../group/index.js';
import type { DocumentFrequencies, GroupableArticle, GroupOptions } from '../group/index.js';
import type {
  Article,
  DigestDocument,
  Story,
  StorySource,
  Summarizer,
  TopicConfig,
} from '../model.js';
import { silentLogger, systemClock } from '../ports.js';
import type { ArticleAnalysis, Clock, Logger, Stores } from '../ports.js';

export interface NewsServiceOptions {
  stores: Pick<Stores, 'articles' | 'analyses' | 'feeds'>;
  summarizer: Summarizer;
  classifier: Pick<Classifier, 'classify'>;
  topics: TopicConfig[];
  sectionOrder?: string[];
  clock?: Clock;
  logger?: Logger;
  /** Default window length and the cap on /latest and /topics lookbacks (default 24). */
  windowHours?: number;
  /** Summary length for new analyses (default 280). */
  summaryMaxChars?: number;
  maxItemsPerSection?: number;
  maxItems?: number;
  timezone?: string;
  footerHint?: string;
  /** Short digests fold small sections into "Tin khác"; see `ComposeDigestOptions`. */
  foldSmallSectionsUpTo?: number;
  /**
   * Same-story grouping; default `groupStories` from src/digest/group. It gets
   * the background document frequencies (see `groupBackground`) as `background`.
   */
  group?: (articles: GroupableArticle[], options?: GroupOptions) => string[][];
  /** Options for the default grouping (e.g. `windowHours`, default 72). */
  groupOptions?: GroupOptions;
  /**
   * The IDF background for grouping: document frequencies of the store's
   * articles fetched in the last `days` (default 14, at most `limit`, default
   * 1500), rebuilt every `refreshMs` (default 1 h). The batch being grouped is
   * taken out of it. `false`: group with the batch's own frequencies only.
   */
  groupBackground?: { days?: number; limit?: number; refreshMs?: number } | false;
  /** How long a composed digest is reused (default 10 min). */
  cacheTtlMs?: number;
  /** How many articles /latest and /search look through (default 2000). */
  searchDepth?: number;
}

export interface NewsServiceStats {
  /** Digests actually composed (cache misses). */
  compositions: number;
  /** Digests served from the cache. */
  cacheHits: number;
  /** Articles analysed (summarized + classified) and saved. */
  analysed: number;
}

export interface NewsServiceWithStats extends NewsService {
  readonly stats: Readonly<NewsServiceStats>;
  /** Forget cached digests (e.g. after a gathering run added articles). */
  clearCache(): void;
  analyse(articles: Article[]): Promise<number>;
}

const HOUR = 3_600_000;

function shortHash(parts: string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 16);
}

/** A stable story id: the hash of its sorted article ids (a one-article story keeps the article's id). */
export function storyId(articleIds: readonly string[]): string {
  if (articleIds.length === 1 && articleIds[0]) return articleIds[0];
  return `s-${shortHash([...articleIds].sort())}`;
}

const sortTime = (a: Article): number => (a.publishedAt ?? a.fetchedAt).getTime();

export function createNewsService(options: NewsServiceOptions): NewsServiceWithStats {
  const { stores, summarizer, classifier, topics } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const windowHours = options.windowHours ?? 24;
  const summaryMaxChars = options.summaryMaxChars ?? 280;
  const group = options.group ?? groupStories;
  const groupOptions = options.groupOptions ?? {};
  const bgOptions = options.groupBackground === false ? null : (options.groupBackground ?? {});
  let bgCache: {
    at: number;
    table: Promise<{ table: DocumentFrequencies; ids: Set<string> }>;
  } | null = null;
  /** The store's recent articles as an IDF background, less the batch itself. */
  async function groupingBackground(batch: Article[]): Promise<DocumentFrequencies | undefined> {
    if (!bgOptions) return undefined;
    const now = clock.now().getTime();
    if (!bgCache || now - bgCache.at > (bgOptions.refreshMs ?? HOUR)) {
      const since = new Date(now - (bgOptions.days ?? 14) * 24 * HOUR);
      const table = stores.articles
        .query({ since, by: 'fetched', limit: bgOptions.limit ?? 1500 })
        .then((recent) => ({
          table: createDocumentFrequencies(recent) as DocumentFrequencies,
          ids: new Set(recent.map((a) => a.id)),
        }));
      bgCache = { at: now, table };
      table.catch(() => {
        bgCache = null;
      });
    }
    const { table, ids } = await bgCache.table;
    const inside = batch.filter((a) => ids.has(a.id));
    return inside.length ? withoutDocuments(table, inside) : table;
  }
  const cacheTtlMs = options.cacheTtlMs ?? 10 * 60_000;
  const searchDepth = options.searchDepth ?? 2000;
  if (!(windowHours > 0))
    throw new ComposeOptionsError('windowHours', windowHours, 'expected a positive number');
  if (!Number.isInteger(summaryMaxChars) || summaryMaxChars < 40) {
    throw new ComposeOptionsError('summaryMaxChars', summaryMaxChars, 'expected an integer ≥ 40');
  }

  const stats: NewsServiceStats = { compositions: 0, cacheHits: 0, analysed: 0 };
  const digestCache = new Map<string, { at: number; doc: Promise<DigestDocument> }>();
  const { groupSummary, defer, finishSummaries } = createStorySummaries(summarizer, logger);
  const haystacks = new Map<string, Haystack>();
  /**
   * The last few groupings, keyed by their articles' ids and content hashes:
   * a slot fans out to subscribers with different filters over one window,
   * and /latest, /topics and the digest often look at the same articles, so
   * each set of articles is grouped once.
   */
  const groupings = new Map<string, string[][]>();
  async function groupOnce(articles: Article[]): Promise<string[][]> {
    const key = shortHash(articles.map((a) => `${a.id}:${a.contentHash}`));
    const hit = groupings.get(key);
    if (hit) return hit.map((g) => [...g]);
    const background = await groupingBackground(articles);
    const groups = group(
      articles.map((a) => ({
        id: a.id,
        title: a.title,
        lead: a.lead,
        body: a.body,
        publishedAt: a.publishedAt,
        fetchedAt: a.fetchedAt,
      })),
      background ? { ...groupOptions, background } : groupOptions,
    );
    groupings.set(key, groups);
    if (groupings.size > 4) groupings.delete(groupings.keys().next().value as string);
    return groups.map((g) => [...g]);
  }
  async function analyse(articles: Article[]): Promise<Map<string, ArticleAnalysis>> {
    const stored = await stores.analyses.get(articles.map((a) => a.id));
    const todo = articles.filter((a) => stored.get(a.id)?.contentHash !== a.contentHash);
    const fresh: ArticleAnalysis[] = [];
    for (const a of todo) {
      const summary = await summarizer.summarize(
        { id: a.id, title: a.title, lead: a.lead, body: a.body },
        { maxChars: summaryMaxChars },
      );
      const c = classifier.classify({ title: a.title, lead: a.lead, body: a.body });
      const analysis: ArticleAnalysis = {
        articleId: a.id,
        contentHash: a.contentHash,
        summary,
        topics: [...c.topics].sort((x, y) => y.score - x.score).map((t) => t.id),
        places: c.places,
        hanoi: c.hanoi,
      };
      fresh.push(analysis);
      stored.set(a.id, analysis);
    }
    if (fresh.length) {
      await stores.analyses.save(fresh);
      stats.analysed += fresh.length;
      logger.debug({ analysed: fresh.length, summarizer: summarizer.name }, 'articles analysed');
    }
    return stored;
  }

  async function buildStories(
    articles: Article[],
    opts: {
      hanoiOnly: boolean;
      summaryMaxChars?: number;
      searchable?: boolean;
      /** Leave group summaries for `finishSummaries` (only for stories that will be shown). */
      lazySummaries?: boolean;
    },
  ): Promise<Story[]> {
    if (articles.length === 0) return [];
    const analyses = await analyse(articles);
    const byId = new Map(articles.map((a) => [a.id, a]));
    const groups = await groupOnce(articles);
    const grouped = new Set(groups.flat());
    // Anything the grouper left out is its own story: nothing is lost.
    for (const a of articles) if (!grouped.has(a.id)) groups.push([a.id]);

    const maxChars = opts.summaryMaxChars ?? summaryMaxChars;
    const stories: { story: Story; sortAt: number }[] = [];
    const seen = new Set<string>();
    for (const ids of groups) {
      const members = ids
        .filter((id) => !seen.has(id))
        .map((id) => byId.get(id))
        .filter((a): a is Article => !!a);
      if (members.length === 0) continue;
      for (const m of members) seen.add(m.id);
      // Best first: Hà Nội news, then the fullest text, then the earliest.
      members.sort((x, y) => {
        const hx = analyses.get(x.id)?.hanoi ? 1 : 0;
        const hy = analyses.get(y.id)?.hanoi ? 1 : 0;
        return (
          hy - hx ||
          y.lead.length + y.body.length - (x.lead.length + x.body.length) ||
          sortTime(x) - sortTime(y)
        );
      });
      const rep = members[0] as Article;
      const repAnalysis = analyses.get(rep.id);
      const base = repAnalysis?.summary ?? {
        text: rep.lead,
        highlights: [],
        summarizer: 'extractive',
        model: null,
      };
      const hanoi = members.some((m) => analyses.get(m.id)?.hanoi ?? false);
      if (opts.hanoiOnly && !hanoi) continue;
      let summary =
        opts.lazySummaries && members.length > 1
          ? base
          : await groupSummary(members, maxChars, base);
      if (summary.text.length > maxChars) summary = truncateSummary(summary, maxChars);
      const topicIds: string[] = [];
      const places: string[] = [];
      for (const m of members) {
        const an = analyses.get(m.id);
        for (const t of an?.topics ?? []) if (!topicIds.includes(t)) topicIds.push(t);
        for (const p of an?.places ?? []) if (!places.includes(p)) places.push(p);
      }
      const sources: StorySource[] = members.map((m) => ({
        articleId: m.id,
        name: m.source,
        url: m.url,
        publishedAt: m.publishedAt,
      }));
      const published = members.map((m) => m.publishedAt).filter((d): d is Date => d !== null);
      const story: Story = {
        id: storyId(members.map((m) => m.id)),
        title: rep.title,
        summary,
        sources,
        publishedAt: published.length
          ? new Date(Math.min(...published.map((d) => d.getTime())))
          : null,
        topics: topicIds,
        places,
        hanoi,
        articleIds: members.map((m) => m.id),
      };
      if (opts.lazySummaries && members.length > 1) defer(story, members, base, maxChars);
      // Full-text haystacks only for /latest and /search: a digest does not need them.
      if (opts.searchable && !haystacks.has(story.id)) {
        if (haystacks.size > 20_000) haystacks.clear();
        haystacks.set(story.id, buildHaystack(story, members));
      }
      stories.push({ story, sortAt: Math.max(...members.map(sortTime)) });
    }
    stories.sort((a, b) => b.sortAt - a.sortAt || a.story.id.localeCompare(b.story.id));
    return stories.map((s) => s.story);
  }

  function window(o: ComposeOptions): { since: Date; until: Date } {
    const until = o.until ?? clock.now();
    const since = o.since ?? new Date(until.getTime() - windowHours * HOUR);
    if (Number.isNaN(until.getTime()))
      throw new ComposeOptionsError('until', String(until), 'expected a valid Date');
    if (Number.isNaN(since.getTime()))
      throw new ComposeOptionsError('since', String(since), 'expected a valid Date');
    if (since.getTime() > until.getTime()) {
      throw new ComposeOptionsError(
        'since',
        since.toISOString(),
        `is after until (${until.toISOString()})`,
      );
    }
    return { since, until };
  }

  async function stories(o: ComposeOptions = {}, lazySummaries = false): Promise<Story[]> {
    const { since, until } = window(o);
    // The window is on arrival time, so an article fetched after the previous
    // slot is in this digest even if it was published just before that slot;
    // news older than two windows is left out all the same.
    const articles = await stores.articles.query({
      since,
      until,
      by: 'fetched',
      publishedSince: new Date(until.getTime() - 2 * windowHours * HOUR),
      freshOnly: true,
    });
    return buildStories(articles, {
      hanoiOnly: o.hanoiOnly ?? true,
      lazySummaries,
      ...(o.summaryMaxChars !== undefined ? { summaryMaxChars: o.summaryMaxChars } : {}),
    });
  }

  function cacheKey(o: ComposeOptions, w: { since: Date; until: Date }): string {
    const f = o.filters ?? {};
    const norm = (xs: string[] | undefined): string[] => [...new Set(xs ?? [])].sort();
    return JSON.stringify([
      w.since.toISOString(),
      w.until.toISOString(),
      norm(f.topics),
      norm(f.places),
      norm(f.keywords),
      norm(f.excludeKeywords),
      o.maxItemsPerSection ?? null,
      o.maxItems ?? null,
      o.summaryMaxChars ?? null,
      o.hanoiOnly ?? true,
      o.footerHint ?? null,
    ]);
  }

  async function compose(
    o: ComposeOptions,
    w: { since: Date; until: Date },
  ): Promise<DigestDocument> {
    stats.compositions += 1;
    const f = o.filters ?? {};
    // Place and keyword filters read the summary; topic filters and the
    // composition itself do not, so without them only shown stories need one.
    const textFilters = [f.places, f.keywords, f.excludeKeywords].some((xs) =>
      (xs ?? []).some((x) => x.trim()),
    );
    const all = await stories({ ...o, since: w.since, until: w.until }, !textFilters);
    const picked = filterStories(all, f);
    const maxItemsPerSection = o.maxItemsPerSection ?? options.maxItemsPerSection;
    const maxItems = o.maxItems ?? options.maxItems;
    const composeOptions = {
      date: w.until,
      window: w,
      topics,
      ...(options.sectionOrder ? { sectionOrder: options.sectionOrder } : {}),
      ...(maxItemsPerSection !== undefined ? { maxItemsPerSection } : {}),
      ...(maxItems !== undefined ? { maxItems } : {}),
      ...(options.timezone ? { timezone: options.timezone } : {}),
      ...(options.footerHint !== undefined ? { footerHint: options.footerHint } : {}),
      ...(o.footerHint !== undefined ? { footerHint: o.footerHint } : {}),
      ...(options.foldSmallSectionsUpTo !== undefined
        ? { foldSmallSectionsUpTo: options.foldSmallSectionsUpTo }
        : {}),
      ...(f.topics?.length ? { focusTopics: f.topics } : {}),
    };
    if (textFilters) return composeDigest(picked, composeOptions);
    // Which stories are shown does not depend on their summaries: compose once
    // to learn them, give those their group summaries, then compose for real.
    const shown = new Set(
      composeDigest(picked, composeOptions).sections.flatMap((s) => s.items.map((i) => i.storyId)),
    );
    await finishSummaries(picked.filter((s) => shown.has(s.id)));
    return composeDigest(picked, composeOptions);
  }

  async function digest(o: ComposeOptions = {}): Promise<DigestDocument> {
    const w = window(o);
    const key = cacheKey(o, w);
    const now = clock.now().getTime();
    const hit = digestCache.get(key);
    if (hit && now - hit.at < cacheTtlMs) {
      stats.cacheHits += 1;
      return hit.doc;
    }
    for (const [k, v] of digestCache) if (now - v.at >= cacheTtlMs) digestCache.delete(k);
    const doc = compose(o, w);
    digestCache.set(key, { at: now, doc });
    doc.catch(() => digestCache.delete(key));
    return doc;
  }

  /**
   * The newest stories for /latest and /search. Grouping thousands of articles
   * is the expensive part, so the result is reused for a minute (and until
   * `clearCache()`, which the gathering job calls after new articles arrive).
   */
  let recentCache: { at: number; stories: Promise<Story[]> } | null = null;
  async function recent(): Promise<Story[]> {
    const now = clock.now().getTime();
    if (recentCache && now - recentCache.at < Math.min(cacheTtlMs, 60_000))
      return recentCache.stories;
    const built = (async () => {
      const articles = await stores.articles.query({
        until: new Date(now + 60_000),
        limit: searchDepth,
      });
      return buildStories(articles, { hanoiOnly: true, searchable: true, lazySummaries: true });
    })();
    recentCache = { at: now, stories: built };
    built.catch(() => {
      recentCache = null;
    });
    return built;
  }

  return {
    get stats() {
      return { ...stats };
    },
    clearCache() {
      digestCache.clear();
      recentCache = null;
    },
    stories,
    digest,
    async analyse(articles) {
      const before = stats.analysed;
      if (articles.length) await analyse(articles);
      return stats.analysed - before;
    },
    async latest(n) {
      if (!Number.isInteger(n) || n < 1)
        throw new ComposeOptionsError('n', n, 'expected an integer ≥ 1');
      const list = (await recent()).slice(0, n);
      await finishSummaries(list);
      return list;
    },
    async search(query, limit = 10) {
      if (!Number.isInteger(limit) || limit < 1)
        throw new ComposeOptionsError('limit', limit, 'expected an integer ≥ 1');
      if (!query.trim()) return [];
      const list = matchStories(
        await recent(),
        (s) => haystacks.get(s.id) ?? buildHaystack(s, []),
        query,
      ).slice(0, limit);
      await finishSummaries(list);
      return list;
    },
    async topicCounts(since, until) {
      // Exactly what `digest({ since, until, filters: { topics: [id] } })` shows:
      // the same stories, filter, placement and per-section cap, composed per topic.
      const to = until ?? clock.now();
      const from = since ?? new Date(to.getTime() - windowHours * HOUR);
      const w = window({ since: from, until: to });
      const list = await stories(w, true); // counts need no summaries
      const maxItemsPerSection = options.maxItemsPerSection;
      const maxItems = options.maxItems;
      return topics.map((topic): TopicCount => {
        const doc = composeDigest(filterStories(list, { topics: [topic.id] }), {
          date: w.until,
          window: w,
          topics,
          focusTopics: [topic.id],
          ...(maxItemsPerSection !== undefined ? { maxItemsPerSection } : {}),
          ...(maxItems !== undefined ? { maxItems } : {}),
          ...(options.timezone ? { timezone: options.timezone } : {}),
        });
        return { topic, count: doc.counts.items };
      });
    },
    topics() {
      return [...topics];
    },
  };
}
