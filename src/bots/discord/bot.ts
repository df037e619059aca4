/**
 * The Discord bot: a discord.js client on the Guilds intent only (no
 * privileged intents, no message content: everything comes in as
 * interactions), translating slash commands, buttons and autocomplete into the
 * shared command layer and its replies back into messages.
 *
 * The 3-second rule: Discord drops an interaction not answered within 3 s, so
 * commands that may be slow are deferred at once and edited when ready, and
 * any other command that has not answered after `deferAfterMs` is deferred too.
 */
import type { REST } from '@discordjs/rest';
import {
  Client,
  Events,
  GatewayIntentBits,
  MessageFlags,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
} from 'discord.js';
import type { TopicConfig } from '../../digest/model.js';
import { silentLogger, type Logger } from '../../digest/ports.js';
import {
  COMMAND_LIMIT_NOTICE,
  createCommandLimiter,
  createCommandRunner,
  type CommandLimiter,
  type CommandLimitOptions,
} from '../commands/index.js';
import type { CommandHandlers, CommandName, Reply } from '../commands/index.js';
import { AUTH_FAILED_MESSAGE, DiscordAuthError } from './errors.js';
import {
  actorOf,
  buildRequest,
  attachmentOf,
  canManage,
  commandOf,
  topicChoices,
} from './interaction-request.js';
import { replyToMessages, type DigestMode, type OutgoingMessage } from './reply-messages.js';
import { discordRestOptions, DEFAULT_DISCORD_API_BASE } from './rest-options.js';
import { ADMIN_COMMANDS, MANAGE_COMMANDS } from './slash-commands.js';

export interface DiscordBotOptions {
  token: string;
  applicationId: string;
  /** Default https://discord.com/api; the gateway URL comes from its `/gateway/bot`. */
  apiBase?: string;
  /** DISCORD_ADMIN_IDS: the only users allowed `/feeds`. */
  adminIds: string[];
  handlers: CommandHandlers;
  topics: TopicConfig[];
  logger?: Logger;
  /** How digests are rendered (default 'embeds'). */
  digestMode?: DigestMode;
  /** Defer a not-yet-answered command after this long (default 2000 ms, under Discord's 3 s). */
  deferAfterMs?: number;
  /** How long `start()` waits for the gateway to become ready (default 60 s). */
  readyTimeoutMs?: number;
  /** Called once when Discord rejects the token; the bot has already stopped. */
  onAuthError?: (error: DiscordAuthError) => void;
  /** Per-user and per-channel command limits (default 10 and 20 per 30 s). */
  commandLimits?: CommandLimitOptions;
  commandLimiter?: CommandLimiter;
  /** Heavy commands (/digest, /search, /latest) running at once (default 2). */
  heavyConcurrency?: number;
}

export interface DiscordBot {
  readonly client: Client;
  /** The client's REST (token set once started): share it with `createDiscordPublisher`. */
  readonly rest: REST;
  /** Log in and resolve once the gateway is ready. Throws DiscordAuthError on a bad token. */
  start(): Promise<void>;
  /** Close the gateway and stop answering. Idempotent. */
  stop(): Promise<void>;
  /** Stop because Discord answered 401 (also called by the publisher's `onAuthError`). */
  failAuth(cause?: unknown): DiscordAuthError;
  readonly stopped: boolean;
}

/** Commands that may take over a second: deferred before the handler runs. */
const SLOW = new Set<CommandName>([
  'digest',
  'latest',
  'search',
  'subscribe',
  'addfeed',
  'importfeeds',
]);

const MANAGE_REFUSAL =
  'Xin lỗi, chỉ thành viên có quyền Quản lý máy chủ hoặc Quản lý kênh mới đổi được đăng ký của kênh này.';
const ADMIN_REFUSAL = 'Xin lỗi, lệnh này chỉ dành cho quản trị viên của bot.';
const FAILURE_TEXT = 'Đã có lỗi khi xử lý lệnh. Vui lòng thử lại sau.';

const NO_MENTIONS = { parse: [] as [] };

function textReply(kind: Reply['kind'], text: string): Reply {
  return { kind, lines: [[{ text, highlight: false }]] };
}

