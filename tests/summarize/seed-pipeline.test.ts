/**
 * The headline promise end to end: the seed article, served as the page it
 * was scraped from on a loopback server, gathered from an RSS feed into the
 * real store, then summarized. The summary must carry 10.027, 102,9% and
 * 12,9%, each highlighted, and bold no date or year.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderRssFeed } from '../../src/demo/outlet-templates.js';
import { parseSeed, renderSeedPage } from '../../src/demo/seed-page.js';
import { createGatherer } from '../../src/digest/gather/gatherer.js';
import type { Summary } from '../../src/digest/model.js';
import type { Stores } from '../../src/digest/ports.js';
import { createExtractiveSummarizer } from '../../src/digest/summarize/extractive.js';
import { createStores } from '../../src/store/index.js';
import { readSeed, seedAvailable } from '../helpers/corpus.js';
import { createFakeClock } from '../helpers/fake-clock.js';
import { startFakeWebServer, type FakeWebServer } from '../helpers/fake-web-server.js';
import { createSafeFetcher } from '../../src/fetch/index.js';

const NOW = new Date('2026-08-19T05:00:00Z');

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

function bold(s: Summary): string[] {
  return s.highlights.map((h) => s.text.slice(h.start, h.end));
}

describe.skipIf(!seedAvailable())('the seed article through gather → summarize', () => {
  it('carries 10.027, 102,9% and 12,9%, each highlighted, and no bold date or year', async () => {
    const parts = parseSeed(readSeed());
    const url = server.url('/seed.html');
    const publishedAt = new Date(NOW.getTime() - 3_600_000);
    server.set('/seed.html', { body: renderSeedPage(parts, url, publishedAt) });
    server.set('/rss.xml', {
      contentType: 'application/rss+xml; charset=utf-8',
      body: renderRssFeed({ title: 'Phụ nữ Thủ đô', link: server.origin }, [
        { title: parts.title, lead: '', url, publishedAt },
      ]),
    });
    await stores.feeds.upsert(
      {
        id: 'pntd',
        name: 'Phụ nữ Thủ đô',
        url: server.url('/rss.xml'),
        type: 'rss',
        enabled: true,
      },
      'config',
    );
    const gatherer = createGatherer({
      feeds: stores.feeds,
      articles: stores.articles,
      clock: createFakeClock(NOW),
      fetcher: createSafeFetcher({ allowPrivate: [server.hostPort], timeoutMs: 5_000 }),
    });
    expect((await gatherer.gather()).feeds[0]).toMatchObject({ new: 1, failed: 0 });
    const [article] = await stores.articles.query({ limit: 10 });
    expect(article?.body).toContain('10.027');

    // Both ways the app may call it: with the sapo allowed (production) and without (CLI contract).
    for (const useLead of [true, false]) {
      const summarizer = createExtractiveSummarizer({ useLead });
      const s = await summarizer.summarize(
        { id: article!.id, title: article!.title, lead: article!.lead, body: article!.body },
        { maxChars: 280 },
      );
      expect(s.article).not.toBe(false);
      expect(s.text.length).toBeLessThanOrEqual(280);
      expect(s.text.length).toBeGreaterThanOrEqual(120);
      const b = bold(s);
      for (const f of ['10.027', '102,9%', '12,9%'])
        expect(
          b.some((x) => x.includes(f)),
          `${f} highlighted in "${s.text}" (bold: ${b.join(' | ')})`,
        ).toBe(true);
      expect(b.some((x) => /20\d\d|\d+[/-]\d+/.test(x))).toBe(false);
      // Whole sentences, no glued fragments, no chrome.
      expect(s.text).not.toMatch(/…|Chia sẻ|HN$|Tin cùng chuyên mục/);
    }
  });
});
