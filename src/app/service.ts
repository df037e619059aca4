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
import { createScheduler, type Scheduler } from '../scheduler/index.js';
import type { LlmSummarizer } from '../llm/index.js';
import type { DeliveryWorker } from '../delivery/outbox-worker.js';
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
  type Leader,
} from './instance.js';
import { startMetricsServer, type MetricsServer } from './metrics.js';
import { createPublishers } from './publishers.js';
import { digestRenderers } from './renderers.js';

export interface Service {
  /** In the `gather` and `bots` roles its digest jobs and delivery loop are idle. */
  readonly scheduler: Scheduler;
  readonly telegram: TelegramBot | null;
  readonly discord: DiscordBot | null;
  /** The /metrics server's port, when METRICS_PORT is set. */
  readonly metricsPort: number | null;
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
  let refreshTimer: NodeJS.Timeout | null = null;
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

  const telegram =
    parts.bots && env.TELEGRAM_BOT_TOKEN
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
    if (refreshTimer) clearInterval(refreshTimer);
    await scheduler?.stop();
    await Promise.allSettled(leaders.map((l) => l.stop()));
    await Promise.allSettled([telegram?.stop(), discord?.stop()]);
    await metricsServer?.close();
    await app.close();
    logger.info({}, 'stopped');
  };
  const newDiscordBot = (): DiscordBot | null =>
    parts.bots && env.DISCORD_BOT_TOKEN && env.DISCORD_APPLICATION_ID
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
  discord = newDiscordBot();
  // With several instances the gateway runs where the leader lease is: its
  // bot is made anew at each election, so delivery uses REST clients of its own.
  const gatedDiscord = Boolean(coordination && discord);

  const built = await createPublishers(app, {
    consoleOut: options.consoleOut ?? process.stdout,
    ...(telegram ? { telegramApi: telegram.bot.api } : {}),
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
  const publishers = metrics
    ? {
        telegram: metrics.wrapPublisher(telegramPublisher),
        discord: metrics.wrapPublisher(built.publishers.discord),
        console: metrics.wrapPublisher(built.publishers.console),
      }
    : { ...built.publishers, telegram: telegramPublisher };
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
  });
  const idleWorker: Pick<DeliveryWorker, 'drain' | 'start' | 'stop'> = {
    drain: () =>
      Promise.resolve({ sent: 0, retried: 0, failed: 0, disabled: 0, migrated: 0, deferred: 0 }),
    start: () => {},
    stop: () => Promise.resolve(),
  };
  const worker = parts.deliver ? realWorker : idleWorker;
  // Roles without delivery schedule no digest job: they see no subscription.
  const scheduledSubscriptions: SubscriptionStore = parts.deliver
    ? stores.subscriptions
    : { ...stores.subscriptions, list: () => Promise.resolve([]) };
  const runner = createDigestRunner({
    news: app.news,
    subscriptions: stores.subscriptions,
    // Enqueuing stays on the plain store: rows are unique on (target, slot,
    // chunk), so whichever instances tick a slot, it is enqueued once.
    outbox: stores.outbox,
    renderers: digestRenderers(),
    logger,
    windowHours: config.schedules.digestWindowHours,
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
    const report = await gatherRound();
    const added = report.feeds.reduce((n, f) => n + f.new, 0);
    if (added > 0) {
      app.news.clearCache?.();
      await app.news.stories();
    }
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
    metricsServer = await startMetricsServer({
      metrics,
      port: env.METRICS_PORT,
      logger,
      health: async () => {
        await stores.kv.get('healthz');
      },
    });
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
    } else await telegram?.start();
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
    await Promise.all(leaders.map((l) => l.start()));
    if (shared && parts.deliver) {
      // Subscriptions change through whichever instance runs the bots: pick up new schedules.
      refreshTimer = setInterval(
        () =>
          void scheduler
            ?.refresh()
            .catch((err: unknown) => logger.error({ err }, 'scheduler refresh failed')),
        60_000,
      );
      refreshTimer.unref();
    }
  } else {
    await Promise.all([telegram?.start(), discord?.start()]);
  }
  // Gather once before catching up, so a missed slot is sent with today's news
  // rather than with whatever was stored before the restart.
  await scheduler
    .runGather()
    .catch((err: unknown) => logger.error({ err }, 'first gathering failed'));
  const catchUp = await scheduler.start();
  logger.info(
    {
      role: env.ROLE,
      instance: instanceId,
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
  const sched = scheduler;
  return {
    scheduler: sched,
    telegram,
    get discord() {
      return discord;
    },
    metricsPort: metricsServer?.port ?? null,
    stop: stopAll,
  };
}

/** The entry used by `npm start`. */
export async function runService(app: App): Promise<void> {
  await startService(app);
}
