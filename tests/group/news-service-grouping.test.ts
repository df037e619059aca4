/**
 * Grouping inside the news service, on a real SQLite store: stories are
 * events (the made-up day of ./fixtures), the IDF background comes from the
 * store's recent articles less the batch, an unknown publication time falls
 * back to the fetch time, each outlet is listed once, and an item's title and
 * summary come from one article.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNewsService } from '../../src/digest/compose/news-service.js';
import type { GroupableArticle, GroupOptions } from '../../src/digest/group/index.js';
import { groupStories } from '../../src/digest/group/index.js';
import type { Article, Classification, Summarizer, TopicConfig } from '../../src/digest/model.js';
import { createExtractiveSummarizer } from '../../src/digest/summarize/extractive.js';
import { createStores } from '../../src/store/index.js';
import type { SqlStores } from '../../src/store/index.js';
import { DAY, expectedStories } from './fixtures/hanoi-day.js';

const TOPICS: TopicConfig[] = [{ id: 'an-ninh', name: 'An ninh', keywords: ['cháy'] }];
const NOW = new Date('2024-03-13T12:00:00Z');
const classifier = {
  classify: (): Classification => ({ topics: [], places: [], hanoi: true }),
};

const OUTLETS = ['VnExpress', 'Tuổi Trẻ', 'Tin Thủ đô'];

function toArticle(g: GroupableArticle, i: number, over: Partial<Article> = {}): Article {
  const source = OUTLETS[i % OUTLETS.length] as string;
  const url = `https://example-${i % OUTLETS.length}.vn/${g.id}.html`;
  return {
    id: g.id,
    feedId: `feed-${i % OUTLETS.length}`,
    source,
    dedupKey: `url:${url}`,
    url,
    title: g.title,
    lead: g.lead ?? '',
    body: g.body,
    publishedAt: g.publishedAt ?? null,
    fetchedAt: new Date(NOW.getTime() - 3_600_000),
    author: null,
    contentHash: createHash('sha256')
      .update(g.id + g.title + g.body)
      .digest('hex'),
    fresh: true,
    ...over,
  };
}

/** The day's March articles, every one fetched within the last day. */
const MARCH = DAY.filter((a) => (a.publishedAt?.getTime() ?? 0) >= Date.UTC(2024, 2, 1)).filter(
  (a) => (a.publishedAt?.getTime() ?? 0) < Date.UTC(2024, 3, 1),
);

describe('news service grouping', () => {
  let stores: SqlStores;
  beforeEach(async () => {
    stores = await createStores('sqlite::memory:');
  });
  afterEach(async () => stores.close());

  const service = (over: Partial<Parameters<typeof createNewsService>[0]> = {}) =>
    createNewsService({
      stores,
      summarizer: createExtractiveSummarizer(),
      classifier,
      topics: TOPICS,
      clock: { now: () => NOW },
      ...over,
    });

  it('makes one story per event in a day of same-kind events', async () => {
    await stores.articles.insertNew(MARCH.map((a, i) => toArticle(a, i)));
    const stories = await service().stories({ since: new Date('2024-03-10T00:00:00Z') });
    const got = stories.map((s) => [...s.articleIds].sort()).sort();
    const want = expectedStories(MARCH)
      .map((g) => [...g].sort())
      .sort();
    expect(got).toEqual(want);
  });

  it('gives the grouper a background of the store’s recent articles, less the batch', async () => {
    // Older articles (fetched last week) are background only; the window holds the March day.
    const older = DAY.filter((a) => !MARCH.includes(a)).map((a, i) =>
      toArticle(a, i, { fetchedAt: new Date(NOW.getTime() - 5 * 86_400_000) }),
    );
    await stores.articles.insertNew([...MARCH.map((a, i) => toArticle(a, i)), ...older]);
    const seen: { batch: number; docs: number | undefined }[] = [];
    const news = service({
      group: (articles: GroupableArticle[], options?: GroupOptions) => {
        seen.push({ batch: articles.length, docs: options?.background?.docs });
        return groupStories(articles, options);
      },
    });
    await news.stories({ since: new Date('2024-03-10T00:00:00Z') });
    expect(seen).toEqual([{ batch: MARCH.length, docs: older.length }]);

    const none = service({
      groupBackground: false,
      group: (articles: GroupableArticle[], options?: GroupOptions) => {
        seen.push({ batch: articles.length, docs: options?.background?.docs });
        return groupStories(articles, options);
      },
    });
    await none.stories({ since: new Date('2024-03-10T00:00:00Z') });
    expect(seen[1]).toEqual({ batch: MARCH.length, docs: undefined });
  });

  it('keeps undated articles fetched days apart in different stories', async () => {
    const a = DAY[0] as GroupableArticle;
    const b = DAY[1] as GroupableArticle;
    await stores.articles.insertNew([
      toArticle(a, 0, { publishedAt: null, fetchedAt: new Date('2024-03-13T11:00:00Z') }),
      toArticle(b, 1, { publishedAt: null, fetchedAt: new Date('2024-03-09T11:00:00Z') }),
    ]);
    const since = new Date('2024-03-01T00:00:00Z');
    expect(await service({ windowHours: 24 * 30 }).stories({ since })).toHaveLength(2);
    // The same two, fetched two hours apart, are one story.
    await stores.close();
    stores = await createStores('sqlite::memory:');
    await stores.articles.insertNew([
      toArticle(a, 0, { publishedAt: null, fetchedAt: new Date('2024-03-13T11:00:00Z') }),
      toArticle(b, 1, { publishedAt: null, fetchedAt: new Date('2024-03-13T09:00:00Z') }),
    ]);
    expect(await service({ windowHours: 24 * 30 }).stories({ since })).toHaveLength(1);
  });

  it('lists each outlet once, linking its first article, and takes title and summary from one article', async () => {
    const fire = DAY.filter((a) => a.id.startsWith('fire1-')) as GroupableArticle[];
    const third: GroupableArticle = {
      ...(fire[0] as GroupableArticle),
      id: 'fire1-c',
      title: 'Cháy xưởng gỗ ở Tân Triều, 2 công nhân bị bỏng',
    };
    // Two articles from Tin Thủ đô, one from VnExpress.
    await stores.articles.insertNew([
      toArticle(fire[0] as GroupableArticle, 2),
      toArticle(fire[1] as GroupableArticle, 0),
      toArticle(third, 2, { url: 'https://example-2.vn/fire1-c.html', dedupKey: 'k-c' }),
    ]);
    // No group summary: the summary must be the representative article's own.
    const base = createExtractiveSummarizer();
    const single: Summarizer = { name: base.name, summarize: (i, o) => base.summarize(i, o) };
    const doc = await service({ summarizer: single }).digest({
      since: new Date('2024-03-12T00:00:00Z'),
    });
    const items = doc.sections.flatMap((s) => s.items);
    expect(items).toHaveLength(1);
    const item = items[0];
    expect(item?.sources.map((s) => s.name).sort()).toEqual(['Tin Thủ đô', 'VnExpress']);
    const tinThuDo = item?.sources.find((s) => s.name === 'Tin Thủ đô');
    expect(['https://example-2.vn/fire1-a.html', 'https://example-2.vn/fire1-c.html']).toContain(
      tinThuDo?.url,
    );
    const rep = [...fire, third].find((a) => a.title === item?.title) as GroupableArticle;
    expect(rep).toBeDefined();
    const own = await base.summarize(
      { id: rep.id, title: rep.title, lead: rep.lead ?? '', body: rep.body },
      { maxChars: 280 },
    );
    expect(item?.summary.map((s) => s.text).join('')).toBe(own.text);
  });
});
