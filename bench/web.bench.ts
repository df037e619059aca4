/**
 * `npm run bench -- web`: page times of the web site over 5,000 stored
 * articles (500 a day over 10 days), measured over HTTP on 127.0.0.1.
 * Articles are read in place from ../shared/corpus when present (each
 * document retold by several outlets), else built from the demo's own sample
 * articles. Prints p50/p95, of the round trip and of the server's own time
 * (its Server-Timing header, which a loaded machine disturbs less), for: a
 * cached day page (the target: under 20 ms),
 * today's page, a topic page and the feeds from the cache, and a day page
 * composed afresh over saved analyses (caches cleared before each request).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/index.js';
import type { Article } from '../src/digest/model.js';
import { createStores } from '../src/store/index.js';
import { createWebServer } from '../src/web/server.js';
import { corpusAvailable, loadAllCorpus } from '../tests/helpers/corpus.js';
import { siteNews } from '../tests/web/site-fixture.js';

export const name = 'web';

const N = 5000;
const DAYS = 10;
const OUTLETS = ['VnExpress', 'Tuổi Trẻ', 'Dân trí', 'Hà Nội Mới', 'Kinh tế & Đô thị', 'Lao Động'];
/** 10:00 in Hà Nội on 27/11/2026. */
const NOW = new Date('2026-11-27T03:00:00Z');
const DAY_MS = 86_400_000;

interface Base {
  title: string;
  lead: string;
  body: string;
}

function bases(): { list: Base[]; origin: string } {
  if (corpusAvailable()) {
    const list = loadAllCorpus().map((d) => ({ title: d.title, lead: d.lead, body: d.body }));
    return { list, origin: `../shared/corpus (${list.length} documents, retold)` };
  }
  const samples = JSON.parse(readFileSync(join('fixtures', 'demo', 'articles.json'), 'utf8')) as {
    articles: { title: string; lead: string; paragraphs: string[] }[];
  };
  const list = samples.articles.map((a) => ({
    title: a.title,
    lead: a.lead,
    body: a.paragraphs.join('\n\n'),
  }));
  return { list, origin: 'fixtures/demo samples (corpus absent)' };
}

function generate(): { articles: Article[]; origin: string } {
  const { list, origin } = bases();
  const out: Article[] = [];
  for (let i = 0; i < N; i++) {
    const base = list[i % list.length] as Base;
    const round = Math.floor(i / list.length);
    const sentences = base.body.split(/(?<=[.!?])\s+/);
    const body =
      round === 0 || sentences.length < 3
        ? base.body
        : sentences.filter((_s, k) => k !== round % sentences.length).join(' ');
    const day = i % DAYS;
    // Spread through the day, and never after NOW on today.
    const fetchedAt = new Date(NOW.getTime() - day * DAY_MS - ((i * 7919) % (9 * 3_600_000)));
    const id = `web-bench-${i}`;
    out.push({
      id,
      feedId: `feed-${i % OUTLETS.length}`,
      source: OUTLETS[i % OUTLETS.length] as string,
      dedupKey: `url:https://example.vn/${id}`,
      url: `https://example.vn/${id}.html`,
      title: base.title,
      lead: base.lead,
      body,
      publishedAt: new Date(fetchedAt.getTime() - 10 * 60_000),
      fetchedAt,
      author: null,
      contentHash: createHash('sha256')
        .update(`${base.title}\n${base.lead}\n${body}`)
        .digest('hex'),
      fresh: true,
    });
  }
  return { articles: out, origin };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** One GET over a kept-alive connection: round-trip ms, the server's own ms (Server-Timing), bytes. */
function get(url: string): Promise<{ ms: number; server: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    request(url, { agent }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`${url}: HTTP ${res.statusCode}`));
        const m = /dur=([\d.]+)/.exec(String(res.headers['server-timing'] ?? ''));
        resolve({ ms: performance.now() - t0, server: Number(m?.[1] ?? NaN), bytes });
      });
    })
      .on('error', reject)
      .end();
  });
}

async function measure(
  label: string,
  url: string,
  runs: number,
  before?: () => void,
): Promise<void> {
  const rtt: number[] = [];
  const server: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    before?.();
    const r = await get(url);
    rtt.push(r.ms);
    server.push(r.server);
    bytes = r.bytes;
  }
  rtt.sort((a, b) => a - b);
  server.sort((a, b) => a - b);
  const f = (xs: number[], p: number): string => percentile(xs, p).toFixed(2).padStart(8);
  console.log(
    `${label.padEnd(38)} round trip p50 ${f(rtt, 50)} ms p95 ${f(rtt, 95)} ms | ` +
      `server p50 ${f(server, 50)} ms p95 ${f(server, 95)} ms (${runs} req, ${(bytes / 1024).toFixed(1)} KiB)`,
  );
}

export async function run(): Promise<void> {
  const config = await loadConfig(join(process.cwd(), 'config'));
  const dir = mkdtempSync(join(tmpdir(), 'hanoi-digest-web-bench-'));
  const clock = { now: () => NOW };
  const stores = await createStores(`sqlite:${join(dir, 'bench.db')}`, { clock });
  try {
    const { articles, origin } = generate();
    console.log(`${articles.length} articles over ${DAYS} days from ${origin}`);
    await stores.articles.insertNew(articles);
    const { news, archive } = siteNews(stores, config, clock);
    const web = createWebServer({ archive, topics: config.topics, clock });
    const base = await web.listen(0, '127.0.0.1');
    try {
      const day = '2026-11-25';
      const t0 = performance.now();
      await get(`${base}/ban-tin/${day}`);
      console.log(
        `${'first day page (analyse + group + compose)'.padEnd(44)} ${(performance.now() - t0).toFixed(1)} ms`,
      );
      await measure('cached day page /ban-tin/2026-11-25', `${base}/ban-tin/${day}`, 300);
      await get(`${base}/`);
      await measure("cached today's page /", `${base}/`, 300);
      await get(`${base}/chu-de/giao-thong`);
      await measure('cached topic page /chu-de/giao-thong', `${base}/chu-de/giao-thong`, 300);
      const t1 = performance.now();
      await get(`${base}/ban-tin.atom`);
      console.log(
        `${'first Atom feed (14 days composed)'.padEnd(44)} ${(performance.now() - t1).toFixed(1)} ms`,
      );
      await measure('cached /ban-tin.atom', `${base}/ban-tin.atom`, 100);
      await measure('cached /ban-tin.json', `${base}/ban-tin.json`, 100);
      await measure('uncached day page (saved analyses)', `${base}/ban-tin/${day}`, 20, () => {
        web.clearCache();
        archive.clearCache();
        news.clearCache();
      });
    } finally {
      agent.destroy();
      await web.close();
    }
  } finally {
    await stores.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
