/** Starts the fake Discord API and a real discord.js bot over the real command layer with in-memory ports. */
import type { CommandLimitOptions } from '../../src/bots/commands/index.js';
import { createCommandHandlers } from '../../src/bots/commands/index.js';
import type { CommandHandlers, CommandRequest } from '../../src/bots/commands/types.js';
import { createDiscordBot, type DiscordBot } from '../../src/bots/discord/index.js';
import type { FeedConfig } from '../../src/digest/model.js';
import {
  GAZETTEER,
  TOPICS,
  fakeGatherer,
  fakeNews,
  memoryFeeds,
  memorySubscriptions,
  story,
} from '../commands/fakes.js';
import {
  startFakeDiscordServer,
  type FakeDiscordServer,
  type RecordedCall,
} from '../helpers/fake-discord-server.js';

export const GUILD_ID = '200000000000000001';
export const CHANNEL_ID = '300000000000000001';
export const ADMIN_ID = '100000000000000009';
export const APP_ID = '900000000000000001';

export const STORIES = [
  story('s1', 'Khởi công đường Vành đai 4 qua Sóc Sơn', ['giao-thong']),
  story('s2', 'Hà Nội xử lý ô nhiễm sông Tô Lịch', ['moi-truong']),
  story('s3', 'Quy hoạch phân khu đô thị Cầu Giấy', ['do-thi']),
];

export const FEEDS: FeedConfig[] = [
  { id: 'bao-mau', name: 'Báo Mẫu', url: 'https://bao.example/rss', type: 'rss', enabled: true },
];

export interface Harness {
  server: FakeDiscordServer;
  bot: DiscordBot;
  news: ReturnType<typeof fakeNews>;
  subscriptions: ReturnType<typeof memorySubscriptions>;
  feeds: ReturnType<typeof memoryFeeds>;
  /** Every request the adapter handed to the command layer. */
  handled: CommandRequest[];
  close(): Promise<void>;
}

export async function startHarness(
  options: {
    deferAfterMs?: number;
    slowHandlerMs?: number;
    /** Command limits (default: high enough that the shared conversation never trips them). */
    commandLimits?: CommandLimitOptions;
  } = {},
): Promise<Harness> {
  const server = await startFakeDiscordServer({ applicationId: APP_ID });
  server.addGuild({ id: GUILD_ID, name: 'Hà Nội', channelIds: [CHANNEL_ID] });
  const news = fakeNews(STORIES);
  const subscriptions = memorySubscriptions();
  const feeds = memoryFeeds(FEEDS);
  const real = createCommandHandlers({
    news,
    subscriptions,
    feeds,
    gatherer: fakeGatherer({}),
    topics: TOPICS,
    gazetteer: GAZETTEER,
  });
  const handled: CommandRequest[] = [];
  const handlers: CommandHandlers = {
    async handle(req) {
      handled.push(req);
      if (options.slowHandlerMs) await new Promise((r) => setTimeout(r, options.slowHandlerMs));
      return real.handle(req);
    },
    handleCallback: (req) => real.handleCallback(req),
    describe: () => real.describe(),
  };
  const bot = createDiscordBot({
    token: 'test-token',
    applicationId: APP_ID,
    apiBase: server.apiBase,
    adminIds: [ADMIN_ID],
    handlers,
    topics: TOPICS,
    commandLimits: options.commandLimits ?? {
      perUser: { limit: 10_000 },
      perChat: { limit: 10_000 },
    },
    ...(options.deferAfterMs !== undefined ? { deferAfterMs: options.deferAfterMs } : {}),
  });
  await bot.start();
  return {
    server,
    bot,
    news,
    subscriptions,
    feeds,
    handled,
    async close() {
      await bot.stop();
      await server.close();
    },
  };
}

/** The interaction's final answer has been sent: an immediate reply, an edit, or a follow-up after a delete. */
export function answered(calls: RecordedCall[]): boolean {
  return calls.some(
    (c) =>
      (c.path.endsWith('/callback') && [4, 7, 8].includes((c.body as { type: number }).type)) ||
      c.method === 'PATCH' ||
      (c.method === 'POST' && c.path.startsWith('/webhooks/')),
  );
}

export async function waitAnswered(h: Harness, token: string): Promise<RecordedCall[]> {
  await h.server.waitFor(() => answered(h.server.interactionCalls(token)), `an answer to ${token}`);
  return h.server.interactionCalls(token);
}

export interface MessageBody {
  type?: number;
  content?: string;
  flags?: number;
  embeds?: { title?: string; description?: string; fields?: { name: string; value: string }[] }[];
  components?: { components: { custom_id: string; label: string }[] }[];
  allowed_mentions?: { parse: string[] };
  data?: MessageBody & { choices?: { name: string; value: string }[] };
}

export const bodyOf = (c: RecordedCall | undefined): MessageBody => (c?.body ?? {}) as MessageBody;

/** Every text a set of calls carried (content, embed titles, descriptions, fields). */
export function textOf(calls: RecordedCall[]): string {
  const parts: string[] = [];
  for (const c of calls) {
    const b = bodyOf(c);
    for (const m of [b, b.data ?? {}]) {
      if (m.content) parts.push(m.content);
      for (const e of m.embeds ?? [])
        parts.push(
          e.title ?? '',
          e.description ?? '',
          ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
        );
    }
  }
  return parts.join('\n');
}

/** Wait until the interaction's messages (reply, edit, follow-ups) carry `text`. */
export async function waitText(h: Harness, token: string, text: string): Promise<RecordedCall[]> {
  await h.server.waitFor(
    () => textOf(h.server.interactionCalls(token)).includes(text),
    `"${text}" in the answer to ${token}`,
  );
  return h.server.interactionCalls(token);
}
