/** Key-value counters that survive restarts (token budget, digest cache). */
import type { Kysely } from 'kysely';
import type { KeyValueStore } from '../digest/ports.js';
import type { DialectKind } from './migrations.js';
import type { Database } from './schema.js';

export function createKeyValueStore(
  db: Kysely<Database>,
  dialect: DialectKind = 'sqlite',
): KeyValueStore {
  return {
    async get(key) {
      const row = await db
        .selectFrom('kv')
        .select('value')
        .where('key', '=', key)
        .executeTakeFirst();
      return row ? row.value : null;
    },

    async set(key, value) {
      await db
        .insertInto('kv')
        .values({ key, value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
        .execute();
    },

    /**
     * Read-add-write inside one transaction. On SQLite the single connection
     * (and the file lock) serializes it. On PostgreSQL the row is first made
     * to exist, then read `FOR UPDATE`, so concurrent instances never lose an
     * increment.
     */
    async increment(key, by) {
      if (!Number.isFinite(by))
        throw new RangeError(`increment("${key}") needs a finite number, got ${by}`);
      return db.transaction().execute(async (trx) => {
        if (dialect === 'postgres')
          await trx
            .insertInto('kv')
            .values({ key, value: '0' })
            .onConflict((oc) => oc.column('key').doNothing())
            .execute();
        const row = await trx
          .selectFrom('kv')
          .select('value')
          .where('key', '=', key)
          .$if(dialect === 'postgres', (q) => q.forUpdate())
          .executeTakeFirst();
        const current = row ? Number(row.value) : 0;
        if (!Number.isFinite(current))
          throw new RangeError(`kv "${key}" holds "${row?.value ?? ''}", not a number`);
        const next = current + by;
        await trx
          .insertInto('kv')
          .values({ key, value: String(next) })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(next) }))
          .execute();
        return next;
      });
    },
  };
}
