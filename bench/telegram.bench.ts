/**
 * Telegram reply time: a command update pushed to the fake Bot API server →
 * long polling (@grammyjs/runner) → the real command layer and NewsService
 * over a SQLite store holding 5,000 articles → sendMessage received by the
 * server. Prints p50/p95 of "push → first sendMessage" and "push → last
 * chunk" for /digest (first run, composed each time, served from the
 * composition cache) and for /search.
 *
 * The bot's per-chat pacing (1 message/s) is switched off here: it is
 * Telegram's rule, not processing time, and would add a second per extra
 * digest chunk. Article texts are generated here (no corpus text).
 * The 5,000 articles span 30 days, so a 24-hour digest covers about 170 of
 * them while /search looks through the news service's search depth (2,000).
 * TELEGRAM_BENCH_ARTICLES, TELEGRAM_BENCH_RUNS (cached /digest) and
 * TELEGRAM_BENCH_SLOW_RUNS (composed /digest, /search) override 5,000, 40, 10.
 */
import { createBenchNewsAndHandlers } from './chat-bench-setup.js';
import { createHash } from 'node:crypto';
import { createTelegramBot } from '../src/bots/telegram/bot.js';
import { loadConfig } from '../src/config/index.js';
import type { Article } from '../src/digest/model.js';
import { createStores } from '../src/store/index.js';
import {
  startFakeTelegramServer,
  type FakeTelegramServer,
} from '../tests/helpers/fake-telegram-server.js';

export const name = 'telegram';

const ARTICLES = Number(process.env['TELEGRAM_BENCH_ARTICLES'] ?? 5000);
const RUNS = Number(process.env['TELEGRAM_BENCH_RUNS'] ?? 40);
/** Runs of the regimes that compose each time (seconds each at 5,000 articles). */
const SLOW_RUNS = Number(process.env['TELEGRAM_BENCH_SLOW_RUNS'] ?? 10);
const CHAT = { id: 424242, type: 'private' as const, first_name: 'Bench' };
const USER = { id: 424242, first_name: 'Bench' };

const PLACES = [
  'phường Cầu Giấy',
  'phường Hoàn Kiếm',
  'phường Ba Đình',
  'xã Sóc Sơn',
  'phường Long Biên',
  'phường Tây Hồ',
  'phường Đống Đa',
  'xã Gia Lâm',
];
const EVENTS = [
  ['mở rộng tuyến đường', 'giao thông', 'tỷ đồng'],
  ['xử lý điểm ngập úng', 'thoát nước', 'điểm ngập'],
  ['cải tạo chiếu sáng công cộng', 'đô thị', 'bóng đèn'],
  ['trang bị thêm cho bệnh viện', 'y tế', 'giường bệnh'],
  ['phân loại rác tại nguồn', 'môi trường', 'tấn rác'],
  ['xây trường học mới', 'giáo dục', 'phòng học'],
] as const;
/** Words that make each generated story distinct, so same-story grouping sees real stories, not one giant cluster. */
const WORDS = (
  'cầu vượt hầm chui vỉa hè công viên chợ dân sinh ký túc xá nhà văn hóa bãi đỗ xe trạm bơm cống hộp kênh mương ' +
  'hồ điều hòa cây xanh đèn tín hiệu xe buýt đường sắt đô thị nhà tái định cư chung cư cũ bể bơi sân bóng thư viện ' +
  'trạm y tế nhà máy nước tuyến đê trạm biến áp camera giám sát làn xe đạp phố đi bộ bến xe nút giao vòng xuyến'
).split(' ');

function rng(seed: number): () => number {
  let x = seed * 2654435761 + 1;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

function article(i: number, now: number): Article {
  // Two outlets tell each story, so grouping has real work to do.
  const storyNo = Math.floor(i / 2);
  const r = rng(storyNo + 1);
  const pick = (n: number): string =>
    Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]!).join(' ');
  const [event, topic, unit] = EVENTS[storyNo % EVENTS.length]!;
  const place = PLACES[Math.floor(r() * PLACES.length)]!;
  const n = 50 + Math.floor(r() * 950);
  const subject = pick(4);
  const body = [
    `Ngày ${1 + (storyNo % 28)}/11, Hà Nội ${event} ${subject} tại ${place} với quy mô ${n} ${unit}.`,
    `Hạng mục ${pick(3)} thuộc lĩnh vực ${topic}, dự kiến kéo dài ${3 + (storyNo % 9)} tháng và phục vụ khoảng ${n * 12} người dân.`,
    `Lãnh đạo ${place} cho biết đã lấy ý kiến người dân về ${pick(3)} trong ${2 + (storyNo % 6)} buổi đối thoại.`,
  ].join('\n\n');
  const url = `https://tin.example/bai/${i}`;
  return {
    id: createHash('sha256').update(url).digest('hex').slice(0, 16),
    feedId: 'tin-mau',
    source: `Tin Mẫu ${i % 2}`,
    dedupKey: `url:${url}`,
    url,
    title: `Hà Nội ${event} ${subject} tại ${place}`,
    lead: '',
    body,
    // 5,000 articles over 30 days: about 170 fall in a 24-hour digest window, as on a real day.
    publishedAt: new Date(now - i * Math.floor((30 * 24 * 3_600_000) / ARTICLES)),
    fetchedAt: new Date(now),
    author: null,
    contentHash: createHash('sha256').update(`${url}${body}`).digest('hex'),
    fresh: true,
  };
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
};

