/**
 * The PostgreSQL side of the store tests. Each test file gets its own schemas
 * (`hd_t_<pid>_<n>`), created through `?schema=` and dropped afterwards, so
 * files and other test runs on the same server never see each other's rows.
 *
 * TEST_DATABASE_URL names the server (default postgres://postgres@127.0.0.1:5432/test).
 * Under CI=true the suite requires it: an unreachable server fails the run
 * instead of skipping it.
 */
import pg from 'pg';

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

export const PG_MISSING_MESSAGE =
  'skipped: no PostgreSQL at TEST_DATABASE_URL (or the default 127.0.0.1:5432/test); CI requires it';

function baseUrl(): string {
  return process.env['TEST_DATABASE_URL'] || DEFAULT_TEST_DATABASE_URL;
}

/** Whether the test server answers; under CI it must, and this throws when it does not. */
export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: baseUrl(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch (err) {
    if (process.env['CI'] === 'true')
      throw new Error(
        `PostgreSQL is required in CI but ${baseUrl()} did not answer: ${(err as Error).message}`,
        { cause: err },
      );
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

let counter = 0;

/** Hands out database URLs, each on a fresh schema; `dropAll()` removes them. */
export function createPgSchemas(tag: string): {
  url(): string;
  dropAll(): Promise<void>;
} {
  const made: string[] = [];
  return {
    url() {
      const schema = `hd_t_${tag}_${process.pid}_${++counter}_${Date.now().toString(36)}`
        .toLowerCase()
        .replace(/[^a-z0-9_]/g, '_')
        .slice(0, 63);
      made.push(schema);
      const u = new URL(baseUrl());
      u.searchParams.set('schema', schema);
      return u.toString();
    },
    async dropAll() {
      if (made.length === 0) return;
      const client = new pg.Client({ connectionString: baseUrl() });
      await client.connect();
      try {
        for (const s of made.splice(0)) await client.query(`drop schema if exists "${s}" cascade`);
      } finally {
        await client.end();
      }
    },
  };
}
