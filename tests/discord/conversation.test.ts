/**
 * The real discord.js client against the fake Discord API, over the real
 * command layer: every slash command, buttons, autocomplete, refusals and the
 * deferral rule.
 */
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPTION } from '../helpers/fake-discord-server.js';
import {
  ADMIN_ID,
  CHANNEL_ID,
  GUILD_ID,
  bodyOf,
  startHarness,
  textOf,
  waitAnswered,
  waitText,
  type Harness,
} from './harness.js';

const EPHEMERAL = 64;
const MANAGER = {
  guildId: GUILD_ID,
  channelId: CHANNEL_ID,
  user: { id: '100000000000000002' },
  permissions: PermissionFlagsBits.ManageChannels | PermissionFlagsBits.SendMessages,
};
const MEMBER = {
  guildId: GUILD_ID,
  channelId: CHANNEL_ID,
  user: { id: '100000000000000003' },
  permissions: PermissionFlagsBits.SendMessages | PermissionFlagsBits.ViewChannel,
};
const ADMIN = { ...MEMBER, user: { id: ADMIN_ID } };

const callbackType = (h: Harness, token: string): number[] =>
  h.server
    .interactionCalls(token)
    .filter((c) => c.path.endsWith('/callback'))
    .map((c) => bodyOf(c).type ?? -1);

