/** Discord `/feeds` subcommands → the command layer's admin commands, and files in replies. */
import type { ChatInputCommandInteraction } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { attachmentOf, commandOf } from '../../src/bots/discord/interaction-request.js';
import { replyToMessages } from '../../src/bots/discord/reply-messages.js';

function interaction(
  sub: string,
  opts: Record<string, string | boolean | { name: string; size: number; url: string }>,
): Pick<ChatInputCommandInteraction, 'commandName' | 'options'> {
  const get = (name: string) => (opts[name] === undefined ? null : opts[name]);
  return {
    commandName: 'feeds',
    options: {
      getSubcommand: () => sub,
      getString: get,
      getBoolean: get,
      getInteger: () => null,
      getAttachment: get,
    } as unknown as ChatInputCommandInteraction['options'],
  };
}

describe('/feeds subcommands', () => {
  it('map to rename, filter, remove with confirm, export, import and admin-channel', () => {
    expect(commandOf(interaction('rename', { id: 'a', ten: 'Báo A mới' }))).toEqual({
      command: 'renamefeed',
      args: 'a Báo A mới',
    });
    expect(
      commandOf(interaction('filter', { id: 'a', co: 'Hà Nội, giao thông', bo: 'bóng đá' })),
    ).toEqual({ command: 'setfilter', args: 'a +Hà Nội +giao thông -bóng đá' });
    expect(commandOf(interaction('filter', { id: 'a', xoa: true }))).toEqual({
      command: 'setfilter',
      args: 'a xoa',
    });
    expect(commandOf(interaction('remove', { id: 'a', 'xac-nhan': true }))).toEqual({
      command: 'removefeed',
      args: 'a xacnhan',
    });
    expect(commandOf(interaction('remove', { id: 'a' }))).toEqual({
      command: 'removefeed',
      args: 'a',
    });
    expect(commandOf(interaction('export', {}))?.command).toBe('exportfeeds');
    expect(commandOf(interaction('import', {}))?.command).toBe('importfeeds');
    expect(commandOf(interaction('admin-channel', { tat: true }))).toEqual({
      command: 'adminchannel',
      args: 'tat',
    });
  });

  it('reads the import attachment lazily', () => {
    const i = interaction('import', {
      tep: { name: 'nguon.opml', size: 1234, url: 'http://127.0.0.1:9/x' },
    });
    const a = attachmentOf(i);
    expect(a).toMatchObject({ name: 'nguon.opml', size: 1234 });
    expect(attachmentOf(interaction('import', {}))).toBeUndefined();
  });

  it('a reply with a file carries it on its message', () => {
    const [m] = replyToMessages({
      kind: 'ok',
      lines: [[{ text: 'Danh sách nguồn', highlight: false }]],
      file: { name: 'nguon.opml', mime: 'text/x-opml', content: '<opml/>' },
    });
    expect(m?.content).toBe('Danh sách nguồn');
    expect(m?.files?.map((f) => f.name)).toEqual(['nguon.opml']);
  });
});
