/**
 * `npm start` as a user runs it, through the composition root: real config
 * files, the real gatherer over a loopback web server of sample feeds, the
 * real summarizer, store, scheduler and outbox, and both bots against
 * loopback Telegram and Discord servers.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app/app.js';
import { startService, type Service } from '../../src/app/service.js';
import { writeDemoConfig } from '../../src/demo/demo-config.js';
import { loadSampleSet, startDemoServer, type DemoServer } from '../../src/demo/demo-server.js';
import { openApp } from '../../src/main.js';
import { nextSlot } from '../../src/scheduler/index.js';
import { startFakeDiscordServer, type FakeDiscordServer } from '../helpers/fake-discord-server.js';
import {
  startFakeTelegramServer,
  type FakeTelegramServer,
} from '../helpers/fake-telegram-server.js';

const TZ = 'Asia/Ho_Chi_Minh';
const CRON = '0 7 * * *';
const TG_CHANNEL = -1001500;
const DISCORD_CHANNEL = '700000000000000042';
const ADMIN_ID = 9001;

describe('the service (npm start) with both bots, end to end on loopback', () => {
  let web: DemoServer;
  let tg: FakeTelegramServer;
  let dc: FakeDiscordServer;
  let app: App;
  let service: Service;
  let configDir: string;

  beforeAll(async () => {
    web = await startDemoServer({
      samples: await loadSampleSet(join('fixtures', 'demo', 'articles.json')),
    });
    tg = await startFakeTelegramServer();
    tg.addChat({ id: TG_CHANNEL, type: 'channel', title: 'Bản tin Hà Nội' });
    dc = await startFakeDiscordServer();
    configDir = await mkdtemp(join(tmpdir(), 'hd-service-'));
    await writeDemoConfig(configDir, web.feeds, [
      {
        id: 'tg-channel',
        platform: 'telegram',
        chat_id: String(TG_CHANNEL),
        schedule: CRON,
        timezone: TZ,
      },
      {
        id: 'dc-channel',
        platform: 'discord',
        chat_id: DISCORD_CHANNEL,
        schedule: CRON,
        timezone: TZ,
      },
    ]);
    app = await openApp({
      configDir,
      databaseUrl: 'sqlite::memory:',
      env: {
        LOG_LEVEL: 'silent',
        FETCH_ALLOW_PRIVATE: web.hostPort,
        TELEGRAM_BOT_TOKEN: tg.token,
        TELEGRAM_API_ROOT: tg.apiRoot,
        TELEGRAM_ADMIN_IDS: String(ADMIN_ID),
        DISCORD_BOT_TOKEN: 'test-token',
        DISCORD_APPLICATION_ID: '900000000000000001',
        DISCORD_API_BASE: dc.apiBase,
        SUMMARIZER: 'extractive',
      },
    });
    const sink = new Writable({ write: (_c, _e, cb) => cb() });
    service = await startService(app, { handleSignals: false, consoleOut: sink });
  }, 60_000);

  afterAll(async () => {
    await service?.stop();
    await Promise.all([tg?.close(), dc?.close(), web?.close()]);
    await rm(configDir, { recursive: true, force: true });
  });

  it('gathers the sample feeds before it starts scheduling', async () => {
    expect(await app.stores.articles.count()).toBeGreaterThanOrEqual(10);
    expect(service.scheduler.jobNames()).toEqual(
      expect.arrayContaining(['gather', `digest:${CRON}@${TZ}`]),
    );
  });

  it('answers Telegram commands in Vietnamese from the gathered news', async () => {
    const chat = { id: 501, type: 'private' as const, first_name: 'Lan' };
    const user = { id: 501, first_name: 'Lan' };
    tg.sendText(chat, user, '/search ngap ung');
    const reply = await tg.waitForCall(
      (c) => c.method === 'sendmessage' && String(c.params['chat_id']) === '501',
    );
    expect(JSON.stringify(reply.params)).toMatch(/ngập/i);
    tg.sendText(chat, user, '/addfeed https://example.org/rss');
    const refused = await tg.waitForCall(
      (c) =>
        c.method === 'sendmessage' &&
        String(c.params['chat_id']) === '501' &&
        /quản trị/.test(String(c.params['text'])),
    );
    expect(refused).toBeTruthy();
  });

  it('delivers a scheduled slot to the subscribed Telegram and Discord channels, once', async () => {
    const slot = nextSlot(CRON, TZ)!;
    const report = await service.scheduler.runDigestTick(CRON, TZ, slot);
    expect(report?.enqueuedRows).toBeGreaterThan(0);
    const sent = tg.messages.filter((m) => m.chatId === String(TG_CHANNEL));
    expect(sent.length).toBeGreaterThan(0);
    expect(sent[0]!.parseMode).toBe('HTML');
    expect(sent.map((m) => m.text).join('\n')).toMatch(/Bản tin Hà Nội/);
    const posted = dc.messages(DISCORD_CHANNEL);
    expect(posted.length).toBeGreaterThan(0);
    const call = dc.calls.find(
      (c) => c.method === 'POST' && c.path.includes(`/channels/${DISCORD_CHANNEL}/messages`),
    );
    expect((call?.body as { allowed_mentions?: unknown })?.allowed_mentions).toEqual({ parse: [] });

    // The same slot again sends nothing new.
    const before = [sent.length, posted.length];
    await service.scheduler.runDigestTick(CRON, TZ, slot);
    expect([
      tg.messages.filter((m) => m.chatId === String(TG_CHANNEL)).length,
      dc.messages(DISCORD_CHANNEL).length,
    ]).toEqual(before);
  });
});
