/** What the composition root (src/app/open-app.ts) builds, and what the CLI and bots are given. */
import type { LoadedConfig } from '../config/index.js';
import type { NewsService } from '../digest/compose/index.js';
import type { FeedHealthEvent, Gatherer } from '../digest/gather/index.js';
import type { Summarizer } from '../digest/model.js';
import type { Logger, Stores } from '../digest/ports.js';
import type { Env } from './env.js';
import type { Metrics } from './metrics.js';

export interface App {
  env: Env;
  logger: Logger;
  config: LoadedConfig;
  stores: Stores;
  gatherer: Gatherer;
  news: NewsService;
  summarizer: Summarizer;
  /** Counters and gauges for /metrics (served by the service when METRICS_PORT is set). */
  metrics?: Metrics;
  /** This instance's id in leases, claims and metrics. */
  instanceId?: string;
  /**
   * Who hears about feed health (the running service sets its notifier);
   * without one, notices stay pending. Optional so hand-built apps may skip it.
   */
  setFeedHealthListener?(listener: ((event: FeedHealthEvent) => Promise<void>) | null): void;
  close(): Promise<void>;
}

/** Overrides the CLI applies on top of the environment (flags win). */
export interface AppOverrides {
  configDir?: string;
  databaseUrl?: string;
  logLevel?: Env['LOG_LEVEL'];
  /** Used when LOG_LEVEL is not set: the CLI keeps logs to warnings so its own output reads cleanly. */
  defaultLogLevel?: Env['LOG_LEVEL'];
  /** Extra env entries (the demo sets FETCH_ALLOW_PRIVATE for its loopback server). */
  env?: Record<string, string>;
  /**
   * A long-running instance (`npm start`): a SQLite file is then held by this
   * process alone, and a second instance on it is refused with a clear error.
   */
  exclusive?: boolean;
}
