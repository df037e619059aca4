import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ADMIN,
  ALICE,
  BOB,
  GROUP,
  PRIVATE_ALICE,
  shown,
  startHarness,
  type Harness,
} from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const textHas = (s: string) => (c: { response: Record<string, unknown> }) =>
  shown(c as never).includes(s);

describe('telegram conversation (real grammY bot, fake Bot API)', () => {
  it('registers its commands with Vietnamese descriptions, admin commands only for admins', async () => {
    const calls = h.server.callsOf('setMyCommands');
    const pub = calls.find((c) => c.params['scope'] === undefined)!;
    const names = (pub.params['commands'] as { command: string; description: string }[]).map(
      (c) => c.command,
    );
    expect(names).toEqual([
      'start',
      'help',
      'topics',
      'digest',
      'latest',
      'search',
      'subscribe',
      'unsubscribe',
      'settings',
    ]);
    expect((pub.params['commands'] as { description: string }[])[5]?.description).toBe(
      'Tìm tin theo từ khóa',
    );
    const admin = calls.find(
      (c) =>
        JSON.stringify(c.params['scope']) === JSON.stringify({ type: 'chat', chat_id: ADMIN.id }),
    );
    expect(admin).toBeDefined();
    // The admin has not talked to the bot yet, so the fake says "chat not found": logged, not fatal.
    expect(
      h.logger.entries.some((e) => e.msg === 'could not register admin commands for this admin'),
    ).toBe(true);
    expect(h.server.callsOf('deleteWebhook')).toHaveLength(1);
  });

  it('answers each user command in a private chat with valid HTML and link previews off', async () => {
    const start = await h.say(PRIVATE_ALICE, ALICE, '/start');
    expect(shown(start)).toContain('Chào bạn! Đây là Bản tin Hà Nội.');
    expect(start.params['parse_mode']).toBe('HTML');
    expect(start.params['link_preview_options']).toEqual({ is_disabled: true });

    expect(shown(await h.say(PRIVATE_ALICE, ALICE, '/help'))).toContain(
      '/search <từ khóa> — Tìm tin theo từ khóa. Ví dụ: /search ngập úng',
    );
    expect(shown(await h.say(PRIVATE_ALICE, ALICE, '/topics'))).toContain(
      'Giao thông (giao-thong): 1 tin',
    );

    const digest = await h.say(PRIVATE_ALICE, ALICE, '/digest', textHas('3 tin từ 1 nguồn'));
    expect(shown(digest)).toContain('Bản tin Hà Nội — Thứ Sáu, 27/11/2026');
    expect(shown(digest)).toContain('Khởi công đường vành đai 4 <đoạn 1> & cầu vượt');
    expect(digest.params['text']).toContain('<b>12,5 km</b>');

    const oneTopic = await h.say(PRIVATE_ALICE, ALICE, '/digest do thi', textHas('tin từ'));
    expect(shown(oneTopic)).toContain('Quy hoạch khu đô thị mới');
    expect(shown(oneTopic)).not.toContain('Ngập úng');

    const latest = await h.say(PRIVATE_ALICE, ALICE, '/latest 2');
    expect(shown(latest)).toContain('2 tin mới nhất');

    const found = await h.say(PRIVATE_ALICE, ALICE, '/search ngap ung');
    expect(shown(found)).toContain('Ngập úng trên phố Hoàn Kiếm');

    const usage = await h.say(PRIVATE_ALICE, ALICE, '/search');
    expect(shown(usage)).toContain('Hãy nhập từ khóa cần tìm.');

    const unknown = await h.say(PRIVATE_ALICE, ALICE, '/foo');
    expect(shown(unknown)).toContain('Bot không hiểu lệnh này.');

    // Every message the bot sent was accepted by the server's HTML and length checks.
    for (const c of h.server
      .callsOf('sendMessage')
      .filter((c) => String(c.params['chat_id']) === String(ALICE.id))) {
      expect(c.response['ok']).toBe(true);
    }
  });

  it('subscribes, shows settings with a keyboard, toggles a topic by button, and unsubscribes', async () => {
    const sub = await h.say(PRIVATE_ALICE, ALICE, '/subscribe giao thong 07:30');
    expect(shown(sub)).toContain('Đã đăng ký nhận bản tin!');
    const stored = await h.stores.subscriptions.findByTarget({
      platform: 'telegram',
      chatId: String(ALICE.id),
    });
    expect(stored).toMatchObject({
      schedule: '30 7 * * *',
      state: 'active',
      filters: { topics: ['giao-thong'] },
    });

    const settings = await h.say(PRIVATE_ALICE, ALICE, '/settings');
    const kb = settings.params['reply_markup'] as {
      inline_keyboard: { text: string; callback_data: string }[][];
    };
    expect(kb.inline_keyboard[0]).toEqual([
      { text: '✅ Giao thông', callback_data: 't:giao-thong' },
      { text: '⬜ Môi trường', callback_data: 't:moi-truong' },
    ]);
    const messageId = (settings.response['result'] as { message_id: number }).message_id;

    const before = h.server.calls.length;
    const queryId = h.server.pressButton(PRIVATE_ALICE, ALICE, messageId, 't:moi-truong');
    const answer = await h.server.waitForCall(
      (c) => c.method === 'answercallbackquery' && c.params['callback_query_id'] === queryId,
    );
    expect(answer.response['ok']).toBe(true);
    const edit = await h.server.waitForCall(
      (c) => h.server.calls.indexOf(c) >= before && c.method === 'editmessagetext',
    );
    expect(edit.response['ok']).toBe(true);
    expect(shown(edit)).toContain('Chủ đề: Giao thông, Môi trường');
    const after = await h.stores.subscriptions.findByTarget({
      platform: 'telegram',
      chatId: String(ALICE.id),
    });
    expect(after?.filters.topics).toEqual(['giao-thong', 'moi-truong']);

    const un = await h.say(PRIVATE_ALICE, ALICE, '/unsubscribe');
    expect(shown(un)).toContain('Đã hủy đăng ký.');
    expect(
      await h.stores.subscriptions.findByTarget({ platform: 'telegram', chatId: String(ALICE.id) }),
    ).toBeNull();
  });

  it('in a group, a member is refused and nothing changes; an administrator may subscribe', async () => {
    h.server.setMember(GROUP.id, BOB.id, 'member');
    h.server.setMember(GROUP.id, ALICE.id, 'administrator');
    const refused = await h.say(GROUP, BOB, `/subscribe@${h.server.bot.username} giao thông`);
    expect(shown(refused)).toContain('chỉ quản trị viên của nhóm mới đổi được đăng ký');
    expect(await h.stores.subscriptions.list()).toHaveLength(0);
    expect(h.server.callsOf('getChatMember').some((c) => c.params['user_id'] === BOB.id)).toBe(
      true,
    );

    const ok = await h.say(GROUP, ALICE, '/subscribe giao thông 06:00');
    expect(shown(ok)).toContain('Đã đăng ký nhận bản tin!');
    const subs = await h.stores.subscriptions.list();
    expect(subs.map((s) => s.target)).toEqual([{ platform: 'telegram', chatId: String(GROUP.id) }]);

    // A member pressing a settings button is refused with an alert, and nothing changes.
    const settings = await h.say(GROUP, ALICE, '/settings');
    const messageId = (settings.response['result'] as { message_id: number }).message_id;
    const q = h.server.pressButton(GROUP, BOB, messageId, 'p:pause');
    const answer = await h.server.waitForCall(
      (c) => c.method === 'answercallbackquery' && c.params['callback_query_id'] === q,
    );
    expect(answer.params['show_alert']).toBe(true);
    expect(String(answer.params['text'])).toContain('quản trị viên');
    expect((await h.stores.subscriptions.list())[0]?.state).toBe('active');

    // Commands addressed to another bot are ignored.
    const before = h.sentTo(GROUP.id).length;
    h.server.sendText(GROUP, ALICE, '/help@other_bot');
    await h.say(GROUP, ALICE, '/start'); // updates of one chat are handled in order
    expect(h.sentTo(GROUP.id).length).toBe(before + 1);
  });

  it('admin commands: a non-admin is refused, a bot admin can add and manage feeds', async () => {
    const refused = await h.say(
      PRIVATE_ALICE,
      ALICE,
      '/addfeed https://baomoi.example/rss/ha-noi.rss',
    );
    expect(shown(refused)).toContain('chỉ dành cho quản trị viên của bot');
    expect(h.gatherer.calls).toHaveLength(0);
    expect(await h.stores.feeds.list()).toHaveLength(0);

    const adminChat = { id: ADMIN.id, type: 'private' as const, first_name: 'Quản trị' };
    const added = await h.say(adminChat, ADMIN, '/addfeed https://baomoi.example/rss/ha-noi.rss');
    expect(shown(added)).toContain('Đã thêm nguồn baomoi-example-rss-ha-noi — Báo Mới – Hà Nội.');
    expect(await h.stores.feeds.get('baomoi-example-rss-ha-noi')).toMatchObject({
      url: 'https://baomoi.example/rss/ha-noi.rss',
      enabled: true,
    });

    const feeds = await h.say(adminChat, ADMIN, '/feeds');
    expect(shown(feeds)).toContain('baomoi-example-rss-ha-noi — Báo Mới – Hà Nội · RSS');
    expect(shown(feeds)).toContain('https://baomoi.example/rss/ha-noi.rss');
    expect(shown(feeds)).toContain('Tình trạng: chưa đọc lần nào');

    await h.say(adminChat, ADMIN, '/pausefeed baomoi-example-rss-ha-noi');
    expect((await h.stores.feeds.get('baomoi-example-rss-ha-noi'))?.enabled).toBe(false);
    await h.say(adminChat, ADMIN, '/resumefeed baomoi-example-rss-ha-noi');
    expect((await h.stores.feeds.get('baomoi-example-rss-ha-noi'))?.enabled).toBe(true);
    const beforeExport = h.server.calls.length;
    expect(shown(await h.say(adminChat, ADMIN, '/exportfeeds'))).toContain('Danh sách 1 nguồn tin');
    const exported = await h.server.waitForCall(
      (c) => h.server.calls.indexOf(c) >= beforeExport && c.method === 'senddocument',
    );
    expect(exported.response['ok']).toBe(true);
    expect((exported.response['result'] as { text: string }).text).toContain(
      'xmlUrl="https://baomoi.example/rss/ha-noi.rss"',
    );

    // /importfeeds with the file attached (caption): a preview with a button, applied when pressed.
    const opml = String((exported.response['result'] as { text: string }).text)
      .replace(/baomoi-example-rss-ha-noi/g, 'ban-sao')
      .replace('https://baomoi.example/rss/ha-noi.rss', 'https://baomoi.example/rss/ban-sao.rss');
    const beforeImport = h.server.calls.length;
    h.server.sendDocument(adminChat, ADMIN, 'nguon.opml', opml, '/importfeeds');
    const preview = await h.server.waitForCall(
      (c) => h.server.calls.indexOf(c) >= beforeImport && c.method === 'sendmessage',
    );
    expect(shown(preview)).toContain('Xem trước khi nhập: thêm 1, cập nhật 0');
    expect(await h.stores.feeds.get('ban-sao')).toBeNull();
    const previewId = (preview.response['result'] as { message_id: number }).message_id;
    const beforePress = h.server.calls.length;
    h.server.pressButton(adminChat, ADMIN, previewId, 'fimp');
    const applied = await h.server.waitForCall(
      (c) => h.server.calls.indexOf(c) >= beforePress && c.method === 'editmessagetext',
    );
    expect(shown(applied)).toContain('Đã nhập: thêm 1, cập nhật 0 nguồn.');
    expect(await h.stores.feeds.get('ban-sao')).toMatchObject({
      url: 'https://baomoi.example/rss/ban-sao.rss',
    });
    await h.stores.feeds.remove('ban-sao');

    // Removal asks first, with a button; pressing it removes the feed.
    const ask = await h.say(adminChat, ADMIN, '/removefeed baomoi-example-rss-ha-noi');
    expect(shown(ask)).toContain('Xóa nguồn baomoi-example-rss-ha-noi — Báo Mới – Hà Nội?');
    const kb = ask.params['reply_markup'] as {
      inline_keyboard: { text: string; callback_data: string }[][];
    };
    expect(kb.inline_keyboard[0]).toEqual([
      { text: 'Xóa nguồn', callback_data: 'frm:baomoi-example-rss-ha-noi' },
      { text: 'Hủy', callback_data: 'fcancel' },
    ]);
    expect(await h.stores.feeds.get('baomoi-example-rss-ha-noi')).not.toBeNull();
    const messageId = (ask.response['result'] as { message_id: number }).message_id;
    const before = h.server.calls.length;
    h.server.pressButton(adminChat, ADMIN, messageId, 'frm:baomoi-example-rss-ha-noi');
    const edit = await h.server.waitForCall(
      (c) => h.server.calls.indexOf(c) >= before && c.method === 'editmessagetext',
    );
    expect(shown(edit)).toContain('Đã xóa nguồn baomoi-example-rss-ha-noi.');
    expect(await h.stores.feeds.get('baomoi-example-rss-ha-noi')).toBeNull();
  });
});
