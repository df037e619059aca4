/**
 * Feeds and their fetch state (validators for conditional GET, health, backlog priming).
 *
 * How admin changes and feeds.yaml combine: a config feed's row holds what the
 * file says (written at every start by config sync) and, apart, what admins
 * changed (`overrides_json`: paused/resumed, renamed, filters, removed). The
 * feed in effect is the file's values with the admin's on top, so an admin's
 * pause or removal lasts across restarts until it is undone (resume, restore).
 * Admin-added feeds have no file behind them: changes are written directly.
 */
import type { Kysely, Selectable } from 'kysely';
import type { FeedConfig, FeedFilters, FeedState } from '../digest/model.js';
import type { Clock, FeedListing, FeedStore } from '../digest/ports.js';
import { fromInt, fromIsoOrNull, nfc, toInt, toIso, toIsoOrNull } from './mapping.js';
import type { Database, FeedsTable } from './schema.js';

/** Where a stored feed came from; `admin` feeds survive config syncs. */
export type FeedOrigin = 'config' | 'admin';

/** An admin's changes to a config feed. */
export interface FeedOverrides {
  enabled?: boolean | undefined;
  name?: string | undefined;
  filters?: FeedFilters | null | undefined;
  removed?: boolean | undefined;
}

/** The store's feeds, with the extras the port leaves optional. */
export interface SqlFeedStore extends FeedStore {
  listWithOrigin(): Promise<FeedListing[]>;
  rename(id: string, name: string): Promise<boolean>;
  setFilters(id: string, filters: FeedFilters | null): Promise<boolean>;
  restore(id: string): Promise<boolean>;
}

function parseJson<T>(text: string | null): T | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

function overridesOf(row: Selectable<FeedsTable>): FeedOverrides {
  return parseJson<FeedOverrides>(row.overrides_json ?? null) ?? {};
}

function toListing(row: Selectable<FeedsTable>): FeedListing {
  const o = overridesOf(row);
  const feed: FeedListing = {
    id: row.id,
    name: o.name ?? row.name,
    url: row.url,
    type: row.type === 'page' ? 'page' : 'rss',
    enabled: o.enabled ?? fromInt(row.enabled),
    origin: row.origin === 'admin' ? 'admin' : 'config',
  };
  if (row.link_selector !== null) feed.linkSelector = row.link_selector;
  const filters =
    o.filters !== undefined ? o.filters : parseJson<FeedFilters>(row.filters_json ?? null);
  if (filters && (filters.include.length > 0 || filters.exclude.length > 0))
    feed.filters = { include: [...filters.include], exclude: [...filters.exclude] };
  const overridden = Object.keys(o).filter((k) => o[k as keyof FeedOverrides] !== undefined);
  if (overridden.length) feed.overridden = overridden;
  if (o.removed) feed.removed = true;
  return feed;
}

function toFeed(row: Selectable<FeedsTable>): FeedConfig {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { origin, overridden, removed, ...feed } = toListing(row);
  return feed;
}

function filtersJson(filters: FeedFilters | null | undefined): string | null {
  if (!filters || (filters.include.length === 0 && filters.exclude.length === 0)) return null;
  return JSON.stringify({
    include: filters.include.map(nfc),
    exclude: filters.exclude.map(nfc),
  });
}

