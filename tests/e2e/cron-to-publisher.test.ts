/**
 * End to end, from a cron tick to chunks received by the platforms:
 * scheduler job → digest runner → real `composeDigest` → the real Telegram
 * and Discord renderers → SQLite outbox → delivery worker → recording publishers.
 * The cron adapter is a fake that hands us the job function; nothing waits.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderDiscordDigest } from '../../src/bots/discord/render.js';
import { isTelegramChunk } from '../../src/bots/telegram/chunk.js';
import { renderTelegramDigest } from '../../src/bots/telegram/render.js';
import { composeDigest, filterStories } from '../../src/digest/compose/compose-digest.js';
import type { ComposeOptions, NewsService } from '../../src/digest/compose/types.js';
import type { Story, TopicConfig } from '../../src/digest/model.js';
import type { Stores } from '../../src/digest/ports.js';
import { createDigestRunner } from '../../src/delivery/digest-run.js';
import { createDeliveryWorker } from '../../src/delivery/outbox-worker.js';
import type { CronAdapter, CronJobContext } from '../../src/scheduler/cron-adapter.js';
import { createScheduler } from '../../src/scheduler/scheduler.js';
import { createStores } from '../../src/store/index.js';
import { makeSubscription } from '../delivery/fixtures.js';
import { createFakeClock } from '../helpers/fake-clock.js';
import { createRecordingPublisher } from '../helpers/recording-publisher.js';

const SLOT = new Date('2026-11-27T00:00:00.000Z'); // Thứ Sáu 27/11/2026, 07:00 in Hà Nội
const H = 3_600_000;
const topics: TopicConfig[] = [
  { id: 'giao-thong', name: 'Giao thông', keywords: ['cầu'] },
  { id: 'y-te', name: 'Y tế', keywords: ['bệnh viện'] },
];

function story(
  id: string,
  title: string,
  topic: string,
  hoursBefore: number,
  summary: string,
  figure: string,
): Story {
  const text = `${summary} ${figure}.`;
  const start = summary.length + 1;
  return {
    id,
    title,
    summary: {
      text,
      highlights: [{ start, end: start + figure.length, text: figure, kind: 'money' }],
      summarizer: 'extractive',
      model: null,
    },
    sources: [
      {
        articleId: `a-${id}`,
        name: 'Báo Hà Nội Mới',
        url: `https://hanoimoi.example/${id}`,
        publishedAt: new Date(SLOT.getTime() - hoursBefore * H),
      },
    ],
    publishedAt: new Date(SLOT.getTime() - hoursBefore * H),
    topics: [topic],
    places: [],
    hanoi: true,
    articleIds: [`a-${id}`],
  };
}

const stories: Story[] = [
  story(
    's1',
    'Thông xe cầu Tứ Liên <script>alert(1)</script> & đường dẫn',
    'giao-thong',
    2,
    'Tổng vốn đầu tư',
    '19.700 tỷ đồng',
  ),
  story('s2', '@everyone Bệnh viện Bạch Mai mở thêm khoa', 'y-te', 5, 'Kinh phí', '120 tỷ đồng'),
  story('s3', 'Tin cũ ngoài khung giờ', 'giao-thong', 30, 'Chi phí', '5 tỷ đồng'),
];

/** A NewsService over fixed stories using the real composer; counts compositions. */
function storyNews(): NewsService & { calls: number } {
  const svc = {
    calls: 0,
    async digest(opts: ComposeOptions = {}) {
      svc.calls++;
      const until = opts.until ?? SLOT;
      const since = opts.since ?? new Date(until.getTime() - 24 * H);
      const inWindow = stories.filter(
        (s) => s.publishedAt && s.publishedAt > since && s.publishedAt <= until,
      );
      return composeDigest(filterStories(inWindow, opts.filters ?? {}), {
        date: until,
        window: { since, until },
        topics,
      });
    },
    stories: async () => [],
    latest: async () => [],
    search: async () => [],
    topicCounts: async () => [],
    topics: () => topics,
  };
  return svc;
}

let stores: Stores;
beforeEach(async () => {
  stores = await createStores('sqlite::memory:', { clock: createFakeClock(SLOT) });
});
afterEach(async () => {
  await stores.close();
});

