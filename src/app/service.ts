/**
 * `npm start`: the long-running service. The scheduler (gathering every N
 * minutes, digests per subscription slot, catch-up after a restart), the
 * delivery worker, and every bot whose token is set. With no token it
 * delivers through the console publisher and says so.
 */
import { createDiscordBot, type DiscordBot } from '../bots/discord/index.js';
import { createCommandHandlers } from '../bots/commands/index.js';
import { createTelegramBot, type TelegramBot } from '../bots/telegram/index.js';
import { createDeliveryWorker, createDigestRunner } from '../delivery/index.js';
import { createScheduler, nextSlot, type Scheduler } from '../scheduler/index.js';
import type { LlmSummarizer } from '../llm/index.js';
import type { App } from './app.js';
import { createPublishers } from './publishers.js';
import { digestRenderers } from './renderers.js';

export interface Service {
  readonly scheduler: Scheduler;
  readonly telegram: TelegramBot | null;
  readonly discord: DiscordBot | null;
  stop(): Promise<void>;
}

export interface ServiceOptions {
  /** Where the console publisher prints (default stdout). */
  consoleOut?: NodeJS.WritableStream;
  /** Install SIGINT/SIGTERM handlers (default true). */
  handleSignals?: boolean;
}

export async function startService(app: App, options: ServiceOptions = {}): Promise<Service> {
  const { env, logger, stores, config } = app;
  let scheduler: Scheduler | null = null;
  const handlers = createCommandHandlers({
    news: app.news,
    subscriptions: stores.subscriptions,
    feeds: stores.feeds,
    gatherer: app.gatherer,
    topics: config.topics,
    gazetteer: config.gazetteer,
    defaults: { schedule: config.schedules.defaultDigestCron, timezone: config.schedules.timezone },
    logger,
    digestWindowHours: config.schedules.digestWindowHours,
    summarizerStatus: async () => {
      const s = app.summarizer as Partial<LlmSummarizer>;
      return typeof s.status === 'function' ? s.status() : null;
    },
    onSubscriptionsChanged: () =>
      void scheduler
        ?.refresh()
        .catch((err: unknown) => logger.error({ err }, 'scheduler refresh failed')),
  });

  const telegram = env.TELEGRAM_BOT_TOKEN
    ? createTelegramBot({
        token: env.TELEGRAM_BOT_TOKEN,
        apiRoot: env.TELEGRAM_API_ROOT,
        adminIds: env.TELEGRAM_ADMIN_IDS,
        handlers,
        logger,
        ...(env.TELEGRAM_WEBHOOK_URL
          ? {
              webhook: {
                url: env.TELEGRAM_WEBHOOK_URL,
                secret: env.TELEGRAM_WEBHOOK_SECRET ?? '',
                port: env.TELEGRAM_WEBHOOK_PORT,
              },
            }
          : {}),
      })
    : null;
  if (env.TELEGRAM_WEBHOOK_URL && !env.TELEGRAM_WEBHOOK_SECRET) {
    throw new Error(
      'TELEGRAM_WEBHOOK_URL is set but TELEGRAM_WEBHOOK_SECRET is not: a webhook needs a secret token',
    );
  }
  if (env.DISCORD_BOT_TOKEN && !env.DISCORD_APPLICATION_ID) {
    throw new Error('DISCORD_BOT_TOKEN is set but DISCORD_APPLICATION_ID is not');
  }
  let discord: DiscordBot | null = null;
  let stopping = false;
  const stopAll = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({}, 'stopping: finishing in-flight sends');
    await scheduler?.stop();
    await Promise.allSettled([telegram?.stop(), discord?.stop()]);
    await app.close();
    logger.info({}, 'stopped');
  };
  discord =
    env.DISCORD_BOT_TOKEN && env.DISCORD_APPLICATION_ID
      ? createDiscordBot({
          token: env.DISCORD_BOT_TOKEN,
          applicationId: env.DISCORD_APPLICATION_ID,
          apiBase: env.DISCORD_API_BASE,
          adminIds: env.DISCORD_ADMIN_IDS,
          handlers,
          topics: config.topics,
          logger,
          onAuthError: (err) => {
            logger.error(
              { err: err.message },
              'Discord rejected the token (401): the Discord bot stopped',
            );
          },
        })
      : null;

  const { publishers, missing } = await createPublishers(app, {
    consoleOut: options.consoleOut ?? process.stdout,
    ...(telegram ? { telegramApi: telegram.bot.api } : {}),
    ...(discord
      ? { discordRest: discord.rest, onDiscordAuthError: () => void discord?.failAuth() }
      : {}),
  });
  if (missing.length === 2) {
    logger.warn(
      {},
      'no bot token set (TELEGRAM_BOT_TOKEN, DISCORD_BOT_TOKEN): digests are printed by the console publisher',
    );
  } else {
    for (const p of missing)
      logger.warn(
        { platform: p },
        `no token for ${p}: its digests are printed by the console publisher`,
      );
  }

  const worker = createDeliveryWorker({
    outbox: stores.outbox,
    subscriptions: stores.subscriptions,
    publishers,
    logger,
    // One global cap under Telegram's 30 messages/s; the platform publishers add per-chat limits.
    rateLimit: { perSecond: 25 },
    maxAgeMs: env.DELIVERY_MAX_AGE_HOURS * 3_600_000,
    // Expired digests: one message to the Telegram admins per outage (best effort:
    // the outage may be Telegram's own; the error log line is always written).
    notifier: async (notice) => {
      if (!telegram) return;
      const text =
        `⚠️ ${notice.expiredRows} bản tin gửi qua ${notice.platform} đã hết hạn mà chưa gửi được ` +
        `(${notice.targets.length} nơi nhận). Lỗi cuối: ${notice.reason.slice(0, 300)}`;
      for (const admin of env.TELEGRAM_ADMIN_IDS)
        await telegram.bot.api.sendMessage(admin, text).catch(() => undefined);
    },
  });
  const runner = createDigestRunner({
    news: app.news,
    subscriptions: stores.subscriptions,
    outbox: stores.outbox,
    renderers: digestRenderers(),
    logger,
    windowHours: config.schedules.digestWindowHours,
    // A digest is fresh until the subscription's next slot (or 12 h).
    nextSlot: (sub, after) => nextSlot(sub.schedule, sub.timezone, after),
    maxAgeHours: env.DELIVERY_MAX_AGE_HOURS,
  });
  /**
   * Gathering also analyses (summarizes, classifies) the new articles, so a
   * digest slot or a /digest command only groups and composes.
   */
  async function gatherAndAnalyse(): Promise<void> {
    const report = await app.gatherer.gather();
    const added = report.feeds.reduce((n, f) => n + f.new, 0);
    if (added > 0) {
      app.news.clearCache?.();
      await app.news.stories();
    }
  }
  scheduler = createScheduler({
    gather: gatherAndAnalyse,
    gatherIntervalMinutes: config.schedules.gatherIntervalMinutes,
    subscriptions: stores.subscriptions,
    kv: stores.kv,
    runner,
    worker,
    logger,
    graceHours: config.schedules.catchUpGraceHours,
    timezone: config.schedules.timezone,
  });

  await Promise.all([telegram?.start(), discord?.start()]);
  // Gather once before catching up, so a missed slot is sent with today's news
  // rather than with whatever was stored before the restart.
  await scheduler
    .runGather()
    .catch((err: unknown) => logger.error({ err }, 'first gathering failed'));
  const catchUp = await scheduler.start();
  logger.info(
    {
      jobs: scheduler.jobNames(),
      caughtUp: catchUp.caughtUp.length,
      skipped: catchUp.skipped.length,
      telegram: Boolean(telegram),
      discord: Boolean(discord),
    },
    'hanoi-digest is running',
  );
  if (options.handleSignals ?? true) {
    const onSignal = (sig: string): void => {
      logger.info({ signal: sig }, 'signal received');
      void stopAll().finally(() => process.exit(0));
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  return { scheduler, telegram, discord, stop: stopAll };
}

/** The entry used by `npm start`. */
export async function runService(app: App): Promise<void> {
  await startService(app);
}
