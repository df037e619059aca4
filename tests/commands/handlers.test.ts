import { describe, expect, it } from 'vitest';
import {
  createCommandHandlers,
  type CommandHandlersOptions,
} from '../../src/bots/commands/index.js';
import type { CallbackRequest } from '../../src/bots/commands/types.js';
import type { Logger } from '../../src/digest/ports.js';
import {
  actor,
  fakeGatherer,
  fakeNews,
  GAZETTEER,
  memoryFeeds,
  memorySubscriptions,
  request,
  story,
  textOf,
  TOPICS,
} from './fakes.js';

const NOW = new Date('2026-11-27T03:12:34Z'); // 10:12 in Hà Nội

function setup(over: Partial<CommandHandlersOptions> = {}) {
  const stories = [
    story('s1', 'Ngập úng trên phố Hoàn Kiếm sau mưa lớn', ['moi-truong']),
    story('s2', 'Khởi công đường vành đai 4', ['giao-thong']),
    story('s3', 'Quy hoạch khu đô thị mới', ['do-thi']),
    ...Array.from({ length: 30 }, (_, i) =>
      story(`x${i}`, `Tin giao thông số ${i}`, ['giao-thong']),
    ),
  ];
  const news = fakeNews(stories);
  const subscriptions = memorySubscriptions();
  const feeds = memoryFeeds(
    [
      { id: 'bao-a', name: 'Báo A', url: 'https://a.example/rss', type: 'rss', enabled: true },
      { id: 'bao-b', name: 'Báo B', url: 'https://b.example/rss', type: 'rss', enabled: false },
    ],
    [
      {
        feedId: 'bao-a',
        etag: null,
        lastModified: null,
        lastAttemptAt: NOW,
        lastSuccessAt: new Date('2026-11-27T00:05:00Z'),
        consecutiveFailures: 3,
        lastError: 'máy chủ của báo tạm ngừng phục vụ (lỗi 503)',
        failingSince: new Date('2026-11-27T01:00:00Z'),
        nextAttemptAt: new Date('2026-11-27T04:00:00Z'),
        primed: true,
      },
    ],
  );
  const gatherer = fakeGatherer({ itemCount: 4, title: 'Tin mới', newest: null });
  const errors: unknown[] = [];
  const logger: Logger = { debug() {}, info() {}, warn() {}, error: (o) => errors.push(o) };
  let changed = 0;
  const handlers = createCommandHandlers({
    news,
    subscriptions,
    feeds,
    gatherer,
    topics: TOPICS,
    gazetteer: GAZETTEER,
    clock: { now: () => NOW },
    logger,
    onSubscriptionsChanged: () => {
      changed += 1;
    },
    ...over,
  });
  return { handlers, news, subscriptions, feeds, gatherer, errors, changed: () => changed };
}

describe('help and start', () => {
  it('/start welcomes and explains how to subscribe', async () => {
    const { handlers } = setup();
    const r = await handlers.handle(request('start'));
    expect(r.kind).toBe('ok');
    expect(textOf(r)).toContain('/subscribe');
    expect(textOf(r)).toBe(textOf(r).normalize('NFC'));
  });

  it('/help lists every user command with an example, admin commands only for admins', async () => {
    const { handlers } = setup();
    const user = textOf(await handlers.handle(request('help')));
    for (const c of handlers.describe().filter((d) => !d.adminOnly))
      expect(user).toContain(`/${c.command}`);
    expect(user).toContain('Ví dụ: /search ngập úng');
    expect(user).not.toContain('/addfeed');
    const admin = textOf(await handlers.handle(request('help', '', actor({ admin: true }))));
    expect(admin).toContain('/addfeed');
  });

  it('an unknown command name gets short help', async () => {
    const { handlers } = setup();
    const r = await handlers.handle(request('nope' as never));
    expect(r.kind).toBe('usage');
    expect(textOf(r)).toContain('/help');
  });

  it('describe() gives every command a Vietnamese description', () => {
    const { handlers } = setup();
    const d = handlers.describe();
    expect(d.map((c) => c.command)).toContain('resumefeed');
    expect(d.find((c) => c.command === 'search')?.description).toBe('Tìm tin theo từ khóa');
    expect(
      d
        .filter((c) => c.adminOnly)
        .map((c) => c.command)
        .sort(),
    ).toEqual([
      'addfeed',
      'adminchannel',
      'exportfeeds',
      'feeds',
      'importfeeds',
      'pausefeed',
      'removefeed',
      'renamefeed',
      'resumefeed',
      'setfilter',
    ]);
  });
});

