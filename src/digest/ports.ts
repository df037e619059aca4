/**
 * Ports: the small interfaces the core and the outer layers talk through.
 * The core declares them; `src/store` implements the persistence ones (SQLite
 * by default, PostgreSQL-ready), and `src/bots` implements `Publisher`
 * (declared in `src/delivery`). Keeping them here keeps the arrows inward:
 * nothing in `src/digest` knows which database or platform is behind them.
 */
import type {
  Article,
  FeedConfig,
  FeedFilters,
  FeedState,
  Subscription,
  SubscriptionFilters,
  Summary,
  Target,
} from './model.js';

/** A pino-compatible logger subset, so the core can log without importing pino. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child?(bindings: object): Logger;
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};

/** Injected time, so schedulers and windows are testable with a fake clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A stored feed with where it came from and what admins changed (removed ones included). */
export type FeedListing = FeedConfig & {
  origin: 'config' | 'admin';
  /** Admin changes kept over feeds.yaml: 'enabled', 'name', 'filters', 'removed'. */
  overridden?: string[];
  /** Removed by an admin, kept hidden so the removal survives restarts. */
  removed?: boolean;
};

export interface FeedStore {
  /** All feeds, config-defined and admin-added. */
  list(): Promise<FeedConfig[]>;
  get(id: string): Promise<FeedConfig | null>;
  /** Insert or replace by id. */
  upsert(feed: FeedConfig, origin: 'config' | 'admin'): Promise<void>;
  /**
   * Removes a feed. A feed from feeds.yaml is only hidden (so the removal
   * survives config syncs) until `restore`; `purge` deletes it for good
   * (config sync, when the file no longer lists it).
   */
  remove(id: string, options?: { purge?: boolean }): Promise<boolean>;
  /** Pauses or resumes; resuming also lifts an automatic disable and its backoff. */
  setEnabled(id: string, enabled: boolean): Promise<boolean>;
  /** Renames (an admin's name for a config feed outlives config syncs). */
  rename?(id: string, name: string): Promise<boolean>;
  /** Sets include/exclude filters (null = none; for a config feed: back to the file's). */
  setFilters?(id: string, filters: FeedFilters | null): Promise<boolean>;
  /** Undoes every admin change to a config feed, removal included; false when there was none. */
  restore?(id: string): Promise<boolean>;
  getState(id: string): Promise<FeedState | null>;
  saveState(state: FeedState): Promise<void>;
  /**
   * Feeds with where they came from. Optional so fakes may skip it; config sync
   * needs it to remove config feeds dropped from the file while keeping admin ones.
   */
  listWithOrigin?(): Promise<FeedListing[]>;
}

export interface ArticleQuery {
  /** Window start: on publication time (fetch time when unknown), or on fetch time with `by: 'fetched'`. */
  since?: Date;
  until?: Date;
  /**
   * `fetched`: the window is on arrival time. A digest uses it, so an article
   * published just before a slot but fetched just after it is in the next
   * digest instead of in none.
   */
  by?: 'published' | 'fetched';
  /** Also require publication (or fetch, when unknown) at or after this time: no stale news in a digest. */
  publishedSince?: Date;
  /** Only articles stored as fresh (not backlog). */
  freshOnly?: boolean;
  feedIds?: string[];
  limit?: number;
}

export interface ArticleStore {
  /**
   * Insert articles whose `dedupKey` is new; returns the ones actually inserted.
   * An article whose key exists is never inserted twice (the feed reordering
   * or rewriting dates produces nothing new).
   */
  insertNew(articles: Article[]): Promise<Article[]>;
  /** Which of these dedup keys are already stored. */
  existingKeys(keys: string[]): Promise<Set<string>>;
  get(id: string): Promise<Article | null>;
  /** Newest first (by publishedAt, else fetchedAt). */
  query(q: ArticleQuery): Promise<Article[]>;
  count(): Promise<number>;
}

/** Derived data kept per article: summary, topics, Hà Nội relevance. */
export interface ArticleAnalysis {
  articleId: string;
  contentHash: string;
  summary: Summary;
  topics: string[];
  places: string[];
  hanoi: boolean;
}

export interface AnalysisStore {
  get(articleIds: string[]): Promise<Map<string, ArticleAnalysis>>;
  save(analyses: ArticleAnalysis[]): Promise<void>;
}

/** Summaries cached by content hash, so the same article is never paid for twice. */
export interface SummaryCache {
  get(contentHash: string, summarizer: string): Promise<Summary | null>;
  set(contentHash: string, summarizer: string, summary: Summary): Promise<void>;
}

export interface SubscriptionStore {
  list(filter?: {
    state?: Subscription['state'];
    platform?: Target['platform'];
  }): Promise<Subscription[]>;
  get(id: string): Promise<Subscription | null>;
  findByTarget(target: Target): Promise<Subscription | null>;
  /** Insert or update by id. */
  upsert(sub: Subscription): Promise<void>;
  remove(id: string): Promise<boolean>;
  setState(id: string, state: Subscription['state'], reason: string | null): Promise<void>;
  setFilters(id: string, filters: SubscriptionFilters): Promise<void>;
  setLastDigestAt(id: string, slot: Date): Promise<void>;
  /** A chat moved (Telegram `migrate_to_chat_id`): rewrite the target's chat id everywhere. */
  migrateChat(platform: Target['platform'], fromChatId: string, toChatId: string): Promise<void>;
}

