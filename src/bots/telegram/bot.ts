/**
 * The grammY adapter: updates in, `CommandRequest`s to the shared handlers,
 * `Reply`s back out as Telegram HTML. Long polling runs on @grammyjs/runner
 * with per-chat sequential handling; webhook mode serves `webhookCallback` on
 * a node:http server and checks Telegram's secret-token header.
 *
 * A 409 Conflict from getUpdates means another process polls the same token.
 * Crashing would make a supervisor restart us into the same conflict forever,
 * so polling stops, says so in the log, and tries again with growing pauses.
 */
import { createServer, type Server } from 'node:http';
import { run, sequentialize, type RunnerHandle } from '@grammyjs/runner';
import { Bot, GrammyError, HttpError, InputFile, webhookCallback, type Context } from 'grammy';
import type { Chat } from 'grammy/types';
import { silentLogger, type Logger } from '../../digest/ports.js';
import {
  COMMAND_LIMIT_NOTICE,
  createCommandLimiter,
  createCommandRunner,
  type CommandLimiter,
  type CommandLimitOptions,
} from '../commands/index.js';
import { isCommandName, unknownCommandReply } from '../commands/index.js';
import type { CommandAttachment, CommandHandlers, Reply, ReplyFile } from '../commands/index.js';
import { chatKindOf, createMemberChecker, makeActor } from './actor.js';
import { htmlToPlainText, installAutoRetry } from './publisher.js';
import { createRateLimiter, type RateLimiter, type RateLimits } from './rate-limiter.js';
import { plainLine, replyToMessages, type OutgoingMessage } from './reply-html.js';
import { createReplyQueue } from './reply-queue.js';
import { HanoiDigestError } from '../../digest/errors.js';

export interface TelegramBotOptions {
  token: string;
  /** Bot API server (default https://api.telegram.org). */
  apiRoot?: string;
  /** Telegram user ids of the bot's admins (TELEGRAM_ADMIN_IDS). */
  adminIds: string[];
  handlers: CommandHandlers;
  logger?: Logger;
  /** Webhook mode instead of long polling. `url` is the public HTTPS address Telegram posts to. */
  webhook?: { url: string; secret: string; port: number; host?: string };
  /** getChatMember cache lifetime (default 60 s). */
  memberCacheMs?: number;
  /** Long-poll timeout in seconds (default 30). */
  pollTimeoutSeconds?: number;
  /** Pause after a 409 Conflict, doubling up to `maxMs` (defaults 5 s → 5 min). */
  conflictBackoff?: { initialMs?: number; maxMs?: number };
  retry?: { maxRetryAttempts?: number; maxDelaySeconds?: number };
  /** Limits for the bot's own replies when no `limiter` is given. */
  limits?: Partial<RateLimits>;
  /** The per-chat budget the publisher uses too (the service passes one to both). */
  limiter?: RateLimiter;
  /** Per-user and per-chat command limits (default 10 and 20 per 30 s). */
  commandLimits?: CommandLimitOptions;
  /** Or a ready limiter (tests). */
  commandLimiter?: CommandLimiter;
  /** Heavy commands (/digest, /search, /latest) running at once (default 2). */
  heavyConcurrency?: number;
}

export interface TelegramBot {
  readonly bot: Bot;
  /** getMe, setMyCommands, then polling or the webhook server. Resolves once running. */
  start(): Promise<void>;
  /** Stop polling / close the webhook server; in-flight updates finish first. */
  stop(): Promise<void>;
  /** The webhook server's port once started (0 when polling). */
  webhookPort(): number;
}

/** A bad bot option, caught before anything is sent to Telegram. */
export class TelegramConfigError extends HanoiDigestError {
  override name = 'TelegramConfigError';
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(`${option}: ${message}`);
  }
}

export const CONFLICT_MESSAGE =
  'another instance is polling this bot token (409 Conflict from getUpdates); polling paused';

function limitNoticeReply(): Reply {
  return { kind: 'error', lines: [[{ text: COMMAND_LIMIT_NOTICE, highlight: false }]] };
}

const ALLOWED_UPDATES = ['message', 'channel_post', 'callback_query'] as const;

