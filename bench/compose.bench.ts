/**
 * `npm run bench -- compose`: compose and render a digest from 5,000 stored
 * articles. Articles come from a generator of Hà Nội civic-news-like text
 * (../shared/corpus when present, read in place; otherwise templates written
 * for this bench), many of them retellings of the same event by another
 * outlet, so grouping has real work. Prints milliseconds for:
 * insertion, the first composition (analysis + classification + grouping +
 * compose), a second composition of the same slot (cache), a fresh service's
 * composition over already-saved analyses, cold /search and /latest (the
 * newest 2,000 articles), groupStories alone, and each renderer; CPU time
 * next to wall time, since the machine may be shared.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { renderDiscordDigest } from '../src/bots/discord/render.js';
import { renderTelegramDigest } from '../src/bots/telegram/render.js';
import { loadConfig } from '../src/config/index.js';
import { createClassifier } from '../src/digest/classify/index.js';
import { createNewsService } from '../src/digest/compose/news-service.js';
import { groupStoriesDetailed } from '../src/digest/group/index.js';
import { renderJson } from '../src/digest/format/json.js';
import { renderPreviewHtml } from '../src/web/render.js';
import { renderTerminal } from '../src/digest/format/terminal.js';
import type { Article } from '../src/digest/model.js';
import { createExtractiveSummarizer } from '../src/digest/summarize/extractive.js';
import { createStores } from '../src/store/index.js';
import { corpusAvailable, loadAllCorpus } from '../tests/helpers/corpus.js';

export const name = 'compose';

const N = 5000;
const OUTLETS = [
  'VnExpress',
  'Tuổi Trẻ',
  'Dân trí',
  'Hà Nội Mới',
  'Kinh tế & Đô thị',
  'Lao Động',
  'Thanh Niên',
  'VietNamNet',
];
const PLACES = [
  'phường Hoàn Kiếm',
  'phường Ba Đình',
  'phường Cầu Giấy',
  'phường Đống Đa',
  'phường Long Biên',
  'xã Sóc Sơn',
  'xã Ba Vì',
  'phường Hà Đông',
  'xã Đông Anh',
  'phường Tây Hồ',
];
const EVENTS: {
  title: (p: string, x: number) => string;
  body: (p: string, x: number, y: number) => string;
}[] = [
  {
    title: (p, x) => `Thông xe cầu vượt dài ${x} m tại ${p}`,
    body: (p, x, y) =>
      `Sáng nay, UBND thành phố Hà Nội tổ chức thông xe cầu vượt tại ${p}. Cầu dài ${x} m, tổng mức đầu tư ${y} tỷ đồng. Sở Xây dựng cho biết công trình giúp giảm ùn tắc giao thông cho khoảng ${x * 40} lượt xe mỗi ngày. Theo kế hoạch, các hạng mục còn lại hoàn thành trong năm 2026.`,
  },
  {
    title: (p, x) => `Mưa lớn gây ngập sâu ${x} cm ở ${p}`,
    body: (p, x, y) =>
      `Trận mưa lớn chiều qua khiến nhiều tuyến phố ở ${p}, Hà Nội ngập sâu tới ${x} cm. Lượng mưa đo được là ${y} mm. Công ty Thoát nước Hà Nội đã huy động ${Math.round(y / 2)} công nhân và nhiều máy bơm để tiêu thoát nước. Người dân được khuyến cáo hạn chế di chuyển qua khu vực trũng thấp.`,
  },
  {
    title: (p, x) => `Chỉ số AQI vượt ${x} tại ${p}`,
    body: (p, x, y) =>
      `Chất lượng không khí ở ${p}, Hà Nội ở mức kém khi chỉ số AQI lên tới ${x}. Sở Tài nguyên và Môi trường cho biết nồng độ bụi mịn PM2.5 tăng ${y}% so với tuần trước. Thành phố khuyến cáo người dân hạn chế ra ngoài vào sáng sớm và đeo khẩu trang.`,
  },
  {
    title: (p, x) => `Bệnh viện tại ${p} tiếp nhận ${x} ca sốt xuất huyết`,
    body: (p, x, y) =>
      `Trong tuần qua, bệnh viện đa khoa tại ${p} đã tiếp nhận ${x} ca sốt xuất huyết, tăng ${y}% so với cùng kỳ. Sở Y tế Hà Nội yêu cầu các địa phương đẩy mạnh diệt bọ gậy và phun hóa chất tại các ổ dịch.`,
  },
  {
    title: (p, x) => `Hà Nội khởi công trường học ${x} phòng ở ${p}`,
    body: (p, x, y) =>
      `UBND ${p} khởi công xây dựng trường tiểu học với ${x} phòng học, vốn ${y} tỷ đồng từ ngân sách thành phố Hà Nội. Dự kiến trường đón học sinh từ năm học 2027-2028, giảm sĩ số lớp học trên địa bàn.`,
  },
];

/** A deterministic pseudo-random sequence, so every run measures the same articles. */
function rng(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

interface Base {
  title: string;
  lead: string;
  body: string;
}

/** Template events: a varied title and 3–5 sentences drawn from the event's and a shared pool. */
function templateBases(count: number, rand: () => number): Base[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const shared = [
    (p: string, x: number) =>
      `Lãnh đạo ${p} cho biết sẽ báo cáo thành phố trước ngày ${1 + (x % 28)}/12.`,
    (p: string, x: number) =>
      `Người dân ${p} phản ánh tình trạng này kéo dài khoảng ${x % 60} ngày.`,
    (p: string, x: number) => `Kinh phí dự kiến khoảng ${x} tỷ đồng, lấy từ ngân sách thành phố.`,
    (p: string, x: number) =>
      `Trước đó, ${p} đã tổ chức ${x % 20} cuộc họp với các sở, ngành liên quan.`,
  ];
  const out: Base[] = [];
  for (let i = 0; i < count; i++) {
    const ev = pick(EVENTS);
    const place = pick(PLACES);
    const x = 10 + Math.floor(rand() * 990);
    const y = 5 + Math.floor(rand() * 2000);
    const sentences = ev.body(place, x, y).split('. ');
    const extra = Array.from({ length: 1 + Math.floor(rand() * 2) }, () =>
      pick(shared)(place, Math.floor(rand() * 1000)),
    );
    out.push({
      title: `${ev.title(place, x)} (${i})`,
      lead: '',
      body: [...sentences, ...extra].join('. '),
    });
  }
  return out;
}

function corpusBases(): Base[] | null {
  if (!corpusAvailable()) return null;
  return loadAllCorpus().map((d) => ({ title: d.title, lead: d.lead, body: d.body }));
}

/**
 * 5,000 articles published over the last 23 hours. From the corpus (read in
 * place) when present: each document is retold by several outlets, each
 * telling dropping a different sentence, so grouping sees near-duplicates.
 */
function generate(now: Date): { articles: Article[]; origin: string } {
  const rand = rng(42);
  const corpus = corpusBases();
  const bases = corpus ?? templateBases(1500, rand);
  const out: Article[] = [];
  for (let i = 0; out.length < N; i++) {
    const base = bases[i % bases.length] as Base;
    const round = Math.floor(i / bases.length);
    const sentences = base.body.split(/(?<=[.!?])\s+/);
    const body =
      round === 0 || sentences.length < 3
        ? base.body
        : sentences.filter((_s, k) => k !== round % sentences.length).join(' ');
    const published = new Date(now.getTime() - Math.floor(rand() * 23 * 3_600_000));
    const id = `bench-${i}`;
    const source = OUTLETS[i % OUTLETS.length] as string;
    out.push({
      id,
      feedId: `feed-${i % OUTLETS.length}`,
      source,
      dedupKey: `url:https://example.vn/${id}`,
      url: `https://example.vn/${id}.html`,
      title: base.title,
      lead: base.lead,
      body,
      publishedAt: published,
      fetchedAt: new Date(published.getTime() + 60_000),
      author: null,
      contentHash: createHash('sha256')
        .update(`${base.title}\n${base.lead}\n${body}`)
        .digest('hex'),
      fresh: true,
    });
  }
  return {
    articles: out,
    origin: corpus ? `../shared/corpus (${corpus.length} documents, retold)` : 'built-in templates',
  };
}

/** Wall and CPU time (the machine may be shared: CPU time is this process' own work). */
async function time<T>(label: string, fn: () => Promise<T> | T): Promise<T> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const result = await fn();
  const c = process.cpuUsage(c0);
  console.log(
    `${label.padEnd(48)} ${(performance.now() - t0).toFixed(1).padStart(9)} ms` +
      ` (CPU ${((c.user + c.system) / 1000).toFixed(0).padStart(6)} ms)`,
  );
  return result;
}

