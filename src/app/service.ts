/**
 * `npm start`: the long-running service. The scheduler (gathering every N
 * minutes, digests per subscription slot, catch-up after a restart), the
 * delivery worker, and every bot whose token is set. With no token it
 * delivers through the console publisher and says so.
 */
import type { DiscordBot } from '../bots/discord/index.js';
import { createCommandHandlers } from '../bots/commands/index.js';
import type { TelegramBot } from '../bots/telegram/index.js';
import { createDeliveryWorker, createDigestRunner } from '../delivery/index.js';
import { createScheduler, type Scheduler } from '../scheduler/index.js';
import type { LlmSummarizer } from '../llm/index.js';
import type { App } from './app.js';
import {
  createStartup,
  StartupError,
  stopInOrder,
  type Startup,
  type StopReport,
} from './lifecycle.js';
import { createPublishers } from './publishers.js';
import { digestRenderers } from './renderers.js';

export interface Service {
  readonly scheduler: Scheduler;
  readonly telegram: TelegramBot | null;
  readonly discord: DiscordBot | null;
  /** Stops everything within the shutdown deadline; `ok` is false when a part failed or hung. */
  stop(): Promise<StopReport>;
}

export interface ServiceOptions {
  /** Where the console publisher prints (default stdout). */
  consoleOut?: NodeJS.WritableStream;
  /** Install SIGINT/SIGTERM handlers (default true). */
  handleSignals?: boolean;
  /** How long shutdown (or a rollback after a failed start) may take in all (default 15 s). */
  shutdownDeadlineMs?: number;
}

/**
 * Starts every part or none: a part that fails to start stops the ones already
 * running, closes the app and throws a `StartupError` naming the part.
 */
export async function startService(app: App, options: ServiceOptions = {}): Promise<Service> {
  const deadlineMs = options.shutdownDeadlineMs ?? 15_000;
  const startup = createStartup({ deadlineMs, logger: app.logger });
  // The app (store) was opened by the caller; it is the last thing to close.
  startup.add({ name: 'store', stop: () => app.close() });
  try {
    return await startParts(app, options, startup, deadlineMs);
  } catch (err) {
    if (err instanceof StartupError) throw err;
    return startup.rollBack('the service', err);
  }
}

async function startParts(
  app: App,
  options: ServiceOptions,
  startup: Startup,
  deadlineMs: number,
): Promise<Service> {
  const { env, logger, stores, config } = app;
  if (env.TELEGRAM_WEBHOOK_URL && !env.TELEGRAM_WEBHOOK_SECRET) {
    await startup.rollBack(
      'telegram',
      new Error(
        'TELEGRAM_WEBHOOK_URL is set but TELEGRAM_WEBHOOK_SECRET is not: a webhook needs a secret token',
      ),
    );
  }
  if (env.DISCORD_BOT_TOKEN && !env.DISCORD_APPLICATION_ID) {
    await startup.rollBack(
      'discord',
      new Error('DISCORD_BOT_TOKEN is set but DISCORD_APPLICATION_ID is not'),
    );
  }
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
    ? // Each platform's library is loaded only when its token is set.
      (await import('../bots/telegram/index.js')).createTelegramBot({
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
  const discord: DiscordBot | null =
    env.DISCORD_BOT_TOKEN && env.DISCORD_APPLICATION_ID
      ? (await import('../bots/discord/index.js')).createDiscordBot({
          token: env.DISCORD_BOT_TOKEN,
          applicationId: env.DISCORD_APPLICATION_ID,
          apiBase: env.DISCORD_API_BASE,
          adminIds: env.DISCORD_ADMIN_IDS,
          handlers,
          topics: config.topics,
          logger,
          onAuthError: (err) => {
            logger.error({ err }, 'Discord rejected the token (401): the Discord bot stopped');
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
  });
  const runner = createDigestRunner({
    news: app.news,
    subscriptions: stores.subscriptions,
    outbox: stores.outbox,
    renderers: digestRenderers(),
    logger,
    windowHours: config.schedules.digestWindowHours,
  });
  /**
   * Gathering also analyses (summarizes, classifies) the new articles, so a
   * digest slot or a /digest command only groups and composes.
   */
  async function gatherAndAnalyse(): Promise<void> {
    // A second of slack: the gatherer stamps fetchedAt with its own clock read.
    const startedAt = new Date(Date.now() - 1_000);
    const report = await app.gatherer.gather();
    const added = report.feeds.reduce((n, f) => n + f.new, 0);
    if (added === 0) return;
    app.news.clearCache?.();
    // Only what this tick found is analysed; grouping waits for a digest or a
    // command that needs it (and is then done once per set of articles).
    const fresh = await stores.articles.query({
      since: startedAt,
      until: new Date(Date.now() + 60_000),
      by: 'fetched',
      // Fresh ones: what digests show (and what the fetched_at index covers);
      // backlog articles are analysed when a command first shows them.
      freshOnly: true,
    });
    if (app.news.analyse) await app.news.analyse(fresh);
    else await app.news.stories();
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

  if (telegram)
    await startup.start(
      'telegram',
      () => telegram.start(),
      () => telegram.stop(),
    );
  if (discord)
    await startup.start(
      'discord',
      () => discord.start(),
      () => discord.stop(),
    );
  // Gather once before catching up, so a missed slot is sent with today's news
  // rather than with whatever was stored before the restart. A failed first
  // gathering is not fatal: the feeds may be down, the bots still answer.
  await scheduler
    .runGather()
    .catch((err: unknown) => logger.error({ err }, 'first gathering failed'));
  const sched = scheduler;
  const catchUp = await startup.start(
    'scheduler',
    () => sched.start(),
    () => sched.stop(),
  );
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

  let stopping: Promise<StopReport> | null = null;
  const stopAll = (): Promise<StopReport> => {
    stopping ??= (async () => {
      logger.info({ deadlineMs }, 'stopping: finishing in-flight sends');
      // Scheduler first (it waits for running jobs and the delivery worker),
      // then the bots, the store last.
      const report = await stopInOrder(startup.started(), { deadlineMs, logger });
      if (report.ok) logger.info({}, 'stopped');
      else logger.error({ failed: report.failed }, 'stopped with failures');
      return report;
    })();
    return stopping;
  };
  if (options.handleSignals ?? true) {
    const onSignal = (sig: string): void => {
      logger.info({ signal: sig }, 'signal received');
      void stopAll().then(
        (r) => process.exit(r.ok ? 0 : 1),
        () => process.exit(1),
      );
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  return { scheduler, telegram, discord, stop: stopAll };
}

/** The entry used by `npm start` (through `./index.ts`). */
export async function runService(app: App): Promise<void> {
  await startService(app);
}
