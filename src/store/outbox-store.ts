/** The outbox: rendered chunks waiting to be delivered, with retry bookkeeping. */
import type { Kysely, Selectable } from 'kysely';
import type { Platform } from '../digest/model.js';
import type {
  Clock,
  ExpiredOutboxRow,
  OutboxRow,
  OutboxState,
  OutboxStore,
  RenderedChunk,
} from '../digest/ports.js';
import { fromIso, nfc, parseJson, toIso } from './mapping.js';
import type { Database, OutboxTable } from './schema.js';

/** Exported for the claim queries of coordination-store.ts. */
export function outboxRowFromTable(r: Selectable<OutboxTable>): OutboxRow {
  return toRow(r);
}

function toRow(r: Selectable<OutboxTable>): OutboxRow {
  return {
    id: Number(r.id),
    targetKey: r.target_key,
    target: { platform: r.platform as Platform, chatId: r.chat_id },
    subscriptionId: r.subscription_id,
    slot: r.slot,
    chunkIndex: Number(r.chunk_index),
    chunkCount: Number(r.chunk_count),
    payload: parseJson<RenderedChunk>(r.payload_json),
    state: r.state as OutboxState,
    attempts: Number(r.attempts),
    nextAttemptAt: fromIso(r.next_attempt_at),
    lastError: r.last_error,
    platformMessageId: r.platform_message_id,
    createdAt: fromIso(r.created_at),
    updatedAt: fromIso(r.updated_at),
    expiresAt: r.expires_at ? fromIso(r.expires_at) : null,
    attemptStartedAt: r.attempt_started_at ? fromIso(r.attempt_started_at) : null,
  };
}

function nfcPayload(p: RenderedChunk): RenderedChunk {
  // Payloads are plain JSON of strings and numbers: normalizing every string is safe.
  return JSON.parse(JSON.stringify(p), (_k, v: unknown) =>
    typeof v === 'string' ? nfc(v) : v,
  ) as RenderedChunk;
}

