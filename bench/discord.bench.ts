/**
 * Discord `/digest` round trip: INTERACTION_CREATE pushed by a fake gateway →
 * the real discord.js client → the real command layer and NewsService over a
 * SQLite store holding 5,000 articles → the deferral callback (type 5) and the
 * edit of the deferred reply with the digest, both received by the fake REST
 * API on 127.0.0.1.
 *
 * Prints p50/p95 of "push → deferral" (the 3-second rule) and "push → edit"
 * in three regimes: the first /digest (analyses all 5,000 articles), repeated
 * /digest with the news service's composition cache cleared each time, and
 * repeated /digest served from that cache. The article texts are generated
 * here (no corpus text). DISCORD_BENCH_ARTICLES and DISCORD_BENCH_RUNS
 * override the defaults (5,000 and 40).
 */
import { createHash } from 'node:crypto';
import { createCommandHandlers } from '../src/bots/commands/index.js';
import { createDiscordBot } from '../src/bots/discord/index.js';
import { loadConfig } from '../src/config/index.js';
import { createClassifier } from '../src/digest/classify/index.js';
import { createNewsService } from '../src/digest/compose/news-service.js';
import type { Article } from '../src/digest/model.js';
import { createExtractiveSummarizer } from '../src/digest/summarize/extractive.js';
import { createStores } from '../src/store/index.js';
import {
  startFakeDiscordServer,
  type FakeDiscordServer,
} from '../tests/helpers/fake-discord-server.js';

export const name = 'discord';

const ARTICLES = Number(process.env['DISCORD_BENCH_ARTICLES'] ?? 5000);
const RUNS = Number(process.env['DISCORD_BENCH_RUNS'] ?? 40);
const GUILD = '200000000000000001';
const CHANNEL = '300000000000000001';

const PLACES = [
  'phường Cầu Giấy',
  'phường Hoàn Kiếm',
  'phường Ba Đình',
  'xã Sóc Sơn',
  'phường Long Biên',
  'phường Hà Đông',
];
const SUBJECTS = [
  [
    'UBND thành phố Hà Nội phê duyệt dự án cải tạo nút giao',
    'ùn tắc giao thông giờ cao điểm',
    'tỷ đồng',
  ],
  ['Hà Nội khởi công trường học mới', 'học sinh nhập học năm học tới', 'phòng học'],
  ['Thành phố xử lý ô nhiễm sông', 'chất lượng nước và môi trường', 'km kè'],
  ['Sở Y tế Hà Nội mở rộng tiêm chủng', 'trạm y tế phường phục vụ người dân', 'liều vắc xin'],
  [
    'Hà Nội điều chỉnh quy hoạch phân khu đô thị',
    'quy hoạch chi tiết và giải phóng mặt bằng',
    'ha đất',
  ],
] as const;

function article(i: number, now: number): Article {
  const [title, topic, unit] = SUBJECTS[i % SUBJECTS.length]!;
  const place = PLACES[i % PLACES.length]!;
  const n = 100 + ((i * 37) % 900);
  const body = [
    `Ngày ${1 + (i % 27)}/11, ${title.toLowerCase()} tại ${place}, với tổng quy mô ${n} ${unit}.`,
    `Theo kế hoạch, công trình liên quan đến ${topic} sẽ hoàn thành trong ${2 + (i % 10)} tháng, phục vụ khoảng ${n * 10} người dân.`,
    `Đại diện UBND ${place} cho biết địa phương đã lấy ý kiến ${(n % 50) + 20} hộ dân trước khi triển khai.`,
    `Đây là một trong ${(i % 15) + 3} hạng mục trọng điểm của thành phố Hà Nội năm 2026.`,
  ].join('\n\n');
  const url = `https://bao.example/tin/${i}`;
  return {
    id: createHash('sha256').update(url).digest('hex').slice(0, 16),
    feedId: 'bao-mau',
    source: `Báo Mẫu ${i % 7}`,
    dedupKey: `url:${url}`,
    url,
    title: `${title} tại ${place} (${i})`,
    lead: '',
    body,
    publishedAt: new Date(now - ((i * 15_000) % (20 * 3_600_000))),
    fetchedAt: new Date(now),
    author: null,
    contentHash: createHash('sha256').update(`${title}${body}${i}`).digest('hex'),
    fresh: true,
  };
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
};

