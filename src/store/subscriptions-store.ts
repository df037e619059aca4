/** Subscriptions: one store for admin-defined (config) and command-made ones. */
import type { Kysely, Selectable } from 'kysely';
import type { Platform, Subscription, SubscriptionFilters } from '../digest/model.js';
import type { Clock, SubscriptionStore } from '../digest/ports.js';
import { StoreConflictError } from './errors.js';
import { fromIso, fromIsoOrNull, nfc, nfcOrNull, parseJson, toIso } from './mapping.js';
import type { Database, SubscriptionsTable } from './schema.js';

export function targetKey(platform: Platform, chatId: string): string {
  return `${platform}:${chatId}`;
}

function nfcFilters(f: SubscriptionFilters): SubscriptionFilters {
  return {
    topics: [...f.topics],
    places: f.places.map(nfc),
    keywords: f.keywords.map(nfc),
    excludeKeywords: f.excludeKeywords.map(nfc),
  };
}

function toSubscription(r: Selectable<SubscriptionsTable>): Subscription {
  const f = parseJson<Partial<SubscriptionFilters>>(r.filters_json);
  return {
    id: r.id,
    target: { platform: r.platform as Platform, chatId: r.chat_id },
    filters: {
      topics: f.topics ?? [],
      places: f.places ?? [],
      keywords: f.keywords ?? [],
      excludeKeywords: f.excludeKeywords ?? [],
    },
    schedule: r.schedule,
    timezone: r.timezone,
    state: r.state as Subscription['state'],
    disabledReason: r.disabled_reason,
    origin: r.origin === 'config' ? 'config' : 'command',
    lastDigestAt: fromIsoOrNull(r.last_digest_at),
    createdAt: fromIso(r.created_at),
    updatedAt: fromIso(r.updated_at),
  };
}

export function createSubscriptionStore(db: Kysely<Database>, clock: Clock): SubscriptionStore {
  const now = (): string => toIso(clock.now());

  return {
    async list(filter) {
      let sel = db.selectFrom('subscriptions').selectAll();
      if (filter?.state) sel = sel.where('state', '=', filter.state);
      if (filter?.platform) sel = sel.where('platform', '=', filter.platform);
      const rows = await sel.orderBy('id').execute();
      return rows.map(toSubscription);
    },

    async get(id) {
      const row = await db
        .selectFrom('subscriptions')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toSubscription(row) : null;
    },

    async findByTarget(target) {
      const row = await db
        .selectFrom('subscriptions')
        .selectAll()
        .where('platform', '=', target.platform)
        .where('chat_id', '=', target.chatId)
        .executeTakeFirst();
      return row ? toSubscription(row) : null;
    },

    async upsert(sub) {
      await db.transaction().execute(async (trx) => {
        const holder = await trx
          .selectFrom('subscriptions')
          .select('id')
          .where('platform', '=', sub.target.platform)
          .where('chat_id', '=', sub.target.chatId)
          .executeTakeFirst();
        if (holder && holder.id !== sub.id) {
          const key = targetKey(sub.target.platform, sub.target.chatId);
          throw new StoreConflictError(
            'subscriptions',
            key,
            `Target ${key} already has subscription "${holder.id}"; cannot store "${sub.id}" for it`,
          );
        }
        const values = {
          platform: sub.target.platform,
          chat_id: sub.target.chatId,
          filters_json: JSON.stringify(nfcFilters(sub.filters)),
          schedule: sub.schedule,
          timezone: sub.timezone,
          state: sub.state,
          disabled_reason: nfcOrNull(sub.disabledReason),
          origin: sub.origin,
          last_digest_at: sub.lastDigestAt ? toIso(sub.lastDigestAt) : null,
          updated_at: toIso(sub.updatedAt),
        };
        await trx
          .insertInto('subscriptions')
          .values({ id: sub.id, ...values, created_at: toIso(sub.createdAt) })
          .onConflict((oc) => oc.column('id').doUpdateSet(values))
          .execute();
      });
    },

    async remove(id) {
      const res = await db.deleteFrom('subscriptions').where('id', '=', id).executeTakeFirst();
      return Number(res.numDeletedRows) > 0;
    },

    async setState(id, state, reason) {
      await db
        .updateTable('subscriptions')
        .set({
          state,
          disabled_reason: state === 'active' ? null : nfcOrNull(reason),
          updated_at: now(),
        })
        .where('id', '=', id)
        .execute();
    },

    async setFilters(id, filters) {
      await db
        .updateTable('subscriptions')
        .set({ filters_json: JSON.stringify(nfcFilters(filters)), updated_at: now() })
        .where('id', '=', id)
        .execute();
    },

    async setLastDigestAt(id, slot) {
      await db
        .updateTable('subscriptions')
        .set({ last_digest_at: toIso(slot), updated_at: now() })
        .where('id', '=', id)
        .execute();
    },

    /**
     * Rewrites the chat id in subscriptions and the outbox. If the new chat
     * already has a subscription (someone subscribed there after the move),
     * that one wins and the old one is removed; an outbox chunk the new chat
     * already has for the same slot is dropped rather than sent twice.
     */
    async migrateChat(platform, fromChatId, toChatId) {
      if (fromChatId === toChatId) return;
      const fromKey = targetKey(platform, fromChatId);
      const toKey = targetKey(platform, toChatId);
      const stamp = now();
      await db.transaction().execute(async (trx) => {
        const dest = await trx
          .selectFrom('subscriptions')
          .select('id')
          .where('platform', '=', platform)
          .where('chat_id', '=', toChatId)
          .executeTakeFirst();
        if (dest) {
          await trx
            .deleteFrom('subscriptions')
            .where('platform', '=', platform)
            .where('chat_id', '=', fromChatId)
            .execute();
        } else {
          await trx
            .updateTable('subscriptions')
            .set({ chat_id: toChatId, updated_at: stamp })
            .where('platform', '=', platform)
            .where('chat_id', '=', fromChatId)
            .execute();
        }

        const rows = await trx
          .selectFrom('outbox')
          .select(['id', 'slot', 'chunk_index'])
          .where('target_key', '=', fromKey)
          .execute();
        for (const r of rows) {
          const clash = await trx
            .selectFrom('outbox')
            .select('id')
            .where('target_key', '=', toKey)
            .where('slot', '=', r.slot)
            .where('chunk_index', '=', r.chunk_index)
            .executeTakeFirst();
          if (clash) {
            await trx.deleteFrom('outbox').where('id', '=', r.id).execute();
          } else {
            await trx
              .updateTable('outbox')
              .set({ target_key: toKey, chat_id: toChatId, updated_at: stamp })
              .where('id', '=', r.id)
              .execute();
          }
        }
      });
    },
  };
}
