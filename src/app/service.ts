/**
 * `npm start`: the long-running service. The scheduler (gathering every N
 * minutes, digests per subscription slot, catch-up after a restart), the
 * delivery worker, and every bot whose token is set. With no token it
 * delivers through the console publisher and says so.
 */
import type { DiscordBot } from '../bots/discord/index.js';
import { createCommandHandlers } from '../bots/commands/index.js';
import type { TelegramBot } from '../bots/telegram/index.js';
import { createDeliveryWorker, createDigestRunner, emptyDrainReport } from '../delivery/index.js';
import { createScheduler, nextSlot, type Scheduler } from '../scheduler/index.js';
import type { LlmSummarizer } from '../llm/index.js';
import type { DeliveryWorker } from '../delivery/index.js';
import type { SubscriptionStore } from '../digest/ports.js';
import type { CoordinationStore, SqlStores } from '../store/index.js';
import type { App } from './app.js';
import {
  claimingGather,
  claimingOutbox,
  createLeader,
  createSharedRateLimiter,
  newInstanceId,
  rateBucketKey,
  roleParts,
  withSharedChatLimit,
  withSharedDiscordLimit,
  type Leader,
} from './instance.js';
import { startMetricsServer, type MetricsServer } from './metrics.js';
import {
  createStartup,
  StartupError,
  stopInOrder,
  type Startup,
  type StopReport,
} from './lifecycle.js';
import { DEFAULT_FEED_OPERATIONS } from '../config/index.js';
import { createPublishers } from './publishers.js';
import { digestRenderers } from './renderers.js';
import { startAppWeb, type RunningWeb } from './web.js';

export interface Service {
  /** In the `gather` and `bots` roles its digest jobs and delivery loop are idle. */
  readonly scheduler: Scheduler;
  readonly telegram: TelegramBot | null;
  readonly discord: DiscordBot | null;
  /** The /metrics server's port, when METRICS_PORT is set. */
  readonly metricsPort: number | null;
  /** The web site, when WEB_PORT is set. */
  readonly web: RunningWeb | null;
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
  // Several instances share one database by role; the store's coordination
  // tables hand out the work (see instance.ts). SQLite: one instance, same code.
  const parts = roleParts(env.ROLE);
  const coordination: CoordinationStore | null =
    (stores as Partial<SqlStores>).coordination ?? null;
  const shared = coordination?.dialect === 'postgres';
  const instanceId = app.instanceId ?? newInstanceId();
  const leaseMs = env.LEASE_SECONDS * 1000;
  const metrics = app.metrics ?? null;
  const leaders: Leader[] = [];
  let metricsServer: MetricsServer | null = null;
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
    kv: stores.kv,
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

