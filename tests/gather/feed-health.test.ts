/**
 * Failing feeds over days of fake clock: a loopback outlet fails on demand;
 * the real gatherer, SQLite store, notifier and both platform publishers talk
 * to loopback Telegram and Discord servers. The "scheduler" is a loop that
 * advances the clock by the gather interval and gathers.
 */
import { Api } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFeedNotifier } from '../../src/app/feed-notifier.js';
import { createDiscordPublisher, createDiscordRest } from '../../src/bots/discord/index.js';
import { createTelegramPublisher } from '../../src/bots/telegram/publisher.js';
import { renderRssFeed } from '../../src/demo/outlet-templates.js';
import {
  backoffMs,
  createGatherer,
  DEFAULT_FEED_HEALTH,
} from '../../src/digest/gather/gatherer.js';
import type { Stores } from '../../src/digest/ports.js';
import { createStores } from '../../src/store/index.js';
import { startFakeDiscordServer, type FakeDiscordServer } from '../helpers/fake-discord-server.js';
import { createFakeClock, type FakeClock } from '../helpers/fake-clock.js';
import {
  startFakeTelegramServer,
  type FakeTelegramServer,
} from '../helpers/fake-telegram-server.js';
import { startFakeWebServer, type FakeWebServer } from '../helpers/fake-web-server.js';
import { createSafeFetcher } from '../../src/fetch/index.js';

const START = new Date('2026-11-27T00:00:00Z');
const INTERVAL = 15 * 60_000;
const HOUR = 3_600_000;
const ADMINS = [9001, 9002];
const DC_CHANNEL = '700000000000000099';

let web: FakeWebServer;
let tg: FakeTelegramServer;
let dc: FakeDiscordServer;
let stores: Stores;
let clock: FakeClock;

beforeEach(async () => {
  web = await startFakeWebServer();
  tg = await startFakeTelegramServer();
  for (const id of ADMINS) tg.addChat({ id, type: 'private', first_name: `Admin ${id}` });
  dc = await startFakeDiscordServer();
  clock = createFakeClock(START);
  stores = await createStores('sqlite::memory:', { clock });
  // An empty but valid feed: "healthy" costs one request per run and no pages.
  web.set('/ok.xml', {
    body: renderRssFeed({ title: 'Ổn', link: web.origin }, []),
    contentType: 'application/rss+xml',
  });
  web.set('/bad.xml', {
    body: renderRssFeed({ title: 'Hỏng', link: web.origin }, []),
    contentType: 'application/rss+xml',
  });
  for (const [id, path] of [
    ['on-dinh', '/ok.xml'],
    ['hay-loi', '/bad.xml'],
  ] as const) {
    await stores.feeds.upsert(
      { id, name: `Báo ${id}`, url: web.url(path), type: 'rss', enabled: true },
      'config',
    );
  }
});

afterEach(async () => {
  await stores.close();
  await Promise.all([web.close(), tg.close(), dc.close()]);
});

function gatherer(random = () => 0.5) {
  const notify = createFeedNotifier({
    publishers: {
      telegram: createTelegramPublisher({ api: new Api(tg.token, { apiRoot: tg.apiRoot }) }),
      discord: createDiscordPublisher({
        rest: createDiscordRest('test-token', { apiBase: dc.apiBase }),
      }),
    },
    telegramAdminIds: ADMINS.map(String),
    discordChannelId: DC_CHANNEL,
    kv: stores.kv,
    timezone: 'Asia/Ho_Chi_Minh',
    clock,
  });
  return createGatherer({
    feeds: stores.feeds,
    articles: stores.articles,
    clock,
    random,
    fetcher: createSafeFetcher({ allowPrivate: [web.hostPort], timeoutMs: 5_000 }),
    health: { baseIntervalMs: INTERVAL },
    onHealthEvent: notify,
  });
}

/** Runs the gather job every 15 minutes of fake time for `hours`. */
async function runFor(g: ReturnType<typeof gatherer>, hours: number): Promise<void> {
  const runs = Math.round((hours * HOUR) / INTERVAL);
  for (let i = 0; i < runs; i++) {
    await g.gather();
    clock.advance(INTERVAL);
  }
}

const tgTexts = (chatId: number): string[] =>
  tg.messages.filter((m) => m.chatId === String(chatId)).map((m) => m.text);
const dcTexts = (): string[] => dc.messages(DC_CHANNEL).map((m) => m.content);

