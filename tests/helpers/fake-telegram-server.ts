/**
 * A Bot API server for tests, on 127.0.0.1 port 0 (node:http). It speaks
 * `/bot<token>/<method>` with JSON, form and query bodies, keeps chats and
 * messages, long-polls getUpdates, validates HTML and limits the way the Bot
 * API documents them (https://core.telegram.org/bots/api#html-style), records
 * every call, and fails on demand (429 retry_after, 403, 400, 409, migrate).
 */
import { once } from 'node:events';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseTelegramHtml } from './telegram-html.js';

export { ALLOWED_TAGS, parseTelegramHtml } from './telegram-html.js';

type Json = Record<string, unknown>;

export interface RecordedCall {
  method: string;
  params: Json;
  /** What the server answered (ok/result or the error). */
  response: Json;
  /** `performance.now()` when the call arrived (for benchmarks, never asserted). */
  at: number;
}

export interface FailRule {
  method: string;
  /** Only calls for this chat (compared as strings). */
  chatId?: string;
  /** How many calls to fail (default 1). */
  times?: number;
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export interface FakeChat {
  id: number;
  type: 'private' | 'group' | 'supergroup' | 'channel';
  title?: string;
  first_name?: string;
}

export interface FakeUser {
  id: number;
  first_name: string;
  is_bot?: boolean;
}

export interface StoredMessage {
  chatId: string;
  messageId: number;
  /** The text as Telegram shows it (tags removed, entities decoded). */
  text: string;
  /** What the bot sent. */
  raw: string;
  parseMode: string | null;
  replyMarkup: unknown;
}

function apiError(code: number, description: string, parameters?: Json): Json {
  return parameters
    ? { ok: false, error_code: code, description, parameters }
    : { ok: false, error_code: code, description };
}

const JSON_FIELDS = [
  'reply_markup',
  'link_preview_options',
  'allowed_updates',
  'commands',
  'scope',
  'entities',
];

async function readParams(req: IncomingMessage, url: URL): Promise<Json> {
  const params: Json = Object.fromEntries(url.searchParams);
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const body = Buffer.concat(chunks).toString('utf8');
  const type = req.headers['content-type'] ?? '';
  if (body && type.includes('application/json')) Object.assign(params, JSON.parse(body) as Json);
  else if (body && type.includes('application/x-www-form-urlencoded'))
    Object.assign(params, Object.fromEntries(new URLSearchParams(body)));
  else if (body && type.includes('multipart/form-data')) {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/u.exec(type);
    const b = boundary?.[1] ?? boundary?.[2];
    if (b) {
      for (const part of body.split(`--${b}`)) {
        const m = /name="([^"]+)"[^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*)\r\n$/u.exec(part);
        if (m) params[m[1]!] = m[2]!;
      }
    }
  }
  for (const f of JSON_FIELDS) {
    const v = params[f];
    if (typeof v === 'string' && /^[[{]/u.test(v)) params[f] = JSON.parse(v) as unknown;
  }
  return params;
}

export interface FakeTelegramServer {
  /** The API root to give grammY (`client.apiRoot`). */
  apiRoot: string;
  token: string;
  bot: { id: number; username: string };
  calls: RecordedCall[];
  messages: StoredMessage[];
  callsOf(method: string): RecordedCall[];
  addChat(chat: FakeChat): void;
  setMember(
    chatId: number,
    userId: number,
    status: 'creator' | 'administrator' | 'member' | 'restricted' | 'left' | 'kicked',
  ): void;
  /** `performance.now()` of the last pushUpdate (for benchmarks). */
  lastPushAt: number;
  /** Queue an update (update_id assigned); returns the id. */
  pushUpdate(update: Json): number;
  /** A user writes a text message (bot_command entity added when it starts with "/"). */
  sendText(chat: FakeChat, from: FakeUser, text: string): number;
  /** A user sends a file with a caption (e.g. "/importfeeds"); the bot may fetch it via getFile. */
  sendDocument(
    chat: FakeChat,
    from: FakeUser,
    fileName: string,
    content: string,
    caption: string,
  ): number;
  /** A user presses an inline button under one of the bot's messages; returns the query id. */
  pressButton(chat: FakeChat, from: FakeUser, messageId: number, data: string): string;
  fail(rule: FailRule): void;
  /**
   * Outage: while true every connection is dropped before an answer (the
   * client sees a network error). Nothing is recorded.
   */
  setDown(down: boolean): void;
  /**
   * Slow answers: each call is handled (a message is stored) at once, and its
   * response is held this long, like a platform that accepted the message
   * but answers late. 0 = answer at once.
   */
  setResponseDelay(ms: number): void;
  /** Resolves with the first call (already made or future) that matches. */
  waitForCall(predicate: (c: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>;
  close(): Promise<void>;
}

export async function startFakeTelegramServer(
  options: { token?: string } = {},
): Promise<FakeTelegramServer> {
  const token = options.token ?? '123456:TEST-token';
  const bot = { id: 123456, username: 'hanoi_digest_test_bot' };
  const calls: RecordedCall[] = [];
  const messages: StoredMessage[] = [];
  const chats = new Map<string, FakeChat>();
  const members = new Map<string, string>();
  const rules: (FailRule & { left: number })[] = [];
  const queries = new Set<string>();
  const commands = new Map<string, unknown>();
  const listeners = new Set<() => void>();
  let updates: Json[] = [];
  let nextUpdateId = 1;
  let nextMessageId = 1;
  let nextQueryId = 1;
  let webhook: { url: string; secret: string | null } | null = null;
  let poller: { finish: (r: Json) => void } | null = null;
  const wake = new Set<() => void>();

  const record = (method: string, params: Json, response: Json, at = performance.now()): Json => {
    calls.push({ method, params, response, at });
    for (const l of listeners) l();
    return response;
  };

  const chatOf = (params: Json): FakeChat | null => chats.get(String(params['chat_id'])) ?? null;

  function validateMarkup(markup: unknown): string | null {
    const kb = (markup as { inline_keyboard?: unknown } | undefined)?.inline_keyboard;
    if (markup === undefined) return null;
    if (!Array.isArray(kb)) return 'Bad Request: inline keyboard expected';
    for (const row of kb) {
      if (!Array.isArray(row)) return 'Bad Request: inline keyboard expected';
      for (const b of row as Json[]) {
        if (typeof b['text'] !== 'string' || !b['text']) return 'Bad Request: BUTTON_TEXT_EMPTY';
        const d = b['callback_data'];
        if (
          d !== undefined &&
          (typeof d !== 'string' || Buffer.byteLength(d) < 1 || Buffer.byteLength(d) > 64)
        )
          return 'Bad Request: BUTTON_DATA_INVALID';
      }
    }
    return null;
  }

  /** Text checks shared by sendMessage and editMessageText. */
  function checkText(params: Json): { text: string } | { error: Json } {
    const raw = params['text'];
    if (typeof raw !== 'string' || raw.trim() === '')
      return { error: apiError(400, 'Bad Request: message text is empty') };
    const mode = params['parse_mode'];
    let visible = raw;
    if (mode !== undefined && mode !== '') {
      if (String(mode).toLowerCase() !== 'html')
        return { error: apiError(400, `Bad Request: unsupported parse_mode "${String(mode)}"`) };
      const parsed = parseTelegramHtml(raw);
      if ('error' in parsed)
        return { error: apiError(400, `Bad Request: can't parse entities: ${parsed.error}`) };
      visible = parsed.text;
    }
    if (visible.trim() === '')
      return { error: apiError(400, 'Bad Request: message text is empty') };
    if (visible.length > 4096) return { error: apiError(400, 'Bad Request: message is too long') };
    const markupError = validateMarkup(params['reply_markup']);
    if (markupError) return { error: apiError(400, markupError) };
    return { text: visible };
  }

  const messageJson = (m: StoredMessage, chat: FakeChat): Json => ({
    message_id: m.messageId,
    date: Math.floor(Date.now() / 1000),
    chat,
    from: { id: bot.id, is_bot: true, first_name: 'Hanoi Digest', username: bot.username },
    text: m.text,
    ...(m.replyMarkup ? { reply_markup: m.replyMarkup } : {}),
  });

  function handle(method: string, params: Json): Json {
    switch (method) {
      case 'getme':
        return {
          ok: true,
          result: {
            id: bot.id,
            is_bot: true,
            first_name: 'Hanoi Digest',
            username: bot.username,
            can_join_groups: true,
            can_read_all_group_messages: false,
            supports_inline_queries: false,
          },
        };
      case 'sendmessage': {
        const chat = chatOf(params);
        if (!chat) return apiError(400, 'Bad Request: chat not found');
        const checked = checkText(params);
        if ('error' in checked) return checked.error;
        const m: StoredMessage = {
          chatId: String(chat.id),
          messageId: nextMessageId++,
          text: checked.text,
          raw: String(params['text']),
          parseMode: (params['parse_mode'] as string | undefined) ?? null,
          replyMarkup: params['reply_markup'] ?? null,
        };
        messages.push(m);
        return { ok: true, result: messageJson(m, chat) };
      }
      case 'senddocument': {
        // The file arrives as a multipart part; its body is recorded as the message text.
        const chat = chatOf(params);
        if (!chat) return apiError(400, 'Bad Request: chat not found');
        const ref = String(params['document'] ?? '');
        const body = ref.startsWith('attach://') ? String(params[ref.slice(9)] ?? '') : ref;
        const m: StoredMessage = {
          chatId: String(chat.id),
          messageId: nextMessageId++,
          text: body,
          raw: body,
          parseMode: null,
          replyMarkup: null,
        };
        messages.push(m);
        return { ok: true, result: messageJson(m, chat) };
      }
      case 'editmessagetext':
      case 'editmessagereplymarkup': {
        const chat = chatOf(params);
        if (!chat) return apiError(400, 'Bad Request: chat not found');
        const m = messages.find(
          (x) => x.chatId === String(chat.id) && x.messageId === Number(params['message_id']),
        );
        if (!m) return apiError(400, 'Bad Request: message to edit not found');
        let text = m.text;
        if (method === 'editmessagetext') {
          const checked = checkText(params);
          if ('error' in checked) return checked.error;
          text = checked.text;
        } else {
          const markupError = validateMarkup(params['reply_markup']);
          if (markupError) return apiError(400, markupError);
        }
        const markup = params['reply_markup'] ?? null;
        if (text === m.text && JSON.stringify(markup) === JSON.stringify(m.replyMarkup)) {
          return apiError(
            400,
            'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
          );
        }
        m.text = text;
        m.replyMarkup = markup;
        if (method === 'editmessagetext') m.raw = String(params['text']);
        return { ok: true, result: messageJson(m, chat) };
      }
      case 'answercallbackquery': {
        const id = String(params['callback_query_id'] ?? '');
        if (!queries.has(id))
          return apiError(
            400,
            'Bad Request: query is too old and response timeout expired or query ID is invalid',
          );
        if (typeof params['text'] === 'string' && params['text'].length > 200)
          return apiError(400, 'Bad Request: MESSAGE_TOO_LONG');
        queries.delete(id);
        return { ok: true, result: true };
      }
      case 'setmycommands': {
        const list = params['commands'];
        if (!Array.isArray(list) || list.length > 100)
          return apiError(400, 'Bad Request: commands must be an array of at most 100 BotCommand');
        for (const c of list as Json[]) {
          if (typeof c['command'] !== 'string' || !/^[a-z0-9_]{1,32}$/u.test(c['command']))
            return apiError(400, 'Bad Request: BOT_COMMAND_INVALID');
          if (
            typeof c['description'] !== 'string' ||
            c['description'].length < 1 ||
            c['description'].length > 256
          )
            return apiError(400, 'Bad Request: command description must be 1-256 characters');
        }
        const scope = params['scope'] as { type?: string; chat_id?: unknown } | undefined;
        if (scope?.chat_id !== undefined && !chats.has(String(scope.chat_id)))
          return apiError(400, 'Bad Request: chat not found');
        commands.set(JSON.stringify(scope ?? { type: 'default' }), list);
        return { ok: true, result: true };
      }
      case 'getmycommands':
        return {
          ok: true,
          result: commands.get(JSON.stringify(params['scope'] ?? { type: 'default' })) ?? [],
        };
      case 'getchatmember': {
        const chat = chatOf(params);
        if (!chat) return apiError(400, 'Bad Request: chat not found');
        const userId = Number(params['user_id']);
        const status =
          chat.type === 'private' && chat.id === userId
            ? 'member'
            : (members.get(`${chat.id}:${userId}`) ?? 'member');
        const user = { id: userId, is_bot: false, first_name: `User ${userId}` };
        const extra =
          status === 'administrator'
            ? {
                can_be_edited: false,
                is_anonymous: false,
                can_manage_chat: true,
                can_delete_messages: true,
                can_manage_video_chats: true,
                can_restrict_members: true,
                can_promote_members: false,
                can_change_info: true,
                can_invite_users: true,
              }
            : {};
        return {
          ok: true,
          result: {
            status,
            user,
            ...(status === 'creator' ? { is_anonymous: false } : {}),
            ...extra,
          },
        };
      }
      case 'getchat': {
        const chat = chatOf(params);
        return chat
          ? { ok: true, result: { ...chat, accent_color_id: 0, max_reaction_count: 11 } }
          : apiError(400, 'Bad Request: chat not found');
      }
      case 'deletewebhook':
        webhook = null;
        if (params['drop_pending_updates'] === true || params['drop_pending_updates'] === 'true')
          updates = [];
        return { ok: true, result: true };
      case 'setwebhook': {
        const url = String(params['url'] ?? '');
        const secret = params['secret_token'] === undefined ? null : String(params['secret_token']);
        if (secret !== null && !/^[A-Za-z0-9_-]{1,256}$/u.test(secret))
          return apiError(400, 'Bad Request: secret token contains unallowed characters');
        webhook = url ? { url, secret } : null;
        return { ok: true, result: true };
      }
      case 'getwebhookinfo':
        return {
          ok: true,
          result: {
            url: webhook?.url ?? '',
            has_custom_certificate: false,
            pending_update_count: updates.length,
          },
        };
      default:
        return apiError(404, 'Not Found');
    }
  }

  function takeUpdates(params: Json): Json[] {
    const offset = Number(params['offset'] ?? 0);
    const limit = Math.min(100, Math.max(1, Number(params['limit'] ?? 100)));
    if (offset > 0) updates = updates.filter((u) => Number(u['update_id']) >= offset);
    return updates.slice(0, limit);
  }

  function getUpdates(params: Json, res: ServerResponse, send: (r: Json) => void): void {
    if (webhook) {
      send(
        apiError(
          409,
          "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
        ),
      );
      return;
    }
    const ready = takeUpdates(params);
    const timeout = Math.min(50, Math.max(0, Number(params['timeout'] ?? 0)));
    if (ready.length || timeout === 0) {
      send({ ok: true, result: ready });
      return;
    }
    // A newer long poll terminates the older one, as Telegram does.
    poller?.finish(
      apiError(
        409,
        'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
      ),
    );
    let done = false;
    const finish = (r: Json): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      wake.delete(check);
      if (poller?.finish === finish) poller = null;
      send(r);
    };
    const check = (): void => {
      const got = takeUpdates(params);
      if (got.length) finish({ ok: true, result: got });
    };
    const timer = setTimeout(() => finish({ ok: true, result: [] }), timeout * 1000);
    poller = { finish };
    wake.add(check);
    res.on('close', () => {
      if (!done) {
        done = true;
        clearTimeout(timer);
        wake.delete(check);
        if (poller?.finish === finish) poller = null;
      }
    });
  }

  function deliverWebhook(update: Json): void {
    if (!webhook) return;
    const u = new URL(webhook.url);
    const body = JSON.stringify(update);
    const req = httpRequest(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(webhook.secret ? { 'x-telegram-bot-api-secret-token': webhook.secret } : {}),
        },
      },
      (res) => {
        res.resume();
        if (res.statusCode === 200) updates = updates.filter((x) => x !== update);
      },
    );
    req.on('error', () => {});
    req.end(body);
  }

  let down = false;
  let responseDelayMs = 0;
  const files = new Map<string, string>();
  const server = createServer((req, res) => {
    if (down) {
      req.socket.destroy();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const fileRoute = /^\/file\/bot([^/]+)\/(.+)$/u.exec(url.pathname);
    if (fileRoute) {
      const body =
        decodeURIComponent(fileRoute[1]!) === token ? files.get(fileRoute[2]!) : undefined;
      res.writeHead(body === undefined ? 404 : 200).end(body ?? '');
      return;
    }
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/u.exec(url.pathname);
    const write = (r: Json): void => {
      if (res.writableEnded || res.destroyed) return;
      res.writeHead(r['ok'] ? 200 : Number(r['error_code'] ?? 500), {
        'content-type': 'application/json',
      });
      res.end(JSON.stringify(r));
    };
    const send = (r: Json): void => {
      if (responseDelayMs > 0 && m?.[2]?.toLowerCase() !== 'getupdates')
        setTimeout(() => write(r), responseDelayMs);
      else write(r);
    };
    readParams(req, url)
      .then((params) => {
        if (!m) return send(record('?', params, apiError(404, 'Not Found')));
        const method = m[2]!.toLowerCase();
        if (decodeURIComponent(m[1]!) !== token)
          return send(record(method, params, apiError(401, 'Unauthorized')));
        const rule = rules.find(
          (r) =>
            r.left > 0 &&
            r.method.toLowerCase() === method &&
            (r.chatId === undefined || r.chatId === String(params['chat_id'])),
        );
        if (rule) {
          rule.left -= 1;
          return send(
            record(method, params, apiError(rule.error_code, rule.description, rule.parameters)),
          );
        }
        if (method === 'getfile') {
          const id = String(params['file_id']);
          return send(
            record(
              method,
              params,
              files.has(`docs/${id}`)
                ? { ok: true, result: { file_id: id, file_unique_id: id, file_path: `docs/${id}` } }
                : apiError(400, 'Bad Request: invalid file_id'),
            ),
          );
        }
        if (method === 'getupdates') {
          return getUpdates(params, res, (r) => send(record(method, params, r)));
        }
        return send(record(method, params, handle(method, params)));
      })
      .catch((err: unknown) =>
        send(apiError(400, `Bad Request: ${err instanceof Error ? err.message : String(err)}`)),
      );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  const api: FakeTelegramServer = {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    bot,
    calls,
    messages,
    callsOf: (method) => calls.filter((c) => c.method === method.toLowerCase()),
    addChat(chat) {
      chats.set(String(chat.id), chat);
    },
    setMember(chatId, userId, status) {
      members.set(`${chatId}:${userId}`, status);
    },
    lastPushAt: 0,
    pushUpdate(update) {
      api.lastPushAt = performance.now();
      const u = { update_id: nextUpdateId++, ...update };
      updates.push(u);
      if (webhook) deliverWebhook(u);
      for (const w of [...wake]) w();
      return u.update_id;
    },
    sendText(chat, from, text) {
      chats.set(String(chat.id), chat);
      const cmd = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/u.exec(text);
      return api.pushUpdate({
        message: {
          message_id: nextMessageId++,
          date: Math.floor(Date.now() / 1000),
          chat,
          from: { is_bot: false, ...from },
          text,
          ...(cmd ? { entities: [{ type: 'bot_command', offset: 0, length: cmd[0].length }] } : {}),
        },
      });
    },
    sendDocument(chat, from, fileName, content, caption) {
      chats.set(String(chat.id), chat);
      const fileId = `f${files.size + 1}`;
      files.set(`docs/${fileId}`, content);
      const cmd = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/u.exec(caption);
      return api.pushUpdate({
        message: {
          message_id: nextMessageId++,
          date: Math.floor(Date.now() / 1000),
          chat,
          from: { is_bot: false, ...from },
          document: {
            file_id: fileId,
            file_unique_id: fileId,
            file_name: fileName,
            file_size: Buffer.byteLength(content),
          },
          caption,
          ...(cmd
            ? { caption_entities: [{ type: 'bot_command', offset: 0, length: cmd[0].length }] }
            : {}),
        },
      });
    },
    pressButton(chat, from, messageId, data) {
      const m = messages.find((x) => x.chatId === String(chat.id) && x.messageId === messageId);
      const id = String(nextQueryId++);
      queries.add(id);
      api.pushUpdate({
        callback_query: {
          id,
          from: { is_bot: false, ...from },
          chat_instance: `ci-${chat.id}`,
          data,
          message: m ? messageJson(m, chat) : { message_id: messageId, date: 0, chat },
        },
      });
      return id;
    },
    fail(rule) {
      rules.push({ ...rule, left: rule.times ?? 1 });
    },
    setDown(value) {
      down = value;
      if (value) server.closeAllConnections();
    },
    setResponseDelay(ms) {
      responseDelayMs = ms;
    },
    waitForCall(predicate, timeoutMs = 10_000) {
      const found = calls.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(
            new Error(
              `no matching Bot API call within ${timeoutMs} ms; calls: ${calls.map((c) => c.method).join(', ')}`,
            ),
          );
        }, timeoutMs);
        const check = (): void => {
          const c = calls.find(predicate);
          if (c) {
            clearTimeout(timer);
            listeners.delete(check);
            resolve(c);
          }
        };
        listeners.add(check);
      });
    },
    async close() {
      poller?.finish({ ok: true, result: [] });
      server.closeAllConnections();
      server.close();
      await once(server, 'close').catch(() => undefined);
    },
  };
  return api;
}
