/**
 * The views agree (issue #11, item 4): on a real news service over SQLite,
 * /topics counts exactly what /digest <topic> shows, /digest <topic> shows only
 * that topic, and /search marks its matches on Telegram and Discord alike.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCommandHandlers } from '../../src/bots/commands/index.js';
import { replyToMessages as discordMessages } from '../../src/bots/discord/reply-messages.js';
import { replyToMessages as telegramMessages } from '../../src/bots/telegram/reply-html.js';
import { createNewsService } from '../../src/digest/compose/news-service.js';
import type { Article, Classification, TopicConfig } from '../../src/digest/model.js';
import { createExtractiveSummarizer } from '../../src/digest/summarize/extractive.js';
import { createStores, type SqlStores } from '../../src/store/index.js';
import {
  fakeGatherer,
  GAZETTEER,
  memoryFeeds,
  memorySubscriptions,
  request,
  textOf,
} from './fakes.js';

const TOPICS: TopicConfig[] = [
  { id: 'giao-thong', name: 'Giao thông', keywords: ['xe buýt', 'ùn tắc'] },
  { id: 'kinh-te-gia-ca', name: 'Kinh tế & giá cả', keywords: ['giá vé', 'doanh thu'] },
  { id: 'van-hoa', name: 'Văn hóa', keywords: ['lễ hội'] },
];
const NOW = new Date('2026-11-27T03:12:34Z');

/** Topics in the order their keywords first appear in the title, then the body. */
const classifier = {
  classify(a: { title: string; lead?: string; body: string }): Classification {
    const text = `${a.title} ${a.body}`.toLowerCase();
    const topics = TOPICS.map((t) => ({
      id: t.id,
      at: Math.min(...t.keywords.map((k) => text.indexOf(k)).filter((i) => i >= 0)),
    }))
      .filter((t) => Number.isFinite(t.at))
      .sort((x, y) => x.at - y.at)
      .map((t, i) => ({ id: t.id, score: 1 - i * 0.1 }));
    return { topics, places: [], hanoi: true };
  },
};

let n = 0;
function article(title: string, body: string): Article {
  const id = `v-${++n}`;
  return {
    id,
    feedId: 'bao-a',
    source: 'Báo A',
    dedupKey: `url:https://a.example/${id}`,
    url: `https://a.example/${id}`,
    publishedAt: new Date('2026-11-27T01:00:00Z'),
    fetchedAt: new Date('2026-11-27T01:05:00Z'),
    author: null,
    contentHash: createHash('sha256')
      .update(title + body)
      .digest('hex'),
    fresh: true,
    title,
    lead: '',
    body,
  };
}

describe('consistent views on a real news service', () => {
  let stores: SqlStores;
  let handlers: ReturnType<typeof createCommandHandlers>;
  beforeEach(async () => {
    stores = await createStores('sqlite::memory:');
    await stores.articles.insertNew([
      article('Giá vé xe buýt tăng từ tháng sau', 'Giá vé xe buýt tăng 2.000 đồng mỗi lượt.'),
      article('Ùn tắc kéo dài ở cửa ngõ phía nam', 'Ùn tắc từ sáng đến trưa trên đường vành đai.'),
      article(
        'Lễ hội đường phố cuối tuần',
        'Lễ hội có 40 đoàn diễu hành, nhiều tuyến xe buýt đổi lộ trình.',
      ),
      article('Doanh thu du lịch quý ba', 'Doanh thu đạt 30.000 tỷ đồng, tăng 12%.'),
      article(
        'Thanh Hóa: khách thuê phải trả xe trước hạn',
        'Khách thuê ở Thanh Hóa phải trả xe sớm vì giá vé tăng.',
      ),
      article('Thanh tra giao thông kiểm tra xe buýt', 'Đoàn thanh tra kiểm tra 20 xe buýt.'),
      article('Quán cà phê sách mở cửa', 'Quán mở cửa từ 8h mỗi ngày.'),
    ]);
    const news = createNewsService({
      stores,
      summarizer: createExtractiveSummarizer(),
      classifier,
      topics: TOPICS,
      clock: { now: () => NOW },
      group: (arts) => arts.map((a) => [a.id]),
    });
    handlers = createCommandHandlers({
      news,
      subscriptions: memorySubscriptions(),
      feeds: memoryFeeds([], []),
      gatherer: fakeGatherer({ itemCount: 0 }),
      topics: TOPICS,
      gazetteer: GAZETTEER,
      clock: { now: () => NOW },
    });
  });
  afterEach(async () => stores.close());

  it('/topics counts exactly the items /digest <topic> shows', async () => {
    const topicsText = textOf(await handlers.handle(request('topics')));
    for (const t of TOPICS) {
      const r = await handlers.handle(request('digest', t.id));
      const shown = r.digest?.counts.items ?? 0;
      expect(topicsText).toContain(`${t.name} (${t.id}): ${shown} tin`);
    }
    // Three stories name "xe buýt" (one of them under a culture headline).
    expect(topicsText).toContain('Giao thông (giao-thong): 4 tin');
    const all = await handlers.handle(request('digest'));
    expect(topicsText).toContain(`Cả bản tin (/digest): ${all.digest?.counts.items} tin`);
    expect(topicsText).toContain('Tin khác: 1 tin');
  });

  it('/digest <topic> shows only that topic, with multi-topic stories under it', async () => {
    const r = await handlers.handle(request('digest', 'giao thong'));
    expect(r.digest?.sections.map((s) => s.topicId)).toEqual(['giao-thong']);
    const titles = r.digest?.sections[0]?.items.map((i) => i.title) ?? [];
    expect(titles).toContain('Giá vé xe buýt tăng từ tháng sau'); // kinh-te first, giao-thong second
    expect(titles).toContain('Lễ hội đường phố cuối tuần');
    const all = await handlers.handle(request('digest'));
    expect(all.digest?.sections.map((s) => s.topicId)).toEqual([
      'giao-thong',
      'kinh-te-gia-ca',
      'van-hoa',
      'khac',
    ]);
  });

  it('/search "thanh tra" finds the inspection, not "Thanh Hóa … trả xe", and marks the words', async () => {
    const r = await handlers.handle(request('search', 'thanh tra'));
    expect(r.stories?.map((s) => s.title)).toEqual(['Thanh tra giao thông kiểm tra xe buýt']);
    const tg = telegramMessages(r)
      .map((m) => m.html)
      .join('\n');
    expect(tg).toContain('<u>Thanh tra</u>');
    expect(tg).toContain('<b><u>thanh tra</u></b>');
    const dc = discordMessages(r)
      .map((m) => m.content ?? '')
      .join('\n');
    expect(dc).toContain('__Thanh tra__');
    expect(dc).toContain('**thanh tra**');
  });

  it('/search with diacritics matches only those diacritics', async () => {
    const r = await handlers.handle(request('search', 'trà xe'));
    expect(r.stories ?? []).toEqual([]);
    const exact = await handlers.handle(request('search', 'trả xe'));
    expect(exact.stories?.map((s) => s.title)).toEqual([
      'Thanh Hóa: khách thuê phải trả xe trước hạn',
    ]);
  });
});
