import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app/app.js';
import {
  FeedCommandError,
  addFeed,
  checkFeed,
  feedIdFromUrl,
  listFeeds,
  register,
  removeFeed,
  setFeedEnabled,
} from '../../src/cli/commands/feeds.js';
import type { FeedsDeps } from '../../src/cli/commands/feeds.js';
import type { CliContext } from '../../src/cli/context.js';
import type { FeedCheckReport, Gatherer } from '../../src/digest/gather/types.js';
import type { SqlStores } from '../../src/store/index.js';
import { createStores } from '../../src/store/index.js';

/** A gatherer whose `check` answers from a table and records what it was asked. */
function fakeGatherer(
  reports: Record<string, Partial<FeedCheckReport>>,
): Pick<Gatherer, 'check'> & { calls: unknown[] } {
  const calls: unknown[] = [];
  return {
    calls,
    check(feed) {
      calls.push(feed);
      const r = reports[feed.url] ?? {
        errors: ['trang không tồn tại (lỗi 404)'],
        failure: {
          kind: 'not-found' as const,
          text: 'trang không tồn tại (lỗi 404)',
          advice: '',
          status: 404,
        },
      };
      return Promise.resolve({
        url: feed.url,
        format: null,
        title: null,
        itemCount: 0,
        newest: null,
        errors: [],
        ...r,
      });
    },
  };
}

function sink(): NodeJS.WritableStream & { text(): string } {
  const s = new PassThrough();
  let buf = '';
  s.on('data', (c: Buffer) => (buf += c.toString('utf8')));
  return Object.assign(s, { text: () => buf });
}

const RSS = 'https://www.vietnamplus.vn/rss/xahoi-150.rss';
const PAGE = 'https://kinhtedothi.vn/do-thi';
const EMPTY = 'https://example.vn/empty.rss';
const newest = {
  guid: null,
  url: 'https://www.vietnamplus.vn/a.vnp',
  title: 'Hà Nội mở tuyến buýt mới',
  description: '',
  publishedAt: new Date('2026-11-27T01:00:00Z'),
  author: null,
};

let stores: SqlStores;
let out: ReturnType<typeof sink>;
let gatherer: ReturnType<typeof fakeGatherer>;
let deps: FeedsDeps;
beforeEach(async () => {
  stores = await createStores('sqlite::memory:');
  out = sink();
  gatherer = fakeGatherer({
    [RSS]: { format: 'rss', title: 'VietnamPlus - Xã hội', itemCount: 40, newest },
    [PAGE]: { format: 'page', title: 'Đô thị - Kinh tế & Đô thị', itemCount: 18 },
    [EMPTY]: { format: 'rss', title: 'Empty', itemCount: 0 },
  });
  deps = { feeds: stores.feeds, gatherer, out };
});
afterEach(async () => {
  await stores.close();
});

describe('feeds add', () => {
  it('checks the URL, then stores an admin feed named after the feed title', async () => {
    const feed = await addFeed(deps, RSS);
    expect(feed).toEqual({
      id: 'vietnamplus-vn-rss-xahoi-150',
      name: 'VietnamPlus - Xã hội',
      url: RSS,
      type: 'rss',
      enabled: true,
    });
    expect(gatherer.calls).toEqual([{ url: RSS, type: 'rss' }]);
    expect(await stores.feeds.listWithOrigin()).toEqual([{ ...feed, origin: 'admin' }]);
    expect(out.text()).toContain('added feed "vietnamplus-vn-rss-xahoi-150"');
  });

  it('adds a listing page with its selector, id and name', async () => {
    const feed = await addFeed(deps, PAGE, {
      type: 'page',
      selector: 'h3 a',
      id: 'ktdt',
      name: 'Kinh tế & Đô thị',
    });
    expect(feed).toEqual({
      id: 'ktdt',
      name: 'Kinh tế & Đô thị',
      url: PAGE,
      type: 'page',
      linkSelector: 'h3 a',
      enabled: true,
    });
    expect(gatherer.calls).toEqual([{ url: PAGE, type: 'page', linkSelector: 'h3 a' }]);
  });

  it('refuses a feed with no items, and stores nothing', async () => {
    await expect(addFeed(deps, EMPTY)).rejects.toThrow(
      'feeds add: https://example.vn/empty.rss failed: không tìm thấy bài nào. Fix: the feed is empty: check the address',
    );
    // A 404 is not told to use --type page: the one fix that applies.
    const err = await addFeed(deps, 'https://example.vn/404').catch((e: Error) => e);
    expect((err as Error).message).toBe(
      'feeds add: https://example.vn/404 failed: trang không tồn tại (lỗi 404). Fix: open the address in a browser; the outlet may have moved its feed',
    );
    // Printed once: the error is not also written as a report.
    expect(out.text()).toBe('');
    expect(await stores.feeds.list()).toEqual([]);
  });

  it('refuses bad input before fetching anything', async () => {
    await expect(addFeed(deps, 'ftp://x.vn/feed')).rejects.toThrow(/not an http or https URL/);
    await expect(addFeed(deps, 'not a url')).rejects.toThrow(FeedCommandError);
    await expect(addFeed(deps, PAGE, { type: 'page' })).rejects.toThrow(/needs --selector/);
    await expect(addFeed(deps, PAGE, { type: 'page', selector: 'h3 a[' })).rejects.toThrow(
      /not a valid CSS selector/,
    );
    await expect(addFeed(deps, RSS, { id: 'Bad_Id' })).rejects.toThrow(/lowercase letters/);
    expect(gatherer.calls).toEqual([]);
  });

  it('refuses a duplicate id or URL', async () => {
    await addFeed(deps, RSS, { id: 'vnp' });
    await expect(addFeed(deps, PAGE, { id: 'vnp', selector: 'a' })).rejects.toThrow(
      'feeds add: the id "vnp" is taken by another feed. Fix: add --id vnp-2',
    );
    // Following the advice works (no second refusal).
    await addFeed(deps, PAGE, { id: 'vnp-2', selector: 'a' });
    // The same URL under another id: the advice is not "choose another id".
    await expect(addFeed(deps, RSS, { id: 'khac' })).rejects.toThrow(
      'feeds add: https://www.vietnamplus.vn/rss/xahoi-150.rss is already stored as feed "vnp". Fix: nothing to add; see `feeds list`',
    );
  });
});

