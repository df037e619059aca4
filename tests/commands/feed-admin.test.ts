/**
 * The feed admin commands over the real SQLite store: rename, filters,
 * OPML export and import (attachment, preview, button), the Discord admin
 * channel and where notices then go. Replies are plain Vietnamese.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFeedNotifier } from '../../src/app/feed-notifier.js';
import { createCommandHandlers } from '../../src/bots/commands/index.js';
import type {
  CallbackRequest,
  CommandHandlers,
  CommandRequest,
  Reply,
} from '../../src/bots/commands/types.js';
import { feedsToOpml, parseOpml } from '../../src/digest/gather/index.js';
import type { FeedConfig } from '../../src/digest/model.js';
import { createStores, type SqlStores } from '../../src/store/index.js';
import { createRecordingPublisher } from '../helpers/recording-publisher.js';
import { actor, fakeGatherer, fakeNews, request, textOf } from './fakes.js';

let stores: SqlStores;
let handlers: CommandHandlers;
const admin = actor({ admin: true, userId: '7' });

const A: FeedConfig = {
  id: 'bao-a',
  name: 'Báo A',
  url: 'https://a.vn/rss',
  type: 'rss',
  enabled: true,
};

beforeEach(async () => {
  stores = await createStores('sqlite::memory:');
  await stores.feeds.upsert(A, 'config');
  handlers = createCommandHandlers({
    news: fakeNews([]),
    subscriptions: stores.subscriptions,
    feeds: stores.feeds,
    kv: stores.kv,
    gatherer: fakeGatherer({ itemCount: 3, title: 'Tin' }),
    topics: [],
  });
});
afterEach(async () => {
  await stores.close();
});

const say = async (
  cmd: CommandRequest['command'],
  args = '',
  extra: Partial<CommandRequest> = {},
) => handlers.handle({ ...request(cmd, args, admin), ...extra });
const press = (data: string, who = admin): Promise<Reply> =>
  handlers.handleCallback({
    data,
    actor: who,
    target: { platform: 'telegram', chatId: '7' },
    chatKind: 'private',
  } satisfies CallbackRequest);
const attach = (text: string, name = 'nguon.opml') => ({
  attachment: { name, size: text.length, text: () => Promise.resolve(text) },
});

describe('rename and filters', () => {
  it('/renamefeed renames; /setfilter shows, sets and clears; /feeds shows them', async () => {
    expect(textOf(await say('renamefeed', 'bao-a Báo A – Thời sự'))).toBe(
      'Đã đổi tên nguồn bao-a thành “Báo A – Thời sự”.',
    );
    expect((await stores.feeds.get('bao-a'))?.name).toBe('Báo A – Thời sự');
    expect((await say('renamefeed', 'bao-a')).kind).toBe('usage');
    expect((await say('renamefeed', 'khong-co Tên')).kind).toBe('usage');

    expect(textOf(await say('setfilter', 'bao-a'))).toBe('bao-a — chưa lọc, lấy mọi bài.');
    const set = await say('setfilter', 'bao-a +Hà Nội +giao thông -bóng đá');
    expect(textOf(set)).toContain('chỉ lấy bài có «Hà Nội», «giao thông» · bỏ bài có «bóng đá»');
    expect((await stores.feeds.get('bao-a'))?.filters).toEqual({
      include: ['Hà Nội', 'giao thông'],
      exclude: ['bóng đá'],
    });
    expect(textOf(await say('feeds'))).toContain(
      'Lọc: chỉ lấy bài có «Hà Nội», «giao thông» · bỏ bài có «bóng đá»',
    );
    expect((await say('setfilter', 'bao-a Hà Nội')).kind).toBe('usage');
    await say('setfilter', 'bao-a xoa');
    expect((await stores.feeds.get('bao-a'))?.filters).toBeUndefined();
  });
});

describe('OPML in the bots', () => {
  it('/exportfeeds sends the file; /importfeeds previews, then the button applies it', async () => {
    const exported = await say('exportfeeds');
    expect(exported.file?.name).toMatch(/^hanoi-digest-feeds-\d{4}-\d{2}-\d{2}\.opml$/);
    expect(parseOpml(exported.file!.content).feeds).toEqual([A]);

    const incoming: FeedConfig[] = [
      A,
      {
        id: 'trang-b',
        name: 'Trang B',
        url: 'https://b.vn/tin',
        type: 'page',
        linkSelector: 'h3 a',
        enabled: true,
        filters: { include: ['Hà Nội'], exclude: [] },
      },
    ];
    const noFile = await say('importfeeds');
    expect(noFile.kind).toBe('usage');
    expect(textOf(noFile)).toContain('Hãy gửi tệp .opml kèm chú thích /importfeeds.');

    const preview = await say('importfeeds', '', attach(feedsToOpml(incoming)));
    expect(textOf(preview)).toContain(
      'Xem trước khi nhập: thêm 1, cập nhật 0, giữ nguyên 1, bỏ qua 0.',
    );
    expect(preview.buttons?.[0]?.map((b) => b.label)).toEqual(['Nhập 1 nguồn', 'Hủy']);
    expect(await stores.feeds.get('trang-b')).toBeNull();
    // Only a bot admin may press it, and only their own preview is applied.
    expect((await press('fimp', actor({ userId: '7' }))).kind).toBe('refused');
    expect((await press('fimp', actor({ admin: true, userId: '8' }))).kind).toBe('refused');
    expect(textOf(await press('fimp'))).toContain('Đã nhập: thêm 1, cập nhật 0 nguồn.');
    expect(await stores.feeds.get('trang-b')).toEqual(incoming[1]);
    // The preview is used up.
    expect((await press('fimp')).kind).toBe('refused');
  });

  it('refuses a file that is not OPML in plain Vietnamese; xacnhan applies at once', async () => {
    const bad = await say('importfeeds', '', attach('<html>không phải</html>', 'x.html'));
    expect(bad.kind).toBe('refused');
    expect(textOf(bad)).toBe(
      'Tệp “x.html” không phải OPML đọc được. Hãy xuất lại tệp từ trình đọc tin.',
    );
    const c: FeedConfig = {
      id: 'c',
      name: 'C',
      url: 'https://c.vn/rss',
      type: 'rss',
      enabled: true,
    };
    const r = await say('importfeeds', 'xacnhan', attach(feedsToOpml([c])));
    expect(textOf(r)).toContain('Đã nhập: thêm 1');
    expect(await stores.feeds.get('c')).toEqual(c);
  });
});

describe('the Discord admin channel', () => {
  it('/adminchannel sets the channel notices go to, and tat turns it off', async () => {
    const tg = createRecordingPublisher('telegram');
    const dc = createRecordingPublisher('discord');
    const notify = createFeedNotifier({
      publishers: { telegram: tg, discord: dc },
      telegramAdminIds: ['7'],
      discordChannelId: '111111111111111111',
      kv: stores.kv,
      timezone: 'Asia/Ho_Chi_Minh',
    });
    const event = {
      kind: 'recovered' as const,
      feed: A,
      failures: 5,
      failingSince: new Date('2026-11-27T00:00:00Z'),
      failure: null,
      nextAttemptAt: null,
    };
    await notify(event);
    expect(dc.messages.map((m) => m.target.chatId)).toEqual(['111111111111111111']);

    const inGuild = {
      target: { platform: 'discord' as const, chatId: '222222222222222222' },
      chatKind: 'guild' as const,
    };
    expect(textOf(await say('adminchannel', '', inGuild))).toContain('Kênh này sẽ nhận thông báo');
    await notify(event);
    expect(dc.messages.at(-1)?.target.chatId).toBe('222222222222222222');
    await say('adminchannel', 'tat', inGuild);
    await notify(event);
    expect(dc.messages).toHaveLength(2);
    expect(tg.messages.map((m) => m.target.chatId)).toEqual(['7', '7', '7']);
    // On Telegram the command explains where notices go instead.
    expect(textOf(await say('adminchannel'))).toContain('gửi riêng cho từng quản trị viên');
  });
});

it('no feed admin reply names an exception class', async () => {
  const replies = [
    await say('addfeed', 'https://x.vn/rss'),
    await say('removefeed', 'khong-co'),
    await say('renamefeed', ''),
    await say('setfilter', ''),
    await say('importfeeds', '', attach('{')),
    await say('feeds'),
  ];
  for (const r of replies) expect(textOf(r)).not.toMatch(/[A-Z][a-zA-Z]+Error|Exception/);
});
