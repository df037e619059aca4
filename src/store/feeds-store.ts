/** Feeds and their fetch state (validators for conditional GET, health, backlog priming). */
import type { Kysely, Selectable } from 'kysely';
import type { FeedConfig, FeedState } from '../digest/model.js';
import type { Clock, FeedStore } from '../digest/ports.js';
import { fromInt, fromIsoOrNull, nfc, toInt, toIso, toIsoOrNull } from './mapping.js';
import type { Database, FeedsTable } from './schema.js';

/** Where a stored feed came from; `admin` feeds survive config syncs. */
export type FeedOrigin = 'config' | 'admin';

/** The store's feeds, with the origin the port leaves out (config sync needs it). */
export interface SqlFeedStore extends FeedStore {
  listWithOrigin(): Promise<(FeedConfig & { origin: FeedOrigin })[]>;
}

function toFeed(row: Selectable<FeedsTable>): FeedConfig {
  const feed: FeedConfig = {
    id: row.id,
    name: row.name,
    url: row.url,
    type: row.type === 'page' ? 'page' : 'rss',
    enabled: fromInt(row.enabled),
  };
  if (row.link_selector !== null) feed.linkSelector = row.link_selector;
  return feed;
}

export function createFeedStore(db: Kysely<Database>, clock: Clock): SqlFeedStore {
  return {
    async list() {
      const rows = await db.selectFrom('feeds').selectAll().orderBy('id').execute();
      return rows.map(toFeed);
    },

    async listWithOrigin() {
      const rows = await db.selectFrom('feeds').selectAll().orderBy('id').execute();
      return rows.map((r) => ({
        ...toFeed(r),
        origin: r.origin === 'admin' ? ('admin' as const) : ('config' as const),
      }));
    },

    async get(id) {
      const row = await db.selectFrom('feeds').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toFeed(row) : null;
    },

    async upsert(feed, origin) {
      const now = toIso(clock.now());
      const values = {
        name: nfc(feed.name),
        url: feed.url,
        type: feed.type,
        link_selector: feed.linkSelector ?? null,
        enabled: toInt(feed.enabled),
        origin,
        updated_at: now,
      };
      await db
        .insertInto('feeds')
        .values({ id: feed.id, ...values, created_at: now })
        .onConflict((oc) => oc.column('id').doUpdateSet(values))
        .execute();
    },

    async remove(id) {
      return db.transaction().execute(async (trx) => {
        await trx.deleteFrom('feed_state').where('feed_id', '=', id).execute();
        const res = await trx.deleteFrom('feeds').where('id', '=', id).executeTakeFirst();
        return Number(res.numDeletedRows) > 0;
      });
    },

    async setEnabled(id, enabled) {
      const res = await db
        .updateTable('feeds')
        .set({ enabled: toInt(enabled), updated_at: toIso(clock.now()) })
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) > 0;
    },

    async getState(id) {
      const row = await db
        .selectFrom('feed_state')
        .selectAll()
        .where('feed_id', '=', id)
        .executeTakeFirst();
      if (!row) return null;
      return {
        feedId: row.feed_id,
        etag: row.etag,
        lastModified: row.last_modified,
        lastAttemptAt: fromIsoOrNull(row.last_attempt_at),
        lastSuccessAt: fromIsoOrNull(row.last_success_at),
        consecutiveFailures: Number(row.consecutive_failures),
        lastError: row.last_error,
        primed: fromInt(row.primed),
      } satisfies FeedState;
    },

    async saveState(state) {
      const values = {
        etag: state.etag,
        last_modified: state.lastModified,
        last_attempt_at: toIsoOrNull(state.lastAttemptAt),
        last_success_at: toIsoOrNull(state.lastSuccessAt),
        consecutive_failures: state.consecutiveFailures,
        last_error: state.lastError === null ? null : nfc(state.lastError),
        primed: toInt(state.primed),
      };
      await db
        .insertInto('feed_state')
        .values({ feed_id: state.feedId, ...values })
        .onConflict((oc) => oc.column('feed_id').doUpdateSet(values))
        .execute();
    },
  };
}
