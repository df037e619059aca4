/** Errors raised by the store. Each carries the data a caller needs to report it. */
import { HanoiDigestError } from '../digest/errors.js';

/** The DATABASE_URL names a database this build cannot open (yet). */
export class UnsupportedDatabaseError extends HanoiDigestError {
  override readonly name = 'UnsupportedDatabaseError';
  constructor(
    readonly url: string,
    readonly scheme: string,
    detail: string,
  ) {
    super(`Unsupported DATABASE_URL "${redact(url)}": ${detail}`);
  }
}

/** A write would break a uniqueness rule the caller is expected to respect. */
export class StoreConflictError extends HanoiDigestError {
  override readonly name = 'StoreConflictError';
  constructor(
    readonly table: string,
    readonly key: string,
    message: string,
  ) {
    super(message);
  }
}

/** Never echo a password from a connection string into logs or errors. */
function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

/** A second long-running instance tried to open a SQLite file another one owns. */
export class SqliteInUseError extends HanoiDigestError {
  override readonly name = 'SqliteInUseError';
  constructor(
    readonly path: string,
    readonly holder: string,
  ) {
    super(
      `The SQLite database ${path} is already used by another hanoi-digest instance (${holder}). ` +
        'SQLite serves one instance; to run several, use PostgreSQL (DATABASE_URL=postgres://…, see README "Running on PostgreSQL").',
    );
  }
}
