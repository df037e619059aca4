/**
 * The composition root's first half: the one place that reads the
 * environment and wires the core and the store (`openApp`). The service
 * (`./service.ts`) adds the bots and the scheduler; the CLI's commands use
 * the app as it is. Entries (`src/main.ts`, `src/cli/index.ts`) stay thin.
 */
import { createRequire } from 'node:module';
import pino from 'pino';
import type { App, AppOverrides } from './app.js';
import { parseEnv, type Env } from './env.js';
import { newInstanceId } from './instance.js';
import { createMetrics } from './metrics.js';
import { loadConfig, syncConfig } from '../config/index.js';
import { DEFAULT_FEED_OPERATIONS, type LoadedConfig } from '../config/index.js';
import { createClassifier } from '../digest/classify/index.js';
import { createNewsService } from '../digest/compose/index.js';
import { createGatherer, type FeedHealthEvent } from '../digest/gather/index.js';
import type { Summarizer } from '../digest/model.js';
import type { Logger, Stores } from '../digest/ports.js';
import { createExtractiveSummarizer } from '../digest/summarize/index.js';
import { createSafeFetcher } from '../fetch/index.js';
import { createStores } from '../store/index.js';

/** The only read of `process.env` in the program. */
export function readEnv(overrides: AppOverrides = {}): Env {
  return parseEnv({
    ...process.env,
    ...(overrides.env ?? {}),
    ...(overrides.configDir ? { CONFIG_DIR: overrides.configDir } : {}),
    ...(overrides.databaseUrl ? { DATABASE_URL: overrides.databaseUrl } : {}),
    ...(overrides.logLevel ? { LOG_LEVEL: overrides.logLevel } : {}),
    ...(overrides.defaultLogLevel && !process.env['LOG_LEVEL']
      ? { LOG_LEVEL: overrides.defaultLogLevel }
      : {}),
  });
}

