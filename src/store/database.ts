/** Opening the database named by DATABASE_URL, and running migrations on it. */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import type { Logger } from '../digest/ports.js';
import { UnsupportedDatabaseError } from './errors.js';
import { createMigrationProvider } from './migrations.js';
import type { Database } from './schema.js';

export type DatabaseLocation = { kind: 'sqlite'; path: string } | { kind: 'sqlite-memory' };

/**
 * Understands `sqlite:./data/hanoi-digest.db`, `sqlite:/abs/path.db`,
 * `sqlite:///abs/path.db` and `sqlite::memory:`. `postgres://` is refused
 * for now with a clear message (the queries are written to be portable).
 */
export function parseDatabaseUrl(url: string): DatabaseLocation {
  const trimmed = url.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase() ?? '';
  if (scheme === 'postgres' || scheme === 'postgresql') {
    throw new UnsupportedDatabaseError(
      url,
      scheme,
      'PostgreSQL support is planned; the queries are portable, but no PostgreSQL dialect is wired yet. Use sqlite:./data/hanoi-digest.db',
    );
  }
  if (scheme !== 'sqlite') {
    throw new UnsupportedDatabaseError(
      url,
      scheme || '(none)',
      'expected sqlite:<path> or sqlite::memory:',
    );
  }
  let rest = trimmed.slice('sqlite:'.length);
  if (rest === ':memory:' || rest === '//:memory:') return { kind: 'sqlite-memory' };
  if (rest.startsWith('//')) rest = rest.slice(2);
  if (rest === '')
    throw new UnsupportedDatabaseError(url, scheme, 'the sqlite: URL has no file path');
  return { kind: 'sqlite', path: resolve(rest) };
}

export async function openDatabase(url: string, logger: Logger): Promise<Kysely<Database>> {
  const loc = parseDatabaseUrl(url);
  let sqlite: BetterSqlite3.Database;
  if (loc.kind === 'sqlite') {
    mkdirSync(dirname(loc.path), { recursive: true });
    sqlite = new BetterSqlite3(loc.path);
    // WAL lets the CLI read while the bot writes; busy_timeout rides out short write locks.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
  } else {
    sqlite = new BetterSqlite3(':memory:');
  }
  sqlite.pragma('busy_timeout = 5000');

  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    await migrate(db, logger);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return db;
}

async function migrate(db: Kysely<Database>, logger: Logger): Promise<void> {
  const migrator = new Migrator({ db, provider: createMigrationProvider('sqlite') });
  const { error, results } = await migrator.migrateToLatest();
  for (const r of results ?? []) {
    if (r.status === 'Success')
      logger.info({ migration: r.migrationName }, 'database migration applied');
    else if (r.status === 'Error')
      logger.error({ migration: r.migrationName }, 'database migration failed');
  }
  if (error)
    throw error instanceof Error ? error : new Error(`Database migration failed: ${String(error)}`);
}