interface Sample {
  first: number;
  last: number;
  messages: number;
}

/** Push one command and wait until the reply is complete (its last message carries `endMarker`). */
async function roundTrip(
  server: FakeTelegramServer,
  text: string,
  endMarker: RegExp,
): Promise<Sample> {
  const before = server.calls.length;
  server.sendText(CHAT, USER, text);
  const pushed = server.lastPushAt;
  const isReply = (c: { method: string; params: Record<string, unknown> }, i: number): boolean =>
    i >= before && c.method === 'sendmessage' && c.params['chat_id'] === CHAT.id;
  await server.waitForCall(
    (c) => isReply(c, server.calls.indexOf(c)) && endMarker.test(String(c.params['text'])),
    120_000,
  );
  const replies = server.calls.filter((c, i) => isReply(c, i));
  return {
    first: replies[0]!.at - pushed,
    last: replies[replies.length - 1]!.at - pushed,
    messages: replies.length,
  };
}

function report(label: string, samples: Sample[]): void {
  const f = samples.map((s) => s.first);
  const l = samples.map((s) => s.last);
  const m = samples.reduce((n, s) => n + s.messages, 0) / samples.length;
  console.log(
    `${label.padEnd(34)} n=${String(samples.length).padStart(3)}  update→first sendMessage p50 ${pct(f, 50).toFixed(1)} ms, p95 ${pct(f, 95).toFixed(1)} ms  |  update→last chunk p50 ${pct(l, 50).toFixed(1)} ms, p95 ${pct(l, 95).toFixed(1)} ms  (${m.toFixed(1)} messages)`,
  );
}

export async function run(): Promise<void> {
  const config = await loadConfig('config');
  const stores = await createStores('sqlite::memory:');
  const now = Date.now();
  await stores.feeds.upsert(
    { id: 'tin-mau', name: 'Tin Mẫu', url: 'https://tin.example/rss', type: 'rss', enabled: true },
    'config',
  );
  await stores.articles.insertNew(Array.from({ length: ARTICLES }, (_, i) => article(i, now)));
  console.log(`stored articles: ${await stores.articles.count()}`);

  const { news, handlers } = createBenchNewsAndHandlers(stores, config);
  const server = await startFakeTelegramServer();
  const bot = createTelegramBot({
    token: server.token,
    apiRoot: server.apiRoot,
    adminIds: [],
    handlers,
    pollTimeoutSeconds: 10,
    logger: {
      debug() {},
      info() {},
      warn() {},
      error: (o, m) => console.error('bot error:', m, o),
    },
    limits: { perChatIntervalMs: 0, globalPerSecond: 100_000, perGroupPerMinute: 100_000 },
  });
  // A digest's last chunk carries the footer ("… · Đổi đăng ký: /settings"); an empty one says "Chưa có tin".
  const digestEnd = /\/settings|Chưa có tin/u;
  try {
    await bot.start();
    report('first /digest (analyses the window)', [await roundTrip(server, '/digest', digestEnd)]);
    const firstDigest = server.messages.filter((m) => m.chatId === String(CHAT.id));
    console.log(
      `the digest: ${firstDigest.length} message(s), ${firstDigest.reduce((n, m) => n + m.text.length, 0)} characters`,
    );
    const composed: Sample[] = [];
    for (let i = 0; i < SLOW_RUNS; i++) {
      news.clearCache();
      composed.push(await roundTrip(server, '/digest', digestEnd));
    }
    report('/digest, composed each time', composed);
    const cached: Sample[] = [];
    for (let i = 0; i < RUNS; i++) cached.push(await roundTrip(server, '/digest', digestEnd));
    report('/digest, composition cached', cached);
    const queries = [
      'ngap ung',
      'ùn tắc giao thông',
      'cau giay',
      'phân loại rác',
      'benh vien',
      'không có kết quả nào',
    ];
    const search: Sample[] = [];
    for (let i = 0; i < SLOW_RUNS; i++)
      search.push(await roundTrip(server, `/search ${queries[i % queries.length]}`, /./u));
    report('/search', search);
    const rejected = server.callsOf('sendMessage').filter((c) => c.response['ok'] !== true).length;
    console.log(
      `news service: ${news.stats.compositions} compositions, ${news.stats.cacheHits} cache hits, ${news.stats.analysed} analysed; sendMessage rejected by the server: ${rejected}`,
    );
  } finally {
    await bot.stop();
    await server.close();
    await stores.close();
  }
}