function hasPinoPretty(): boolean {
  try {
    createRequire(import.meta.url).resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

/** Logs go to stderr, so stdout stays clean for CLI output (JSONL, digests). */
export function createLogger(env: Env): Logger & pino.Logger {
  // pino-pretty is a dev dependency: a production install without it logs JSON.
  const pretty = process.stderr.isTTY && !process.env['CI'] && hasPinoPretty();
  return pino(
    { level: env.LOG_LEVEL, base: null },
    pretty
      ? pino.transport({
          target: 'pino-pretty',
          options: { destination: 2, translateTime: 'SYS:HH:MM:ss' },
        })
      : pino.destination(2),
  );
}

/** `FETCH_ALLOW_PRIVATE`: "1"/"true" allows every private address; otherwise a host[:port] list. */
export function parseAllowPrivate(value: string): boolean | string[] {
  const v = value.trim();
  if (!v || v === '0' || v === 'false') return false;
  if (v === '1' || v === 'true' || v === '*') return true;
  return v.split(/[\s,]+/).filter(Boolean);
}

/**
 * Picks the summarizer. `auto` uses the LLM when a key or base URL is set;
 * the LLM summarizer always falls back to the extractive one.
 */
async function createSummarizer(
  env: Env,
  stores: Stores,
  logger: Logger,
  units: LoadedConfig['figureUnits'],
): Promise<Summarizer> {
  // In production the sapo is part of the article and the best summary material;
  // only the evaluation contract (CLI summarize without --use-lead) hides it.
  const extractive = createExtractiveSummarizer({ useLead: true, ...(units ? { units } : {}) });
  const wantLlm =
    env.SUMMARIZER === 'llm' ||
    (env.SUMMARIZER === 'auto' && Boolean(env.OPENAI_API_KEY || env.OPENAI_BASE_URL));
  if (!wantLlm) return extractive;
  const { createLlmSummarizerFromEnv } = await import('../llm/index.js');
  return createLlmSummarizerFromEnv(env, { fallback: extractive, stores, logger });
}

export async function openApp(overrides: AppOverrides = {}): Promise<App> {
  const env = readEnv(overrides);
  const logger = createLogger(env);
  const loaded: LoadedConfig = await loadConfig(env.CONFIG_DIR);
  // Environment overrides of config/schedules.yaml.
  const config: LoadedConfig = {
    ...loaded,
    schedules: {
      ...loaded.schedules,
      ...(env.GATHER_INTERVAL_MINUTES !== undefined
        ? { gatherIntervalMinutes: env.GATHER_INTERVAL_MINUTES }
        : {}),
      ...(env.DIGEST_WINDOW_HOURS !== undefined
        ? { digestWindowHours: env.DIGEST_WINDOW_HOURS }
        : {}),
      ...(env.CATCHUP_GRACE_HOURS !== undefined
        ? { catchUpGraceHours: env.CATCHUP_GRACE_HOURS }
        : {}),
    },
  };
  const stores = await createStores(env.DATABASE_URL, {
    logger,
    ...(overrides.exclusive ? { exclusive: true } : {}),
  });
  const instanceId = env.INSTANCE_ID ?? newInstanceId();
  const metrics = createMetrics({
    stores,
    instance: { id: instanceId, role: env.ROLE },
    gauges: () => stores.coordination.gauges(),
  });
  try {
    await syncConfig(config, stores);
    const fetcher = createSafeFetcher({
      allowPrivate: parseAllowPrivate(env.FETCH_ALLOW_PRIVATE),
      timeoutMs: env.FETCH_TIMEOUT_MS,
      maxBytes: env.FETCH_MAX_BYTES,
      perHostConcurrency: env.FETCH_PER_HOST_CONCURRENCY,
      perHostMinDelayMs: env.FETCH_PER_HOST_MIN_DELAY_MS,
      ...(env.FETCH_USER_AGENT ? { userAgent: env.FETCH_USER_AGENT } : {}),
    });
    const ops = config.feedOperations ?? DEFAULT_FEED_OPERATIONS;
    let healthListener: ((event: FeedHealthEvent) => Promise<void>) | null = null;
    const gatherer = createGatherer({
      feeds: stores.feeds,
      articles: stores.articles,
      logger,
      windowHours: config.schedules.digestWindowHours,
      health: {
        baseIntervalMs: config.schedules.gatherIntervalMinutes * 60_000,
        notifyAfterFailures: ops.notifyAfterFailures,
        disableAfterFailures: ops.disableAfterFailures,
        disableAfterMs: ops.disableAfterDays * 24 * 3_600_000,
      },
      onHealthEvent: async (event) => {
        if (!healthListener) return false;
        await healthListener(event);
        return true;
      },
      fetcher,
    });
    const summarizer = metrics.wrapSummarizer(
      await createSummarizer(env, stores, logger, loaded.figureUnits),
    );
    const classifier = createClassifier({ topics: config.topics, gazetteer: config.gazetteer });
    const news = createNewsService({
      stores,
      summarizer,
      classifier,
      topics: config.topics,
      sectionOrder: config.schedules.sectionOrder,
      logger,
      windowHours: config.schedules.digestWindowHours,
      summaryMaxChars: config.schedules.summaryMaxChars,
      maxItemsPerSection: config.schedules.maxItemsPerSection,
      maxItems: config.schedules.maxItems,
      timezone: config.schedules.timezone,
      foldSmallSectionsUpTo: env.DIGEST_FOLD_SECTIONS_UP_TO,
    });
    return {
      env,
      logger,
      config,
      stores,
      gatherer,
      news,
      summarizer,
      metrics,
      instanceId,
      setFeedHealthListener(listener) {
        healthListener = listener;
      },
      async close() {
        await fetcher.close();
        await stores.close();
        logger.flush?.();
      },
    };
  } catch (err) {
    await stores.close();
    throw err;
  }
}