describe('news commands', () => {
  it('/topics counts over the same window as /digest', async () => {
    const { handlers, news } = setup();
    const r = await handlers.handle(request('topics'));
    expect(textOf(r)).toContain('Giao thông (giao-thong): 31 tin');
    expect(textOf(r)).toContain('Môi trường (moi-truong): 1 tin');
    await handlers.handle(request('digest'));
    const counted = news.calls.find((c) => c.method === 'topicCounts')?.arg;
    const digested = news.calls.find((c) => c.method === 'digest')?.arg as {
      since: Date;
      until: Date;
    };
    expect(counted).toEqual({ since: digested.since, until: digested.until });
    expect(counted).toEqual({
      since: new Date('2026-11-26T03:15:00Z'),
      until: new Date('2026-11-27T03:15:00Z'),
    });
  });

  it('/digest returns the digest document over a rounded 24-hour window', async () => {
    const { handlers, news } = setup();
    const r = await handlers.handle(request('digest'));
    expect(r.kind).toBe('ok');
    expect(r.digest?.counts.items).toBe(33);
    const arg = news.calls.find((c) => c.method === 'digest')?.arg as { since: Date; until: Date };
    expect(arg.until).toEqual(new Date('2026-11-27T03:15:00Z')); // the end of the 5-minute bucket: just-gathered news is in
    expect(arg.since).toEqual(new Date('2026-11-26T03:15:00Z'));
  });

  it('/digest with a topic name typed without diacritics filters to that topic', async () => {
    const { handlers, news } = setup();
    const r = await handlers.handle(request('digest', 'moi truong'));
    expect(r.digest?.counts.items).toBe(1);
    expect((news.calls.at(-1)?.arg as { filters: unknown }).filters).toEqual({
      topics: ['moi-truong'],
    });
  });

  it('/digest with an unknown topic answers with usage and the topic list', async () => {
    const { handlers } = setup();
    const r = await handlers.handle(request('digest', 'thể thao'));
    expect(r.kind).toBe('usage');
    expect(textOf(r)).toContain('Giao thông, Môi trường, Đô thị');
    expect(textOf(r)).toContain('Ví dụ: /digest giao thông');
  });

  it('/digest with nothing in the window says so instead of sending an empty digest', async () => {
    const { handlers } = setup({ news: fakeNews([]) });
    const r = await handlers.handle(request('digest'));
    expect(r.digest).toBeUndefined();
    expect(textOf(r)).toContain('Chưa có tin');
  });

  it('/latest defaults to 5, caps at 20, and rejects non-numbers', async () => {
    const { handlers } = setup();
    expect((await handlers.handle(request('latest'))).stories).toHaveLength(5);
    const big = await handlers.handle(request('latest', '50'));
    expect(big.stories).toHaveLength(20);
    expect(textOf(big)).toContain('Tối đa 20');
    const bad = await handlers.handle(request('latest', 'nhiều'));
    expect(bad.kind).toBe('usage');
    expect(bad.stories).toBeUndefined();
    expect((await handlers.handle(request('latest', '0'))).kind).toBe('usage');
  });

  it('/search finds stories ignoring diacritics and asks for words when empty', async () => {
    const { handlers } = setup();
    const r = await handlers.handle(request('search', 'ngap ung'));
    expect(r.stories?.map((s) => s.id)).toEqual(['s1']);
    const empty = await handlers.handle(request('search', '   '));
    expect(empty.kind).toBe('usage');
    expect(textOf(empty)).toContain('/search <từ khóa>');
    const none = await handlers.handle(request('search', 'không có gì'));
    expect(none.kind).toBe('ok');
    expect(textOf(none)).toContain('Không tìm thấy');
  });
});

