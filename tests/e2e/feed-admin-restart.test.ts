/**
 * Admin changes outlive a restart: `npm start` (openApp → config sync →
 * startService) on one SQLite file; admins pause, remove, rename and filter
 * feeds from feeds.yaml through the command handlers; the service stops and
 * starts again over the same file and feeds.yaml, and every change holds
 * until it is undone. Loopback outlets only.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startService } from '../../src/app/service.js';
import { createCommandHandlers } from '../../src/bots/commands/index.js';
import type { CommandHandlers } from '../../src/bots/commands/types.js';
import { renderRssFeed } from '../../src/demo/outlet-templates.js';
import { openApp } from '../../src/main.js';
import { actor, fakeNews, request, textOf } from '../commands/fakes.js';
import { startFakeWebServer, type FakeWebServer } from '../helpers/fake-web-server.js';

let web: FakeWebServer;
let dir: string;

beforeEach(async () => {
  web = await startFakeWebServer();
  for (const p of ['/a.xml', '/b.xml', '/c.xml', '/d.xml'])
    web.set(p, {
      body: renderRssFeed({ title: `Báo ${p}`, link: web.origin }, []),
      contentType: 'application/rss+xml',
    });
  dir = await mkdtemp(join(tmpdir(), 'hd-restart-'));
  const feed = (id: string, path: string) =>
    `  - id: ${id}\n    name: Báo ${id.toUpperCase()}\n    url: ${web.url(path)}\n`;
  await writeFile(
    join(dir, 'feeds.yaml'),
    `feeds:\n${feed('bao-a', '/a.xml')}${feed('bao-b', '/b.xml')}${feed('bao-c', '/c.xml')}${feed('bao-d', '/d.xml')}    filters:\n      exclude: [xổ số]\n`,
  );
});
afterEach(async () => {
  await web.close();
  await rm(dir, { recursive: true, force: true });
});

const sink = new Writable({ write: (_c, _e, cb) => cb() });

/** `npm start` over the same file, with the admin command handlers on its stores. */
async function start() {
  const app = await openApp({
    configDir: dir,
    databaseUrl: `sqlite:${join(dir, 'hd.db')}`,
    env: { LOG_LEVEL: 'silent', FETCH_ALLOW_PRIVATE: web.hostPort, SUMMARIZER: 'extractive' },
  });
  const service = await startService(app, { handleSignals: false, consoleOut: sink });
  const handlers: CommandHandlers = createCommandHandlers({
    news: fakeNews([]),
    subscriptions: app.stores.subscriptions,
    feeds: app.stores.feeds,
    kv: app.stores.kv,
    gatherer: app.gatherer,
    topics: app.config.topics,
  });
  return { app, service, handlers };
}

const admin = actor({ admin: true });

describe('admin changes and feeds.yaml', () => {
  it('pause, removal, rename and filters survive restarts until undone', async () => {
    let s = await start();
    expect(web.hits('/a.xml')).toBe(1); // the gathering at start
    const say = async (cmd: Parameters<typeof request>[0], args: string) =>
      textOf(await s.handlers.handle(request(cmd, args, admin)));
    expect(await say('pausefeed', 'bao-a')).toContain('vẫn giữ sau khi khởi động lại');
    expect(await say('removefeed', 'bao-b xacnhan')).toContain('vẫn giữ sau khi khởi động lại');
    await say('renamefeed', 'bao-c Báo C – Thời sự');
    await say('setfilter', 'bao-d +Hà Nội -bóng đá');
    await s.service.stop();

    s = await start(); // config sync runs again over the unchanged feeds.yaml
    const feeds = s.app.stores.feeds;
    expect((await feeds.get('bao-a'))?.enabled).toBe(false);
    expect(await feeds.get('bao-b')).toBeNull();
    expect((await feeds.get('bao-c'))?.name).toBe('Báo C – Thời sự');
    expect((await feeds.get('bao-d'))?.filters).toEqual({
      include: ['Hà Nội'],
      exclude: ['bóng đá'],
    });
    // Paused and removed feeds were not fetched by the second start's gathering
    // (c, fetched minutes ago, is not due again until the gather interval has passed).
    expect([web.hits('/a.xml'), web.hits('/b.xml')]).toEqual([1, 1]);
    expect(web.hits('/c.xml')).toBe(1);
    // /feeds says where each came from.
    const list = await say('feeds', '');
    expect(list).toContain(
      'bao-a — Báo BAO-A · RSS · nguồn: feeds.yaml, có thay đổi của quản trị viên',
    );
    expect(list).toContain(web.url('/a.xml'));
    expect(list).toContain('Tình trạng: tạm dừng (quản trị viên)');
    expect(list).toContain('Lọc: chỉ lấy bài có «Hà Nội» · bỏ bài có «bóng đá»');
    expect(list).not.toContain('bao-b');

    // Undo: resume, bring back the removed one, clear the filter (back to the file's).
    await say('resumefeed', 'bao-a');
    expect(await say('resumefeed', 'bao-b')).toContain('Đã lấy lại nguồn');
    await say('setfilter', 'bao-d xoa');
    await s.service.stop();

    s = await start();
    expect((await s.app.stores.feeds.get('bao-a'))?.enabled).toBe(true);
    expect((await s.app.stores.feeds.get('bao-b'))?.enabled).toBe(true);
    expect((await s.app.stores.feeds.get('bao-d'))?.filters).toEqual({
      include: [],
      exclude: ['xổ số'],
    });
    expect(web.hits('/b.xml')).toBe(2);
    await s.service.stop();
  }, 60_000);

  it('a feed dropped from feeds.yaml goes, even when an admin had changed it', async () => {
    let s = await start();
    await s.handlers.handle(request('pausefeed', 'bao-d', admin));
    await s.service.stop();
    const text = `feeds:\n  - id: bao-a\n    name: A\n    url: ${web.url('/a.xml')}\n`;
    await writeFile(join(dir, 'feeds.yaml'), text);
    s = await start();
    expect((await s.app.stores.feeds.listWithOrigin!()).map((f) => f.id)).toEqual(['bao-a']);
    await s.service.stop();
  }, 60_000);
});
