import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNewsService } from '../../src/digest/compose/news-service.js';
import type { Article, Classification, TopicConfig } from '../../src/digest/model.js';
import { createExtractiveSummarizer } from '../../src/digest/summarize/extractive.js';
import { createStores } from '../../src/store/index.js';
import type { SqlStores } from '../../src/store/index.js';

const TOPICS: TopicConfig[] = [
  { id: 'giao-thong', name: 'Giao thông', keywords: ['giao thông', 'cầu', 'đường'] },
  { id: 'moi-truong', name: 'Môi trường', keywords: ['ngập', 'mưa', 'ô nhiễm'] },
];
const NOW = new Date('2026-11-27T00:00:00Z');
const clock = { now: () => NOW };

/** A tiny keyword classifier: the news service must work with any injected one. */
const classifier = {
  classify(a: { title: string; lead?: string; body: string }): Classification {
    const text = `${a.title} ${a.lead ?? ''} ${a.body}`.toLowerCase();
    const topics = TOPICS.map((t) => ({
      id: t.id,
      score: t.keywords.filter((k) => text.includes(k)).length / t.keywords.length,
    })).filter((t) => t.score > 0);
    const places = ['Hoàn Kiếm', 'Sóc Sơn', 'Cầu Giấy'].filter((p) =>
      text.includes(p.toLowerCase()),
    );
    return { topics, places, hanoi: text.includes('hà nội') };
  },
};

let n = 0;
function article(p: Partial<Article> & { title: string; body: string }): Article {
  const id = p.id ?? `art-${++n}`;
  const lead = p.lead ?? '';
  return {
    id,
    feedId: 'vnexpress',
    source: 'VnExpress',
    dedupKey: `url:https://vnexpress.net/${id}.html`,
    url: `https://vnexpress.net/${id}.html`,
    publishedAt: new Date('2026-11-26T12:00:00Z'),
    fetchedAt: new Date('2026-11-26T12:05:00Z'),
    author: null,
    contentHash: createHash('sha256').update(`${p.title}${lead}${p.body}`).digest('hex'),
    fresh: true,
    ...p,
    lead,
  };
}

const FLOOD_BODY =
  'Mưa lớn kéo dài từ chiều qua khiến nhiều tuyến phố ở Hà Nội ngập sâu. Tại phường Hoàn Kiếm, nước ngập tới 50 cm trên phố Hàng Bài. ' +
  'Lượng mưa đo được ở trạm Láng là 120 mm, cao nhất từ đầu năm. Công ty Thoát nước Hà Nội đã huy động 300 công nhân và 20 máy bơm.';
const BRIDGE_BODY =
  'Hà Nội thông xe cầu vượt tại nút giao Cầu Giấy sau 18 tháng thi công. Cầu dài 1,2 km với tổng vốn 1.200 tỷ đồng. ' +
  'Sở Giao thông vận tải cho biết công trình giúp giảm ùn tắc giao thông cho khoảng 40.000 lượt xe mỗi ngày.';