  // Each platform's library is loaded only when its token is set (and this instance runs bots).
  const telegramModule =
    parts.bots && env.TELEGRAM_BOT_TOKEN ? await import('../bots/telegram/index.js') : null;
  const discordModule =
    parts.bots && env.DISCORD_BOT_TOKEN && env.DISCORD_APPLICATION_ID
      ? await import('../bots/discord/index.js')
      : null;
  // One per-chat budget for the bot's replies and the digest sends to the same chats.
  const telegramLimiter = telegramModule ? telegramModule.createRateLimiter() : null;
  const telegram =
    telegramModule && telegramLimiter && env.TELEGRAM_BOT_TOKEN
      ? telegramModule.createTelegramBot({
          token: env.TELEGRAM_BOT_TOKEN,
          limiter: telegramLimiter,
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
  let discord: DiscordBot | null = null;
  let web: RunningWeb | null = null;
  const newDiscordBot = (): DiscordBot | null =>
    discordModule && env.DISCORD_BOT_TOKEN && env.DISCORD_APPLICATION_ID
      ? discordModule.createDiscordBot({
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
  discord = newDiscordBot();
  // With several instances the gateway runs where the leader lease is: its
  // bot is made anew at each election, so delivery uses REST clients of its own.
  const gatedDiscord = Boolean(coordination && discord);

  const built = await createPublishers(app, {
    consoleOut: options.consoleOut ?? process.stdout,
    ...(telegram ? { telegramApi: telegram.bot.api } : {}),
    ...(telegramLimiter ? { telegramLimiter } : {}),
    ...(discord && !gatedDiscord
      ? { discordRest: discord.rest, onDiscordAuthError: () => void discord?.failAuth() }
      : {}),
  });
  const { missing } = built;
  // On PostgreSQL a group's 20 messages a minute are counted across deliverers.
  const telegramPublisher =
    shared && coordination && env.TELEGRAM_BOT_TOKEN
      ? withSharedChatLimit(built.publishers.telegram, {
          coordination,
          keyPrefix: rateBucketKey('telegram', env.TELEGRAM_BOT_TOKEN),
        })
      : built.publishers.telegram;
  // Discord's global 50/s and a channel's 5 per 5 s are per token too: counted
  // across deliverers, with @discordjs/rest's own buckets left underneath.
  const discordPublisher =
    shared && coordination && env.DISCORD_BOT_TOKEN
      ? withSharedDiscordLimit(built.publishers.discord, {
          coordination,
          keyPrefix: rateBucketKey('discord', env.DISCORD_BOT_TOKEN),
          perSecond: env.DISCORD_SEND_RATE_PER_SECOND,
        })
      : built.publishers.discord;
  const publishers = metrics
    ? {
        telegram: metrics.wrapPublisher(telegramPublisher),
        discord: metrics.wrapPublisher(discordPublisher),
        console: metrics.wrapPublisher(built.publishers.console),
      }
    : { ...built.publishers, telegram: telegramPublisher, discord: discordPublisher };
  const ops = config.feedOperations ?? DEFAULT_FEED_OPERATIONS;
  // The notifier renders for the platforms, so it is loaded only when a bot is set up.
  const { createFeedNotifier } =
    telegram || discord ? await import('./feed-notifier.js') : { createFeedNotifier: null };
  app.setFeedHealthListener?.(
    createFeedNotifier?.({
      publishers: {
        ...(missing.includes('telegram') || !ops.telegramAdmins
          ? {}
          : { telegram: publishers.telegram }),
        ...(missing.includes('discord') ? {} : { discord: publishers.discord }),
      },
      telegramAdminIds: env.TELEGRAM_ADMIN_IDS,
      discordChannelId: ops.discordChannelId,
      kv: stores.kv,
      timezone: config.schedules.timezone,
      logger,
    }) ?? null,
  );
  startup.add({ name: 'feed notices', stop: () => app.setFeedHealthListener?.(null) });
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

  const outbox = coordination
    ? claimingOutbox(stores.outbox, {
        coordination,
        holder: instanceId,
        leaseMs,
        onTakeover: (n) => metrics?.leaseTakeovers.inc({ kind: 'outbox' }, n),
        onRetry: () => metrics?.retries.inc(),
      })
    : stores.outbox;
  const realWorker = createDeliveryWorker({
    outbox,
    subscriptions: stores.subscriptions,
    publishers,
    logger,
    // One global cap under Telegram's 30 messages/s; the platform publishers add per-chat limits.
    // On PostgreSQL the cap is one bucket per bot token in the database, shared by every instance.
    ...(shared && coordination
      ? {
          limiter: createSharedRateLimiter({
            coordination,
            key: rateBucketKey('telegram', env.TELEGRAM_BOT_TOKEN),
            perSecond: env.SEND_RATE_PER_SECOND,
          }),
        }
      : { rateLimit: { perSecond: env.SEND_RATE_PER_SECOND } }),
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
  const idleWorker: Pick<DeliveryWorker, 'drain' | 'start' | 'stop'> = {
    drain: () => Promise.resolve(emptyDrainReport()),
    start: () => {},
    stop: () => Promise.resolve(),
  };
  const worker = parts.deliver ? realWorker : idleWorker;
  // Roles without delivery schedule no digest job: they see no subscription.
  const scheduledSubscriptions: SubscriptionStore = parts.deliver
    ? stores.subscriptions
    : { ...stores.subscriptions, list: () => Promise.resolve([]) };
  const runner = createDigestRunner({
    // Scheduled posts go to channels as well as chats: no "/settings" hint there.
    news: { ...app.news, digest: (o) => app.news.digest({ ...o, footerHint: '' }) },
    subscriptions: stores.subscriptions,
    // Enqueuing stays on the plain store: rows are unique on (target, slot,
    // chunk), so whichever instances tick a slot, it is enqueued once.
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
  const gatherRound = coordination
    ? claimingGather({
        gatherer: app.gatherer,
        coordination,
        holder: instanceId,
        intervalMinutes: config.schedules.gatherIntervalMinutes,
        leaseMs: Math.max(leaseMs, 5 * 60_000),
        logger,
        onReport: (r) => {
          for (const f of r.feeds)
            metrics?.feedsGathered.inc({
              result: f.error ? 'failed' : f.notModified ? 'not_modified' : 'ok',
            });
        },
        onTakeover: (n) => metrics?.leaseTakeovers.inc({ kind: 'feed' }, n),
      })
    : () => app.gatherer.gather();
  async function gatherAndAnalyse(): Promise<void> {
    if (!parts.gather) return;
    // A second of slack: the gatherer stamps fetchedAt with its own clock read.
    const startedAt = new Date(Date.now() - 1_000);
    const report = await gatherRound();
    const added = report.feeds.reduce((n, f) => n + f.new, 0);
    if (added === 0) return;
    app.news.clearCache?.();
    web?.web.clearCache();
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
    subscriptions: scheduledSubscriptions,
    kv: stores.kv,
    runner,
    worker,
    logger,
    graceHours: config.schedules.catchUpGraceHours,
    timezone: config.schedules.timezone,
  });

  if (env.METRICS_PORT !== undefined && metrics) {
    const port = env.METRICS_PORT;
    metricsServer = await startup.start(
      'metrics',
      () =>
        startMetricsServer({
          metrics,
          port,
          logger,
          health: async () => {
            await stores.kv.get('healthz');
          },
        }),
      (m) => m.close(),
    );
  }
  if (coordination) {
    // Long polling and the gateway must run once per bot: a leader lease each.
    // A webhook serves from every instance that has the bots role.
    if (telegram && !env.TELEGRAM_WEBHOOK_URL) {
      const tg = telegram;
      leaders.push(
        createLeader({
          coordination,
          name: 'telegram:polling',
          holder: instanceId,
          advisoryLock: (stores as Partial<SqlStores>).advisoryLock ?? null,
          logger,
          onElected: () => tg.start(),
          onDemoted: () => tg.stop(),
        }),
      );
    } else if (telegram) {
      const tg = telegram;
      await startup.start(
        'telegram',
        () => tg.start(),
        () => tg.stop(),
      );
    }
    if (discord) {
      let first = true;
      leaders.push(
        createLeader({
          coordination,
          name: 'discord:gateway',
          holder: instanceId,
          advisoryLock: (stores as Partial<SqlStores>).advisoryLock ?? null,
          logger,
          onElected: async () => {
            if (!first || !discord || discord.stopped) discord = newDiscordBot();
            first = false;
            await discord?.start();
          },
          onDemoted: async () => {
            await discord?.stop();
          },
        }),
      );
    }
    for (const [i, leader] of leaders.entries())
      await startup.start(
        `leader ${i + 1}`,
        () => leader.start(),
        () => leader.stop(),
      );
    if (shared && parts.deliver) {
      // Subscriptions change through whichever instance runs the bots: pick up new schedules.
      const refreshTimer = setInterval(
        () =>
          void scheduler
            ?.refresh()
            .catch((err: unknown) => logger.error({ err }, 'scheduler refresh failed')),
        60_000,
      );
      refreshTimer.unref();
      startup.add({ name: 'subscription refresh', stop: () => clearInterval(refreshTimer) });
    }
  } else {
    const tg = telegram;
    const dc = discord;
    if (tg)
      await startup.start(
        'telegram',
        () => tg.start(),
        () => tg.stop(),
      );
    if (dc)
      await startup.start(
        'discord',
        () => dc.start(),
        () => dc.stop(),
      );
  }
  web = await startup.start(
    'web',
    () => startAppWeb(app),
    (w) => w?.web.close(),
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
      role: env.ROLE,
      instance: instanceId,
      jobs: scheduler.jobNames(),
      caughtUp: catchUp.caughtUp.length,
      skipped: catchUp.skipped.length,
      telegram: Boolean(telegram),
      discord: Boolean(discord),
      web: web?.url ?? null,
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
  return {
    scheduler: sched,
    telegram,
    get discord() {
      return discord;
    },
    metricsPort: metricsServer?.port ?? null,
    web,
    stop: stopAll,
  };
}

/** The entry used by `npm start` (through `./index.ts`). */
export async function runService(app: App): Promise<void> {
  await startService(app);
}
