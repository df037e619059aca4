/**
 * Slash-command interaction → the platform-neutral `CommandRequest`: which
 * command, the argument text built from the options, who asks and where.
 */
import type { ChatInputCommandInteraction, PermissionsBitField } from 'discord.js';
import type { TopicConfig } from '../../digest/model.js';
import type { Actor, CommandAttachment, CommandName, CommandRequest } from '../commands/index.js';
import { foldDiacritics } from '../../digest/text/index.js';
import { MANAGE_PERMISSIONS } from './slash-commands.js';

/** Enough of an interaction to say who asks and where. */
export interface InteractionLike {
  user: { id: string };
  channelId: string | null;
  memberPermissions: Readonly<PermissionsBitField> | null;
  inGuild(): boolean;
}

/** Manage Server or Manage Channels (Administrator counts as both). */
export function canManage(i: InteractionLike): boolean {
  if (!i.inGuild()) return true;
  return i.memberPermissions?.any(MANAGE_PERMISSIONS, true) ?? false;
}

export function actorOf(i: InteractionLike, adminIds: ReadonlySet<string>): Actor {
  return {
    platform: 'discord',
    userId: i.user.id,
    isBotAdmin: adminIds.has(i.user.id),
    canManageTarget: async () => canManage(i),
  };
}

/** `/feeds <sub>` → the command layer's admin command. */
const FEED_SUBCOMMANDS: Record<string, CommandName> = {
  list: 'feeds',
  add: 'addfeed',
  remove: 'removefeed',
  pause: 'pausefeed',
  resume: 'resumefeed',
  rename: 'renamefeed',
  filter: 'setfilter',
  export: 'exportfeeds',
  import: 'importfeeds',
  'admin-channel': 'adminchannel',
};

/** Option values as `/setfilter` text: "a, b" → "+a +b". */
function filterArgs(list: string, sign: '+' | '-'): string {
  return list
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `${sign}${p}`)
    .join(' ');
}

/** An attachment option, fetched from Discord's CDN only when the command reads it. */
export function attachmentOf(
  i: Pick<ChatInputCommandInteraction, 'options'>,
  name = 'tep',
): CommandAttachment | undefined {
  const a = i.options.getAttachment(name, false);
  if (!a) return undefined;
  return {
    name: a.name,
    size: a.size,
    async text() {
      const res = await fetch(a.url);
      if (!res.ok) throw new Error(`attachment download failed: HTTP ${res.status}`);
      return new TextDecoder('utf-8').decode(await res.arrayBuffer());
    },
  };
}

/** Which command and argument text a slash command stands for; null for an unknown command. */
export function commandOf(
  i: Pick<ChatInputCommandInteraction, 'commandName' | 'options'>,
): { command: CommandName; args: string } | null {
  const str = (name: string): string => i.options.getString(name)?.trim() ?? '';
  const join = (...parts: string[]): string => parts.filter(Boolean).join(' ');
  switch (i.commandName) {
    case 'digest':
      return { command: 'digest', args: str('chu-de') };
    case 'topics':
      return { command: 'topics', args: '' };
    case 'latest': {
      const n = i.options.getInteger('n');
      return { command: 'latest', args: n === null ? '' : String(n) };
    }
    case 'search':
      return { command: 'search', args: str('tu-khoa') };
    case 'subscribe':
      return { command: 'subscribe', args: join(str('chu-de'), str('noi'), str('gio')) };
    case 'unsubscribe':
      return { command: 'unsubscribe', args: '' };
    case 'settings':
      return { command: 'settings', args: '' };
    case 'feeds': {
      const sub = i.options.getSubcommand(false) ?? 'list';
      const command = FEED_SUBCOMMANDS[sub];
      if (!command) return null;
      if (sub === 'add') {
        const selector = str('selector');
        return { command, args: join(str('url'), selector ? `page ${selector}` : '') };
      }
      if (sub === 'remove')
        return {
          command,
          args: join(str('id'), i.options.getBoolean('xac-nhan') ? 'xacnhan' : ''),
        };
      if (sub === 'rename') return { command, args: join(str('id'), str('ten')) };
      if (sub === 'filter') {
        if (i.options.getBoolean('xoa')) return { command, args: join(str('id'), 'xoa') };
        return {
          command,
          args: join(str('id'), filterArgs(str('co'), '+'), filterArgs(str('bo'), '-')),
        };
      }
      if (sub === 'export' || sub === 'import') return { command, args: '' };
      if (sub === 'admin-channel')
        return { command, args: i.options.getBoolean('tat') ? 'tat' : '' };
      return { command, args: str('id') };
    }
    default:
      return null;
  }
}

export function buildRequest(
  i: InteractionLike,
  mapped: { command: CommandName; args: string; attachment?: CommandAttachment },
  adminIds: ReadonlySet<string>,
): CommandRequest {
  return {
    ...(mapped.attachment ? { attachment: mapped.attachment } : {}),
    command: mapped.command,
    args: mapped.args,
    actor: actorOf(i, adminIds),
    target: { platform: 'discord', chatId: i.channelId ?? '' },
    chatKind: i.inGuild() ? 'guild' : 'private',
  };
}

const fold = (s: string): string => foldDiacritics(s.normalize('NFC')).toLowerCase().trim();

/**
 * Topic choices for autocomplete. A comma list (as `/subscribe` takes)
 * completes its last item and keeps the ones before it.
 */
export function topicChoices(
  typed: string,
  topics: TopicConfig[],
  allowList: boolean,
): { name: string; value: string }[] {
  const cut = allowList ? typed.lastIndexOf(',') : -1;
  const prefix = cut >= 0 ? typed.slice(0, cut + 1) : '';
  const query = fold(typed.slice(cut + 1)).replace(/\s+/g, '-');
  const already = new Set(
    prefix
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
  return topics
    .filter((t) => !already.has(t.id))
    .filter(
      (t) =>
        !query || fold(t.id).includes(query) || fold(t.name).replace(/\s+/g, '-').includes(query),
    )
    .slice(0, 25)
    .map((t) => ({
      name: `${t.name} (${t.id})`.slice(0, 100),
      value: `${prefix}${t.id}`.slice(0, 100),
    }));
}
