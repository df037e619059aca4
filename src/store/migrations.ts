/**
 * Numbered schema migrations, provided in code (no migration folder to ship
 * or lose). They run at startup through kysely's `Migrator`; a migration,
 * once released, is never edited: add the next number instead.
 *
 * The DDL goes through kysely's schema builder so PostgreSQL can run it too;
 * the one dialect difference (auto-increment ids) is chosen by `dialect`.
 */
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import { coordination } from './migration-coordination.js';

export type DialectKind = 'sqlite' | 'postgres';

function initial(dialect: DialectKind): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('feeds')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('link_selector', 'text')
        .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('origin', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('feed_state')
        .addColumn('feed_id', 'text', (c) => c.primaryKey())
        .addColumn('etag', 'text')
        .addColumn('last_modified', 'text')
        .addColumn('last_attempt_at', 'text')
        .addColumn('last_success_at', 'text')
        .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_error', 'text')
        .addColumn('primed', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();

      await db.schema
        .createTable('articles')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('feed_id', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('dedup_key', 'text', (c) => c.notNull().unique())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('lead', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('published_at', 'text')
        .addColumn('fetched_at', 'text', (c) => c.notNull())
        .addColumn('sort_at', 'text', (c) => c.notNull())
        .addColumn('author', 'text')
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('fresh', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('articles_sort_at').on('articles').column('sort_at').execute();
      await db.schema
        .createIndex('articles_feed_sort_at')
        .on('articles')
        .columns(['feed_id', 'sort_at'])
        .execute();
      await db.schema
        .createIndex('articles_fresh_sort_at')
        .on('articles')
        .columns(['fresh', 'sort_at'])
        .execute();
      await db.schema
        .createIndex('articles_content_hash')
        .on('articles')
        .column('content_hash')
        .execute();

      await db.schema
        .createTable('analyses')
        .addColumn('article_id', 'text', (c) => c.primaryKey())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('summary_json', 'text', (c) => c.notNull())
        .addColumn('topics_json', 'text', (c) => c.notNull())
        .addColumn('places_json', 'text', (c) => c.notNull())
        .addColumn('hanoi', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('summary_cache')
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('summarizer', 'text', (c) => c.notNull())
        .addColumn('summary_json', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('summary_cache_pk', ['content_hash', 'summarizer'])
        .execute();

      await db.schema
        .createTable('subscriptions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('chat_id', 'text', (c) => c.notNull())
        .addColumn('filters_json', 'text', (c) => c.notNull())
        .addColumn('schedule', 'text', (c) => c.notNull())
        .addColumn('timezone', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('disabled_reason', 'text')
        .addColumn('origin', 'text', (c) => c.notNull())
        .addColumn('last_digest_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('subscriptions_target_unique', ['platform', 'chat_id'])
        .execute();
      await db.schema
        .createIndex('subscriptions_state')
        .on('subscriptions')
        .column('state')
        .execute();

      const outbox =
        dialect === 'postgres'
          ? db.schema.createTable('outbox').addColumn('id', 'serial', (c) => c.primaryKey())
          : db.schema
              .createTable('outbox')
              .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
      await outbox
        .addColumn('target_key', 'text', (c) => c.notNull())
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('chat_id', 'text', (c) => c.notNull())
        .addColumn('subscription_id', 'text')
        .addColumn('slot', 'text', (c) => c.notNull())
        .addColumn('chunk_index', 'integer', (c) => c.notNull())
        .addColumn('chunk_count', 'integer', (c) => c.notNull())
        .addColumn('payload_json', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addColumn('platform_message_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('outbox_target_slot_chunk_unique', [
          'target_key',
          'slot',
          'chunk_index',
        ])
        .execute();
      await db.schema
        .createIndex('outbox_due')
        .on('outbox')
        .columns(['state', 'next_attempt_at'])
        .execute();

      await db.schema
        .createTable('kv')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const t of [
        'kv',
        'outbox',
        'subscriptions',
        'summary_cache',
        'analyses',
        'articles',
        'feed_state',
        'feeds',
      ]) {
        await db.schema.dropTable(t).ifExists().execute();
      }
    },
  };
}

/** Digest windows select by arrival time (`fetched_at`): index it. */
const fetchedAtIndex: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createIndex('articles_fresh_fetched_at')
      .on('articles')
      .columns(['fresh', 'fetched_at'])
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex('articles_fresh_fetched_at').ifExists().execute();
  },
};

/**
 * Delivery bookkeeping (docs/delivery.md): when a row stops being worth
 * sending (`expires_at`), the platform's own "not before" floor from a 429
 * (`not_before`), and the moment a send started (`attempt_started_at`, set
 * before the request and cleared with its outcome, so a row still carrying it
 * after a restart was in flight at a crash).
 */
const outboxDelivery: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('outbox').addColumn('expires_at', 'text').execute();
    await db.schema.alterTable('outbox').addColumn('not_before', 'text').execute();
    await db.schema.alterTable('outbox').addColumn('attempt_started_at', 'text').execute();
    await db.schema
      .createIndex('outbox_platform_state')
      .on('outbox')
      .columns(['platform', 'state'])
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex('outbox_platform_state').ifExists().execute();
    for (const c of ['attempt_started_at', 'not_before', 'expires_at'])
      await db.schema.alterTable('outbox').dropColumn(c).execute();
  },
};

/**
 * Feed operations: per-feed filters, admin overrides of config feeds that
 * survive restarts, and the health fields behind backoff, auto-disable and
 * admin notices.
 */
const feedOperations: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('feeds').addColumn('filters_json', 'text').execute();
    await db.schema.alterTable('feeds').addColumn('overrides_json', 'text').execute();
    for (const col of ['failing_since', 'next_attempt_at', 'disabled_at', 'last_error_kind']) {
      await db.schema.alterTable('feed_state').addColumn(col, 'text').execute();
    }
    await db.schema
      .alterTable('feed_state')
      .addColumn('notice_level', 'text', (c) => c.notNull().defaultTo('none'))
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const col of [
      'notice_level',
      'last_error_kind',
      'disabled_at',
      'next_attempt_at',
      'failing_since',
    ]) {
      await db.schema.alterTable('feed_state').dropColumn(col).execute();
    }
    await db.schema.alterTable('feeds').dropColumn('overrides_json').execute();
    await db.schema.alterTable('feeds').dropColumn('filters_json').execute();
  },
};

/** Names sort in order of application; zero-padded so 0010 follows 0009. */
export function createMigrationProvider(dialect: DialectKind): MigrationProvider {
  return {
    getMigrations: () =>
      Promise.resolve({
        '0001_initial': initial(dialect),
        '0002_fetched_at_index': fetchedAtIndex,
        '0003_outbox_delivery': outboxDelivery,
        '0004_feed_operations': feedOperations,
        '0005_coordination': coordination(dialect),
      }),
  };
}
