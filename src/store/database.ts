/** Opening the database named by DATABASE_URL, and running migrations on it. */
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { Logger } from '../digest/ports.js';
import { SqliteInUseError, UnsupportedDatabaseError } from './errors.js';
import { createMigrationProvider, type DialectKind } from './migrations.js';
import type { Database } from './schema.js';
import { HanoiDigestError } from '../digest/errors.js';

export type DatabaseLocation =
  | { kind: 'sqlite'; path: string }
  | { kind: 'sqlite-memory' }
  /** `schema`: from `?schema=NAME`; the tables live there (tests, several tenants on one database). */
  | { kind: 'postgres'; connectionString: string; schema: string | null };

/** A migrated database, with the dialect the stores need for the few non-portable queries. */
export interface OpenedDatabase {
  db: Kysely<Database>;
  dialect: DialectKind;
  location: DatabaseLocation;
  /** Closes the pool or file (and releases the SQLite instance lock). */
  close(): Promise<void>;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Understands `sqlite:./data/hanoi-digest.db`, `sqlite:/abs/path.db`,
 * `sqlite:///abs/path.db`, `sqlite::memory:` and
 * `postgres://user:pass@host:port/db[?schema=name]` (also `postgresql://`).
 */
export function parseDatabaseUrl(url: string): DatabaseLocation {
  const trimmed = url.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase() ?? '';
  if (scheme === 'postgres' || scheme === 'postgresql') {
    let parsed: URL;
    try {
      parsed = new URL(trimmed);
    } catch {
      throw new UnsupportedDatabaseError(url, scheme, 'not a valid postgres:// URL');
    }
    const schema = parsed.searchParams.get('schema');
    if (schema !== null && !SCHEMA_NAME.test(schema))
      throw new UnsupportedDatabaseError(
        url,
        scheme,
        `schema "${schema}" must be lower-case letters, digits and _ (at most 63)`,
      );
    parsed.searchParams.delete('schema');
    return { kind: 'postgres', connectionString: parsed.toString(), schema };
  }
  if (scheme !== 'sqlite') {
    throw new UnsupportedDatabaseError(
      url,
      scheme || '(none)',
      'expected sqlite:<path>, sqlite::memory: or postgres://user@host:port/database',
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
export class DatabaseOpenError extends HanoiDigestError {
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

export interface OpenDatabaseOptions {
  /**
   * SQLite only: take the file's instance lock (`<file>.lock`), so a second
   * long-running instance on the same file is refused (default false: the CLI
   * may read while the service runs). PostgreSQL shares work through leases instead.
   */
  exclusive?: boolean;
  /** PostgreSQL pool size (default 10). */
  poolMax?: number;
  /** SQLite busy timeout (default 5 s): rides out short write locks. */
  busyTimeoutMs?: number;
}

export async function openDatabase(
  url: string,
  logger: Logger,
  options: OpenDatabaseOptions = {},
): Promise<OpenedDatabase> {
  const location = parseDatabaseUrl(url);
  if (location.kind === 'postgres') return openPostgres(location, logger, options);

  const busy = options.busyTimeoutMs ?? 5000;
  const where = location.kind === 'sqlite' ? location.path : ':memory:';
  let sqlite: BetterSqlite3.Database;
  let release = (): void => {};
  try {
    if (location.kind === 'sqlite') {
      if (statSync(location.path, { throwIfNoEntry: false })?.isDirectory())
        throw explainOpenError(location.path, new Error('is a directory'));
      mkdirSync(dirname(location.path), { recursive: true });
      if (options.exclusive) release = takeSqliteLock(location.path);
      // `timeout` = busy_timeout from the first statement on: rides out short write locks.
      sqlite = new BetterSqlite3(location.path, { timeout: busy });
      // WAL lets the CLI read while the bot writes.
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = NORMAL');
    } else {
      sqlite = new BetterSqlite3(':memory:');
    }
    sqlite.pragma(`busy_timeout = ${busy}`);
  } catch (err) {
    release();
    if (err instanceof SqliteInUseError) throw err;
    throw explainOpenError(where, err);
  }

  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await db.destroy();
    release();
  };
  try {
    await migrate(db, 'sqlite', null, logger);
  } catch (err) {
    await close();
    const code = (err as { code?: unknown } | null)?.code;
    throw typeof code === 'string' && code.startsWith('SQLITE_')
      ? explainOpenError(where, err)
      : err;
  }
  return { db, dialect: 'sqlite', location, close };
}

async function openPostgres(
  location: Extract<DatabaseLocation, { kind: 'postgres' }>,
  logger: Logger,
  options: OpenDatabaseOptions,
): Promise<OpenedDatabase> {
  const pool = new pg.Pool({
    connectionString: location.connectionString,
    max: options.poolMax ?? 10,
    // Every connection of the pool sees the instance's schema first.
    ...(location.schema ? { options: `-c search_path=${location.schema}` } : {}),
  });
  // An idle client losing its server must not crash the process; the next query reconnects.
  pool.on('error', (err) => logger.warn({ err: err.message }, 'PostgreSQL pool client error'));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await db.destroy();
  };
  try {
    if (location.schema)
      await sql`create schema if not exists ${sql.id(location.schema)}`.execute(db);
    await migrate(db, 'postgres', location.schema, logger);
  } catch (err) {
    await close();
    throw err;
  }
  return { db, dialect: 'postgres', location, close };
}

async function migrate(
  db: Kysely<Database>,
  dialect: DialectKind,
  schema: string | null,
  logger: Logger,
): Promise<void> {
  // Kysely takes an advisory lock on PostgreSQL, so instances starting together migrate once.
  const migrator = new Migrator({
    db,
    provider: createMigrationProvider(dialect),
    // Migrations numbered in parallel branches (0003, 0004 after 0005) still apply.
    allowUnorderedMigrations: true,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
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

/**
 * SQLite has no way to share work between processes safely, so one
 * long-running instance owns the file: `<file>.lock` holds its pid. A lock
 * left by a dead process (pid gone) is taken over.
 */
function takeSqliteLock(path: string): () => void {
  const lockPath = `${path}.lock`;
  const me = `${process.pid}@${hostname()}`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, me);
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(lockPath, 'utf8') === me) unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readFileSync(lockPath, 'utf8').trim();
      if (holderAlive(holder)) throw new SqliteInUseError(path, holder);
      unlinkSync(lockPath);
    }
  }
  throw new SqliteInUseError(path, 'unknown');
}

function holderAlive(holder: string): boolean {
  const [pidText, host] = holder.split('@');
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  // Another machine's pid cannot be checked: assume it is alive (safe side).
  if (host && host !== hostname()) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
