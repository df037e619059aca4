/**
 * Items sharing one guid but not one URL are different articles: all are
 * kept (by URL) and the gather report counts them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderArticlePage, renderRssFeed } from '../../src/demo/outlet-templates.js';
import type { TemplateArticle } from '../../src/demo/outlet-templates.js';
import { formatFeedLine } from '../../src/cli/commands/gather.js';
import { assignDedupKeys } from '../../src/digest/gather/dedup.js';
import { FeedParseError } from '../../src/digest/gather/errors.js';
import { parseFeed, prologEnd } from '../../src/digest/gather/feed-parser.js';
import { createGatherer } from '../../src/digest/gather/gatherer.js';
import type { Stores } from '../../src/digest/ports.js';
import { createStores } from '../../src/store/index.js';
import { createFakeClock } from '../helpers/fake-clock.js';
import { startFakeWebServer } from '../helpers/fake-web-server.js';
import type { FakeWebServer } from '../helpers/fake-web-server.js';
import { createSafeFetcher } from '../../src/fetch/index.js';

const NOW = new Date('2026-08-19T05:00:00Z');

describe('assignDedupKeys', () => {
  it('keys items that share a guid by URL and counts them', () => {
    const items = Array.from({ length: 10 }, (_, i) => ({
      guid: 'same-guid',
      url: `https://example.vn/bai/${i}.html`,
      title: `Tin ${i}`,
    }));
    const { keys, guidCollisions } = assignDedupKeys(items);
    expect(new Set(keys).size).toBe(10);
    expect(keys.every((k) => k.startsWith('url:'))).toBe(true);
    expect(guidCollisions).toBe(10);
  });

  it('a guid repeated with the same URL is one item, and unique guids stay guid keys', () => {
    const { keys, guidCollisions } = assignDedupKeys([
      { guid: 'a', url: 'https://example.vn/1.html?utm_source=x', title: 'x' },
      { guid: 'a', url: 'https://example.vn/1.html', title: 'x' },
      { guid: 'b', url: 'https://example.vn/2.html', title: 'y' },
    ]);
    expect(keys).toEqual(['guid:a', 'guid:a', 'guid:b']);
    expect(guidCollisions).toBe(0);
  });
});

describe('gatherer with a feed reusing one guid', () => {
  let server: FakeWebServer;
  let stores: Stores;
  beforeEach(async () => {
    server = await startFakeWebServer();
    stores = await createStores('sqlite::memory:', { clock: createFakeClock(NOW) });
  });
  afterEach(async () => {
    await stores.close();
    await server.close();
  });

  it('stores all ten items and reports ten guid collisions', async () => {
    const list: TemplateArticle[] = Array.from({ length: 10 }, (_, n) => ({
      title: `Tin thử nghiệm số ${n}: Hà Nội sửa tuyến phố ${n}`,
      lead: `Thành phố dành ${n + 1} tỷ đồng sửa vỉa hè tuyến phố số ${n}.`,
      paragraphs: [
        `Công trình số ${n} được triển khai từ tháng 9, chia thành ba giai đoạn, hoàn thành trước Tết.`,
        'Đơn vị thi công cam kết bảo đảm an toàn giao thông và vệ sinh môi trường khi thi công.',
      ],
      publishedAt: new Date(NOW.getTime() - (n + 1) * 60_000),
      author: 'Lê Minh Châu',
      url: server.url(`/bai/${n}.html`),
    }));
    for (const a of list)
      server.set(new URL(a.url).pathname, { body: renderArticlePage(a, 'vnexpress') });
    server.set('/rss.xml', {
      body: renderRssFeed(
        { title: 'Báo thử nghiệm', link: server.origin },
        list.map((a) => ({ ...a, guid: 'cms-0' })),
      ),
      contentType: 'application/rss+xml; charset=utf-8',
    });
    await stores.feeds.upsert(
      { id: 'f', name: 'Nguồn f', url: server.url('/rss.xml'), type: 'rss', enabled: true },
      'config',
    );
    const gatherer = createGatherer({
      feeds: stores.feeds,
      articles: stores.articles,
      clock: createFakeClock(NOW),
      fetcher: createSafeFetcher({ allowPrivate: [server.hostPort], timeoutMs: 5_000 }),
    });
    const report = await gatherer.gather();
    const stored = await stores.articles.query({ limit: 100 });
    expect(stored).toHaveLength(10);
    expect(report.feeds[0]?.guidCollisions).toBe(10);
    expect(formatFeedLine(report.feeds[0]!)).toContain('10 items shared a guid; kept apart by URL');
  });
});

describe('DTD guard over the whole prolog', () => {
  const rss = '<rss version="2.0"><channel><title>t</title></channel></rss>';

  it('refuses an entity declared after a comment containing "]>"', () => {
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!-- ]> -->\n<!ENTITY x "boom">\n]>\n${rss}`;
    expect(() => parseFeed(xml)).toThrow(FeedParseError);
  });

  it('refuses an entity far beyond the first 4 KB of the prolog', () => {
    const pad = `<!-- ${'x'.repeat(10_000)} -->`;
    const xml = `<?xml version="1.0"?>\n${pad}<!DOCTYPE rss [ <!ENTITY y 'z'> ]>\n${rss}`;
    expect(() => parseFeed(xml)).toThrow(/ENTITY/);
  });

  it('refuses an entity after a quoted "]>" in the DOCTYPE', () => {
    const xml = `<!DOCTYPE rss SYSTEM "a]>b" [ <!ENTITY q "1"> ]>${rss}`;
    expect(() => parseFeed(xml)).toThrow(FeedParseError);
  });

  it('the prolog ends at the root element; text in the body may mention <!ENTITY', () => {
    const body = `<rss version="2.0"><channel><title>t</title><item><title>a</title><link>https://e.vn/a</link><description><![CDATA[<!ENTITY in text>]]></description></item></channel></rss>`;
    const xml = `<?xml version="1.0"?><!-- c --><!DOCTYPE rss>${body}`;
    expect(prologEnd(xml)).toBe(xml.indexOf('<rss'));
    expect(parseFeed(xml).items).toHaveLength(1);
  });
});