export function createDiscordBot(options: DiscordBotOptions): DiscordBot {
  const logger = options.logger ?? silentLogger;
  const adminIds = new Set(options.adminIds);
  const commandLimiter = options.commandLimiter ?? createCommandLimiter(options.commandLimits);
  const runCommand = createCommandRunner(options.heavyConcurrency ?? 2);
  const deferAfterMs = options.deferAfterMs ?? 2000;
  const render = (r: Reply): OutgoingMessage[] =>
    replyToMessages(r, options.digestMode ? { digestMode: options.digestMode } : {});
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: discordRestOptions({ apiBase: options.apiBase ?? DEFAULT_DISCORD_API_BASE }),
  });
  // Set now, not at login, so a publisher sharing `bot.rest` can post before the gateway is up.
  client.rest.setToken(options.token);
  let stopped = false;
  let authError: DiscordAuthError | null = null;

  const payload = (m: OutgoingMessage, ephemeral: boolean) => ({
    ...m,
    allowedMentions: NO_MENTIONS,
    ...(ephemeral ? { flags: MessageFlags.Ephemeral as const } : {}),
  });

  /** Resolves 'late' if `work` has not settled within `deferAfterMs`. */
  async function lateness(work: Promise<unknown>): Promise<'done' | 'late'> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), deferAfterMs);
    });
    const result = await Promise.race([
      work.then(
        () => 'done' as const,
        () => 'done' as const,
      ),
      late,
    ]);
    clearTimeout(timer);
    return result;
  }

  async function run(work: () => Promise<Reply>, where: object): Promise<Reply> {
    try {
      return await work();
    } catch (err) {
      logger.error({ ...where, err }, 'discord: handler failed');
      return textReply('error', FAILURE_TEXT);
    }
  }

  /** Send a reply to an interaction, deferred or not. Non-ok replies are ephemeral. */
  async function send(
    i: ChatInputCommandInteraction | ButtonInteraction,
    reply: Reply,
    state: { deferred: boolean; deferredEphemeral: boolean; alwaysEphemeral: boolean },
  ): Promise<void> {
    const messages = render(reply);
    const ephemeral = state.alwaysEphemeral || reply.kind !== 'ok';
    const [first, ...rest] = messages;
    if (!first) return;
    if (!state.deferred) {
      await i.reply(payload(first, ephemeral));
    } else if (state.deferredEphemeral === ephemeral) {
      await i.editReply({ ...first, allowedMentions: NO_MENTIONS });
    } else {
      // A public "thinking…" cannot turn ephemeral: remove it, answer privately.
      await i.deleteReply().catch(() => undefined);
      await i.followUp(payload(first, ephemeral));
    }
    for (const m of rest) await i.followUp(payload(m, ephemeral));
  }

  async function onCommand(i: ChatInputCommandInteraction): Promise<void> {
    const mapped = commandOf(i);
    if (!mapped) {
      await i.reply(payload({ content: 'Lệnh không được hỗ trợ.' }, true));
      return;
    }
    const admin = ADMIN_COMMANDS.has(i.commandName);
    // Checked here on every call, before any handler runs: server admins can
    // override default_member_permissions, and a refusal must write nothing.
    if (admin && !adminIds.has(i.user.id)) {
      logger.info({ userId: i.user.id, command: i.commandName }, 'discord: admin command refused');
      await i.reply(payload({ content: ADMIN_REFUSAL }, true));
      return;
    }
    if (MANAGE_COMMANDS.has(i.commandName) && !canManage(i)) {
      logger.info(
        { userId: i.user.id, command: i.commandName },
        'discord: subscription change refused',
      );
      await i.reply(payload({ content: MANAGE_REFUSAL }, true));
      return;
    }
    const state = { deferred: false, deferredEphemeral: admin, alwaysEphemeral: admin };
    if (SLOW.has(mapped.command)) {
      await i.deferReply(admin ? { flags: MessageFlags.Ephemeral } : {});
      state.deferred = true;
    }
    const attachment = mapped.command === 'importfeeds' ? attachmentOf(i) : undefined;
    const request = buildRequest(i, attachment ? { ...mapped, attachment } : mapped, adminIds);
    const handle = (): Promise<Reply> => options.handlers.handle(request);
    const work = run(() => runCommand(mapped.command, handle), { command: mapped.command });
    if (!state.deferred && (await lateness(work)) === 'late') {
      await i.deferReply(admin ? { flags: MessageFlags.Ephemeral } : {});
      state.deferred = true;
    }
    await send(i, await work, state);
  }

  async function onButton(i: ButtonInteraction): Promise<void> {
    const request = {
      data: i.customId,
      actor: actorOf(i, adminIds),
      target: { platform: 'discord' as const, chatId: i.channelId },
      chatKind: i.inGuild() ? ('guild' as const) : ('private' as const),
    };
    const work = run(() => options.handlers.handleCallback(request), { callback: i.customId });
    let deferred = false;
    if ((await lateness(work)) === 'late') {
      await i.deferUpdate();
      deferred = true;
    }
    const reply = await work;
    if (reply.kind !== 'ok') {
      // Leave the message as it was; tell only the presser why.
      const [first] = render(reply);
      if (deferred) await i.followUp(payload(first ?? { content: FAILURE_TEXT }, true));
      else await i.reply(payload(first ?? { content: FAILURE_TEXT }, true));
      return;
    }
    const [first, ...rest] = render(reply);
    if (!first) return;
    // The toggled view replaces the message the button was on.
    const edit = { ...first, components: first.components ?? [], allowedMentions: NO_MENTIONS };
    if (deferred) await i.editReply(edit);
    else await i.update(edit);
    const ephemeral = i.message.flags.has(MessageFlags.Ephemeral);
    for (const m of rest) await i.followUp(payload(m, ephemeral));
  }

  async function onAutocomplete(i: AutocompleteInteraction): Promise<void> {
    const focused = i.options.getFocused(true);
    const choices =
      focused.name === 'chu-de'
        ? topicChoices(String(focused.value), options.topics, i.commandName === 'subscribe')
        : [];
    await i.respond(choices);
  }

  /**
   * Per-user and per-channel limits before any work: the first excess gets
   * one ephemeral notice, the rest are left unanswered and logged (Discord
   * shows the user "interaction failed", which is all a flood deserves).
   */
  async function allowed(i: ChatInputCommandInteraction | ButtonInteraction): Promise<boolean> {
    const verdict = commandLimiter.check(i.user.id, i.channelId);
    if (verdict === 'ok') return true;
    const where = {
      userId: i.user.id,
      channelId: i.channelId,
      command: i.isChatInputCommand() ? i.commandName : i.customId,
    };
    if (verdict === 'notice') {
      logger.warn(where, 'command limit reached; one notice, further commands dropped');
      await i.reply(payload({ content: COMMAND_LIMIT_NOTICE }, true));
    } else {
      logger.info(
        { ...where, dropped: commandLimiter.stats.dropped },
        'command dropped (over the limit)',
      );
    }
    return false;
  }

  async function onInteraction(i: Interaction): Promise<void> {
    if (stopped) return;
    if ((i.isChatInputCommand() || i.isButton()) && !(await allowed(i))) return;
    if (i.isAutocomplete()) return onAutocomplete(i);
    if (i.isChatInputCommand()) return onCommand(i);
    if (i.isButton()) return onButton(i);
  }

  client.on(Events.InteractionCreate, (i) => {
    onInteraction(i).catch(async (err: unknown) => {
      logger.error({ err, id: i.id }, 'discord: interaction failed');
      if (!i.isRepliable()) return;
      if (!i.replied && !i.deferred)
        await i.reply(payload({ content: FAILURE_TEXT }, true)).catch(() => undefined);
      else if (i.deferred && !i.replied)
        await i
          .editReply({ content: FAILURE_TEXT, allowedMentions: NO_MENTIONS })
          .catch(() => undefined);
    });
  });

  // A 401 on any REST call means the token is gone: stop instead of hammering.
  client.rest.on('response', (req, res) => {
    if (res.status === 401 && req.data.auth !== false)
      bot.failAuth(new Error(`401 on ${req.method.toUpperCase()} ${req.path}`));
  });
  client.on(Events.ShardDisconnect, (event) => {
    if (event.code === 4004)
      bot.failAuth(new Error('gateway closed with 4004 Authentication failed'));
  });

  const bot: DiscordBot = {
    client,
    get rest() {
      return client.rest;
    },
    get stopped() {
      return stopped;
    },
    async start() {
      if (stopped) throw new Error('this Discord bot was stopped; create a new one');
      let readyTimer: NodeJS.Timeout | undefined;
      const ready = new Promise<void>((resolve, reject) => {
        client.once(Events.ClientReady, () => resolve());
        const ms = options.readyTimeoutMs ?? 60_000;
        readyTimer = setTimeout(
          () =>
            reject(
              new Error(
                `Discord gateway not ready after ${ms} ms (API base ${options.apiBase ?? DEFAULT_DISCORD_API_BASE})`,
              ),
            ),
          ms,
        );
      });
      try {
        await client.login(options.token);
      } catch (err) {
        const e = err as { code?: string; status?: number };
        if (e.code === 'TokenInvalid' || e.status === 401) throw bot.failAuth(err);
        throw err;
      }
      try {
        await ready;
      } finally {
        clearTimeout(readyTimer);
      }
      logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'discord: ready');
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await client.destroy();
      logger.info({}, 'discord: stopped');
    },
    failAuth(cause?: unknown) {
      if (authError) return authError;
      authError = new DiscordAuthError(AUTH_FAILED_MESSAGE, null, 401, { cause });
      logger.error({ err: authError }, 'discord: unauthorized, stopping');
      void bot.stop().then(() => options.onAuthError?.(authError!));
      return authError;
    },
  };
  return bot;
}