export function createOutboxStore(db: Kysely<Database>, clock: Clock): OutboxStore {
  const now = (): string => toIso(clock.now());

  return {
    async enqueue(rows) {
      if (rows.length === 0) return 0;
      const stamp = now();
      return db.transaction().execute(async (trx) => {
        let inserted = 0;
        for (const r of rows) {
          const res = await trx
            .insertInto('outbox')
            .values({
              target_key: r.targetKey,
              platform: r.target.platform,
              chat_id: r.target.chatId,
              subscription_id: r.subscriptionId,
              slot: r.slot,
              chunk_index: r.chunkIndex,
              chunk_count: r.chunkCount,
              payload_json: JSON.stringify(nfcPayload(r.payload)),
              state: 'pending',
              attempts: 0,
              next_attempt_at: toIso(r.nextAttemptAt),
              last_error: null,
              platform_message_id: null,
              created_at: stamp,
              updated_at: stamp,
              expires_at: r.expiresAt ? toIso(r.expiresAt) : null,
              not_before: null,
              attempt_started_at: null,
            })
            .onConflict((oc) => oc.columns(['target_key', 'slot', 'chunk_index']).doNothing())
            .executeTakeFirst();
          inserted += Number(res.numInsertedOrUpdatedRows ?? 0n) > 0 ? 1 : 0;
        }
        return inserted;
      });
    },

    async due(nowAt, limit) {
      const rows = await db
        .selectFrom('outbox')
        .selectAll()
        .where('state', '=', 'pending')
        .where('next_attempt_at', '<=', toIso(nowAt))
        .orderBy('target_key')
        .orderBy('slot')
        .orderBy('chunk_index')
        .limit(Math.max(0, Math.floor(limit)))
        .execute();
      return rows.map(toRow);
    },

    async hasSlot(key, slot) {
      const row = await db
        .selectFrom('outbox')
        .select('id')
        .where('target_key', '=', key)
        .where('slot', '=', slot)
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },

    async markSent(id, platformMessageId) {
      await db
        .updateTable('outbox')
        .set((eb) => ({
          state: 'sent',
          attempts: eb('attempts', '+', 1),
          platform_message_id: platformMessageId,
          last_error: null,
          attempt_started_at: null,
          updated_at: now(),
        }))
        .where('id', '=', id)
        .execute();
    },

    async markRetry(id, error, nextAttemptAt, notBefore = null) {
      await db
        .updateTable('outbox')
        .set((eb) => ({
          state: 'pending',
          attempts: eb('attempts', '+', 1),
          last_error: nfc(error),
          next_attempt_at: toIso(nextAttemptAt),
          not_before: notBefore ? toIso(notBefore) : null,
          attempt_started_at: null,
          updated_at: now(),
        }))
        .where('id', '=', id)
        .execute();
    },

    async markFailed(id, error) {
      await db
        .updateTable('outbox')
        .set((eb) => ({
          state: 'failed',
          attempts: eb('attempts', '+', 1),
          last_error: nfc(error),
          attempt_started_at: null,
          updated_at: now(),
        }))
        .where('id', '=', id)
        .execute();
    },

    async failPendingForTarget(key, error) {
      const res = await db
        .updateTable('outbox')
        .set({
          state: 'failed',
          last_error: nfc(error),
          attempt_started_at: null,
          updated_at: now(),
        })
        .where('target_key', '=', key)
        .where('state', '=', 'pending')
        .executeTakeFirst();
      return Number(res.numUpdatedRows);
    },

    async list(filter) {
      let sel = db.selectFrom('outbox').selectAll();
      if (filter?.state) sel = sel.where('state', '=', filter.state);
      if (filter?.targetKey) sel = sel.where('target_key', '=', filter.targetKey);
      const rows = await sel.orderBy('id').execute();
      return rows.map(toRow);
    },

    async markAttempt(id, at) {
      await db
        .updateTable('outbox')
        .set({ attempt_started_at: toIso(at), updated_at: now() })
        .where('id', '=', id)
        .execute();
    },

    async inFlight() {
      const rows = await db
        .selectFrom('outbox')
        .selectAll()
        .where('state', '=', 'pending')
        .where('attempt_started_at', 'is not', null)
        .orderBy('id')
        .execute();
      return rows.map(toRow);
    },

    async clearAttempt(id, note) {
      await db
        .updateTable('outbox')
        .set({
          attempt_started_at: null,
          ...(note ? { last_error: nfc(note) } : {}),
          updated_at: now(),
        })
        .where('id', '=', id)
        .execute();
    },

    async wake(platform, nowAt, limit) {
      const at = toIso(nowAt);
      let ids = db
        .selectFrom('outbox')
        .select('id')
        .where('platform', '=', platform)
        .where('state', '=', 'pending')
        .where('next_attempt_at', '>', at)
        .where((eb) => eb.or([eb('not_before', 'is', null), eb('not_before', '<=', at)]))
        .orderBy('chunk_index')
        .orderBy('next_attempt_at')
        .orderBy('id');
      if (limit !== undefined) ids = ids.limit(Math.max(0, Math.floor(limit)));
      const res = await db
        .updateTable('outbox')
        .set({ next_attempt_at: at, updated_at: now() })
        .where('id', 'in', ids)
        .executeTakeFirst();
      return Number(res.numUpdatedRows);
    },

    async expireStale(nowAt, maxAgeMs) {
      const at = toIso(nowAt);
      const oldestFreshSlot = toIso(new Date(nowAt.getTime() - maxAgeMs));
      const stale = await db
        .selectFrom('outbox')
        .select(['id', 'target_key', 'platform', 'slot', 'attempts', 'last_error', 'expires_at'])
        .where('state', '=', 'pending')
        .where((eb) =>
          eb.or([
            eb.and([eb('expires_at', 'is not', null), eb('expires_at', '<=', at)]),
            eb.and([eb('expires_at', 'is', null), eb('slot', '<=', oldestFreshSlot)]),
          ]),
        )
        .orderBy('id')
        .execute();
      const out: ExpiredOutboxRow[] = [];
      for (const r of stale) {
        const why = r.expires_at ? 'next slot reached or max age' : 'max age';
        const reason = nfc(
          `expired (${why}) after ${Number(r.attempts)} attempt(s)` +
            (r.last_error ? `; last error: ${r.last_error}` : ''),
        );
        await db
          .updateTable('outbox')
          .set({
            state: 'expired',
            last_error: reason,
            attempt_started_at: null,
            updated_at: now(),
          })
          .where('id', '=', r.id)
          .where('state', '=', 'pending')
          .execute();
        out.push({
          id: Number(r.id),
          targetKey: r.target_key,
          platform: r.platform as Platform,
          slot: r.slot,
          reason,
        });
      }
      return out;
    },
  };
}
