/**
 * Migration 0005: what several instances need to share the work safely.
 *
 * - `outbox.claimed_by / claimed_at / lease_until`: a deliverer claims rows
 *   (`FOR UPDATE SKIP LOCKED` on PostgreSQL); a claim lapses when its lease
 *   expires (the instance died) or once the row is written again after the
 *   claim (sent, retried, failed), so another instance takes it over.
 * - `feed_claims`: the same for feeds due for gathering, one row per feed.
 * - `leases`: named leader leases (Telegram long polling, Discord gateway).
 * - `run_once`: keys claimed once across instances (a digest slot, a cron fire).
 * - `rate_buckets`: token buckets per bot token, shared by every instance.
 *
 * Times are ISO-8601 text like the rest of the schema; bucket arithmetic uses
 * numbers (milliseconds, tokens) so it can run inside one UPDATE.
 */
import type { Kysely, Migration } from 'kysely';
import type { DialectKind } from './migrations.js';

export function coordination(dialect: DialectKind): Migration {
  const real = dialect === 'postgres' ? 'double precision' : 'real';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('outbox').addColumn('claimed_by', 'text').execute();
      await db.schema.alterTable('outbox').addColumn('claimed_at', 'text').execute();
      await db.schema.alterTable('outbox').addColumn('lease_until', 'text').execute();

      await db.schema
        .createTable('feed_claims')
        .addColumn('feed_id', 'text', (c) => c.primaryKey())
        .addColumn('holder', 'text')
        .addColumn('lease_until', 'text')
        .addColumn('claimed_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('leases')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('holder', 'text', (c) => c.notNull())
        .addColumn('acquired_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('run_once')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('holder', 'text', (c) => c.notNull())
        .addColumn('claimed_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('rate_buckets')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('tokens', real, (c) => c.notNull())
        .addColumn('refilled_ms', real, (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const t of ['rate_buckets', 'run_once', 'leases', 'feed_claims'])
        await db.schema.dropTable(t).ifExists().execute();
      for (const c of ['lease_until', 'claimed_at', 'claimed_by'])
        await db.schema.alterTable('outbox').dropColumn(c).execute();
    },
  };
}
