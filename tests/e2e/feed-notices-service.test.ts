/**
 * The service wires feed notices end to end: feeds.yaml's `health` and
 * `notices` → the gatherer → Telegram admins by private message and the
 * Discord admin channel, through the running bots' clients. A loopback outlet
 * fails on demand; `notify_after_failures: 1` makes the start-up gathering
 * the first failure.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startService } from '../../src/app/service.js';
import { renderRssFeed } from '../../src/demo/outlet-templates.js';
import { openApp } from '../../src/main.js';
import { startFakeDiscordServer, type FakeDiscordServer } from '../helpers/fake-discord-server.js';
import {
  startFakeTelegramServer,
  type FakeTelegramServer,
} from '../helpers/fake-telegram-server.js';
import { startFakeWebServer, type FakeWebServer } from '../helpers/fake-web-server.js';

const ADMIN = 9001;
const NOTICE_CHANNEL = '700000000000000077';
let web: FakeWebServer;
let tg: FakeTelegramServer;
let dc: FakeDiscordServer;
let dir: string;

beforeEach(async () => {
  web = await startFakeWebServer();
  web.set('/ok.xml', {
    body: renderRssFeed({ title: 'Ổn', link: web.origin }, []),
    contentType: 'application/rss+xml',
  });
  web.fail('/hong.xml', 503);
  tg = await startFakeTelegramServer();
  tg.addChat({ id: ADMIN, type: 'private', first_name: 'Quản trị' });
  dc = await startFakeDiscordServer();
  dir = await mkdtemp(join(tmpdir(), 'hd-notices-'));
  await writeFile(
    join(dir, 'feeds.yaml'),
    `feeds:
  - id: on-dinh
    name: Báo Ổn Định
    url: ${web.url('/ok.xml')}
  - id: hay-loi
    name: Báo Hay Lỗi
    url: ${web.url('/hong.xml')}
health:
  notify_after_failures: 1
notices:
  discord_channel: "${NOTICE_CHANNEL}"
`,
  );
});
afterEach(async () => {
  await Promise.all([web.close(), tg.close(), dc.close()]);
  await rm(dir, { recursive: true, force: true });
});

it('a failing feed is announced to the Telegram admin and the Discord admin channel, once', async () => {
  const app = await openApp({
    configDir: dir,
    databaseUrl: 'sqlite::memory:',
    env: {
      LOG_LEVEL: 'silent',
      FETCH_ALLOW_PRIVATE: web.hostPort,
      TELEGRAM_BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.apiRoot,
      TELEGRAM_ADMIN_IDS: String(ADMIN),
      DISCORD_BOT_TOKEN: 'test-token',
      DISCORD_APPLICATION_ID: '900000000000000001',
      DISCORD_API_BASE: dc.apiBase,
      SUMMARIZER: 'extractive',
    },
  });
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  const service = await startService(app, { handleSignals: false, consoleOut: sink });
  try {
    const dm = tg.messages.filter((m) => m.chatId === String(ADMIN));
    expect(dm).toHaveLength(1);
    expect(dm[0]!.text).toContain('Nguồn tin đang lỗi');
    expect(dm[0]!.text).toContain('hay-loi — Báo Hay Lỗi');
    expect(dm[0]!.text).toContain('máy chủ của báo tạm ngừng phục vụ (lỗi 503)');
    const posted = dc.messages(NOTICE_CHANNEL);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.content).toContain('Nguồn tin đang lỗi');
    // The next gathering waits (backoff) and says nothing more.
    await service.scheduler.runGather();
    expect(web.hits('/hong.xml')).toBe(1);
    expect(tg.messages.filter((m) => m.chatId === String(ADMIN))).toHaveLength(1);
  } finally {
    await service.stop();
  }
}, 60_000);
