/**
 * The platform-neutral command layer: `createCommandHandlers` parses a
 * command's arguments, asks the core and the stores, and answers with a
 * `Reply`. The Telegram and Discord adapters only translate.
 *
 * Every handler runs inside one catch: whatever goes wrong, the user gets a
 * short Vietnamese apology (kind 'error') and the log gets the stack.
 */
import type { NewsService } from '../../digest/compose/index.js';
import type { Gatherer } from '../../digest/gather/index.js';
import type { Gazetteer, TopicConfig } from '../../digest/model.js';
import {
  silentLogger,
  systemClock,
  type Clock,
  type FeedStore,
  type KeyValueStore,
  type Logger,
  type SubscriptionStore,
} from '../../digest/ports.js';
import {
  addFeedCommand,
  feedActionCommand,
  feedCallback,
  feedsCommand,
  isFeedCallback,
  renameFeedCommand,
  setFilterCommand,
} from './admin.js';
import {
  adminChannelCommand,
  exportFeedsCommand,
  importCallback,
  importFeedsCommand,
  isImportCallback,
} from './admin-io.js';
import {
  ERROR_TEXT,
  line,
  refused,
  reply,
  type CommandContext,
  type CommandDefaults,
} from './context.js';
import { COMMANDS, helpReply, startReply, unknownCommandReply } from './help.js';
import { digestCommand, latestCommand, searchCommand, topicsCommand } from './news.js';
import {
  settingsCallback,
  settingsCommand,
  subscribeCommand,
  unsubscribeCommand,
} from './subscription.js';
import type { CommandHandlers, CommandName, CommandRequest, Reply } from './types.js';

export interface CommandHandlersOptions {
  news: NewsService;
  subscriptions: SubscriptionStore;
  feeds: FeedStore;
  /** Where /adminchannel keeps its setting. */
  kv?: KeyValueStore;
  gatherer: Pick<Gatherer, 'check'>;
  topics: TopicConfig[];
  gazetteer?: Gazetteer;
  defaults?: Partial<CommandDefaults>;
  clock?: Clock;
  logger?: Logger;
  /** Called after any subscription change (the scheduler reloads its jobs). */
  onSubscriptionsChanged?: () => void;
  /** `/digest` window in hours (default 24). */
  digestWindowHours?: number;
  /** `/digest` window end rounded down to this many minutes, for cache hits (default 5). */
  digestRoundMinutes?: number;
  /**
   * A Vietnamese line on how summaries are being written (e.g. the LLM's daily
   * budget is spent and the extractive path took over), shown to admins in /feeds.
   */
  summarizerStatus?: () => Promise<string | null>;
}

export const ADMIN_ONLY_TEXT = 'Xin lỗi, lệnh này chỉ dành cho quản trị viên của bot.';

const COMMAND_NAMES = new Set<string>(COMMANDS.map((c) => c.command));

/** Whether a string is one of the commands (adapters use it to route unknown commands to help). */
export function isCommandName(name: string): name is CommandName {
  return COMMAND_NAMES.has(name);
}

export function createCommandHandlers(options: CommandHandlersOptions): CommandHandlers {
  const logger = options.logger ?? silentLogger;
  const ctx: CommandContext = {
    news: options.news,
    subscriptions: options.subscriptions,
    feeds: options.feeds,
    kv: options.kv ?? null,
    gatherer: options.gatherer,
    topics: options.topics,
    gazetteer: options.gazetteer ?? null,
    defaults: { schedule: '0 7 * * *', timezone: 'Asia/Ho_Chi_Minh', ...options.defaults },
    clock: options.clock ?? systemClock,
    logger,
    subscriptionsChanged: () => {
      try {
        options.onSubscriptionsChanged?.();
      } catch (err) {
        logger.error({ err }, 'onSubscriptionsChanged failed');
      }
    },
    digestWindowHours: options.digestWindowHours ?? 24,
    digestRoundMinutes: options.digestRoundMinutes ?? 5,
    summarizerStatus: options.summarizerStatus ?? (async () => null),
  };

  async function dispatch(req: CommandRequest): Promise<Reply> {
    const info = COMMANDS.find((c) => c.command === req.command);
    if (!info) return unknownCommandReply();
    if (info.adminOnly && !req.actor.isBotAdmin) return refused(ADMIN_ONLY_TEXT);
    switch (req.command) {
      case 'start':
        return startReply();
      case 'help':
        return helpReply(req.actor.isBotAdmin);
      case 'topics':
        return topicsCommand(ctx);
      case 'digest':
        return digestCommand(ctx, req.args);
      case 'latest':
        return latestCommand(ctx, req.args);
      case 'search':
        return searchCommand(ctx, req.args);
      case 'subscribe':
        return subscribeCommand(ctx, req);
      case 'unsubscribe':
        return unsubscribeCommand(ctx, req);
      case 'settings':
        return settingsCommand(ctx, req);
      case 'feeds':
        return feedsCommand(ctx);
      case 'addfeed':
        return addFeedCommand(ctx, req.args);
      case 'removefeed':
      case 'pausefeed':
      case 'resumefeed':
        return feedActionCommand(ctx, req.command, req.args);
      case 'renamefeed':
        return renameFeedCommand(ctx, req.args);
      case 'setfilter':
        return setFilterCommand(ctx, req.args);
      case 'exportfeeds':
        return exportFeedsCommand(ctx);
      case 'importfeeds':
        return importFeedsCommand(ctx, req);
      case 'adminchannel':
        return adminChannelCommand(ctx, req);
    }
  }

  function failed(err: unknown, what: object): Reply {
    logger.error({ err, ...what }, 'command failed');
    return reply('error', [line(ERROR_TEXT)]);
  }

  return {
    async handle(req) {
      try {
        return await dispatch(req);
      } catch (err) {
        return failed(err, { command: req.command, target: req.target });
      }
    },
    async handleCallback(req) {
      try {
        if (isFeedCallback(req.data)) {
          if (!req.actor.isBotAdmin) return refused(ADMIN_ONLY_TEXT);
          return await feedCallback(ctx, req.data);
        }
        if (isImportCallback(req.data)) {
          if (!req.actor.isBotAdmin) return refused(ADMIN_ONLY_TEXT);
          return await importCallback(ctx, req);
        }
        return await settingsCallback(ctx, req);
      } catch (err) {
        return failed(err, { callback: req.data, target: req.target });
      }
    },
    describe() {
      return COMMANDS.map((c) => ({
        command: c.command,
        description: c.description,
        usage: c.usage,
        adminOnly: c.adminOnly,
      }));
    },
  };
}

export { helpReply, unknownCommandReply, startReply };
export type { CommandDefaults };
export type { Actor } from './types.js';
export type { CommandRequest } from './types.js';
export type { CommandHandlers } from './types.js';
export type { Reply } from './types.js';
export type { ReplyButton } from './types.js';
export type { ReplyLine } from './types.js';
export type { CommandAttachment, ReplyFile } from './types.js';
export type { CommandName } from './types.js';
export { ADMIN_CHANNEL_KEY, feedNoticeLines } from './feed-notices.js';
export { ADMIN_CHANNEL_OFF } from './admin-io.js';
export * from './command-limits.js';
