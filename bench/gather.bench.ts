/**
 * Gathering cost per feed: requests per feed per day for a healthy, a failing
 * and a disabled feed, over a loopback outlet and a fake clock (the gather
 * job every 15 minutes for GATHER_BENCH_DAYS days, default 7). The failing
 * feed answers 503 throughout: it backs off (15 min doubling to 24 h, ±10 %
 * jitter) and is disabled after 10 failures spanning ≥ 3 days; the disabled
 * one was disabled before the run. Also prints the wall time per gather run.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderRssFeed } from '../src/demo/outlet-templates.js';
import { createGatherer } from '../src/digest/gather/gatherer.js';
import { createStores } from '../src/store/index.js';
import { createSafeFetcher } from '../src/fetch/index.js';

export const name = 'gather';

const INTERVAL = 15 * 60_000;

export async function run(): Promise<void> {
  const days = Number(process.env['GATHER_BENCH_DAYS'] ?? 7);
  const hits = new Map<string, number>();
  let origin = '';
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (path === '/failing.xml') {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('down');
      return;
    }
    res
      .writeHead(200, { 'content-type': 'application/rss+xml' })
      .end(renderRssFeed({ title: 'Báo', link: origin }, []));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;

  let now = new Date('2026-11-27T00:00:00Z').getTime();
  const clock = { now: () => new Date(now) };
  const stores = await createStores('sqlite::memory:', { clock });
  for (const id of ['healthy', 'failing', 'disabled'])
    await stores.feeds.upsert(
      { id, name: id, url: `${origin}/${id}.xml`, type: 'rss', enabled: true },
      'config',
    );
  await stores.feeds.saveState({
    feedId: 'disabled',
    etag: null,
    lastModified: null,
    lastAttemptAt: null,
    lastSuccessAt: null,
    consecutiveFailures: 10,
    lastError: 'máy chủ của báo gặp lỗi (lỗi 500)',
    primed: true,
    failingSince: new Date(now - 4 * 86_400_000),
    disabledAt: new Date(now - 3_600_000),
    noticeLevel: 'disabled',
  });
  const notices: string[] = [];
  const g = createGatherer({
    feeds: stores.feeds,
    articles: stores.articles,
    clock,
    fetcher: createSafeFetcher({ allowPrivate: [`127.0.0.1:${port}`], timeoutMs: 5_000 }),
    health: { baseIntervalMs: INTERVAL },
    onHealthEvent: (e) => void notices.push(`${e.kind}@${new Date(now).toISOString()}`),
  });
  const runs = (days * 86_400_000) / INTERVAL;
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) {
    await g.gather();
    now += INTERVAL;
  }
  const ms = performance.now() - t0;
  const perDay = (id: string): string => ((hits.get(`/${id}.xml`) ?? 0) / days).toFixed(2);
  console.log(`${days} days of fake clock, gather every 15 min (${runs} runs)`);
  console.log(
    `requests per feed per day: healthy ${perDay('healthy')}, failing ${perDay('failing')}, disabled ${perDay('disabled')}`,
  );
  console.log(
    `failing feed: ${hits.get('/failing.xml') ?? 0} requests in ${days} days; notices: ${notices.join(', ') || 'none'}`,
  );
  console.log(`wall time: ${(ms / runs).toFixed(2)} ms per gather run (3 feeds, loopback)`);
  await stores.close();
  await new Promise<void>((r) => server.close(() => r()));
}