export function createTelegramBot(options: TelegramBotOptions): TelegramBot {
  const logger = options.logger ?? silentLogger;
  if (!options.token.trim()) throw new TelegramConfigError('token', 'the bot token is empty');
  if (options.webhook) {
    // Telegram's own rule for secret_token; an empty secret would leave the webhook unchecked.
    if (!/^[A-Za-z0-9_-]{1,256}$/u.test(options.webhook.secret)) {
      throw new TelegramConfigError(
        'webhook.secret',
        'must be 1-256 characters of A-Z, a-z, 0-9, _ and -',
      );
    }
    if (!URL.canParse(options.webhook.url))
      throw new TelegramConfigError('webhook.url', `not a URL: ${options.webhook.url}`);
  }
  const bot = new Bot(options.token, {
    client: { apiRoot: options.apiRoot ?? 'https://api.telegram.org' },
  });
  installAutoRetry(bot.api, options.retry);
  const limiter =
    options.limiter ?? createRateLimiter(options.limits ? { limits: options.limits } : {});
  const adminIds = new Set(options.adminIds.map(String));
  const members = createMemberChecker({
    api: bot.api,
    logger,
    ...(options.memberCacheMs !== undefined ? { ttlMs: options.memberCacheMs } : {}),
  });
  const conflictInitial = options.conflictBackoff?.initialMs ?? 5_000;
  const conflictMax = options.conflictBackoff?.maxMs ?? 300_000;
  let conflictDelay = conflictInitial;
  let runner: RunnerHandle | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let server: Server | null = null;
  let stopping = false;

  // A successful getUpdates ends a conflict: the next one starts from the short pause again.
  bot.api.config.use(async (prev, method, payload, signal) => {
    const res = await prev(method, payload, signal);
    if (method === 'getUpdates' && res.ok) conflictDelay = conflictInitial;
    return res;
  });

  async function send(chatId: number, m: OutgoingMessage): Promise<void> {
    await limiter.acquire(String(chatId));
    const extra = {
      link_preview_options: { is_disabled: true },
      ...(m.keyboard ? { reply_markup: m.keyboard } : {}),
    };
    try {
      try {
        await bot.api.sendMessage(chatId, m.html, { parse_mode: 'HTML', ...extra });
      } catch (err) {
        // A kept-alive socket the server closed meanwhile (ECONNRESET) loses a reply; one more try is worth a rare duplicate.
        if (!(err instanceof HttpError)) throw err;
        logger.warn({ chatId, err }, 'reply failed on the network; retrying once');
        await bot.api.sendMessage(chatId, m.html, { parse_mode: 'HTML', ...extra });
      }
    } catch (err) {
      if (!(err instanceof GrammyError && /can't parse entities/iu.test(err.description)))
        throw err;
      logger.warn({ chatId, err }, 'reply HTML rejected; resending as plain text');
      await bot.api.sendMessage(chatId, htmlToPlainText(m.html), extra);
    }
  }

  /** A reply's messages, then its file (an OPML export) as a document. */
  type Outgoing = OutgoingMessage | { document: ReplyFile };
  async function sendOutgoing(chatId: number, m: Outgoing): Promise<void> {
    if (!('document' in m)) return send(chatId, m);
    await limiter.acquire(String(chatId));
    await bot.api.sendDocument(
      chatId,
      new InputFile(Buffer.from(m.document.content, 'utf8'), m.document.name),
    );
  }
  const replies = createReplyQueue<Outgoing>({ send: sendOutgoing, logger });
  const commandLimiter = options.commandLimiter ?? createCommandLimiter(options.commandLimits);
  const runCommand = createCommandRunner(options.heavyConcurrency ?? 2);

  /** Queued, not awaited: the chat's own sender waits out its send limits. */
  function sendReply(chat: Chat, reply: Reply): void {
    const messages: Outgoing[] = replyToMessages(reply);
    if (reply.file) messages.push({ document: reply.file });
    replies.enqueue(chat.id, messages);
  }

  /** A document sent with the command as its caption, downloaded only when the command reads it. */
  function attachmentOf(ctx: Context): CommandAttachment | undefined {
    const doc = ctx.msg?.document;
    if (!doc) return undefined;
    const apiRoot = options.apiRoot ?? 'https://api.telegram.org';
    return {
      name: doc.file_name ?? 'tep',
      size: doc.file_size ?? null,
      async text() {
        const file = await bot.api.getFile(doc.file_id);
        if (!file.file_path) throw new Error('Telegram returned no file_path');
        const res = await fetch(`${apiRoot}/file/bot${options.token}/${file.file_path}`);
        if (!res.ok) throw new Error(`file download failed: HTTP ${res.status}`);
        return new TextDecoder('utf-8').decode(await res.arrayBuffer());
      },
    };
  }

  /** The command an update carries, when it is addressed to this bot. */
  function commandOf(ctx: Context): string | null {
    const msg = ctx.msg;
    const text = msg?.text ?? msg?.caption;
    const entity = (msg?.entities ?? msg?.caption_entities)?.[0];
    if (!text || !entity || entity.type !== 'bot_command' || entity.offset !== 0) return null;
    const [rawName = '', addressee] = text.slice(1, entity.length).split('@');
    if (addressee && addressee.toLowerCase() !== ctx.me.username.toLowerCase()) return null;
    return rawName.toLowerCase();
  }

  /** Updates that are the first over the limit: answered with the notice only. */
  const noticed = new WeakSet<Context>();

  // Fairness first, before the per-chat sequential queue: a command over the
  // limit never waits in line, it is answered once with a notice or dropped.
  bot.use(async (ctx, next) => {
    const isButton = ctx.callbackQuery !== undefined;
    const command = isButton ? null : commandOf(ctx);
    const chat = ctx.chat ?? ctx.callbackQuery?.message?.chat;
    if ((!command && !isButton) || !chat) return next();
    const userId = ctx.from ? String(ctx.from.id) : null;
    const verdict = commandLimiter.check(userId, String(chat.id));
    if (verdict === 'ok') return next();
    if (verdict === 'notice') {
      logger.warn(
        { userId, chatId: chat.id, command },
        'command limit reached; one notice, further commands dropped',
      );
      if (isButton) {
        await ctx.answerCallbackQuery({ text: COMMAND_LIMIT_NOTICE }).catch(() => undefined);
        return;
      }
      // Through the chat's sequential line, so the notice follows the replies
      // to the commands that were still allowed instead of overtaking them.
      noticed.add(ctx);
      return next();
    }
    logger.info(
      { userId, chatId: chat.id, command, dropped: commandLimiter.stats.dropped },
      'command dropped (over the limit)',
    );
    if (isButton) await ctx.answerCallbackQuery().catch(() => undefined);
  });

  bot.use(sequentialize((ctx: Context) => ctx.chat?.id.toString()));

  bot.on(
    [
      'message:entities:bot_command',
      'channel_post:entities:bot_command',
      'message:caption_entities:bot_command',
    ],
    async (ctx) => {
      if (noticed.has(ctx)) {
        sendReply(ctx.chat, limitNoticeReply());
        return;
      }
      const msg = ctx.msg;
      const text = msg.text ?? msg.caption ?? '';
      const entity = (msg.entities ?? msg.caption_entities)?.[0];
      if (!entity || entity.type !== 'bot_command' || entity.offset !== 0) return;
      const [rawName = '', addressee] = text.slice(1, entity.length).split('@');
      if (addressee && addressee.toLowerCase() !== ctx.me.username.toLowerCase()) return; // for another bot
      const name = rawName.toLowerCase();
      const args = text.slice(entity.length).trim();
      const chat = ctx.chat;
      if (!isCommandName(name)) {
        // In groups an unaddressed unknown command may belong to another bot: stay quiet.
        if (chat.type === 'private' || addressee) sendReply(chat, unknownCommandReply());
        return;
      }
      const actor = makeActor(chat, ctx.from, msg.sender_chat, adminIds, members);
      const attachment = attachmentOf(ctx);
      const handle = (): Promise<Reply> =>
        options.handlers.handle({
          command: name,
          args,
          actor,
          target: { platform: 'telegram', chatId: String(chat.id) },
          chatKind: chatKindOf(chat),
          ...(attachment ? { attachment } : {}),
        });
      const reply = await runCommand(name, handle);
      sendReply(chat, reply);
    },
  );

  bot.on('callback_query:data', async (ctx) => {
    const q = ctx.callbackQuery;
    const chat = q.message?.chat;
    if (!chat) {
      await ctx.answerCallbackQuery();
      return;
    }
    const actor = makeActor(chat, q.from, undefined, adminIds, members);
    const reply = await options.handlers.handleCallback({
      data: q.data,
      actor,
      target: { platform: 'telegram', chatId: String(chat.id) },
      chatKind: chatKindOf(chat),
    });
    if (reply.kind !== 'ok') {
      const text = reply.lines.map(plainLine).join('\n').slice(0, 200);
      await ctx.answerCallbackQuery({ text, show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery({ text: 'Đã cập nhật.' });
    const [first] = replyToMessages(reply);
    if (!first || !q.message) return;
    try {
      await ctx.api.editMessageText(chat.id, q.message.message_id, first.html, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...(first.keyboard ? { reply_markup: first.keyboard } : {}),
      });
    } catch (err) {
      if (!(err instanceof GrammyError && /message is not modified/iu.test(err.description)))
        throw err;
    }
  });

  bot.catch((err) => {
    logger.error({ err: err.error, updateId: err.ctx.update.update_id }, 'telegram update failed');
  });

  async function registerCommands(): Promise<void> {
    const all = options.handlers.describe();
    const pub = all
      .filter((c) => !c.adminOnly)
      .map((c) => ({ command: c.command, description: c.description }));
    try {
      await bot.api.setMyCommands(pub);
    } catch (err) {
      // The menu is a convenience: a Bot API server that refuses it must not keep the bot from answering.
      logger.warn({ err }, 'setMyCommands failed; the command menu is not registered');
    }
    const full = all.map((c) => ({ command: c.command, description: c.description }));
    for (const id of adminIds) {
      if (!/^\d+$/u.test(id)) continue;
      try {
        // An admin's private chat id is their user id; this fails until they have talked to the bot.
        await bot.api.setMyCommands(full, { scope: { type: 'chat', chat_id: Number(id) } });
      } catch (err) {
        logger.warn({ adminId: id, err }, 'could not register admin commands for this admin');
      }
    }
  }

  function startPolling(): void {
    retryTimer = null;
    if (stopping) return;
    const handle = run(bot, {
      runner: {
        fetch: { timeout: options.pollTimeoutSeconds ?? 30, allowed_updates: [...ALLOWED_UPDATES] },
        silent: true,
      },
    });
    runner = handle;
    handle.task()?.catch((err: unknown) => {
      if (stopping || runner !== handle) return;
      runner = null;
      if (err instanceof GrammyError && err.error_code === 401) {
        logger.error({ err }, 'Telegram rejected the bot token (401); polling stopped');
        return;
      }
      const delayMs = conflictDelay;
      conflictDelay = Math.min(conflictDelay * 2, conflictMax);
      if (err instanceof GrammyError && err.error_code === 409) {
        logger.error({ retryInMs: delayMs, err }, CONFLICT_MESSAGE);
      } else {
        logger.error({ err, retryInMs: delayMs }, 'telegram polling failed; retrying');
      }
      retryTimer = setTimeout(startPolling, delayMs);
    });
  }

  async function startWebhook(hook: NonNullable<TelegramBotOptions['webhook']>): Promise<void> {
    const path = new URL(hook.url).pathname;
    const callback = webhookCallback(bot, 'http', { secretToken: hook.secret });
    server = createServer((req, res) => {
      const reqPath = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (req.method !== 'POST' || reqPath !== path) {
        res.writeHead(404).end();
        return;
      }
      callback(req, res).catch((err: unknown) => {
        logger.error({ err }, 'webhook update failed');
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(hook.port, hook.host ?? '0.0.0.0', () => resolve());
    });
    await bot.api.setWebhook(hook.url, {
      secret_token: hook.secret,
      allowed_updates: [...ALLOWED_UPDATES],
    });
    logger.info({ url: hook.url, port: webhookPort() }, 'telegram webhook set');
  }

  function webhookPort(): number {
    const addr = server?.address();
    return addr && typeof addr === 'object' ? addr.port : 0;
  }

  return {
    bot,
    webhookPort,
    async start() {
      stopping = false;
      await bot.init();
      await registerCommands();
      if (options.webhook) {
        await startWebhook(options.webhook);
      } else {
        try {
          await bot.api.deleteWebhook();
        } catch (err) {
          // If a webhook is really set, getUpdates will say so with a 409 and the conflict handling takes over.
          logger.warn({ err }, 'deleteWebhook failed; polling anyway');
        }
        startPolling();
        logger.info({ username: bot.botInfo.username }, 'telegram bot polling');
      }
    },
    async stop() {
      stopping = true;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      const r = runner;
      runner = null;
      if (r?.isRunning()) await r.stop();
      // Replies already computed still go out (bounded wait).
      await replies.idle(5_000);
      if (server) {
        const s = server;
        server = null;
        s.closeAllConnections();
        await new Promise<void>((resolve) => s.close(() => resolve()));
      }
    },
  };
}