describe('feeds list, check, remove, pause, resume', () => {
  it('lists feeds with their state', async () => {
    await stores.feeds.upsert(
      {
        id: 'hanoimoi-xa-hoi',
        name: 'Hà Nội Mới',
        url: 'https://hanoimoi.vn/rss/xa-hoi.rss',
        type: 'rss',
        enabled: false,
      },
      'config',
    );
    await stores.feeds.saveState({
      feedId: 'hanoimoi-xa-hoi',
      etag: null,
      lastModified: null,
      lastAttemptAt: null,
      lastSuccessAt: new Date('2026-11-27T00:15:00Z'),
      consecutiveFailures: 2,
      lastError: 'máy chủ của báo tạm ngừng phục vụ (lỗi 503)',
      primed: true,
      failingSince: new Date('2026-11-27T01:00:00Z'),
      nextAttemptAt: new Date('2026-11-27T02:00:00Z'),
    });
    await stores.feeds.upsert(
      { id: 'vnp', name: 'VietnamPlus', url: RSS, type: 'rss', enabled: true },
      'admin',
    );
    await stores.feeds.saveState({
      feedId: 'vnp',
      etag: null,
      lastModified: null,
      lastAttemptAt: null,
      lastSuccessAt: new Date('2026-11-27T00:15:00Z'),
      consecutiveFailures: 2,
      lastError: 'máy chủ của báo tạm ngừng phục vụ (lỗi 503)',
      primed: true,
      failingSince: new Date('2026-11-27T01:00:00Z'),
      nextAttemptAt: new Date('2026-11-27T02:00:00Z'),
    });
    await stores.feeds.setFilters('vnp', { include: ['Hà Nội'], exclude: ['bóng đá'] });
    await listFeeds(deps, new Date('2026-11-27T01:30:00Z'));
    const lines = out.text().trim().split('\n');
    expect(lines[0]).toMatch(/^id\s+type\s+state\s+next try\s+origin$/);
    expect(lines[1]).toMatch(/^hanoimoi-xa-hoi\s+rss\s+paused\s+-\s+feeds\.yaml$/);
    expect(lines[2]?.trim()).toBe('url: https://hanoimoi.vn/rss/xa-hoi.rss');
    expect(lines[3]?.trim()).toBe('last error: máy chủ của báo tạm ngừng phục vụ (lỗi 503)');
    expect(lines[4]).toMatch(
      /^vnp\s+rss\s+failing since 2026-11-27 01:00Z \(2x\)\s+2026-11-27 02:00Z\s+admin$/,
    );
    expect(lines.slice(5).map((l) => l.trim())).toEqual([
      `url: ${RSS}`,
      'last error: máy chủ của báo tạm ngừng phục vụ (lỗi 503)',
      'include: Hà Nội',
      'exclude: bóng đá',
    ]);
  });

  it('says so when there are no feeds', async () => {
    await listFeeds(deps);
    expect(out.text()).toMatch(/^no feeds/);
  });

  it('checks a stored feed by id or a URL, and fails on no items or an unknown id', async () => {
    await stores.feeds.upsert(
      { id: 'vnp', name: 'VietnamPlus', url: RSS, type: 'rss', enabled: true },
      'admin',
    );
    const r = await checkFeed(deps, 'vnp');
    expect(r.itemCount).toBe(40);
    expect(out.text()).toContain('items:   40');
    expect(out.text()).toContain('newest:  Hà Nội mở tuyến buýt mới (2026-11-27 01:00Z)');
    await checkFeed(deps, PAGE, { type: 'page', selector: 'h3 a' });
    expect(gatherer.calls).toEqual([
      { url: RSS, type: 'rss' },
      { url: PAGE, type: 'page', linkSelector: 'h3 a' },
    ]);
    await expect(checkFeed(deps, EMPTY)).rejects.toThrow(
      'feeds check: https://example.vn/empty.rss failed: không tìm thấy bài nào. Fix: the feed is empty: check the address',
    );
    await expect(checkFeed(deps, 'khong-co')).rejects.toThrow(/no feed with id "khong-co"/);
    expect(await stores.feeds.list()).toHaveLength(1);
  });

  it('removes, pauses and resumes, warning about config feeds', async () => {
    await stores.feeds.upsert(
      { id: 'cfg', name: 'Cfg', url: RSS, type: 'rss', enabled: true },
      'config',
    );
    await setFeedEnabled(deps, 'cfg', false);
    expect((await stores.feeds.get('cfg'))?.enabled).toBe(false);
    expect(out.text()).toContain('it stays paused across restarts until `feeds resume cfg`');
    await setFeedEnabled(deps, 'cfg', true);
    expect((await stores.feeds.get('cfg'))?.enabled).toBe(true);
    await removeFeed(deps, 'cfg');
    expect(await stores.feeds.get('cfg')).toBeNull();
    expect(out.text()).toContain('it stays removed across restarts until `feeds restore cfg`');
    await expect(removeFeed(deps, 'cfg')).rejects.toThrow(
      'feeds remove: there is no feed "cfg". Fix: pick an id from `feeds list`',
    );
    await expect(setFeedEnabled(deps, 'cfg', true)).rejects.toThrow(/there is no feed "cfg"/);
  });

  it('derives ids from URLs', () => {
    expect(feedIdFromUrl('https://vnexpress.net/rss/thoi-su.rss')).toBe(
      'vnexpress-net-rss-thoi-su',
    );
    expect(feedIdFromUrl('https://phunuthudo.vn/thời-sự/')).toBe('phunuthudo-vn-thoi-su');
  });
});