describe('a failing feed', () => {
  it('backs off, is disabled after days, and admins on both platforms hear exactly twice', async () => {
    web.fail('/bad.xml', 503);
    const g = gatherer();
    await runFor(g, 5 * 24);

    // Healthy: every run. Failing: 15 min doubling to 24 h, then disabled at the 10th failure (≥ 3 days).
    expect(web.hits('/ok.xml')).toBe(480);
    expect(web.hits('/bad.xml')).toBe(10);
    const st = await stores.feeds.getState('hay-loi');
    expect(st?.consecutiveFailures).toBe(10);
    expect(st?.disabledAt).not.toBeNull();
    expect(st!.disabledAt!.getTime() - st!.failingSince!.getTime()).toBeGreaterThanOrEqual(
      72 * HOUR,
    );
    expect(st?.lastError).toBe('máy chủ của báo tạm ngừng phục vụ (lỗi 503)');

    for (const id of ADMINS) {
      const texts = tgTexts(id);
      expect(texts).toHaveLength(2);
      expect(texts[0]).toContain('Nguồn tin đang lỗi');
      expect(texts[0]).toContain('hay-loi — Báo hay-loi');
      expect(texts[0]).toContain('Lỗi 4 lần liên tiếp');
      expect(texts[0]).toContain('Lý do: máy chủ của báo tạm ngừng phục vụ (lỗi 503).');
      expect(texts[0]).toContain('Cách xử lý:');
      expect(texts[1]).toContain('Đã tắt nguồn tin');
      expect(texts[1]).toContain('Lỗi 10 lần liên tiếp trong 3 ngày');
      expect(texts[1]).toContain('/resumefeed hay-loi');
      for (const t of texts) expect(t).not.toMatch(/Error|HTTP|undefined/);
    }
    const dcs = dcTexts();
    expect(dcs).toHaveLength(2);
    expect(dcs[0]).toContain('Nguồn tin đang lỗi');
    expect(dcs[1]).toContain('Đã tắt nguồn tin');
    // The healthy feed was never announced; the disabled one is no longer fetched.
    expect(tg.messages.some((m) => m.text.includes('on-dinh'))).toBe(false);
    await runFor(g, 48);
    expect(web.hits('/bad.xml')).toBe(10);
    expect(tgTexts(ADMINS[0]!)).toHaveLength(2);

    // An admin resumes it once fixed: fetched at the next run, no new notice.
    web.heal('/bad.xml');
    await stores.feeds.setEnabled('hay-loi', true);
    await runFor(g, 1);
    expect(web.hits('/bad.xml')).toBe(14); // every run again
    expect((await stores.feeds.getState('hay-loi'))?.disabledAt).toBeNull();
    expect(tgTexts(ADMINS[0]!)).toHaveLength(2);
  });

  it('waits per the backoff schedule, with jitter within ±10% and never past 24 h', async () => {
    web.fail('/bad.xml', 500);
    const attempts: number[] = [];
    const g = gatherer(() => 1); // the largest jitter
    for (let i = 0; i < 9; i++) {
      await g.gather({ feedIds: ['hay-loi'] });
      const st = await stores.feeds.getState('hay-loi');
      attempts.push(st!.nextAttemptAt!.getTime() - clock.now().getTime());
      clock.set(st!.nextAttemptAt!);
    }
    const mins = attempts.map((ms) => ms / 60_000);
    expect(mins).toEqual([16.5, 33, 66, 132, 264, 528, 1056, 1440, 1440]);
    expect(backoffMs(1, DEFAULT_FEED_HEALTH)).toBe(INTERVAL);
    expect(backoffMs(30, DEFAULT_FEED_HEALTH)).toBe(24 * HOUR);
  });

  it('honours Retry-After on 429 and 503', async () => {
    let status = 429;
    web.set('/bad.xml', (_req, res) => {
      res.writeHead(status, {
        'retry-after': status === 429 ? '7200' : 'Fri, 27 Nov 2026 06:00:00 GMT',
      });
      res.end('chậm lại');
    });
    const g = gatherer();
    await runFor(g, 2); // 8 runs: one fetch, then it waits the 2 h asked for (not 15 min)
    expect(web.hits('/bad.xml')).toBe(1);
    status = 503; // the date asks for 06:00
    await runFor(g, 0.25); // the run at 02:00
    expect(web.hits('/bad.xml')).toBe(2);
    const st = await stores.feeds.getState('hay-loi');
    expect(st?.nextAttemptAt?.toISOString()).toBe('2026-11-27T06:00:00.000Z');
    expect(st?.lastError).toBe('máy chủ của báo tạm ngừng phục vụ (lỗi 503)');
    await runFor(g, 3.75); // 02:15 … 05:45
    expect(web.hits('/bad.xml')).toBe(2);
    await runFor(g, 0.25); // 06:00
    expect(web.hits('/bad.xml')).toBe(3);
  });

  it('announces a recovery once, and a first fetch that works stays silent', async () => {
    const g = gatherer();
    await runFor(g, 1);
    expect(tg.messages).toHaveLength(0);
    web.fail('/bad.xml', 404);
    await runFor(g, 6); // failures at +0, 15 min, 45 min, 1 h 45, 3 h 45 → notice at the 4th
    expect(tgTexts(ADMINS[0]!)).toHaveLength(1);
    expect(tgTexts(ADMINS[0]!)[0]).toContain('trang không tồn tại (lỗi 404)');
    web.heal('/bad.xml');
    await runFor(g, 24);
    for (const id of ADMINS) {
      expect(tgTexts(id)).toHaveLength(2);
      expect(tgTexts(id)[1]).toContain('Nguồn tin đã hoạt động lại');
      expect(tgTexts(id)[1]).toContain('hay-loi');
    }
    expect(dcTexts()).toHaveLength(2);
    expect(dcTexts()[1]).toContain('Nguồn tin đã hoạt động lại');
    const st = await stores.feeds.getState('hay-loi');
    expect(st).toMatchObject({ consecutiveFailures: 0, noticeLevel: 'none', failingSince: null });
  });

  it('keeps a notice pending when nobody could be told (a CLI gather), and sends it later', async () => {
    web.fail('/bad.xml', 503);
    const silent = createGatherer({
      feeds: stores.feeds,
      articles: stores.articles,
      clock,
      random: () => 0.5,
      fetcher: createSafeFetcher({ allowPrivate: [web.hostPort], timeoutMs: 5_000 }),
      onHealthEvent: () => false,
    });
    await runFor(silent, 3); // failures at 0:00, 0:15, 0:45, 1:45
    expect((await stores.feeds.getState('hay-loi'))?.noticeLevel).toBe('none');
    expect((await stores.feeds.getState('hay-loi'))?.consecutiveFailures).toBe(4);
    await runFor(gatherer(), 4);
    expect(tgTexts(ADMINS[0]!)).toHaveLength(1);
    expect(tgTexts(ADMINS[0]!)[0]).toContain('Lỗi 5 lần liên tiếp');
  });
});
