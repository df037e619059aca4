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
import { buildHaystack, matchStories } from './search.js';
import { createStorySummaries } from './story-summaries.js';
import { truncateSummary } from './spans.js';
import type { ComposeOptions, NewsService, TopicCount } from './types.js';
import type { Classifier } from '../classify/index.js';
import { groupStories } from '../group/index.js';
import type { GroupableArticle } from '../group/index.js';
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
  /** Same-story grouping; default `groupStories` from src/digest/group. */
  group?: (articles: GroupableArticle[]) => string[][];
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
  const haystacks = new Map<string, string>();
  /**
   * The last few groupings, keyed by their articles' ids and content hashes:
   * a slot fans out to subscribers with different filters over one window,
   * and /latest, /topics and the digest often look at the same articles, so
   * each set of articles is grouped once.
   */
  const groupings = new Map<string, string[][]>();
  function groupOnce(articles: Article[]): string[][] {
    const key = shortHash(articles.map((a) => `${a.id}:${a.contentHash}`));
    const hit = groupings.get(key);
    if (hit) return hit.map((g) => [...g]);
    const groups = group(
      articles.map((a) => ({
        id: a.id,
        title: a.title,
        lead: a.lead,
        body: a.body,
        publishedAt: a.publishedAt,
      })),
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
    const groups = groupOnce(articles);
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
    async topicCounts(since) {
      const until = clock.now();
      const from = since ?? new Date(until.getTime() - windowHours * HOUR);
      const list = await stories({ since: from, until }, true); // counts need no summaries
      return topics.map((topic): TopicCount => ({
        topic,
        count: list.filter((s) => s.topics.includes(topic.id)).length,
      }));
    },
    topics() {
      return [...topics];
    },
  };
}