describe('cron tick → compose → render → outbox → publisher', () => {
  it('delivers the 07:00 digest to every subscriber, escaped and in order, once', async () => {
    const clock = createFakeClock(new Date(SLOT.getTime() - 60_000));
    const yesterday = new Date(SLOT.getTime() - 24 * H);
    await stores.subscriptions.upsert(
      makeSubscription(
        'tg-1',
        { platform: 'telegram', chatId: '-1001' },
        { lastDigestAt: yesterday },
      ),
    );
    await stores.subscriptions.upsert(
      makeSubscription(
        'tg-2',
        { platform: 'telegram', chatId: '-1002' },
        { lastDigestAt: yesterday },
      ),
    );
    await stores.subscriptions.upsert(
      makeSubscription('dc-1', { platform: 'discord', chatId: '777' }, { lastDigestAt: yesterday }),
    );
    await stores.subscriptions.upsert(
      makeSubscription(
        'tg-yte',
        { platform: 'telegram', chatId: '-1003' },
        {
          lastDigestAt: yesterday,
          filters: { topics: ['y-te'], places: [], keywords: [], excludeKeywords: [] },
        },
      ),
    );

    const news = storyNews();
    const telegram = createRecordingPublisher('telegram');
    const discord = createRecordingPublisher('discord', { dedupByKey: true });
    const jobs = new Map<string, (ctx: CronJobContext) => Promise<void>>();
    const cron: CronAdapter = {
      schedule(_expr, fn, options) {
        jobs.set(options.name, fn);
        return { stop: () => void jobs.delete(options.name) };
      },
    };
    const worker = createDeliveryWorker({
      outbox: stores.outbox,
      subscriptions: stores.subscriptions,
      publishers: { telegram, discord },
      clock,
    });
    const scheduler = createScheduler({
      gather: async () => undefined,
      subscriptions: stores.subscriptions,
      kv: stores.kv,
      runner: createDigestRunner({
        news,
        subscriptions: stores.subscriptions,
        outbox: stores.outbox,
        renderers: { telegram: renderTelegramDigest, discord: renderDiscordDigest },
        clock,
      }),
      worker,
      clock,
      cron,
    });
    expect((await scheduler.start()).caughtUp).toEqual([]);

    const tick = jobs.get('digest:0 7 * * *@Asia/Ho_Chi_Minh');
    expect(tick).toBeDefined();
    clock.set(new Date(SLOT.getTime() + 2_000));
    await tick!({ date: SLOT });

    // Two filter sets → two compositions for four subscribers.
    expect(news.calls).toBe(2);
    const byChat = (chatId: string): string[] =>
      telegram.messages
        .filter((m) => m.target.chatId === chatId)
        .map((m) => (isTelegramChunk(m.chunk) ? m.chunk.html : ''));
    const all = byChat('-1001').join('\n');
    expect(all).toContain('Bản tin Hà Nội — Thứ Sáu, 27/11/2026');
    expect(all).toContain('&lt;script&gt;');
    expect(all).not.toContain('<script>');
    expect(all).toContain('<b>19.700 tỷ đồng</b>');
    expect(all).toContain('<a href="https://hanoimoi.example/s1">');
    expect(all).not.toContain('Tin cũ ngoài khung giờ'); // outside the window since yesterday's slot
    expect(byChat('-1002')).toEqual(byChat('-1001'));
    const yte = byChat('-1003').join('\n');
    expect(yte).toContain('Bạch Mai');
    expect(yte).not.toContain('Tứ Liên');

    const dc = discord.messages.map((m) => m.chunk);
    expect(dc.length).toBeGreaterThan(0);
    const dcText = JSON.stringify(dc);
    expect(dcText).toContain('**19.700 tỷ đồng**');
    expect(dcText).not.toContain('@everyone Bệnh'); // neutralized by the renderer

    // Every chunk arrived in order, and every outbox row is sent.
    for (const chat of ['-1001', '-1002', '-1003']) {
      const metas = telegram.messages
        .filter((m) => m.target.chatId === chat)
        .map((m) => m.meta?.chunkIndex);
      expect(metas).toEqual(metas.map((_, i) => i));
    }
    const rows = await stores.outbox.list();
    expect(rows.every((r) => r.state === 'sent' && r.slot === SLOT.toISOString())).toBe(true);
    expect(rows).toHaveLength(telegram.messages.length + discord.messages.length);
    expect((await stores.subscriptions.get('tg-1'))?.lastDigestAt?.toISOString()).toBe(
      SLOT.toISOString(),
    );

    // The same tick again (a duplicate fire, or a restart's catch-up): nothing more is sent.
    const sentBefore = telegram.calls.length + discord.calls.length;
    await tick!({ date: SLOT });
    expect((await scheduler.catchUp()).caughtUp).toEqual([]);
    expect(telegram.calls.length + discord.calls.length).toBe(sentBefore);
    await scheduler.stop();
    expect(jobs.size).toBe(0);
  });
});
