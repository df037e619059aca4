/**
 * Discord `/digest` round trip: INTERACTION_CREATE pushed by a fake gateway →
 * the real discord.js client → the real command layer and NewsService over a
 * SQLite store holding 5,000 articles → the deferral callback (type 5) and the
 * edit of the deferred reply with the digest, both received by the fake REST
 * API on 127.0.0.1.
 *
 * Prints p50/p95 of "push → deferral" (the 3-second rule) and "push → edit"
 * in two regimes: /digest with the news service's composition cache cleared
 * each time (a real composition over the stored analyses), and /digest served
 * from that cache (what a burst of users gets). Analysing the 5,000 articles
 * (done by the gathering job in production) is timed separately first. The article texts are generated
 * here (no corpus text). DISCORD_BENCH_ARTICLES, DISCORD_BENCH_COMPOSED_RUNS
 * and DISCORD_BENCH_RUNS override the defaults (5,000, 5 and 40).
 */
import { createBenchNewsAndHandlers } from './chat-bench-setup.js';
import { createHash } from 'node:crypto';
import { createDiscordBot } from '../src/bots/discord/index.js';
import { loadConfig } from '../src/config/index.js';
import type { Article } from '../src/digest/model.js';
import { createStores } from '../src/store/index.js';
import {
  startFakeDiscordServer,
  type FakeDiscordServer,
} from '../tests/helpers/fake-discord-server.js';

export const name = 'discord';

const ARTICLES = Number(process.env['DISCORD_BENCH_ARTICLES'] ?? 5000);
const RUNS = Number(process.env['DISCORD_BENCH_RUNS'] ?? 40);
/** Composing over 5,000 articles takes seconds each time, so fewer runs of that regime. */
const COMPOSED_RUNS = Number(process.env['DISCORD_BENCH_COMPOSED_RUNS'] ?? 5);
const GUILD = '200000000000000001';
const CHANNEL = '300000000000000001';

/** A small deterministic PRNG (mulberry32), so every run stores the same articles. */
function prng(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

const PLACES = [
  'Cầu Giấy',
  'Hoàn Kiếm',
  'Ba Đình',
  'Long Biên',
  'Hà Đông',
  'Tây Hồ',
  'Đống Đa',
  'Hai Bà Trưng',
  'Thanh Xuân',
  'Hoàng Mai',
  'Bồ Đề',
  'Láng',
  'Kim Liên',
  'Văn Miếu',
  'Ô Chợ Dừa',
];
const SUBJECTS = [
  'UBND thành phố',
  'Sở Xây dựng',
  'Sở Giao thông vận tải',
  'Sở Tài nguyên và Môi trường',
  'Sở Y tế',
  'Sở Giáo dục và Đào tạo',
  'Công an thành phố',
  'Ban quản lý dự án',
  'HĐND thành phố',
  'Sở Quy hoạch - Kiến trúc',
];
const ACTIONS = [
  'phê duyệt',
  'khởi công',
  'nghiệm thu',
  'kiểm tra',
  'điều chỉnh',
  'lấy ý kiến về',
  'đề xuất',
  'hoàn thành',
  'tạm dừng',
  'mở rộng',
];
const OBJECTS = [
  'nút giao',
  'trường tiểu học',
  'trạm y tế',
  'tuyến đường',
  'công viên',
  'bãi đỗ xe',
  'hệ thống thoát nước',
  'khu tái định cư',
  'cầu vượt',
  'nhà máy xử lý nước thải',
  'chợ dân sinh',
  'tuyến xe buýt',
  'khu vui chơi',
  'đường gom',
  'trung tâm văn hóa',
];
const UNITS = ['tỷ đồng', 'ha', 'km', 'phòng học', 'hộ dân', 'căn hộ', 'giường bệnh', 'chỗ đỗ'];
const FILLER = [
  'Người dân trong khu vực bày tỏ đồng tình',
  'Nhiều ý kiến đề nghị công khai tiến độ',
  'Đơn vị thi công cam kết bảo đảm an toàn',
  'Lực lượng chức năng sẽ phân luồng từ sáng sớm',
  'Kinh phí lấy từ ngân sách thành phố',
  'Chủ đầu tư đã hoàn tất hồ sơ pháp lý',
  'Việc giải phóng mặt bằng đạt phần lớn khối lượng',
  'Phường tổ chức đối thoại với các hộ bị ảnh hưởng',
];

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

function article(i: number, now: number): Article {
  const r = prng(i + 1);
  const place = pick(r, PLACES);
  const title = `${pick(r, SUBJECTS)} ${pick(r, ACTIONS)} ${pick(r, OBJECTS)} tại phường ${place} số ${i}`;
  const n = 10 + Math.floor(r() * 9_990);
  const body = [
    `Ngày ${1 + Math.floor(r() * 27)}/11, ${title.toLowerCase()}, quy mô ${n.toLocaleString('vi-VN')} ${pick(r, UNITS)}.`,
    `${pick(r, FILLER)}; dự kiến hoàn thành sau ${2 + Math.floor(r() * 30)} tháng, phục vụ khoảng ${(n * 7).toLocaleString('vi-VN')} người.`,
    `Theo ${pick(r, SUBJECTS)}, ${pick(r, OBJECTS)} mới sẽ nối với ${pick(r, OBJECTS)} hiện có ở phường ${pick(r, PLACES)}. ${pick(r, FILLER)}.`,
    `Hạng mục này nằm trong ${3 + Math.floor(r() * 40)} công trình trọng điểm của Hà Nội năm 2026.`,
  ].join('\n\n');
  const url = `https://bao.example/tin/${i}`;
  return {
    id: createHash('sha256').update(url).digest('hex').slice(0, 16),
    feedId: 'bao-mau',
    source: `Báo Mẫu ${i % 7}`,
    dedupKey: `url:${url}`,
    url,
    title,
    lead: '',
    body,
    publishedAt: new Date(now - ((i * 15_000) % (20 * 3_600_000))),
    fetchedAt: new Date(now),
    author: null,
    contentHash: createHash('sha256').update(`${title}\n${body}`).digest('hex'),
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

  const { news, handlers } = createBenchNewsAndHandlers(stores, config);
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
    // Analyse every article once up front (what the gathering job does in production), timed on its own.
    const t0 = performance.now();
    await news.digest({});
    console.log(
      `analyse ${ARTICLES} articles + first composition (no Discord): ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const composed: { defer: number; edit: number }[] = [];
    for (let i = 0; i < COMPOSED_RUNS; i++) {
      news.clearCache();
      const sample = await roundTrip(server);
      composed.push(sample);
      console.log(
        `  composed run ${i + 1}/${COMPOSED_RUNS}: deferral ${sample.defer.toFixed(1)} ms, edit ${sample.edit.toFixed(0)} ms`,
      );
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
