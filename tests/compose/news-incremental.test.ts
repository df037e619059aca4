/**
 * A gathering tick pays for what it found: `analyse` summarizes and
 * classifies only the given articles and groups nothing; digests over one
 * set of articles with different filters group it once.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNewsService } from '../../src/digest/compose/news-service.js';
import type { Article, Summarizer, TopicConfig } from '../../src/digest/model.js';
import { createStores } from '../../src/store/index.js';
import type { SqlStores } from '../../src/store/index.js';

const TOPICS: TopicConfig[] = [{ id: 'giao-thong', name: 'Giao thông', keywords: ['cầu'] }];
const NOW = new Date('2026-11-27T00:00:00Z');

function article(i: number): Article {
  const title = `Hà Nội thông xe cầu số ${i}`;
  const body = `Cây cầu số ${i} ở Hà Nội dài ${i + 1} km, nối hai bờ sông Hồng.`;
  return {
    id: `a${i}`,
    feedId: 'f',
    source: 'VnExpress',
    dedupKey: `url:https://vnexpress.net/a${i}.html`,
    url: `https://vnexpress.net/a${i}.html`,
    publishedAt: new Date(NOW.getTime() - 3_600_000),
    fetchedAt: new Date(NOW.getTime() - 3_000_000),
    author: null,
    contentHash: createHash('sha256')
      .update(title + body)
      .digest('hex'),
    fresh: true,
    title,
    lead: '',
    body,
  };
}

describe('incremental analysis and grouping', () => {
  let stores: SqlStores;
  const summarized: string[] = [];
  let groupCalls = 0;
  const summarizer: Summarizer = {
    name: 'counting',
    async summarize(input) {
      summarized.push(input.id);
      return {
        text: input.body.slice(0, 60),
        highlights: [],
        summarizer: 'extractive',
        model: null,
      };
    },
  };

  beforeEach(async () => {
    summarized.length = 0;
    groupCalls = 0;
    stores = await createStores('sqlite::memory:');
    await stores.articles.insertNew(Array.from({ length: 30 }, (_, i) => article(i)));
  });
  afterEach(async () => {
    await stores.close();
  });

  function service(): ReturnType<typeof createNewsService> {
    return createNewsService({
      stores,
      summarizer,
      classifier: {
        classify: () => ({ topics: [{ id: 'giao-thong', score: 1 }], places: [], hanoi: true }),
      },
      topics: TOPICS,
      clock: { now: () => NOW },
      group: (articles) => {
        groupCalls++;
        return articles.map((a) => [a.id]);
      },
    });
  }

  it('analyse() costs only the given articles, and nothing already analysed', async () => {
    const news = service();
    await news.stories();
    expect(summarized).toHaveLength(30);
    expect(groupCalls).toBe(1);

    const [fresh] = await stores.articles.insertNew([article(30)]);
    summarized.length = 0;
    groupCalls = 0;
    expect(await news.analyse([fresh!])).toBe(1);
    expect(summarized).toEqual(['a30']);
    expect(groupCalls).toBe(0);
    // Again: already analysed, nothing to do.
    expect(await news.analyse([fresh!])).toBe(0);
    expect(summarized).toEqual(['a30']);
  });

  it('one set of articles is grouped once across digests with different filters', async () => {
    const news = service();
    await news.digest({});
    await news.digest({ filters: { topics: ['giao-thong'] } });
    await news.topicCounts();
    expect(groupCalls).toBe(1);
    await stores.articles.insertNew([article(31)]);
    news.clearCache();
    await news.digest({});
    expect(groupCalls).toBe(2);
  });
});
