/**
 * PostgreSQL session advisory locks for leader election (Telegram long
 * polling, the Discord gateway). The lock lives as long as one dedicated
 * connection: when the leader's process dies, its connection closes and the
 * server frees the lock at once, so another instance can take it on its next
 * try. The key includes the schema, so tenants sharing a database never
 * contend for one another's locks.
 */
import pg from 'pg';

export interface SessionLock {
  /** False once the connection holding the lock is gone. */
  readonly held: boolean;
  /** Round trip on the holding connection; false (and `held` false) when it is gone. */
  check(): Promise<boolean>;
  release(): Promise<void>;
}

export type AdvisoryLocker = (name: string) => Promise<SessionLock | null>;

export function createAdvisoryLocker(
  connectionString: string,
  schema: string | null,
): AdvisoryLocker {
  return async (name) => {
    const client = new pg.Client({ connectionString, connectionTimeoutMillis: 5000 });
    let held = false;
    client.on('error', () => {
      held = false;
    });
    client.on('end', () => {
      held = false;
    });
    await client.connect();
    try {
      const key = `hanoi-digest:${schema ?? 'public'}:${name}`;
      const res = await client.query<{ ok: boolean }>(
        'select pg_try_advisory_lock(hashtextextended($1, 0)) as ok',
        [key],
      );
      held = res.rows[0]?.ok === true;
    } catch (err) {
      await client.end().catch(() => {});
      throw err;
    }
    if (!held) {
      await client.end().catch(() => {});
      return null;
    }
    return {
      get held() {
        return held;
      },
      async check() {
        if (!held) return false;
        try {
          await client.query('select 1');
          return held;
        } catch {
          held = false;
          await client.end().catch(() => {});
          return false;
        }
      },
      async release() {
        held = false;
        // Closing the session frees its advisory locks.
        await client.end().catch(() => {});
      },
    };
  };
}
