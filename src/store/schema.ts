/**
 * Table types for kysely. Column conventions, chosen so the same queries run
 * on SQLite and PostgreSQL: times are ISO-8601 UTC strings (they sort
 * lexicographically), booleans are integers 0/1, JSON is text.
 */
import type { Generated } from 'kysely';

export interface FeedsTable {
  id: string;
  name: string;
  url: string;
  type: string;
  link_selector: string | null;
  enabled: number;
  /** 'config' | 'admin' */
  origin: string;
  created_at: string;
  updated_at: string;
  /** `FeedFilters` as JSON, from feeds.yaml or an admin (0004). */
  filters_json: string | null;
  /** An admin's changes to a config feed (`FeedOverrides` as JSON), kept across config syncs (0004). */
  overrides_json: string | null;
}

export interface FeedStateTable {
  feed_id: string;
  etag: string | null;
  last_modified: string | null;
  last_attempt_at: string | null;
  last_success_at: string | null;
  consecutive_failures: number;
  last_error: string | null;
  primed: number;
  /** 0004: backoff, auto-disable and notices. */
  failing_since: string | null;
  next_attempt_at: string | null;
  disabled_at: string | null;
  last_error_kind: string | null;
  notice_level: string;
}

export interface ArticlesTable {
  id: string;
  feed_id: string;
  source: string;
  dedup_key: string;
  url: string;
  title: string;
  lead: string;
  body: string;
  published_at: string | null;
  fetched_at: string;
  /** coalesce(published_at, fetched_at), stored so it can be indexed on any database. */
  sort_at: string;
  author: string | null;
  content_hash: string;
  fresh: number;
}

export interface AnalysesTable {
  article_id: string;
  content_hash: string;
  summary_json: string;
  topics_json: string;
  places_json: string;
  hanoi: number;
  updated_at: string;
}

export interface SummaryCacheTable {
  content_hash: string;
  summarizer: string;
  summary_json: string;
  created_at: string;
}

export interface SubscriptionsTable {
  id: string;
  platform: string;
  chat_id: string;
  filters_json: string;
  schedule: string;
  timezone: string;
  state: string;
  disabled_reason: string | null;
  origin: string;
  last_digest_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface OutboxTable {
  id: Generated<number>;
  target_key: string;
  platform: string;
  chat_id: string;
  subscription_id: string | null;
  slot: string;
  chunk_index: number;
  chunk_count: number;
  payload_json: string;
  state: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  platform_message_id: string | null;
  created_at: string;
  updated_at: string;
  /** Migration 0005: the deliverer instance holding the row, and until when. */
  claimed_by: string | null;
  claimed_at: string | null;
  lease_until: string | null;
  /** 0003: when the row stops being fresh (null: slot + the worker's max age). */
  expires_at: string | null;
  /** 0003: the platform's retry-after floor; a wake-up never goes below it. */
  not_before: string | null;
  /** 0003: set before a send, cleared with its outcome. */
  attempt_started_at: string | null;
}

export interface KvTable {
  key: string;
  value: string;
}

/** A feed claimed for gathering; `lease_until` null = the last claim finished. */
export interface FeedClaimsTable {
  feed_id: string;
  holder: string | null;
  lease_until: string | null;
  claimed_at: string;
}

export interface LeasesTable {
  name: string;
  holder: string;
  acquired_at: string;
  expires_at: string;
}

export interface RunOnceTable {
  key: string;
  holder: string;
  claimed_at: string;
  expires_at: string;
}

export interface RateBucketsTable {
  key: string;
  tokens: number;
  refilled_ms: number;
}

export interface Database {
  feeds: FeedsTable;
  feed_state: FeedStateTable;
  articles: ArticlesTable;
  analyses: AnalysesTable;
  summary_cache: SummaryCacheTable;
  subscriptions: SubscriptionsTable;
  outbox: OutboxTable;
  kv: KvTable;
  feed_claims: FeedClaimsTable;
  leases: LeasesTable;
  run_once: RunOnceTable;
  rate_buckets: RateBucketsTable;
}
