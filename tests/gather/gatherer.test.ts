/**
 * The gatherer end to end: a real loopback web server serving RSS/Atom/RDF
 * and listing pages with outlet-style article pages, and the real SQLite
 * store in memory. Assertions are on what was stored.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  LISTING_LINK_SELECTOR,
  renderArticlePage,
  renderListingPage,
  renderRssFeed,
} from '../../src/demo/outlet-templates.js';
import type { OutletTemplate, TemplateArticle } from '../../src/demo/outlet-templates.js';
import { createGatherer } from '../../src/digest/gather/gatherer.js';
import { createSafeFetcher } from '../../src/fetch/index.js';
import type { FeedConfig } from '../../src/digest/model.js';
import type { Stores } from '../../src/digest/ports.js';
import { createStores } from '../../src/store/index.js';
import { createFakeClock } from '../helpers/fake-clock.js';
import type { FakeClock } from '../helpers/fake-clock.js';
import { startFakeWebServer } from '../helpers/fake-web-server.js';
import type { FakeWebServer } from '../helpers/fake-web-server.js';
import { encodeWindows1258 } from './win1258.js';

const NOW = new Date('2026-08-19T05:00:00Z');
const hoursAgo = (h: number): Date => new Date(NOW.getTime() - h * 3_600_000);

let server: FakeWebServer;
let stores: Stores;
let clock: FakeClock;

function article(n: number, publishedAt: Date, path = `/bai/${n}.html`): TemplateArticle {
  return {
    title: `Tin thử nghiệm số ${n}: Hà Nội cải tạo tuyến phố ${n}`,
    lead: `Thành phố dành ${n * 10} tỷ đồng cải tạo vỉa hè và chiếu sáng tuyến phố số ${n}.`,
    paragraphs: [
      `Theo kế hoạch, công trình số ${n} được triển khai từ tháng 9, chia thành ba giai đoạn, hoàn thành trước Tết.`,
      `Đơn vị thi công cam kết bảo đảm an toàn giao thông, vệ sinh môi trường trong suốt quá trình thực hiện.`,
      `Người dân trên tuyến phố đồng tình với chủ trương và mong công trình sớm được đưa vào sử dụng.`,
    ],
    publishedAt,
    author: 'Lê Minh Châu',
    url: server.url(path),
  };
}

const TEMPLATES: OutletTemplate[] = [
  'vnexpress',
  'tuoitre',
  'hanoimoi',
  'phunuthudo',
  'kinhtedothi',
];

function servePages(list: TemplateArticle[]): void {
  list.forEach((a, i) =>
    server.set(new URL(a.url).pathname, {
      body: renderArticlePage(a, TEMPLATES[i % TEMPLATES.length] ?? 'vnexpress'),
    }),
  );
}

function serveRss(path: string, list: TemplateArticle[], etag?: string, guids = true): void {
  const xml = renderRssFeed(
    { title: 'Báo thử nghiệm', link: server.origin },
    list.map((a) => ({ ...a, ...(guids ? { guid: `bai-${new URL(a.url).pathname}` } : {}) })),
  );
  server.set(path, {
    body: xml,
    contentType: 'application/rss+xml; charset=utf-8',
    ...(etag ? { etag } : {}),
  });
}

async function addFeed(id: string, path: string, extra: Partial<FeedConfig> = {}): Promise<void> {
  await stores.feeds.upsert(
    { id, name: `Nguồn ${id}`, url: server.url(path), type: 'rss', enabled: true, ...extra },
    'config',
  );
}

function gatherer() {
  return createGatherer({
    feeds: stores.feeds,
    articles: stores.articles,
    clock,
    fetcher: createSafeFetcher({ allowPrivate: [server.hostPort], timeoutMs: 5_000 }),
  });
}

async function allArticles() {
  return stores.articles.query({ limit: 1000 });
}

beforeEach(async () => {
  server = await startFakeWebServer();
  clock = createFakeClock(NOW);
  stores = await createStores('sqlite::memory:', { clock });
});

afterEach(async () => {
  await stores.close();
  await server.close();
});

describe('gatherer', () => {
  it('gathers RSS, Atom, RDF, page feeds and a windows-1258 page; broken feeds do not stop the others', async () => {
    const rssArticles = [article(1, hoursAgo(1)), article(2, hoursAgo(2)), article(3, hoursAgo(3))];
    servePages(rssArticles);
    serveRss('/rss.xml', rssArticles, '"rss-v1"');

    const atomArticle = article(10, hoursAgo(4), '/atom/10.html');
    servePages([atomArticle]);
    server.set('/atom.xml', {
      contentType: 'application/atom+xml',
      body: `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title>
<entry><title>${atomArticle.title}</title><link href="/atom/10.html"/><id>tag:test,2026:10</id><published>${atomArticle.publishedAt?.toISOString()}</published></entry></feed>`,
    });

    const rdfArticle = article(20, hoursAgo(5), '/rdf/20.html');
    server.set('/rdf/20.html', {
      contentType: 'text/html; charset=windows-1258',
      body: encodeWindows1258(
        renderArticlePage(rdfArticle, 'hanoimoi').replace('<meta charset="utf-8">', ''),
      ),
    });
    server.set('/rdf.xml', {
      contentType: 'application/rdf+xml',
      body: `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="${server.origin}/"><title>RDF</title></channel><item rdf:about="${rdfArticle.url}"><title>x</title><link>${rdfArticle.url}</link><dc:date>${rdfArticle.publishedAt?.toISOString()}</dc:date></item></rdf:RDF>`,
    });

    const listed = [
      article(30, hoursAgo(6), '/list/30.html'),
      article(31, hoursAgo(7), '/list/31.html'),
    ];
    servePages(listed);
    server.set('/list.html', { body: renderListingPage('Đô thị', listed) });

    server.fail('/broken.xml', 500);
    server.set('/garbage.xml', {
      body: 'this is not a feed at all',
      contentType: 'application/rss+xml',
    });
    server.set('/disabled.xml', { body: '' });

    await addFeed('rss', '/rss.xml');
    await addFeed('atom', '/atom.xml');
    await addFeed('rdf', '/rdf.xml');
    await addFeed('page', '/list.html', { type: 'page', linkSelector: LISTING_LINK_SELECTOR });
    await addFeed('broken', '/broken.xml');
    await addFeed('garbage', '/garbage.xml');
    await addFeed('off', '/disabled.xml', { enabled: false });

    const progress: string[] = [];
    const report = await gatherer().gather({
      onProgress: (p) => progress.push(`${p.done}/${p.total}`),
    });
    const by = new Map(report.feeds.map((f) => [f.feedId, f]));

    expect(by.get('rss')).toMatchObject({ new: 3, seen: 0, failed: 0, error: null });
    expect(by.get('atom')).toMatchObject({ new: 1, failed: 0 });
    expect(by.get('rdf')).toMatchObject({ new: 1, failed: 0 });
    expect(by.get('page')).toMatchObject({ new: 2, failed: 0 });
    expect(by.get('broken')).toMatchObject({ new: 0, failed: 1 });
    expect(by.get('broken')?.error).toBe('máy chủ của báo gặp lỗi (lỗi 500)');
    expect(by.get('garbage')?.error).toBe('nội dung không phải RSS, Atom hoặc RDF');
    expect(by.has('off')).toBe(false);
    expect(server.hits('/disabled.xml')).toBe(0);
    expect(progress).toHaveLength(6);

    const stored = await allArticles();
    expect(stored).toHaveLength(7);
    const one = stored.find((a) => a.title === rssArticles[0]?.title);
    expect(one).toMatchObject({
      feedId: 'rss',
      source: 'Nguồn rss',
      lead: rssArticles[0]?.lead,
      body: rssArticles[0]?.paragraphs.join('\n\n'),
      fresh: true,
      dedupKey: 'guid:bai-/bai/1.html',
    });
    expect(one?.id).toMatch(/^[0-9a-f]{16}$/);
    expect(one?.contentHash).toMatch(/^[0-9a-f]{64}$/);

    const win = stored.find((a) => a.feedId === 'rdf');
    expect(win?.title).toBe(rdfArticle.title);
    expect(win?.body).toBe(rdfArticle.paragraphs.join('\n\n'));
    expect(win?.body).toBe(win?.body.normalize('NFC'));

    const listedStored = stored.filter((a) => a.feedId === 'page');
    expect(listedStored.map((a) => a.dedupKey).sort()).toEqual(
      listed.map((a) => `url:${a.url}`).sort(),
    );
    expect(listedStored.every((a) => a.publishedAt !== null)).toBe(true);

    const brokenState = await stores.feeds.getState('broken');
    expect(brokenState).toMatchObject({ consecutiveFailures: 1, primed: false });
    expect(brokenState?.lastError).toBe('máy chủ của báo gặp lỗi (lỗi 500)');
    const rssState = await stores.feeds.getState('rss');
    expect(rssState).toMatchObject({
      etag: '"rss-v1"',
      consecutiveFailures: 0,
      lastError: null,
      primed: true,
    });
    expect(rssState?.lastSuccessAt?.toISOString()).toBe(NOW.toISOString());
  });

  it('uses conditional GET on the next poll and stores nothing twice', async () => {
    const list = [article(1, hoursAgo(1)), article(2, hoursAgo(2))];
    servePages(list);
    serveRss('/rss.xml', list, '"v1"');
    await addFeed('rss', '/rss.xml');
    const g = gatherer();
    expect((await g.gather()).feeds[0]).toMatchObject({ new: 2, notModified: false });

    clock.advance(15 * 60_000);
    const second = (await g.gather()).feeds[0];
    expect(second).toMatchObject({ new: 0, seen: 0, failed: 0, notModified: true });
    expect(
      server.requests.filter((r) => r.path === '/rss.xml').at(-1)?.headers['if-none-match'],
    ).toBe('"v1"');
    expect(server.hits('/bai/1.html')).toBe(1);
    expect(await stores.articles.count()).toBe(2);
    expect((await stores.feeds.getState('rss'))?.consecutiveFailures).toBe(0);
  });

  it('a feed that reorders items and rewrites dates produces only its truly new item', async () => {
    const list = [article(1, hoursAgo(1)), article(2, hoursAgo(2)), article(3, hoursAgo(3))];
    servePages(list);
    serveRss('/rss.xml', list, undefined, false); // no guids: keys come from URLs
    await addFeed('rss', '/rss.xml');
    const g = gatherer();
    await g.gather();

    clock.advance(60 * 60_000);
    const fresh = article(4, hoursAgo(0));
    servePages([fresh]);
    const rewritten = [...list].reverse().map((a) => ({
      ...a,
      publishedAt: hoursAgo(0),
      url: `${a.url}?utm_source=rss&utm_medium=feed`,
    }));
    serveRss('/rss.xml', [fresh, ...rewritten], undefined, false);
    const report = (await g.gather()).feeds[0];
    expect(report).toMatchObject({ new: 1, seen: 3, failed: 0 });

    const stored = await allArticles();
    expect(stored).toHaveLength(4);
    expect(new Set(stored.map((a) => a.dedupKey)).size).toBe(4);
    expect(server.hits('/bai/1.html')).toBe(1);
  });

  it('stores a new feed backlog as seen: only items inside the window are fresh', async () => {
    const recent = [article(1, hoursAgo(2)), article(2, hoursAgo(20))];
    const old = [article(3, hoursAgo(30)), article(4, hoursAgo(72)), article(5, hoursAgo(24 * 9))];
    servePages([...recent, ...old]);
    serveRss('/rss.xml', [...recent, ...old]);
    await addFeed('rss', '/rss.xml');
    const g = gatherer();
    expect((await g.gather()).feeds[0]).toMatchObject({ new: 2, seen: 3, failed: 0 });

    const stored = await allArticles();
    expect(stored).toHaveLength(5);
    expect(
      stored
        .filter((a) => a.fresh)
        .map((a) => a.title)
        .sort(),
    ).toEqual(recent.map((a) => a.title).sort());
    expect((await stores.articles.query({ freshOnly: true })).length).toBe(2);
    // Backlog pages are not fetched at all.
    expect(server.hits('/bai/4.html')).toBe(0);

    // Once primed, a newly appearing item is new even with an older date.
    clock.advance(3_600_000);
    const late = article(6, hoursAgo(40));
    servePages([late]);
    serveRss('/rss.xml', [late, ...recent, ...old]);
    expect((await g.gather()).feeds[0]).toMatchObject({ new: 1, seen: 5 });
  });

  it('a failed page is counted, not stored, and retried on the next run', async () => {
    const list = [article(1, hoursAgo(1)), article(2, hoursAgo(2))];
    servePages(list);
    serveRss('/rss.xml', list);
    server.fail('/bai/2.html', 503);
    server.set('/bai/2.html', { body: renderArticlePage(list[1] as TemplateArticle, 'tuoitre') });
    await addFeed('rss', '/rss.xml');
    const g = gatherer();
    expect((await g.gather()).feeds[0]).toMatchObject({ new: 1, failed: 1, error: null });
    expect(await stores.articles.count()).toBe(1);

    server.heal('/bai/2.html');
    expect((await g.gather()).feeds[0]).toMatchObject({ new: 1, seen: 1, failed: 0 });
    expect(await stores.articles.count()).toBe(2);
  });

  it('gathers only the requested feed ids and reports unknown ones', async () => {
    const list = [article(1, hoursAgo(1))];
    servePages(list);
    serveRss('/a.xml', list);
    serveRss('/b.xml', list);
    await addFeed('a', '/a.xml');
    await addFeed('b', '/b.xml');
    const report = await gatherer().gather({ feedIds: ['b', 'nope'] });
    expect(report.feeds.map((f) => f.feedId).sort()).toEqual(['b', 'nope']);
    expect(report.feeds.find((f) => f.feedId === 'nope')?.error).toMatch(/unknown feed/);
    expect(server.hits('/a.xml')).toBe(0);
  });

  it('check() reports format, item count and newest item without storing', async () => {
    const list = [article(1, hoursAgo(5)), article(2, hoursAgo(1)), article(3, hoursAgo(9))];
    serveRss('/rss.xml', list);
    const g = gatherer();
    const report = await g.check({ url: server.url('/rss.xml'), type: 'rss' });
    expect(report).toMatchObject({
      format: 'rss',
      title: 'Báo thử nghiệm',
      itemCount: 3,
      errors: [],
    });
    expect(report.newest?.title).toBe(list[1]?.title);
    expect(await stores.articles.count()).toBe(0);

    server.fail('/rss.xml', 404);
    const bad = await g.check({ url: server.url('/rss.xml'), type: 'rss' });
    expect(bad.itemCount).toBe(0);
    expect(bad.errors[0]).toBe('trang không tồn tại (lỗi 404)');

    const blocked = await createGatherer({
      feeds: stores.feeds,
      articles: stores.articles,
      fetcher: createSafeFetcher(),
    }).check({
      url: server.url('/rss.xml'),
      type: 'rss',
    });
    expect(blocked.errors[0]).toBe('địa chỉ trỏ vào mạng nội bộ, bot không được phép đọc');
  });

  it('check() names a listing page after its own title, not its host', async () => {
    server.set('/chuyen-muc', {
      body: renderListingPage('Thời sự – Báo Thủ đô', [article(1, hoursAgo(1))]),
    });
    const report = await gatherer().check({
      url: server.url('/chuyen-muc'),
      type: 'page',
      linkSelector: LISTING_LINK_SELECTOR,
    });
    expect(report).toMatchObject({ format: 'page', title: 'Thời sự – Báo Thủ đô', itemCount: 1 });
  });
});
