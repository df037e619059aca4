/**
 * The store: every persistence port of `src/digest/ports.ts` on SQLite
 * (better-sqlite3 through kysely). Queries use kysely's portable builder
 * only, so a PostgreSQL dialect can serve the same interfaces later.
 */
import { silentLogger, systemClock } from '../digest/ports.js';
import type { Clock, Logger, Stores } from '../digest/ports.js';
import { createAnalysisStore, createArticleStore, createSummaryCache } from './articles-store.js';
import { openDatabase } from './database.js';
import { createFeedStore } from './feeds-store.js';
import type { SqlFeedStore } from './feeds-store.js';
import { createKeyValueStore } from './kv-store.js';
import { createOutboxStore } from './outbox-store.js';
import { createSubscriptionStore } from './subscriptions-store.js';

export { UnsupportedDatabaseError, StoreConflictError } from './errors.js';
export { parseDatabaseUrl } from './database.js';
export type { DatabaseLocation } from './database.js';
export type { FeedOrigin, SqlFeedStore } from './feeds-store.js';
export { targetKey } from './subscriptions-store.js';

export interface CreateStoresOptions {
  logger?: Logger;
  /** Stamps created/updated times; tests pass a fake one. */
  clock?: Clock;
}

/** `Stores` with the feed store's extra `listWithOrigin`. */
export interface SqlStores extends Stores {
  feeds: SqlFeedStore;
}

/**
 * Opens (creating if needed) the database at `databaseUrl` and migrates it
 * to the latest schema. `sqlite:./data/hanoi-digest.db` creates the parent
 * folder; `sqlite::memory:` is for tests. Call `close()` when done.
 */
export async function createStores(
  databaseUrl: string,
  options: CreateStoresOptions = {},
): Promise<SqlStores> {
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? systemClock;
  const db = await openDatabase(databaseUrl, logger);
  let closed = false;
  return {
    feeds: createFeedStore(db, clock),
    articles: createArticleStore(db),
    analyses: createAnalysisStore(db, clock),
    summaries: createSummaryCache(db, clock),
    subscriptions: createSubscriptionStore(db, clock),
    outbox: createOutboxStore(db, clock),
    kv: createKeyValueStore(db),
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}