describe('subscriptions', () => {
  it('/subscribe with no arguments subscribes to everything at 07:00', async () => {
    const { handlers, subscriptions, changed } = setup();
    const r = await handlers.handle(request('subscribe'));
    expect(r.kind).toBe('ok');
    const sub = await subscriptions.findByTarget({ platform: 'telegram', chatId: '100' });
    expect(sub).toMatchObject({
      schedule: '0 7 * * *',
      timezone: 'Asia/Ho_Chi_Minh',
      state: 'active',
      origin: 'command',
    });
    expect(sub?.filters.topics).toEqual([]);
    expect(changed()).toBe(1);
  });

  it('/subscribe parses topics, places and a time leniently', async () => {
    const { handlers, subscriptions } = setup();
    await handlers.handle(request('subscribe', 'giao thong, Môi trường hoan kiem giờ 7h30'));
    const sub = await subscriptions.findByTarget({ platform: 'telegram', chatId: '100' });
    expect(sub?.filters.topics).toEqual(['giao-thong', 'moi-truong']);
    expect(sub?.filters.places).toEqual(['Hoàn Kiếm']);
    expect(sub?.schedule).toBe('30 7 * * *');
    // Updating keeps what was not mentioned.
    await handlers.handle(request('subscribe', '18:05'));
    const again = await subscriptions.findByTarget({ platform: 'telegram', chatId: '100' });
    expect(again?.schedule).toBe('5 18 * * *');
    expect(again?.filters.topics).toEqual(['giao-thong', 'moi-truong']);
  });

  it('/subscribe with an unknown word or a bad time answers with usage and changes nothing', async () => {
    const { handlers, subscriptions } = setup();
    for (const args of ['bóng đá', '25:00']) {
      const r = await handlers.handle(request('subscribe', args));
      expect(r.kind).toBe('usage');
      expect(textOf(r)).toContain('Ví dụ: /subscribe giao thông 07:30');
    }
    expect(subscriptions.rows.size).toBe(0);
  });

  it('in a group, a member who is not an admin is refused and nothing changes', async () => {
    const { handlers, subscriptions, changed } = setup();
    const member = actor({ canManage: false });
    const r = await handlers.handle(request('subscribe', 'giao thông', member, '-100200', 'group'));
    expect(r.kind).toBe('refused');
    expect(textOf(r)).toContain('quản trị viên của nhóm');
    expect(member.asked).toBe(1);
    expect(subscriptions.rows.size).toBe(0);
    expect(changed()).toBe(0);
    const admin = actor({ canManage: true });
    expect(
      (await handlers.handle(request('subscribe', 'giao thông', admin, '-100200', 'group'))).kind,
    ).toBe('ok');
    expect(subscriptions.rows.size).toBe(1);
    const refusedUnsub = await handlers.handle(
      request('unsubscribe', '', member, '-100200', 'group'),
    );
    expect(refusedUnsub.kind).toBe('refused');
    expect(subscriptions.rows.size).toBe(1);
  });

  it('/unsubscribe removes a command subscription and disables a config one', async () => {
    const { handlers, subscriptions } = setup();
    await handlers.handle(request('subscribe'));
    expect((await handlers.handle(request('unsubscribe'))).kind).toBe('ok');
    expect(subscriptions.rows.size).toBe(0);
    expect(textOf(await handlers.handle(request('unsubscribe')))).toContain('chưa đăng ký');
    await handlers.handle(request('subscribe'));
    const id = [...subscriptions.rows.keys()][0]!;
    subscriptions.rows.set(id, { ...subscriptions.rows.get(id)!, origin: 'config' });
    await handlers.handle(request('unsubscribe'));
    expect(subscriptions.rows.get(id)?.state).toBe('disabled');
  });

  it('/settings shows the subscription with topic toggles whose data fits 64 bytes', async () => {
    const { handlers } = setup();
    const none = await handlers.handle(request('settings'));
    expect(none.buttons?.[0]?.[0]?.data).toBe('s:on');
    await handlers.handle(request('subscribe', 'giao thông 06:45'));
    const r = await handlers.handle(request('settings'));
    expect(textOf(r)).toContain('Giờ nhận: 06:45');
    const flat = r.buttons!.flat();
    expect(flat.map((b) => b.data)).toEqual([
      't:giao-thong',
      't:moi-truong',
      't:do-thi',
      't:*',
      'p:pause',
    ]);
    expect(flat[0]!.label).toBe('✅ Giao thông');
    expect(flat[1]!.label).toBe('⬜ Môi trường');
    for (const b of flat) expect(Buffer.byteLength(b.data)).toBeLessThanOrEqual(64);
  });

  it('callbacks toggle topics, pause and resume, and refuse non-admins in groups', async () => {
    const { handlers, subscriptions } = setup();
    const cb = (data: string, canManage = true): CallbackRequest => ({
      data,
      actor: actor({ canManage }),
      target: { platform: 'telegram', chatId: '100' },
      chatKind: 'private',
    });
    await handlers.handle(request('subscribe'));
    const sub = () => [...subscriptions.rows.values()][0]!;
    await handlers.handleCallback(cb('t:do-thi'));
    expect(sub().filters.topics).toEqual(['giao-thong', 'moi-truong']);
    await handlers.handleCallback(cb('t:do-thi'));
    expect(sub().filters.topics).toEqual([]);
    await handlers.handleCallback(cb('t:moi-truong'));
    const r = await handlers.handleCallback(cb('t:*'));
    expect(sub().filters.topics).toEqual([]);
    expect(r.buttons?.flat().every((b) => !b.label.startsWith('⬜'))).toBe(true);
    await handlers.handleCallback(cb('p:pause'));
    expect(sub().state).toBe('paused');
    const refusedR = await handlers.handleCallback(cb('p:resume', false));
    expect(refusedR.kind).toBe('refused');
    expect(sub().state).toBe('paused');
    await handlers.handleCallback(cb('p:resume'));
    expect(sub().state).toBe('active');
    expect((await handlers.handleCallback(cb('t:unknown-topic'))).kind).toBe('usage');
    expect((await handlers.handleCallback(cb('garbage'))).kind).toBe('usage');
  });
});

