/** Runs the real grammY bot against the fake Bot API server, with the real SQLite stores. */
import { createCommandHandlers } from '../../src/bots/commands/index.js';
import {
  createTelegramBot,
  type TelegramBot,
  type TelegramBotOptions,
} from '../../src/bots/telegram/bot.js';
import type { NewsService } from '../../src/digest/compose/types.js';
import type { FeedCheckReport } from '../../src/digest/gather/types.js';
import type { Logger } from '../../src/digest/ports.js';
import { createStores, type SqlStores } from '../../src/store/index.js';
import {
  startFakeTelegramServer,
  type FakeChat,
  type FakeTelegramServer,
  type FakeUser,
  type RecordedCall,
} from '../helpers/fake-telegram-server.js';
import { fakeGatherer, fakeNews, GAZETTEER, story, TOPICS } from '../commands/fakes.js';

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: object;
  msg: string | undefined;
}

export function memoryLogger(): Logger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at = (level: LogEntry['level']) => (obj: object, msg?: string) => {
    entries.push({ level, obj, msg });
  };
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export const ADMIN: FakeUser = { id: 9001, first_name: 'Quản trị' };
export const ALICE: FakeUser = { id: 501, first_name: 'Lan' };
export const BOB: FakeUser = { id: 502, first_name: 'Minh' };
export const PRIVATE_ALICE: FakeChat = { id: ALICE.id, type: 'private', first_name: 'Lan' };
export const GROUP: FakeChat = { id: -1001234, type: 'supergroup', title: 'Cư dân Cầu Giấy' };

export function sampleStories() {
  return [
    story('s1', 'Ngập úng trên phố Hoàn Kiếm sau mưa lớn', ['moi-truong']),
    story('s2', 'Khởi công đường vành đai 4 <đoạn 1> & cầu vượt', ['giao-thong']),
    story('s3', 'Quy hoạch khu đô thị mới ở Sóc Sơn', ['do-thi']),
  ];
}

export interface Harness {
  server: FakeTelegramServer;
  stores: SqlStores;
  news: NewsService;
  tg: TelegramBot;
  logger: ReturnType<typeof memoryLogger>;
  gatherer: ReturnType<typeof fakeGatherer>;
  /** Send a text as `from` in `chat` and wait for the bot's reply matching `match` (defaults to any). */
  say(
    chat: FakeChat,
    from: FakeUser,
    text: string,
    match?: (c: RecordedCall) => boolean,
  ): Promise<RecordedCall>;
  /** sendMessage calls to a chat, in order. */
  sentTo(chatId: number): RecordedCall[];
  close(): Promise<void>;
}

export async function startHarness(
  over: Partial<TelegramBotOptions> = {},
  opts: { news?: NewsService; check?: Partial<FeedCheckReport> | Error } = {},
): Promise<Harness> {
  const server = await startFakeTelegramServer();
  const stores = await createStores('sqlite::memory:');
  const news = opts.news ?? fakeNews(sampleStories());
  const logger = memoryLogger();
  const gatherer = fakeGatherer(opts.check ?? { itemCount: 7, title: 'Báo Mới – Hà Nội' });
  const handlers = createCommandHandlers({
    news,
    subscriptions: stores.subscriptions,
    feeds: stores.feeds,
    kv: stores.kv,
    gatherer,
    topics: TOPICS,
    gazetteer: GAZETTEER,
    logger,
  });
  const tg = createTelegramBot({
    token: server.token,
    apiRoot: server.apiRoot,
    adminIds: [String(ADMIN.id)],
    handlers,
    logger,
    pollTimeoutSeconds: 1,
    limits: { perChatIntervalMs: 0, globalPerSecond: 1000, perGroupPerMinute: 1000 },
    ...over,
  });
  await tg.start();
  const sentTo = (chatId: number) =>
    server.callsOf('sendMessage').filter((c) => String(c.params['chat_id']) === String(chatId));
  return {
    server,
    stores,
    news,
    tg,
    logger,
    gatherer,
    sentTo,
    async say(chat, from, text, match = () => true) {
      const before = server.calls.length;
      server.sendText(chat, from, text);
      return server.waitForCall(
        (c) =>
          server.calls.indexOf(c) >= before &&
          c.method === 'sendmessage' &&
          String(c.params['chat_id']) === String(chat.id) &&
          match(c),
      );
    },
    async close() {
      await tg.stop();
      await server.close();
      await stores.close();
    },
  };
}

/** The visible text of a recorded sendMessage/editMessageText (what the fake server stored). */
export function shown(c: RecordedCall): string {
  const result = c.response['result'] as { text?: string } | undefined;
  return result?.text ?? '';
}