describe('feeds command wiring', () => {
  function program(): { cmd: Command; ctx: CliContext; opened: unknown[]; closed: () => number } {
    const opened: unknown[] = [];
    let closes = 0;
    const ctx: CliContext = {
      out,
      err: sink(),
      openApp: (o) => {
        opened.push(o);
        return Promise.resolve({
          stores,
          gatherer,
          close: () => Promise.resolve(void closes++),
        } as unknown as App);
      },
    };
    const cmd = new Command()
      .exitOverride()
      .configureOutput({ writeOut: (s) => out.write(s), writeErr: (s) => out.write(s) });
    register(cmd, ctx);
    return { cmd, ctx, opened, closed: () => closes };
  }

  it('runs add with --config and closes the app', async () => {
    const p = program();
    await p.cmd.parseAsync([
      'node',
      'cli',
      'feeds',
      'add',
      PAGE,
      '--type',
      'page',
      '--selector',
      'h3 a',
      '--id',
      'ktdt',
      '--config',
      '/etc/hd',
    ]);
    expect(p.opened).toEqual([{ configDir: '/etc/hd' }]);
    expect(p.closed()).toBe(1);
    expect((await stores.feeds.get('ktdt'))?.linkSelector).toBe('h3 a');
  });

  it('rejects (so the CLI exits non-zero) and still closes the app on error', async () => {
    const p = program();
    await expect(p.cmd.parseAsync(['node', 'cli', 'feeds', 'remove', 'nope'])).rejects.toThrow(
      FeedCommandError,
    );
    expect(p.closed()).toBe(1);
  });

  it('has --help for each subcommand', async () => {
    const p = program();
    await expect(p.cmd.parseAsync(['node', 'cli', 'feeds', 'add', '--help'])).rejects.toMatchObject(
      { code: 'commander.helpDisplayed' },
    );
    expect(out.text()).toMatch(/--selector <css>/);
    expect(out.text()).toMatch(/--config <dir>/);
  });
});