export function createFeedStore(db: Kysely<Database>, clock: Clock): SqlFeedStore {
  async function row(id: string): Promise<Selectable<FeedsTable> | undefined> {
    return db.selectFrom('feeds').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async function writeOverrides(id: string, o: FeedOverrides): Promise<void> {
    const clean = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
    await db
      .updateTable('feeds')
      .set({
        overrides_json: Object.keys(clean).length ? JSON.stringify(clean) : null,
        updated_at: toIso(clock.now()),
      })
      .where('id', '=', id)
      .execute();
  }

  /** Applies an admin change: on top of the file for a config feed, directly for an admin one. */
  async function change(
    id: string,
    apply: (o: FeedOverrides, r: Selectable<FeedsTable>) => FeedOverrides,
    direct: Partial<Pick<FeedsTable, 'name' | 'enabled' | 'filters_json'>>,
  ): Promise<boolean> {
    const r = await row(id);
    if (!r || overridesOf(r).removed) return false;
    if (r.origin === 'admin') {
      await db
        .updateTable('feeds')
        .set({ ...direct, updated_at: toIso(clock.now()) })
        .where('id', '=', id)
        .execute();
    } else {
      await writeOverrides(id, apply({ ...overridesOf(r) }, r));
    }
    return true;
  }

  /** Resuming gives the feed a fresh start: no backoff, no automatic disable. */
  async function clearHealth(id: string): Promise<void> {
    await db
      .updateTable('feed_state')
      .set({
        disabled_at: null,
        next_attempt_at: null,
        failing_since: null,
        consecutive_failures: 0,
        notice_level: 'none',
      })
      .where('feed_id', '=', id)
      .execute();
    // A resumed or restored feed is due at once, not at the end of its last claim's interval.
    await db.deleteFrom('feed_claims').where('feed_id', '=', id).execute();
  }

  return {
    async list() {
      const rows = await db.selectFrom('feeds').selectAll().orderBy('id').execute();
      return rows.filter((r) => !overridesOf(r).removed).map(toFeed);
    },

    async listWithOrigin() {
      const rows = await db.selectFrom('feeds').selectAll().orderBy('id').execute();
      return rows.map(toListing);
    },

    async get(id) {
      const r = await row(id);
      return r && !overridesOf(r).removed ? toFeed(r) : null;
    },

    async upsert(feed, origin) {
      const now = toIso(clock.now());
      const values = {
        name: nfc(feed.name),
        url: feed.url,
        type: feed.type,
        link_selector: feed.linkSelector ?? null,
        enabled: toInt(feed.enabled),
        filters_json: filtersJson(feed.filters),
        origin,
        updated_at: now,
      };
      // An admin (re)adding a feed takes it over: earlier overrides no longer apply.
      const update = origin === 'admin' ? { ...values, overrides_json: null } : values;
      await db
        .insertInto('feeds')
        .values({ id: feed.id, ...values, overrides_json: null, created_at: now })
        .onConflict((oc) => oc.column('id').doUpdateSet(update))
        .execute();
    },

    async remove(id, options = {}) {
      const r = await row(id);
      if (!r) return false;
      if (r.origin === 'config' && !options.purge) {
        const o = overridesOf(r);
        if (o.removed) return false;
        await writeOverrides(id, { ...o, removed: true });
        await db.deleteFrom('feed_state').where('feed_id', '=', id).execute();
        return true;
      }
      return db.transaction().execute(async (trx) => {
        await trx.deleteFrom('feed_state').where('feed_id', '=', id).execute();
        const res = await trx.deleteFrom('feeds').where('id', '=', id).executeTakeFirst();
        return Number(res.numDeletedRows) > 0;
      });
    },

    async setEnabled(id, enabled) {
      const done = await change(
        id,
        (o, r) => {
          // Back to what the file says: no override left to outlive a restart.
          o.enabled = enabled === fromInt(r.enabled) ? undefined : enabled;
          return o;
        },
        { enabled: toInt(enabled) },
      );
      if (done && enabled) await clearHealth(id);
      return done;
    },

    async rename(id, name) {
      const n = nfc(name.trim());
      return change(
        id,
        (o, r) => {
          o.name = n === r.name ? undefined : n;
          return o;
        },
        { name: n },
      );
    },

    async setFilters(id, filters) {
      const json = filtersJson(filters);
      return change(
        id,
        (o) => {
          o.filters = json === null ? undefined : (JSON.parse(json) as FeedFilters);
          return o;
        },
        { filters_json: json },
      );
    },

    async restore(id) {
      const r = await row(id);
      if (!r || r.origin !== 'config' || r.overrides_json === null) return false;
      await writeOverrides(id, {});
      await clearHealth(id);
      return true;
    },

    async getState(id) {
      const r = await db
        .selectFrom('feed_state')
        .selectAll()
        .where('feed_id', '=', id)
        .executeTakeFirst();
      if (!r) return null;
      const level = r.notice_level;
      return {
        feedId: r.feed_id,
        etag: r.etag,
        lastModified: r.last_modified,
        lastAttemptAt: fromIsoOrNull(r.last_attempt_at),
        lastSuccessAt: fromIsoOrNull(r.last_success_at),
        consecutiveFailures: Number(r.consecutive_failures),
        lastError: r.last_error,
        primed: fromInt(r.primed),
        failingSince: fromIsoOrNull(r.failing_since),
        nextAttemptAt: fromIsoOrNull(r.next_attempt_at),
        disabledAt: fromIsoOrNull(r.disabled_at),
        lastErrorKind: r.last_error_kind,
        noticeLevel: level === 'failing' || level === 'disabled' ? level : 'none',
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
        failing_since: toIsoOrNull(state.failingSince),
        next_attempt_at: toIsoOrNull(state.nextAttemptAt),
        disabled_at: toIsoOrNull(state.disabledAt),
        last_error_kind: state.lastErrorKind ?? null,
        notice_level: state.noticeLevel ?? 'none',
      };
      await db
        .insertInto('feed_state')
        .values({ feed_id: state.feedId, ...values })
        .onConflict((oc) => oc.column('feed_id').doUpdateSet(values))
        .execute();
    },
  };
}
