import type { FigureUnits } from '../digest/text/index.js';
/** The loaded, validated configuration from CONFIG_DIR. */
import type {
  FeedConfig,
  Gazetteer,
  SubscriptionFilters,
  Target,
  TopicConfig,
} from '../digest/model.js';

/** An admin-defined subscription from config/subscriptions.yaml. */
export interface ConfiguredSubscription {
  id: string;
  target: Target;
  filters: SubscriptionFilters;
  schedule: string;
  timezone: string;
  enabled: boolean;
}

export interface ScheduleConfig {
  /** Gathering job period in minutes (default 15). */
  gatherIntervalMinutes: number;
  /** Default cron for new subscriptions (default "0 7 * * *"). */
  defaultDigestCron: string;
  timezone: string;
  /** Catch-up grace window for missed slots, hours (default 6). */
  catchUpGraceHours: number;
  /** Digest window cap, hours (default 24). */
  digestWindowHours: number;
  /** Topic ids in the order digest sections appear. */
  sectionOrder: string[];
  maxItemsPerSection: number;
  maxItems: number;
  summaryMaxChars: number;
}

/** feeds.yaml `health` and `notices`: failing feeds' retries, disable and admin notices. */
export interface FeedOperationsConfig {
  notifyAfterFailures: number;
  disableAfterFailures: number;
  disableAfterDays: number;
  /** Discord channel for admin notices (a `/adminchannel` command overrides it). */
  discordChannelId: string | null;
  /** DM the Telegram admins (TELEGRAM_ADMIN_IDS). */
  telegramAdmins: boolean;
}

export const DEFAULT_FEED_OPERATIONS: FeedOperationsConfig = {
  notifyAfterFailures: 4,
  disableAfterFailures: 10,
  disableAfterDays: 3,
  discordChannelId: null,
  telegramAdmins: true,
};

export interface LoadedConfig {
  dir: string;
  feeds: FeedConfig[];
  /** Optional so hand-built configs (tests) may leave it out; defaults apply. */
  feedOperations?: FeedOperationsConfig;
  topics: TopicConfig[];
  gazetteer: Gazetteer;
  subscriptions: ConfiguredSubscription[];
  schedules: ScheduleConfig;
  /** The units lexicon for figure highlights (`figure-units.yaml`; the core's default when absent). */
  figureUnits?: FigureUnits;
}