describe('discord bot conversation', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('connects with only the Guilds intent, through the gateway URL from /gateway/bot', () => {
    expect(h.server.calls.some((c) => c.method === 'GET' && c.path === '/gateway/bot')).toBe(true);
    expect(h.server.identifies).toHaveLength(1);
    expect(h.server.identifies[0]!['intents']).toBe(1); // GatewayIntentBits.Guilds only
    expect(h.bot.client.guilds.cache.has(GUILD_ID)).toBe(true);
  });

  it('/topics answers at once with the topic list, no mentions allowed', async () => {
    const token = h.server.chatInput('topics', [], MEMBER);
    const calls = await waitAnswered(h, token);
    expect(callbackType(h, token)).toEqual([4]);
    const body = bodyOf(calls[0]);
    expect(body.data?.allowed_mentions).toEqual({ parse: [] });
    expect(body.data?.flags ?? 0).toBe(0);
    expect(textOf(calls)).toContain('Giao thông');
  });

  it('/digest is deferred first (type 5), then the deferred reply is edited with the digest', async () => {
    const token = h.server.chatInput(
      'digest',
      [{ name: 'chu-de', type: OPTION.String, value: 'giao-thong' }],
      MEMBER,
    );
    const calls = await waitText(h, token, 'Vành đai 4');
    expect(calls[0]!.path).toMatch(/\/callback$/);
    expect(bodyOf(calls[0]).type).toBe(5);
    const edit = calls.find((c) => c.method === 'PATCH');
    expect(edit?.path).toMatch(/\/messages\/@original$/);
    expect(bodyOf(edit).allowed_mentions).toEqual({ parse: [] });
    const text = textOf(calls);
    expect(text).toContain('Vành đai 4');
    expect(text).not.toContain('Tô Lịch'); // only the asked topic
    expect(h.handled.at(-1)).toMatchObject({
      command: 'digest',
      args: 'giao-thong',
      chatKind: 'guild',
      target: { platform: 'discord', chatId: CHANNEL_ID },
    });
  });

  it('/latest and /search are deferred and list stories', async () => {
    const latest = h.server.chatInput(
      'latest',
      [{ name: 'n', type: OPTION.Integer, value: 2 }],
      MEMBER,
    );
    await waitText(h, latest, 'Vành đai 4');
    expect(callbackType(h, latest)).toEqual([5]);
    expect(h.news.calls.some((c) => c.method === 'latest' && c.arg === 2)).toBe(true);

    const search = h.server.chatInput(
      'search',
      [{ name: 'tu-khoa', type: OPTION.String, value: 'to lich' }],
      MEMBER,
    );
    const sc = await waitText(h, search, 'Tô Lịch');
    expect(callbackType(h, search)).toEqual([5]);
    expect(textOf(sc)).not.toContain('Vành đai 4');
  });

  it('autocomplete offers topics, completing the last item of a comma list', async () => {
    const token = h.server.autocomplete(
      'subscribe',
      [{ name: 'chu-de', type: OPTION.String, value: 'giao-thong, moi', focused: true }],
      MANAGER,
    );
    await waitAnswered(h, token);
    const body = bodyOf(h.server.interactionCalls(token)[0]);
    expect(body.type).toBe(8);
    expect(body.data?.choices).toEqual([
      { name: 'Môi trường (moi-truong)', value: 'giao-thong,moi-truong' },
    ]);

    const plain = h.server.autocomplete(
      'digest',
      [{ name: 'chu-de', type: OPTION.String, value: 'do thi', focused: true }],
      MEMBER,
    );
    await waitAnswered(h, plain);
    expect(bodyOf(h.server.interactionCalls(plain)[0]).data?.choices).toEqual([
      { name: 'Đô thị (do-thi)', value: 'do-thi' },
    ]);
  });

  it('refuses /subscribe without Manage Server/Channels: ephemeral, and nothing is written', async () => {
    const before = h.handled.length;
    const token = h.server.chatInput(
      'subscribe',
      [{ name: 'chu-de', type: OPTION.String, value: 'giao-thong' }],
      MEMBER,
    );
    const calls = await waitAnswered(h, token);
    expect(callbackType(h, token)).toEqual([4]);
    expect(bodyOf(calls[0]).data?.flags).toBe(EPHEMERAL);
    expect(textOf(calls)).toContain('Quản lý máy chủ');
    expect(h.handled.length).toBe(before); // the command layer was never called
    expect(h.subscriptions.rows.size).toBe(0);
  });

  it('/subscribe with Manage Channels subscribes this channel with topics, places and a time', async () => {
    const token = h.server.chatInput(
      'subscribe',
      [
        { name: 'chu-de', type: OPTION.String, value: 'giao-thong,moi-truong' },
        { name: 'noi', type: OPTION.String, value: 'Cầu Giấy' },
        { name: 'gio', type: OPTION.String, value: '07:30' },
      ],
      MANAGER,
    );
    await waitAnswered(h, token);
    expect(callbackType(h, token)).toEqual([5]);
    expect(h.handled.at(-1)?.args).toBe('giao-thong,moi-truong Cầu Giấy 07:30');
    const [sub] = [...h.subscriptions.rows.values()];
    expect(sub?.target).toEqual({ platform: 'discord', chatId: CHANNEL_ID });
    expect(sub?.filters.topics).toEqual(['giao-thong', 'moi-truong']);
    expect(sub?.filters.places).toEqual(['Cầu Giấy']);
    expect(sub?.schedule).toBe('30 7 * * *');
  });

  it('/settings shows topic buttons; pressing one toggles the topic and updates the message', async () => {
    const token = h.server.chatInput('settings', [], MANAGER);
    const calls = await waitAnswered(h, token);
    const data = bodyOf(calls[0]).data;
    const buttons = (data?.components ?? []).flatMap((r) => r.components);
    expect(buttons.length).toBeGreaterThan(0);
    const giaoThong = buttons.find((b) => b.label.includes('Giao thông'));
    expect(giaoThong?.label).toContain('✅');

    const press = h.server.button(
      giaoThong!.custom_id,
      {
        id: '1',
        channel_id: CHANNEL_ID,
        content: data?.content ?? '',
        embeds: [],
        components: data?.components ?? [],
        flags: 0,
      },
      MANAGER,
    );
    await waitAnswered(h, press);
    expect(callbackType(h, press)).toEqual([7]);
    const [sub] = [...h.subscriptions.rows.values()];
    expect(sub?.filters.topics).toEqual(['moi-truong']);
    const updated = (bodyOf(h.server.interactionCalls(press)[0]).data?.components ?? []).flatMap(
      (r) => r.components,
    );
    expect(updated.find((b) => b.label.includes('Giao thông'))?.label).toContain('⬜');
  });

  it('a button press without Manage permissions is refused ephemerally and changes nothing', async () => {
    const [before] = [...h.subscriptions.rows.values()];
    const press = h.server.button(
      'x',
      { id: '1', channel_id: CHANNEL_ID, content: '', embeds: [], components: [], flags: 0 },
      MEMBER,
    );
    const calls = await waitAnswered(h, press);
    expect(bodyOf(calls[0]).type).toBe(4);
    expect(bodyOf(calls[0]).data?.flags).toBe(EPHEMERAL);
    expect([...h.subscriptions.rows.values()][0]).toEqual(before);
  });

  it('refuses /feeds to a non-admin, ephemerally, and writes nothing', async () => {
    const before = h.handled.length;
    const token = h.server.chatInput(
      'feeds',
      [
        {
          name: 'add',
          type: OPTION.SubCommand,
          options: [{ name: 'url', type: OPTION.String, value: 'https://moi.example/rss' }],
        },
      ],
      MANAGER,
    );
    const calls = await waitAnswered(h, token);
    expect(callbackType(h, token)).toEqual([4]);
    expect(bodyOf(calls[0]).data?.flags).toBe(EPHEMERAL);
    expect(textOf(calls)).toContain('quản trị viên của bot');
    expect(h.handled.length).toBe(before);
    expect([...h.feeds.rows.keys()]).toEqual(['bao-mau']);
  });

  it('/feeds list|add|pause|resume|remove work for an admin, ephemerally', async () => {
    const list = h.server.chatInput(
      'feeds',
      [{ name: 'list', type: OPTION.SubCommand, options: [] }],
      ADMIN,
    );
    const lc = await waitAnswered(h, list);
    expect(bodyOf(lc[0]).data?.flags).toBe(EPHEMERAL);
    expect(textOf(lc)).toContain('Báo Mẫu');

    const add = h.server.chatInput(
      'feeds',
      [
        {
          name: 'add',
          type: OPTION.SubCommand,
          options: [
            { name: 'url', type: OPTION.String, value: 'https://moi.example/tin' },
            { name: 'selector', type: OPTION.String, value: 'h3 a' },
          ],
        },
      ],
      ADMIN,
    );
    await waitAnswered(h, add);
    expect(h.server.interactionCalls(add).map((c) => bodyOf(c).type ?? c.method)).toEqual([
      5,
      'PATCH',
    ]);
    expect(bodyOf(h.server.interactionCalls(add)[0]).data?.flags).toBe(EPHEMERAL);
    expect(h.handled.at(-1)).toMatchObject({
      command: 'addfeed',
      args: 'https://moi.example/tin page h3 a',
    });
    const added = [...h.feeds.rows.values()].find((f) => f.url === 'https://moi.example/tin');
    expect(added).toMatchObject({ type: 'page', linkSelector: 'h3 a' });

    for (const [sub, command] of [
      ['pause', 'pausefeed'],
      ['resume', 'resumefeed'],
      ['remove', 'removefeed'],
    ] as const) {
      const t = h.server.chatInput(
        'feeds',
        [
          {
            name: sub,
            type: OPTION.SubCommand,
            options: [{ name: 'id', type: OPTION.String, value: 'bao-mau' }],
          },
        ],
        ADMIN,
      );
      await waitAnswered(h, t);
      expect(h.handled.at(-1)).toMatchObject({ command, args: 'bao-mau' });
      if (sub === 'pause') expect(h.feeds.rows.get('bao-mau')?.enabled).toBe(false);
      if (sub === 'resume') expect(h.feeds.rows.get('bao-mau')?.enabled).toBe(true);
      if (sub === 'remove') {
        // Removal asks first: a button on the ephemeral answer; pressing it removes.
        expect(h.feeds.rows.has('bao-mau')).toBe(true);
        const data = bodyOf(h.server.interactionCalls(t)[0]).data;
        const buttons = (data?.components ?? []).flatMap((r) => r.components);
        expect(buttons.map((b) => [b.label, b.custom_id])).toEqual([
          ['Xóa nguồn', 'frm:bao-mau'],
          ['Hủy', 'fcancel'],
        ]);
        const message = {
          id: '1',
          channel_id: CHANNEL_ID,
          content: data?.content ?? '',
          embeds: [],
          components: data?.components ?? [],
          flags: EPHEMERAL,
        };
        const refused = h.server.button('frm:bao-mau', message, MEMBER);
        await waitAnswered(h, refused);
        expect(h.feeds.rows.has('bao-mau')).toBe(true);
        const press = h.server.button('frm:bao-mau', message, ADMIN);
        await waitAnswered(h, press);
        expect(callbackType(h, press)).toEqual([7]);
      }
    }
    expect(h.feeds.rows.has('bao-mau')).toBe(false);
  });

  it('an error after a public deferral is moved to an ephemeral follow-up', async () => {
    const token = h.server.chatInput(
      'digest',
      [{ name: 'chu-de', type: OPTION.String, value: 'khong-co-chu-de-nay' }],
      MEMBER,
    );
    await h.server.waitFor(
      () =>
        h.server
          .interactionCalls(token)
          .some((c) => c.method === 'POST' && c.path.startsWith('/webhooks/')),
      'follow-up',
    );
    const calls = h.server.interactionCalls(token);
    expect(calls.map((c) => c.method)).toEqual(['POST', 'DELETE', 'POST']);
    expect(bodyOf(calls[2]).flags).toBe(EPHEMERAL);
  });

  it('/unsubscribe stops this channel’s digest (refused without permission)', async () => {
    const refusedToken = h.server.chatInput('unsubscribe', [], MEMBER);
    await waitAnswered(h, refusedToken);
    expect(h.subscriptions.rows.size).toBe(1);
    const token = h.server.chatInput('unsubscribe', [], MANAGER);
    await waitAnswered(h, token);
    expect(h.subscriptions.rows.size).toBe(0);
  });

  it('the fake saw no payload over Discord’s limits', () => {
    expect(h.server.violations).toEqual([]);
  });
});

describe('discord bot: the 3-second rule for commands not deferred up front', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ deferAfterMs: 20, slowHandlerMs: 200 });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a command that has not answered in time is deferred, then edited', async () => {
    const token = h.server.chatInput('topics', [], MEMBER);
    await h.server.waitFor(
      () => h.server.interactionCalls(token).some((c) => c.method === 'PATCH'),
      'edit',
    );
    const calls = h.server.interactionCalls(token);
    expect(calls.map((c) => bodyOf(c).type ?? c.method)).toEqual([5, 'PATCH']);
    expect(textOf(calls)).toContain('Giao thông');
  });
});