/**
 * One rendered message as stored in the outbox: JSON-able data tagged by who
 * made it. Its shape belongs to the platform adapter that renders and sends it
 * (`bots/telegram`, `bots/discord`); the core only stores, orders and hands it
 * back. The one shape the core knows is `TextChunk`, plain text any publisher
 * can send.
 */
export type RenderedChunk = { readonly kind: string } & Record<string, unknown>;

/** Platform-neutral plain text (the console's digest, a notice without a platform renderer). */
export type TextChunk = { kind: 'text'; text: string };

export function textChunk(text: string): TextChunk {
  return { kind: 'text', text };
}

export function isTextChunk(chunk: RenderedChunk): chunk is RenderedChunk & TextChunk {
  return chunk.kind === 'text' && typeof chunk['text'] === 'string';
}

/**
 * `expired`: transient failures lasted until the digest was no longer fresh
 * (docs/delivery.md); `failed`: refused for good.
 */
export type OutboxState = 'pending' | 'sent' | 'failed' | 'expired';

export interface OutboxRow {
  id: number;
  /** `${platform}:${chatId}` */
  targetKey: string;
  target: Target;
  subscriptionId: string | null;
  /** ISO time of the slot this digest belongs to. */
  slot: string;
  chunkIndex: number;
  chunkCount: number;
  payload: RenderedChunk;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  platformMessageId: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** When the row stops being fresh; null = slot + the worker's max age. */
  expiresAt?: Date | null;
  /** Set while a send is in flight (recorded before the request). */
  attemptStartedAt?: Date | null;
}

/** A row the worker expired (for the once-per-outage admin notice). */
export interface ExpiredOutboxRow {
  id: number;
  targetKey: string;
  platform: OutboxRow['target']['platform'];
  slot: string;
  reason: string;
}

export interface OutboxStore {
  /**
   * Enqueue the chunks of one (target, slot). Rows are unique on
   * (targetKey, slot, chunkIndex): enqueuing the same slot again adds nothing.
   * Returns how many rows were inserted.
   */
  enqueue(
    rows: Omit<
      OutboxRow,
      | 'id'
      | 'state'
      | 'attempts'
      | 'lastError'
      | 'platformMessageId'
      | 'createdAt'
      | 'updatedAt'
      | 'attemptStartedAt'
    >[],
  ): Promise<number>;
  /** Pending rows due at `now`, oldest first; chunks of one target in order. */
  due(now: Date, limit: number): Promise<OutboxRow[]>;
  /** Whether any row exists for this (target, slot). */
  hasSlot(targetKey: string, slot: string): Promise<boolean>;
  markSent(id: number, platformMessageId: string | null): Promise<void>;
  /**
   * A transient failure: back to pending with a later `nextAttemptAt`.
   * `notBefore` is the platform's own floor (429 retry_after): a wake-up
   * after an outage never brings the row before it.
   */
  markRetry(id: number, error: string, nextAttemptAt: Date, notBefore?: Date | null): Promise<void>;
  /** A permanent failure: no more tries. */
  markFailed(id: number, error: string): Promise<void>;
  /** Fail every pending row of a target (its subscription was disabled). */
  failPendingForTarget(targetKey: string, error: string): Promise<number>;
  list(filter?: { state?: OutboxState; targetKey?: string }): Promise<OutboxRow[]>;
  /** Record that a send of this row starts now (before the request goes out). */
  markAttempt(id: number, at: Date): Promise<void>;
  /** Pending rows whose send was recorded as started and never finished (a crash). */
  inFlight(): Promise<OutboxRow[]>;
  /** Forget a recorded attempt (the row is decided on again). */
  clearAttempt(id: number, note: string | null): Promise<void>;
  /**
   * Pending rows of `platform` become due at `now` (or their platform floor),
   * the earliest chunks first; at most `limit`. Returns how many moved.
   */
  wake(platform: OutboxRow['target']['platform'], now: Date, limit?: number): Promise<number>;
  /**
   * Mark `expired` every pending row whose freshness ended at `now`
   * (`expires_at`, or slot + `maxAgeMs` when unset); the reason keeps the last error.
   */
  expireStale(now: Date, maxAgeMs: number): Promise<ExpiredOutboxRow[]>;
}

/** Key-value counters that must survive restarts (token budget, digest cache). */
export interface KeyValueStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  /** Atomically add to a numeric value (missing = 0); returns the new value. */
  increment(key: string, by: number): Promise<number>;
}

/** Everything persisted, as one object the composition root builds. */
export interface Stores {
  feeds: FeedStore;
  articles: ArticleStore;
  analyses: AnalysisStore;
  summaries: SummaryCache;
  subscriptions: SubscriptionStore;
  outbox: OutboxStore;
  kv: KeyValueStore;
  close(): Promise<void>;
}