describe('createNewsService on a real SQLite store', () => {
  let stores: SqlStores;
  beforeEach(async () => {
    stores = await createStores('sqlite::memory:');
    await stores.articles.insertNew([
      article({ id: 'flood-1', title: 'Hà Nội ngập sâu sau mưa lớn', body: FLOOD_BODY }),
      article({
        id: 'flood-2',
        source: 'Tuổi Trẻ',
        feedId: 'tuoitre',
        dedupKey: 'url:https://tuoitre.vn/flood-2',
        url: 'https://tuoitre.vn/flood-2.htm',
        title: 'Mưa lớn, nhiều phố Hà Nội ngập sâu',
        body: FLOOD_BODY.replace('Mưa lớn kéo dài', 'Trận mưa lớn kéo dài'),
        publishedAt: new Date('2026-11-26T13:00:00Z'),
      }),
      article({
        id: 'bridge',
        title: 'Thông xe cầu vượt Cầu Giấy',
        body: BRIDGE_BODY,
        publishedAt: new Date('2026-11-26T15:00:00Z'),
      }),
      article({
        id: 'hcm',
        title: 'TP.HCM mở rộng đường Nguyễn Huệ',
        body: 'Thành phố Hồ Chí Minh mở rộng đường với vốn 300 tỷ đồng cho giao thông khu trung tâm.',
      }),
      article({
        id: 'old',
        title: 'Hà Nội sửa cầu cũ',
        body: 'Cầu cũ ở Hà Nội được sửa chữa, giao thông qua cầu tạm dừng 3 ngày.',
        publishedAt: new Date('2026-11-20T08:00:00Z'),
        fetchedAt: new Date('2026-11-20T08:00:00Z'),
      }),
      article({
        id: 'backlog',
        title: 'Hà Nội mở đường mới ở Sóc Sơn',
        body: 'Đường mới ở xã Sóc Sơn, Hà Nội dài 5 km, phục vụ giao thông.',
        fresh: false,
      }),
    ]);
  });
  afterEach(async () => stores.close());

  const service = () =>
    createNewsService({
      stores,
      summarizer: createExtractiveSummarizer(),
      classifier,
      topics: TOPICS,
      clock,
      sectionOrder: ['moi-truong'],
    });

  it('composes a digest from fresh Hà Nội stories in the window, grouping the same event', async () => {
    const news = service();
    const doc = await news.digest();
    expect(doc.header).toBe('Bản tin Hà Nội — Thứ Sáu, 27/11/2026');
    expect(doc.sections.map((s) => s.title)).toEqual(['Môi trường', 'Giao thông']);
    const items = doc.sections.flatMap((s) => s.items);
    expect(items).toHaveLength(2); // not the HCM story, not the old one, not the backlog one
    const flood = doc.sections[0]?.items[0];
    expect(flood?.sources.map((s) => s.name).sort()).toEqual(['Tuổi Trẻ', 'VnExpress']);
    expect(flood?.summary.some((s) => s.highlight)).toBe(true);
    expect(doc.footer).toBe('2 tin · 2 nguồn · Đổi đăng ký: /settings');
  });

  it('analyses each article once and saves the analysis', async () => {
    const news = service();
    await news.stories();
    const first = news.stats.analysed;
    expect(first).toBeGreaterThanOrEqual(4);
    const saved = await stores.analyses.get(['bridge']);
    expect(saved.get('bridge')?.topics).toContain('giao-thong');
    await news.stories();
    expect(news.stats.analysed).toBe(first);
    // a new service on the same store reuses the saved analyses too
    const again = service();
    await again.stories();
    expect(again.stats.analysed).toBe(0);
  });

  it('gives stable story ids and newest-first order', async () => {
    const a = await service().stories();
    const b = await service().stories();
    expect(a.map((s) => s.id)).toEqual(b.map((s) => s.id));
    expect(a[0]?.articleIds).toEqual(['bridge']);
    expect(a[1]?.articleIds.sort()).toEqual(['flood-1', 'flood-2']);
    expect(a[1]?.publishedAt?.toISOString()).toBe('2026-11-26T12:00:00.000Z');
  });

  it('composes once per (window, filters) however many subscribers ask', async () => {
    const news = service();
    const until = new Date('2026-11-27T00:00:00Z');
    const filters = { topics: ['giao-thong'] };
    const docs = await Promise.all(
      Array.from({ length: 1000 }, () => news.digest({ until, filters })),
    );
    expect(news.stats.compositions).toBe(1);
    expect(news.stats.cacheHits).toBe(999);
    expect(new Set(docs).size).toBe(1);
    expect(docs[0]?.sections.map((s) => s.topicId)).toEqual(['giao-thong']);
    await news.digest({ until, filters: { topics: ['moi-truong'] } });
    expect(news.stats.compositions).toBe(2);
  });

  it('searches ignoring diacritics, in titles, bodies and place names', async () => {
    const news = service();
    expect((await news.search('ngap sau')).map((s) => s.articleIds.length)).toEqual([2]);
    expect((await news.search('hoan kiem'))[0]?.articleIds.sort()).toEqual(['flood-1', 'flood-2']);
    expect((await news.search('soc son'))[0]?.articleIds).toEqual(['backlog']); // backlog is searchable
    expect(await news.search('khong co gi')).toEqual([]);
    expect(await news.search('   ')).toEqual([]);
  });

  it('lists the latest stories and counts stories per topic', async () => {
    const news = service();
    expect((await news.latest(2)).map((s) => s.articleIds[0])).toEqual(['bridge', 'flood-2']);
    const counts = await news.topicCounts();
    expect(counts.map((c) => [c.topic.id, c.count])).toEqual([
      ['giao-thong', 1],
      ['moi-truong', 1],
    ]);
    expect(news.topics().map((t) => t.id)).toEqual(['giao-thong', 'moi-truong']);
  });

  it('gives shown stories the same group summary whether composed, listed or searched', async () => {
    const eager = (await service().stories()).find((s) => s.articleIds.length === 2);
    const doc = await service().digest();
    const item = doc.sections.flatMap((s) => s.items).find((i) => i.storyId === eager?.id);
    expect(item?.summary.map((s) => s.text).join('')).toBe(eager?.summary.text);
    const latest = (await service().latest(5)).find((s) => s.id === eager?.id);
    expect(latest?.summary).toEqual(eager?.summary);
    const found = await service().search('ngap sau');
    expect(found[0]?.summary).toEqual(eager?.summary);
  });

  it('rejects a window that ends before it starts', async () => {
    await expect(
      service().digest({ since: NOW, until: new Date('2026-11-26T00:00:00Z') }),
    ).rejects.toThrow(/since/);
  });
});
