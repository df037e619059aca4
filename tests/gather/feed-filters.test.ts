/**
 * Per-feed include/exclude filters: the matcher on its own (diacritics, case,
 * tone placement, whole words), then the gatherer over a loopback feed:
 * kept items are fresh articles, dropped ones are stored as seen and never
 * fetched again, an excluded title costs no page fetch.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  renderArticlePage,
  renderRssFeed,
  type TemplateArticle,
} from '../../src/demo/outlet-templates.js';
import { createFeedFilter } from '../../src/digest/gather/filters.js';
import { createGatherer } from '../../src/digest/gather/gatherer.js';
import type { Stores } from '../../src/digest/ports.js';
import { createStores } from '../../src/store/index.js';
import { createFakeClock, type FakeClock } from '../helpers/fake-clock.js';
import { startFakeWebServer, type FakeWebServer } from '../helpers/fake-web-server.js';
import { createSafeFetcher } from '../../src/fetch/index.js';

describe('createFeedFilter', () => {
  const f = createFeedFilter({ include: ['Hà Nội', 'ngập úng'], exclude: ['bóng đá'] });

  it('keeps an item with an include phrase, whatever its diacritics, case or tone placement', () => {
    expect(f.keeps('HÀ NỘI khởi công cầu mới')).toBe(true);
    expect(f.keeps('ha noi khoi cong cau moi')).toBe(true);
    expect(f.keeps('Tình trạng Ngập Úng ở quận Hoàng Mai')).toBe(true);
    expect(createFeedFilter({ include: ['Hoà Bình'], exclude: [] }).keeps('tỉnh Hòa Bình')).toBe(
      true,
    );
  });

  it('drops items without an include phrase, and whole words only', () => {
    expect(f.keeps('TP.HCM mở tuyến metro')).toBe(false);
    expect(f.keeps('Báo hanoimoi đưa tin')).toBe(false);
    expect(f.keeps(null, '', 'Sapo nhắc Hà Nội')).toBe(true);
  });

  it('exclude wins over include', () => {
    expect(f.keeps('Hà Nội: giải bóng đá phường')).toBe(false);
    expect(f.excludes('Giải Bong Da')).toBe(true);
    expect(f.excludes('Hà Nội')).toBe(false);
  });

  it('no filter, or only empty phrases, keeps everything', () => {
    expect(createFeedFilter(undefined).keeps('bất cứ gì')).toBe(true);
    expect(createFeedFilter({ include: [' '], exclude: [''] }).keeps('bất cứ gì')).toBe(true);
    expect(createFeedFilter({ include: [], exclude: ['x'] }).keeps('bất cứ gì')).toBe(true);
  });
});

describe('the gatherer with filters', () => {
  const NOW = new Date('2026-11-27T03:00:00Z');
  let web: FakeWebServer;
  let stores: Stores;
  let clock: FakeClock;

  beforeEach(async () => {
    web = await startFakeWebServer();
    clock = createFakeClock(NOW);
    stores = await createStores('sqlite::memory:', { clock });
  });
  afterEach(async () => {
    await stores.close();
    await web.close();
  });

  const item = (n: number, title: string, lead: string): TemplateArticle => ({
    title,
    lead,
    paragraphs: [
      `Đoạn thứ nhất của bài số ${n}, đủ dài để bộ tách bài nhận ra đây là thân bài chính.`,
      `Đoạn thứ hai của bài số ${n} kể thêm chi tiết về sự việc và ý kiến của người dân.`,
    ],
    publishedAt: new Date(NOW.getTime() - n * 600_000),
    author: null,
    url: web.url(`/bai/${n}.html`),
  });

  it('keeps and drops the right items, and does not fetch excluded ones', async () => {
    const items = [
      item(1, 'Hà Nội thông xe cầu vượt', 'Cầu vượt mới giúp giảm ùn tắc.'),
      item(2, 'TP.HCM mở tuyến buýt', 'Tuyến buýt mới ở phía nam.'),
      item(3, 'Giải bóng đá thiếu niên Hà Nội', 'Khai mạc giải đấu.'),
      item(4, 'Mưa lớn gây ngập', 'Nhiều tuyến phố ở Ha Noi ngập sâu.'),
    ];
    for (const [i, a] of items.entries())
      web.set(`/bai/${i + 1}.html`, { body: renderArticlePage(a, 'vnexpress') });
    web.set('/rss.xml', {
      body: renderRssFeed(
        { title: 'Báo', link: web.origin },
        items.map((a) => ({ ...a, guid: a.url })),
      ),
      contentType: 'application/rss+xml',
    });
    await stores.feeds.upsert(
      {
        id: 'loc',
        name: 'Báo lọc',
        url: web.url('/rss.xml'),
        type: 'rss',
        enabled: true,
        filters: { include: ['ha noi'], exclude: ['bóng đá'] },
      },
      'config',
    );
    const g = createGatherer({
      feeds: stores.feeds,
      articles: stores.articles,
      clock,
      fetcher: createSafeFetcher({ allowPrivate: [web.hostPort], timeoutMs: 5_000 }),
    });
    const report = await g.gather();
    expect(report.feeds[0]).toMatchObject({ new: 2, filtered: 2, failed: 0 });
    const fresh = await stores.articles.query({ limit: 10, freshOnly: true });
    expect(fresh.map((a) => a.title).sort()).toEqual(
      ['Hà Nội thông xe cầu vượt', 'Mưa lớn gây ngập'].sort(),
    );
    // The excluded title never cost a page fetch; the not-included one was read once.
    expect(web.hits('/bai/3.html')).toBe(0);
    expect(web.hits('/bai/2.html')).toBe(1);
    // Next run: everything is known, nothing is fetched again.
    clock.advance(15 * 60_000);
    const again = await g.gather();
    expect(again.feeds[0]).toMatchObject({ new: 0, seen: 4 });
    expect(web.hits('/bai/2.html')).toBe(1);
  });
});
