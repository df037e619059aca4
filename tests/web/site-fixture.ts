/**
 * A store with three days of news for the web tests and the bench: the
 * team's own sample articles (fixtures/demo, fictional events written in the
 * outlets' style) spread over today and the two days before, plus the seed
 * article from ../shared/seeds when it is there; feeds with one failing,
 * subscriptions and an outbox with a failed delivery. The real summarizer,
 * classifier and bundled topics run over it, as in production.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import type { LoadedConfig } from '../../src/config/types.js';
import { createClassifier } from '../../src/digest/classify/index.js';
import { createNewsService } from '../../src/digest/compose/news-service.js';
import type { Article } from '../../src/digest/model.js';
import type { Clock } from '../../src/digest/ports.js';
import { createExtractiveSummarizer } from '../../src/digest/summarize/extractive.js';
import { parseSeed } from '../../src/demo/seed-page.js';
import { createStores, type SqlStores } from '../../src/store/index.js';
import { createDigestArchive, type DigestArchive } from '../../src/web/archive.js';
import { createWebServer, type WebServer } from '../../src/web/server.js';
import { subscriptionFixture } from '../helpers/subscription-fixture.js';

/** 11:00 in Hà Nội on Friday 27/11/2026. */
export const NOW = new Date('2026-11-27T04:00:00Z');
export const TODAY = '2026-11-27';
export const YESTERDAY = '2026-11-26';
export const TWO_DAYS_AGO = '2026-11-25';
export const ADMIN_TOKEN = 'web-test-admin-token-2026';
const HOUR = 3_600_000;
/** Midnight in Hà Nội (UTC+7) of a day key. */
const midnight = (key: string): number => new Date(`${key}T00:00:00+07:00`).getTime();

interface Sample {
  slug: string;
  outlet: string;
  title: string;
  lead: string;
  paragraphs: string[];
}
interface SampleFile {
  outlets: { id: string; name: string; site?: string }[];
  articles: Sample[];
}

/** Which day each sample lands on (the two flood reports share a day, so they group). */
const DAY_OF: Record<string, string> = {
  'ngap-ung-sau-mua-lon': TODAY,
  'mua-lon-ngap-pho': TODAY,
  'tai-nan-vanh-dai-3': TODAY,
  'gia-thit-lon-tang': TODAY,
  'vanh-dai-4-giai-phong-mat-bang': YESTERDAY,
  'tuyen-sinh-lop-10': YESTERDAY,
  'benh-vien-sot-xuat-huyet': YESTERDAY,
  'tiep-xuc-cu-tri-phuong-hoan-kiem': TWO_DAYS_AGO,
  'xa-nam-phu-tin-dung': TWO_DAYS_AGO,
  'tphcm-metro': TWO_DAYS_AGO,
};

function toArticle(
  id: string,
  source: { id: string; name: string },
  url: string,
  title: string,
  lead: string,
  body: string,
  fetchedAt: Date,
): Article {
  return {
    id,
    feedId: source.id,
    source: source.name,
    dedupKey: `url:${url}`,
    url,
    title,
    lead,
    body,
    publishedAt: new Date(fetchedAt.getTime() - HOUR / 2),
    fetchedAt,
    author: null,
    contentHash: createHash('sha256').update(`${title}\n${lead}\n${body}`).digest('hex'),
    fresh: true,
  };
}

/** The three days of articles (and the seed when present). */
export function sampleArticles(): { articles: Article[]; withSeed: boolean } {
  const file = JSON.parse(
    readFileSync(join('fixtures', 'demo', 'articles.json'), 'utf8'),
  ) as SampleFile;
  const perDay = new Map<string, number>();
  const articles: Article[] = [];
  for (const s of file.articles) {
    const day = DAY_OF[s.slug] ?? TODAY;
    const outlet = file.outlets.find((o) => o.id === s.outlet) ?? { id: s.outlet, name: s.outlet };
    const i = perDay.get(day) ?? 0;
    perDay.set(day, i + 1);
    // Today's news arrived before NOW (11:00); other days' through the morning.
    const fetchedAt = new Date(midnight(day) + (6 + i) * HOUR);
    const url = `${outlet.site ?? 'https://example.org'}/${s.slug}.html`;
    articles.push(
      toArticle(s.slug, outlet, url, s.title, s.lead, s.paragraphs.join('\n\n'), fetchedAt),
    );
  }
  const seedDir = join('..', 'shared', 'seeds');
  const seedFile = existsSync(seedDir)
    ? readdirSync(seedDir).find((f) => f.endsWith('.txt'))
    : undefined;
  if (seedFile) {
    const parts = parseSeed(readFileSync(join(seedDir, seedFile), 'utf8'));
    // The article's own paragraphs: long ones (the scraper's share bar, caption and byline are short or doubled).
    const paragraphs = parts.paragraphs.filter((p) => p.length > 80);
    articles.push(
      toArticle(
        'seed',
        { id: 'demo-phunuthudo', name: 'Phụ nữ Thủ đô (mẫu)' },
        'https://phunuthudo.example/ha-noi-ket-nap-hon-10000-dang-vien-moi.html',
        parts.title,
        paragraphs[0] ?? '',
        paragraphs.slice(1).join('\n\n'),
        new Date(midnight(YESTERDAY) + 9 * HOUR),
      ),
    );
  }
  return { articles, withSeed: Boolean(seedFile) };
}

