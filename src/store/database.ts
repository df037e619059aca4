/** Opening the database named by DATABASE_URL, and running migrations on it. */
import { mkdirSync, statSync } from 'node:fs';
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

/**
 * The database file could not be opened or prepared. SQLite's own words
 * ("file is not a database", "unable to open database file") name neither
 * the file nor a remedy; this error carries both.
 */
export class DatabaseOpenError extends Error {
  override readonly name = 'DatabaseOpenError';
  constructor(
    readonly path: string,
    readonly reason: 'not-sqlite' | 'directory' | 'read-only' | 'locked' | 'cannot-open' | 'other',
    hint: string,
    options?: { cause?: unknown },
  ) {
    super(`Cannot open database ${path}: ${hint}`, options);
  }
}

/** SQLite's error for `path`, translated into what happened and what to do. */
export function explainOpenError(path: string, err: unknown): DatabaseOpenError {
  if (err instanceof DatabaseOpenError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  const text = err instanceof Error ? err.message : String(err);
  const isDir = ((): boolean => {
    try {
      return statSync(path).isDirectory();
    } catch {
      return false;
    }
  })();
  if (isDir)
    return new DatabaseOpenError(
      path,
      'directory',
      'it is a directory. Point DATABASE_URL at a file inside it, e.g. sqlite:' +
        path.replace(/\/+$/, '') +
        '/hanoi-digest.db',
      { cause: err },
    );
  const c = typeof code === 'string' ? code : '';
  if (c.startsWith('SQLITE_NOTADB') || c.startsWith('SQLITE_CORRUPT'))
    return new DatabaseOpenError(
      path,
      'not-sqlite',
      'the file exists but is not a SQLite database (or is damaged). Check DATABASE_URL names the right file; move this file away or restore it from a backup.',
      { cause: err },
    );
  if (c.startsWith('SQLITE_READONLY'))
    return new DatabaseOpenError(
      path,
      'read-only',
      'the file (or its directory, which needs room for the -wal and -shm files) is read-only. Give the bot write permission on both, or use another DATABASE_URL.',
      { cause: err },
    );
  if (c.startsWith('SQLITE_BUSY') || c.startsWith('SQLITE_LOCKED'))
    return new DatabaseOpenError(
      path,
      'locked',
      'it is locked by another process, most likely another instance of the bot. Stop the other instance (only one may use a database file) and start again.',
      { cause: err },
    );
  if (c.startsWith('SQLITE_CANTOPEN'))
    return new DatabaseOpenError(
      path,
      'cannot-open',
      'SQLite cannot open it. Check that the directory exists and is writable by the bot.',
      { cause: err },
    );
  return new DatabaseOpenError(path, 'other', text, { cause: err });
}

export async function openDatabase(
  url: string,
  logger: Logger,
  options: { busyTimeoutMs?: number } = {},
): Promise<Kysely<Database>> {
  const busy = options.busyTimeoutMs ?? 5000;
  const loc = parseDatabaseUrl(url);
  let sqlite: BetterSqlite3.Database;
  const where = loc.kind === 'sqlite' ? loc.path : ':memory:';
  try {
    if (loc.kind === 'sqlite') {
      if (statSync(loc.path, { throwIfNoEntry: false })?.isDirectory())
        throw explainOpenError(loc.path, new Error('is a directory'));
      mkdirSync(dirname(loc.path), { recursive: true });
      // `timeout` = busy_timeout from the first statement on: rides out short write locks.
      sqlite = new BetterSqlite3(loc.path, { timeout: busy });
      // WAL lets the CLI read while the bot writes.
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = NORMAL');
    } else {
      sqlite = new BetterSqlite3(':memory:');
    }
    sqlite.pragma(`busy_timeout = ${busy}`);
  } catch (err) {
    throw explainOpenError(where, err);
  }

  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    await migrate(db, logger);
  } catch (err) {
    await db.destroy();
    const code = (err as { code?: unknown } | null)?.code;
    throw typeof code === 'string' && code.startsWith('SQLITE_')
      ? explainOpenError(where, err)
      : err;
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
