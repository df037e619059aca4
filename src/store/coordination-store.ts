/**
 * Work sharing between instances: claims with leases on feeds and outbox
 * rows, named leader leases, run-once keys and shared token buckets.
 *
 * On PostgreSQL every claim reads with `FOR UPDATE SKIP LOCKED`, so two
 * instances claiming at once get disjoint rows without waiting on each other.
 * On SQLite one process owns the file (see database.ts), and the transaction
 * alone serializes claims: the same semantics for a single process.
 */
import type { Kysely, Selectable } from 'kysely';
import type { OutboxRow } from '../digest/ports.js';
import type { DialectKind } from './migrations.js';
import { toIso } from './mapping.js';
import { outboxRowFromTable } from './outbox-store.js';
import type { Database, OutboxTable } from './schema.js';

/** Long ago: a feed never claimed sorts first and is due at once. */
const NEVER = '1970-01-01T00:00:00.000Z';

export interface ClaimedFeeds {
  feedIds: string[];
  /** Claims taken from an instance whose lease had expired (it died mid-gathering). */
  takeovers: number;
}

export interface ClaimedOutbox {
  rows: OutboxRow[];
  takeovers: number;
}

export interface TokenBucket {
  /** Most tokens held (the burst). */
  capacity: number;
  /** Tokens added per second. */
  perSecond: number;
}

export interface CoordinationStore {
  readonly dialect: DialectKind;
  /**
   * Claims up to `limit` enabled feeds due for gathering: never claimed, last
   * claimed at or before `dueBefore` and finished, or whose holder's lease
   * expired. Each claimed feed is held until `releaseFeeds` or lease expiry.
   */
  claimFeeds(
    holder: string,
    now: Date,
    options: { dueBefore: Date; leaseMs: number; limit: number },
  ): Promise<ClaimedFeeds>;
  /** The gathering of these feeds finished: their lease ends (they stay claimed for the round). */
  releaseFeeds(holder: string, feedIds: string[]): Promise<void>;
  /**
   * Claims pending outbox rows due at `now`, whole targets where possible so
   * one instance sends a digest's chunks in order. A claim ends when its
   * lease expires or when the row is written again (sent, retried, failed).
   */
  claimOutbox(
    holder: string,
    now: Date,
    options: { leaseMs: number; limit: number },
  ): Promise<ClaimedOutbox>;
  /** Takes or renews the named lease; true while `holder` holds it. */
  acquireLease(name: string, holder: string, now: Date, ttlMs: number): Promise<boolean>;
  releaseLease(name: string, holder: string): Promise<void>;
  /** The current holder of a lease (null when free or expired). */
  leaseHolder(name: string, now: Date): Promise<string | null>;
  /** True for exactly one caller per key (until `ttlMs` after, when the key may be reused). */
  runOnce(key: string, holder: string, now: Date, ttlMs: number): Promise<boolean>;
  /**
   * Reserves one token of the shared bucket `key`: returns how many
   * milliseconds to wait before using it (0 = now). Reservations queue, so
   * callers across instances get the bucket's rate exactly, never more.
   */
  takeToken(key: string, bucket: TokenBucket, now: Date): Promise<number>;
  /** Outbox rows per state, and enabled feeds whose last fetch failed: for /metrics. */
  gauges(): Promise<{ outbox: Record<string, number>; failingFeeds: number }>;
}