async function roundTrip(server: FakeDiscordServer): Promise<{ defer: number; edit: number }> {
  const token = server.chatInput('digest', [], {
    guildId: GUILD,
    channelId: CHANNEL,
    permissions: 2048n,
  });
  const pushed = server.lastPushAt;
  await server.waitFor(
    (calls) => calls.some((c) => c.method === 'PATCH' && c.path.includes(token)),
    'the edit',
    120_000,
  );
  const calls = server.interactionCalls(token);
  const defer = calls.find((c) => c.path.endsWith('/callback'));
  const edit = calls.find((c) => c.method === 'PATCH');
  return { defer: (defer?.at ?? NaN) - pushed, edit: (edit?.at ?? NaN) - pushed };
}

function report(label: string, samples: { defer: number; edit: number }[]): void {
  const d = samples.map((s) => s.defer);
  const e = samples.map((s) => s.edit);
  console.log(
    `${label.padEnd(34)} n=${String(samples.length).padStart(3)}  push→deferral p50 ${pct(d, 50).toFixed(1)} ms, p95 ${pct(d, 95).toFixed(1)} ms  |  push→edit p50 ${pct(e, 50).toFixed(1)} ms, p95 ${pct(e, 95).toFixed(1)} ms`,
  );
}

export async function run(): Promise<void> {
  const config = await loadConfig('config');
  const stores = await createStores('sqlite::memory:');
  const now = Date.now();
  const articles = Array.from({ length: ARTICLES }, (_, i) => article(i, now));
  await stores.feeds.upsert(
    { id: 'bao-mau', name: 'Báo Mẫu', url: 'https://bao.example/rss', type: 'rss', enabled: true },
    'config',
  );
  await stores.articles.insertNew(articles);
  console.log(`stored articles: ${await stores.articles.count()}`);

  const news = createNewsService({
    stores,
    summarizer: createExtractiveSummarizer(),
    classifier: createClassifier({ topics: config.topics, gazetteer: config.gazetteer }),
    topics: config.topics,
    sectionOrder: config.schedules.sectionOrder,
  });
  const handlers = createCommandHandlers({
    news,
    subscriptions: stores.subscriptions,
    feeds: stores.feeds,
    gatherer: { check: async () => Promise.reject(new Error('not used in this benchmark')) },
    topics: config.topics,
    gazetteer: config.gazetteer,
  });
  const server = await startFakeDiscordServer();
  server.addGuild({ id: GUILD, name: 'Hà Nội', channelIds: [CHANNEL] });
  const bot = createDiscordBot({
    token: 'test-token',
    applicationId: '900000000000000001',
    apiBase: server.apiBase,
    adminIds: [],
    handlers,
    topics: config.topics,
  });
  try {
    await bot.start();
    const first = await roundTrip(server);
    report(`first /digest (analyses ${ARTICLES})`, [first]);
    const composed: { defer: number; edit: number }[] = [];
    for (let i = 0; i < RUNS; i++) {
      news.clearCache();
      composed.push(await roundTrip(server));
    }
    report('/digest, composed each time', composed);
    const cached: { defer: number; edit: number }[] = [];
    for (let i = 0; i < RUNS; i++) cached.push(await roundTrip(server));
    report('/digest, composition cached', cached);
    console.log(
      `news service: ${news.stats.compositions} compositions, ${news.stats.cacheHits} cache hits, ${news.stats.analysed} analysed; payload violations: ${server.violations.length}`,
    );
  } finally {
    await bot.stop();
    await server.close();
    await stores.close();
  }
}
