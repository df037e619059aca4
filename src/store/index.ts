/**
 * The store: every persistence port of `src/digest/ports.ts` on SQLite
 * (better-sqlite3) or PostgreSQL (pg pool), both through kysely. Queries use
 * kysely's portable builder; the few dialect differences (claims with
 * `FOR UPDATE SKIP LOCKED`, auto-increment ids) are chosen by dialect.
 */
import { silentLogger, systemClock } from '../digest/ports.js';
import type { Clock, Logger, Stores } from '../digest/ports.js';
import { createAdvisoryLocker } from './advisory-lock.js';
import type { AdvisoryLocker } from './advisory-lock.js';
import { createAnalysisStore, createArticleStore, createSummaryCache } from './articles-store.js';
import { createCoordinationStore } from './coordination-store.js';
import type { CoordinationStore } from './coordination-store.js';
import { openDatabase } from './database.js';
import type { DatabaseLocation } from './database.js';
import { createFeedStore } from './feeds-store.js';
import type { SqlFeedStore } from './feeds-store.js';
import { createKeyValueStore } from './kv-store.js';
import type { DialectKind } from './migrations.js';
import { createOutboxStore } from './outbox-store.js';
import { createSubscriptionStore } from './subscriptions-store.js';

export { UnsupportedDatabaseError, StoreConflictError, SqliteInUseError } from './errors.js';
export { parseDatabaseUrl, openDatabase } from './database.js';
export { copyDatabase, CopyVerificationError } from './copy.js';
export type { DatabaseLocation, OpenedDatabase } from './database.js';
export type { FeedOrigin, SqlFeedStore } from './feeds-store.js';
export type {
  ClaimedFeeds,
  ClaimedOutbox,
  CoordinationStore,
  TokenBucket,
} from './coordination-store.js';
export type { DialectKind } from './migrations.js';
export type { AdvisoryLocker, SessionLock } from './advisory-lock.js';
export { targetKey } from './subscriptions-store.js';

export interface CreateStoresOptions {
  logger?: Logger;
  /** Stamps created/updated times; tests pass a fake one. */
  clock?: Clock;
  /**
   * A long-running instance: on a SQLite file, refuse to start when another
   * instance holds it (SqliteInUseError). No effect on PostgreSQL.
   */
  exclusive?: boolean;
  /** PostgreSQL pool size (default 10). */
  poolMax?: number;
}

/** `Stores` with the feed store's extra `listWithOrigin`, and work sharing between instances. */
export interface SqlStores extends Stores {
  feeds: SqlFeedStore;
  coordination: CoordinationStore;
  dialect: DialectKind;
  location: DatabaseLocation;
  /** PostgreSQL only: session advisory locks for leader election. */
  advisoryLock: AdvisoryLocker | null;
}

/**
 * Opens (creating if needed) the database at `databaseUrl` and migrates it
 * to the latest schema. `sqlite:./data/hanoi-digest.db` creates the parent
 * folder; `sqlite::memory:` is for tests; `postgres://…[?schema=name]` uses a
 * pool. Call `close()` when done.
 */
export async function createStores(
  databaseUrl: string,
  options: CreateStoresOptions = {},
): Promise<SqlStores> {
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? systemClock;
  const opened = await openDatabase(databaseUrl, logger, {
    ...(options.exclusive !== undefined ? { exclusive: options.exclusive } : {}),
    ...(options.poolMax !== undefined ? { poolMax: options.poolMax } : {}),
  });
  const { db, dialect } = opened;
  return {
    dialect,
    location: opened.location,
    advisoryLock:
      opened.location.kind === 'postgres'
        ? createAdvisoryLocker(opened.location.connectionString, opened.location.schema)
        : null,
    feeds: createFeedStore(db, clock),
    articles: createArticleStore(db),
    analyses: createAnalysisStore(db, clock),
    summaries: createSummaryCache(db, clock),
    subscriptions: createSubscriptionStore(db, clock),
    outbox: createOutboxStore(db, clock),
    kv: createKeyValueStore(db, dialect),
    coordination: createCoordinationStore(db, dialect),
    close: () => opened.close(),
  };
}