export function createCoordinationStore(
  db: Kysely<Database>,
  dialect: DialectKind,
): CoordinationStore {
  const pg = dialect === 'postgres';

  return {
    dialect,

    async claimFeeds(holder, now, { dueBefore, leaseMs, limit }) {
      const nowIso = toIso(now);
      const until = toIso(new Date(now.getTime() + leaseMs));
      const before = toIso(dueBefore);
      return db.transaction().execute(async (trx) => {
        // Every enabled feed gets its claim row, so the claim below can lock it.
        await trx
          .insertInto('feed_claims')
          .columns(['feed_id', 'holder', 'lease_until', 'claimed_at'])
          .expression((eb) =>
            eb
              .selectFrom('feeds')
              .select((e) => [
                'feeds.id',
                e.val<string | null>(null).as('holder'),
                e.val<string | null>(null).as('lease_until'),
                e.val(NEVER).as('claimed_at'),
              ])
              .where('feeds.enabled', '=', 1),
          )
          .onConflict((oc) => oc.column('feed_id').doNothing())
          .execute();
        const rows = await trx
          .selectFrom('feed_claims')
          .innerJoin('feeds', 'feeds.id', 'feed_claims.feed_id')
          .select(['feed_claims.feed_id', 'feed_claims.lease_until'])
          .where('feeds.enabled', '=', 1)
          .where((eb) =>
            eb.or([
              eb.and([
                eb('feed_claims.lease_until', 'is', null),
                eb('feed_claims.claimed_at', '<=', before),
              ]),
              eb('feed_claims.lease_until', '<=', nowIso),
            ]),
          )
          .orderBy('feed_claims.claimed_at')
          .orderBy('feed_claims.feed_id')
          .limit(Math.max(0, Math.floor(limit)))
          .$if(pg, (q) => q.forUpdate(['feed_claims']).skipLocked())
          .execute();
        const feedIds = rows.map((r) => r.feed_id);
        for (const part of chunks(feedIds))
          await trx
            .updateTable('feed_claims')
            .set({ holder, lease_until: until, claimed_at: nowIso })
            .where('feed_id', 'in', part)
            .execute();
        return { feedIds, takeovers: rows.filter((r) => r.lease_until !== null).length };
      });
    },

    async releaseFeeds(holder, feedIds) {
      for (const part of chunks(feedIds))
        await db
          .updateTable('feed_claims')
          .set({ lease_until: null })
          .where('feed_id', 'in', part)
          .where('holder', '=', holder)
          .execute();
    },

    async claimOutbox(holder, now, { leaseMs, limit }) {
      const nowIso = toIso(now);
      const until = toIso(new Date(now.getTime() + leaseMs));
      const max = Math.max(0, Math.floor(limit));
      return db.transaction().execute(async (trx) => {
        const found = await trx
          .selectFrom('outbox')
          .selectAll()
          .where('state', '=', 'pending')
          .where('next_attempt_at', '<=', nowIso)
          .where((eb) =>
            eb.or([
              eb('lease_until', 'is', null),
              eb('lease_until', '<=', nowIso),
              // Written since the claim (sent, retried): free again. A row in
              // flight (`markAttempt`, cleared by every outcome) stays with its
              // holder, however long a shared rate budget makes the send wait.
              eb.and([
                eb('updated_at', '>', eb.ref('claimed_at')),
                eb('attempt_started_at', 'is', null),
              ]),
            ]),
          )
          .orderBy('target_key')
          .orderBy('slot')
          .orderBy('chunk_index')
          .limit(max)
          .$if(pg, (q) => q.forUpdate().skipLocked())
          .execute();
        const rows = wholeTargets(found, max);
        const ids = rows.map((r) => r.id);
        for (const part of chunks(ids))
          await trx
            .updateTable('outbox')
            .set({ claimed_by: holder, claimed_at: nowIso, lease_until: until })
            .where('id', 'in', part)
            .execute();
        const takeovers = rows.filter(
          (r) =>
            r.claimed_by !== null &&
            r.claimed_by !== holder &&
            r.claimed_at !== null &&
            r.updated_at <= r.claimed_at,
        ).length;
        return { rows: rows.map(outboxRowFromTable), takeovers };
      });
    },

    async acquireLease(name, holder, now, ttlMs) {
      const nowIso = toIso(now);
      const expires = toIso(new Date(now.getTime() + ttlMs));
      // One statement: insert, or take over when expired or already ours.
      const res = await db
        .insertInto('leases')
        .values({ name, holder, acquired_at: nowIso, expires_at: expires })
        .onConflict((oc) =>
          oc
            .column('name')
            .doUpdateSet((eb) => ({
              holder: eb.ref('excluded.holder'),
              expires_at: eb.ref('excluded.expires_at'),
              acquired_at: eb
                .case()
                .when('leases.holder', '=', holder)
                .then(eb.ref('leases.acquired_at'))
                .else(eb.ref('excluded.acquired_at'))
                .end(),
            }))
            .where((eb) =>
              eb.or([eb('leases.holder', '=', holder), eb('leases.expires_at', '<=', nowIso)]),
            ),
        )
        .executeTakeFirst();
      return Number(res.numInsertedOrUpdatedRows ?? 0n) > 0;
    },

    async releaseLease(name, holder) {
      await db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).execute();
    },

    async leaseHolder(name, now) {
      const row = await db
        .selectFrom('leases')
        .select('holder')
        .where('name', '=', name)
        .where('expires_at', '>', toIso(now))
        .executeTakeFirst();
      return row?.holder ?? null;
    },

    async runOnce(key, holder, now, ttlMs) {
      const nowIso = toIso(now);
      const res = await db
        .insertInto('run_once')
        .values({
          key,
          holder,
          claimed_at: nowIso,
          expires_at: toIso(new Date(now.getTime() + ttlMs)),
        })
        .onConflict((oc) =>
          oc
            .column('key')
            .doUpdateSet((eb) => ({
              holder: eb.ref('excluded.holder'),
              claimed_at: eb.ref('excluded.claimed_at'),
              expires_at: eb.ref('excluded.expires_at'),
            }))
            .where('run_once.expires_at', '<=', nowIso),
        )
        .executeTakeFirst();
      return Number(res.numInsertedOrUpdatedRows ?? 0n) > 0;
    },

    async takeToken(key, bucket, now) {
      const nowMs = now.getTime();
      return db.transaction().execute(async (trx) => {
        await trx
          .insertInto('rate_buckets')
          .values({ key, tokens: bucket.capacity, refilled_ms: nowMs })
          .onConflict((oc) => oc.column('key').doNothing())
          .execute();
        const row = await trx
          .selectFrom('rate_buckets')
          .select(['tokens', 'refilled_ms'])
          .where('key', '=', key)
          .$if(pg, (q) => q.forUpdate())
          .executeTakeFirstOrThrow();
        const last = Number(row.refilled_ms);
        const elapsed = Math.max(0, nowMs - last);
        const available = Math.min(
          bucket.capacity,
          Number(row.tokens) + (elapsed / 1000) * bucket.perSecond,
        );
        // A reservation: the token is taken now even when it is not there yet,
        // and the caller waits until it would have been. The bucket goes
        // negative, so the next callers queue behind, and nobody asks twice.
        const tokens = available - 1;
        await trx
          .updateTable('rate_buckets')
          .set({ tokens, refilled_ms: Math.max(nowMs, last) })
          .where('key', '=', key)
          .execute();
        return tokens >= 0 ? 0 : Math.ceil((-tokens / bucket.perSecond) * 1000);
      });
    },

    async gauges() {
      const states = await db
        .selectFrom('outbox')
        .select((eb) => ['state', eb.fn.countAll<number | string | bigint>().as('n')])
        .groupBy('state')
        .execute();
      const failing = await db
        .selectFrom('feed_state')
        .innerJoin('feeds', 'feeds.id', 'feed_state.feed_id')
        .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
        .where('feeds.enabled', '=', 1)
        .where('feed_state.consecutive_failures', '>', 0)
        .executeTakeFirstOrThrow();
      return {
        outbox: Object.fromEntries(states.map((r) => [r.state, Number(r.n)])),
        failingFeeds: Number(failing.n),
      };
    },
  };
}

/**
 * When the batch is full, its last target may continue past it: leave that
 * target for the next claim (unless it is the only one), so no instance holds
 * a later chunk whose earlier one another instance holds.
 */
function wholeTargets(rows: Selectable<OutboxTable>[], limit: number): Selectable<OutboxTable>[] {
  if (rows.length < limit || rows.length === 0) return rows;
  const last = rows[rows.length - 1]?.target_key;
  const kept = rows.filter((r) => r.target_key !== last);
  return kept.length > 0 ? kept : rows;
}

function chunks<T>(xs: T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}