describe('admin commands', () => {
  it('non-admins are refused and nothing is fetched or stored', async () => {
    const { handlers, gatherer, feeds } = setup();
    const r = await handlers.handle(request('addfeed', 'https://c.example/rss'));
    expect(r.kind).toBe('refused');
    expect(gatherer.calls).toHaveLength(0);
    expect(feeds.rows.size).toBe(2);
    expect((await handlers.handle(request('feeds'))).kind).toBe('refused');
  });

  it('/feeds shows each feed with its health', async () => {
    const { handlers } = setup();
    const t = textOf(await handlers.handle(request('feeds', '', actor({ admin: true }))));
    expect(t).toContain('bao-a — Báo A · RSS');
    expect(t).toContain('https://a.example/rss');
    expect(t).toContain('Tình trạng: đang lỗi từ 27/11 08:00 (3 lần liên tiếp)');
    expect(t).toContain('Lỗi cuối: máy chủ của báo tạm ngừng phục vụ (lỗi 503)');
    expect(t).toContain('Lần thử tới: 27/11 11:00');
    expect(t).toContain('bao-b — Báo B');
    expect(t).toContain('Tình trạng: tạm dừng (quản trị viên)');
    expect(t).not.toContain('Tóm tắt:');
  });

  it('/feeds tells admins why summaries fell back (the LLM budget is spent)', async () => {
    const { handlers } = setup({
      summarizerStatus: async () => 'mô hình m; hết ngân sách nên đang dùng tóm tắt trích xuất.',
    });
    const t = textOf(await handlers.handle(request('feeds', '', actor({ admin: true }))));
    expect(t).toContain('Tóm tắt: mô hình m; hết ngân sách nên đang dùng tóm tắt trích xuất.');
  });

  it('/addfeed checks the feed once and stores it', async () => {
    const { handlers, gatherer, feeds } = setup();
    const r = await handlers.handle(
      request('addfeed', 'https://www.c.example/rss/thoi-su.rss', actor({ admin: true })),
    );
    expect(r.kind).toBe('ok');
    expect(gatherer.calls).toEqual([{ url: 'https://www.c.example/rss/thoi-su.rss', type: 'rss' }]);
    expect(feeds.rows.get('c-example-rss-thoi-su')).toMatchObject({
      name: 'Tin mới',
      type: 'rss',
      enabled: true,
    });
    const page = await handlers.handle(
      request('addfeed', 'https://d.example/tin page  .list a.title', actor({ admin: true })),
    );
    expect(page.kind).toBe('ok');
    expect(gatherer.calls.at(-1)).toEqual({
      url: 'https://d.example/tin',
      type: 'page',
      linkSelector: '.list a.title',
    });
  });

  it('/addfeed refuses a feed that fails or has no items, and a bad URL gets usage', async () => {
    const admin = actor({ admin: true });
    const failing = setup({ gatherer: fakeGatherer(new Error('blocked address 10.0.0.1')) });
    const r1 = await failing.handlers.handle(request('addfeed', 'https://c.example/rss', admin));
    expect(r1.kind).toBe('refused');
    expect(textOf(r1)).toMatch(/^Không thêm được: /);
    expect(textOf(r1)).not.toMatch(/Error|blocked/);
    const empty = setup({ gatherer: fakeGatherer({ itemCount: 0, errors: ['not a feed'] }) });
    const r2 = await empty.handlers.handle(request('addfeed', 'https://c.example/', admin));
    expect(textOf(r2)).toContain('Không thêm được: không tìm thấy bài nào.');
    expect(textOf(r2)).toContain('bộ chọn CSS');
    expect(empty.feeds.rows.size).toBe(2);
    expect((await empty.handlers.handle(request('addfeed', 'ftp://x', admin))).kind).toBe('usage');
    expect((await empty.handlers.handle(request('addfeed', '', admin))).kind).toBe('usage');
    expect(
      (await empty.handlers.handle(request('addfeed', 'https://a.example/rss', admin))).kind,
    ).toBe('refused');
  });

  it('/removefeed, /pausefeed, /resumefeed act on an existing id and give usage otherwise', async () => {
    const { handlers, feeds } = setup();
    const admin = actor({ admin: true });
    await handlers.handle(request('pausefeed', 'bao-a', admin));
    expect(feeds.rows.get('bao-a')?.enabled).toBe(false);
    await handlers.handle(request('resumefeed', 'bao-a', admin));
    expect(feeds.rows.get('bao-a')?.enabled).toBe(true);
    // Removal asks first: a button, or the confirm word.
    const ask = await handlers.handle(request('removefeed', 'bao-b', admin));
    expect(feeds.rows.has('bao-b')).toBe(true);
    expect(ask.buttons?.[0]?.map((b) => b.data)).toEqual(['frm:bao-b', 'fcancel']);
    const cbReq = (data: string, a = admin): CallbackRequest => ({
      data,
      actor: a,
      target: { platform: 'telegram', chatId: '100' },
      chatKind: 'private',
    });
    expect((await handlers.handleCallback(cbReq('frm:bao-b', actor()))).kind).toBe('refused');
    expect(feeds.rows.has('bao-b')).toBe(true);
    expect(textOf(await handlers.handleCallback(cbReq('fcancel')))).toContain('Đã hủy');
    expect(feeds.rows.has('bao-b')).toBe(true);
    await handlers.handleCallback(cbReq('frm:bao-b'));
    expect(feeds.rows.has('bao-b')).toBe(false);
    await handlers.handle(request('removefeed', 'bao-a xacnhan', admin));
    expect(feeds.rows.has('bao-a')).toBe(false);
    const r = await handlers.handle(request('removefeed', 'khong-co', admin));
    expect(r.kind).toBe('usage');
    expect(textOf(r)).toContain('/feeds');
    expect((await handlers.handle(request('pausefeed', '', admin))).kind).toBe('usage');
  });
});

describe('failures', () => {
  it('an unexpected error becomes a short apology and is logged, never a stack trace', async () => {
    const news = fakeNews([]);
    news.latest = async () => {
      throw new Error('database is locked');
    };
    const { handlers, errors } = setup({ news });
    const r = await handlers.handle(request('latest'));
    expect(r.kind).toBe('error');
    expect(textOf(r)).toBe('Đã có lỗi, vui lòng thử lại sau.');
    expect(errors).toHaveLength(1);
  });
});
