/**
 * The platform-neutral command layer's contract. Handlers parse arguments,
 * call the core and the store, and return a `Reply`. The Telegram and Discord
 * adapters only translate updates/interactions into `CommandRequest` and a
 * `Reply` into their platform's message.
 */
import type {
  DigestDocument,
  Platform,
  Story,
  SubscriptionFilters,
  Target,
  TextSpan,
} from '../../digest/model.js';

export type CommandName =
  | 'start'
  | 'help'
  | 'topics'
  | 'digest'
  | 'latest'
  | 'search'
  | 'subscribe'
  | 'unsubscribe'
  | 'settings'
  | 'feeds'
  | 'addfeed'
  | 'removefeed'
  | 'pausefeed'
  | 'resumefeed'
  | 'renamefeed'
  | 'setfilter'
  | 'exportfeeds'
  | 'importfeeds'
  | 'adminchannel';

export interface Actor {
  platform: Platform;
  userId: string;
  /** Listed in TELEGRAM_ADMIN_IDS / DISCORD_ADMIN_IDS. */
  isBotAdmin: boolean;
  /**
   * May this user change the subscription of `target`? In a private chat,
   * yes; in a group, only the group's admins (Telegram getChatMember, Discord
   * Manage Server / Manage Channels). Asked lazily: it may cost an API call.
   */
  canManageTarget(): Promise<boolean>;
}

export interface CommandRequest {
  command: CommandName;
  /** The raw argument text after the command ("giao-thong 07:30"). */
  args: string;
  actor: Actor;
  target: Target;
  chatKind: 'private' | 'group' | 'channel' | 'guild';
  /** A file sent with the command (Telegram document caption, Discord attachment option). */
  attachment?: CommandAttachment;
}

/** An attached file; read lazily so only commands that want it download it. */
export interface CommandAttachment {
  name: string;
  /** Size in bytes when the platform says (checked before downloading). */
  size: number | null;
  text(): Promise<string>;
}

/** A file a reply sends (OPML export). */
export interface ReplyFile {
  name: string;
  mime: string;
  content: string;
}

/** A line of reply text: spans so each adapter escapes and bolds in its own way. */
export type ReplyLine = TextSpan[];

export interface ReplyButton {
  label: string;
  /** Opaque callback data, at most 64 bytes (Telegram's limit). */
  data: string;
}

export interface Reply {
  /** `error`/`refused`/`usage` are shown ephemerally on Discord. */
  kind: 'ok' | 'error' | 'refused' | 'usage';
  lines: ReplyLine[];
  /** Rows of inline buttons (topic toggles). */
  buttons?: ReplyButton[][];
  /** When set, the adapter renders this digest with its platform renderer after `lines`. */
  digest?: DigestDocument;
  /** When set, the adapter lists these stories (latest/search) after `lines`. */
  stories?: Story[];
  /** The /search query: the adapter marks the words it matched in `stories`. */
  query?: string;
  /** When set, the adapter sends this file after `lines`. */
  file?: ReplyFile;
}

/** A button press (Telegram callback query / Discord component), routed back to the handlers. */
export interface CallbackRequest {
  data: string;
  actor: Actor;
  target: Target;
  chatKind: CommandRequest['chatKind'];
}

export interface CommandHandlers {
  handle(req: CommandRequest): Promise<Reply>;
  handleCallback(req: CallbackRequest): Promise<Reply>;
  /** Command list with Vietnamese descriptions, for setMyCommands and slash-command registration. */
  describe(): { command: CommandName; description: string; usage: string; adminOnly: boolean }[];
}

export type { SubscriptionFilters };