export async function run(): Promise<void> {
  const config = await loadConfig(join(process.cwd(), 'config'));
  const dir = mkdtempSync(join(tmpdir(), 'hanoi-digest-bench-'));
  const stores = await createStores(`sqlite:${join(dir, 'bench.db')}`);
  try {
    const now = new Date('2026-11-27T00:00:00Z');
    const { articles, origin } = generate(now);
    console.log(`articles from ${origin}`);
    await time(`insert ${articles.length} articles`, () => stores.articles.insertNew(articles));
    const classifier = createClassifier({ topics: config.topics, gazetteer: config.gazetteer });
    const make = () =>
      createNewsService({
        stores,
        summarizer: createExtractiveSummarizer(),
        classifier,
        topics: config.topics,
        sectionOrder: config.schedules.sectionOrder,
        clock: { now: () => now },
      });
    const news = make();
    const doc = await time('first composition (analyse + group + compose)', () =>
      news.digest({ until: now }),
    );
    await time('same slot again (cached)', () => news.digest({ until: now }));
    await time('1,000 subscribers, same filters', () =>
      Promise.all(Array.from({ length: 1000 }, () => news.digest({ until: now }))),
    );
    const fresh = make();
    await time('new service, saved analyses (group + compose)', () => fresh.digest({ until: now }));
    await time('/search cold (new service, newest 2,000)', () => make().search('ngập'));
    await time('/latest cold (new service, newest 2,000)', () => make().latest(5));
    const groupable = articles.map((a) => ({
      id: a.id,
      title: a.title,
      lead: a.lead,
      body: a.body,
      publishedAt: a.publishedAt,
    }));
    const g = await time(`groupStories alone, ${articles.length} articles`, () =>
      groupStoriesDetailed(groupable),
    );
    console.log(
      `groups: ${g.groups.length}, largest ${Math.max(...g.groups.map((x) => x.length))}, ` +
        `candidate pairs ${g.candidatePairs}, verified ${g.verifiedPairs}`,
    );
    console.log(
      `compositions: ${news.stats.compositions}, cache hits: ${news.stats.cacheHits}, analysed: ${news.stats.analysed}`,
    );
    console.log(
      `digest: ${doc.counts.items} items, ${doc.counts.sources} outlets, ${doc.counts.sections} sections`,
    );
    const tg = await time('render Telegram HTML', () => renderTelegramDigest(doc));
    const dc = await time('render Discord content', () => renderDiscordDigest(doc));
    const de = await time('render Discord embeds', () =>
      renderDiscordDigest(doc, { mode: 'embeds' }),
    );
    await time('render terminal', () => renderTerminal(doc, { color: false }));
    await time('render preview HTML', () => renderPreviewHtml(doc));
    await time('render JSON', () => renderJson(doc));
    console.log(
      `chunks: telegram ${tg.length}, discord content ${dc.length}, discord embeds ${de.length}`,
    );
  } finally {
    await stores.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