export interface SiteFixture {
  stores: SqlStores;
  config: LoadedConfig;
  web: WebServer;
  archive: DigestArchive;
  baseUrl: string;
  withSeed: boolean;
  close(): Promise<void>;
}

/** The site's news service and day archive over `stores`, as the app wires them (folding at 12). */
export function siteNews(
  stores: SqlStores,
  config: LoadedConfig,
  clock: Clock,
): { news: ReturnType<typeof createNewsService>; archive: DigestArchive } {
  const news = createNewsService({
    stores,
    summarizer: createExtractiveSummarizer({ useLead: true }),
    classifier: createClassifier({ topics: config.topics, gazetteer: config.gazetteer }),
    topics: config.topics,
    sectionOrder: config.schedules.sectionOrder,
    clock,
    timezone: config.schedules.timezone,
    foldSmallSectionsUpTo: 12,
  });
  return {
    news,
    archive: createDigestArchive({ news, timezone: config.schedules.timezone, clock }),
  };
}

export async function fillAdminData(stores: SqlStores, clock: Clock): Promise<void> {
  const now = clock.now();
  await stores.feeds.upsert(
    {
      id: 'demo-hanoimoi',
      name: 'Hà Nội Mới (mẫu)',
      url: 'https://hanoimoi.example/rss',
      type: 'rss',
      enabled: true,
    },
    'config',
  );
  await stores.feeds.upsert(
    {
      id: 'demo-tuoitre',
      name: 'Tuổi Trẻ (mẫu)',
      url: 'https://tuoitre.example/rss',
      type: 'rss',
      enabled: true,
    },
    'config',
  );
  await stores.feeds.saveState({
    feedId: 'demo-hanoimoi',
    etag: null,
    lastModified: null,
    lastAttemptAt: new Date(now.getTime() - 5 * 60_000),
    lastSuccessAt: new Date(now.getTime() - 5 * 60_000),
    consecutiveFailures: 0,
    lastError: null,
    primed: true,
  });
  await stores.feeds.saveState({
    feedId: 'demo-tuoitre',
    etag: null,
    lastModified: null,
    lastAttemptAt: new Date(now.getTime() - 5 * 60_000),
    lastSuccessAt: new Date(now.getTime() - 26 * HOUR),
    consecutiveFailures: 3,
    lastError: 'HTTP 503 from tuoitre.example',
    primed: true,
  });
  await stores.subscriptions.upsert(
    subscriptionFixture('sub-channel', { platform: 'telegram', chatId: '@hanoi_digest' }, now, {
      origin: 'config',
      lastDigestAt: new Date(midnight(TODAY)),
    }),
  );
  await stores.subscriptions.upsert(
    subscriptionFixture('sub-discord', { platform: 'discord', chatId: '123456789012345678' }, now, {
      filters: { topics: ['giao-thong'], places: [], keywords: [], excludeKeywords: [] },
    }),
  );
  const slot = new Date(midnight(TODAY)).toISOString();
  await stores.outbox.enqueue([
    {
      targetKey: 'telegram:@hanoi_digest',
      target: { platform: 'telegram', chatId: '@hanoi_digest' },
      subscriptionId: 'sub-channel',
      slot,
      chunkIndex: 0,
      chunkCount: 1,
      payload: { kind: 'telegram', html: '<b>Bản tin</b>' },
      nextAttemptAt: now,
    },
    {
      targetKey: 'discord:123456789012345678',
      target: { platform: 'discord', chatId: '123456789012345678' },
      subscriptionId: 'sub-discord',
      slot,
      chunkIndex: 0,
      chunkCount: 1,
      payload: { kind: 'discord', content: 'Bản tin' },
      nextAttemptAt: now,
    },
  ]);
  const rows = await stores.outbox.list();
  for (const r of rows) {
    if (r.targetKey.startsWith('telegram')) await stores.outbox.markSent(r.id, '42');
    else await stores.outbox.markFailed(r.id, 'Missing Access (50001): bot removed from channel');
  }
}

export async function startSiteFixture(
  options: { adminToken?: string | null; clock?: Clock } = {},
): Promise<SiteFixture> {
  const clock = options.clock ?? { now: () => NOW };
  const config = await loadConfig('config');
  const stores = await createStores('sqlite::memory:', { clock });
  const { articles, withSeed } = sampleArticles();
  await stores.articles.insertNew(articles);
  await fillAdminData(stores, clock);
  const { archive } = siteNews(stores, config, clock);
  const token = options.adminToken === undefined ? ADMIN_TOKEN : options.adminToken;
  const web = createWebServer({
    archive,
    topics: config.topics,
    clock,
    ...(token ? { adminToken: token } : {}),
    admin: {
      feeds: stores.feeds,
      outbox: stores.outbox,
      subscriptions: stores.subscriptions,
      gatherIntervalMinutes: 15,
    },
  });
  const baseUrl = await web.listen(0, '127.0.0.1');
  return {
    stores,
    config,
    web,
    archive,
    baseUrl,
    withSeed,
    async close() {
      await web.close();
      await stores.close();
    },
  };
}
