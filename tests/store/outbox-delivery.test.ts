/** Migration 0003 and the outbox's delivery bookkeeping: attempts, wake-ups, floors, expiry. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Target } from '../../src/digest/model.js';
import type { RenderedChunk, Stores } from '../../src/digest/ports.js';
import { createMigrationProvider } from '../../src/store/migrations.js';
import { createStores } from '../../src/store/index.js';
import { createFakeClock } from '../helpers/fake-clock.js';

const SLOT = '2026-11-27T00:00:00.000Z';
const t: Target = { platform: 'telegram', chatId: '1' };
let stores: Stores | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await stores?.close();
  stores = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function enqueue(s: Stores, n: number, at: Date, expiresAt: Date | null = null) {
  await s.outbox.enqueue(
    Array.from({ length: n }, (_, i) => ({
      targetKey: `telegram:${i}`,
      target: { ...t, chatId: String(i) },
      subscriptionId: null,
      slot: SLOT,
      chunkIndex: 0,
      chunkCount: 1,
      payload: { kind: 'telegram', html: 'x' } as RenderedChunk,
      nextAttemptAt: at,
      expiresAt,
    })),
  );
}

describe('outbox delivery bookkeeping', () => {
  it('wake brings pending rows forward, but never before a 429 floor', async () => {
    const clock = createFakeClock(SLOT);
    stores = await createStores('sqlite::memory:', { clock });
    await enqueue(stores, 3, clock.now());
    const [a, b, c] = await stores.outbox.list();
    const later = new Date(Date.parse(SLOT) + 300_000);
    await stores.outbox.markRetry(a!.id, 'e', later);
    await stores.outbox.markRetry(b!.id, 'e', later, new Date(Date.parse(SLOT) + 60_000));
    await stores.outbox.markRetry(c!.id, 'e', later);
    expect(await stores.outbox.wake('telegram', clock.now(), 1)).toBe(1);
    expect(await stores.outbox.wake('telegram', clock.now())).toBe(1);
    expect((await stores.outbox.due(clock.now(), 10)).map((r) => r.id)).toEqual([a!.id, c!.id]);
    clock.advance(60_000);
    expect(await stores.outbox.wake('telegram', clock.now())).toBe(1);
    expect(await stores.outbox.wake('discord', clock.now())).toBe(0);
  });

  it('records attempts, lists rows in flight, and clears them with the outcome', async () => {
    const clock = createFakeClock(SLOT);
    stores = await createStores('sqlite::memory:', { clock });
    await enqueue(stores, 2, clock.now());
    const [a, b] = await stores.outbox.list();
    await stores.outbox.markAttempt(a!.id, clock.now());
    await stores.outbox.markAttempt(b!.id, clock.now());
    expect((await stores.outbox.inFlight()).map((r) => r.id)).toEqual([a!.id, b!.id]);
    await stores.outbox.markSent(a!.id, 'm1');
    await stores.outbox.clearAttempt(b!.id, 'in flight at a crash');
    expect(await stores.outbox.inFlight()).toEqual([]);
    expect((await stores.outbox.list())[1]?.lastError).toBe('in flight at a crash');
  });

  it('expires by expires_at, or by slot + max age when unset, keeping the last error', async () => {
    const clock = createFakeClock(SLOT);
    stores = await createStores('sqlite::memory:', { clock });
    await enqueue(stores, 1, clock.now(), new Date(Date.parse(SLOT) + 3_600_000));
    await stores.outbox.enqueue([
      {
        targetKey: 'telegram:9',
        target: { ...t, chatId: '9' },
        subscriptionId: null,
        slot: SLOT,
        chunkIndex: 0,
        chunkCount: 1,
        payload: { kind: 'telegram', html: 'y' } as RenderedChunk,
        nextAttemptAt: clock.now(),
      },
    ]);
    const [a] = await stores.outbox.list();
    await stores.outbox.markRetry(a!.id, 'network error: ECONNREFUSED', clock.now());
    clock.advance(3_600_000);
    const first = await stores.outbox.expireStale(clock.now(), 2 * 3_600_000);
    expect(first.map((r) => r.targetKey)).toEqual(['telegram:0']);
    expect(first[0]?.reason).toMatch(/after 1 attempt\(s\); last error: network error/);
    clock.advance(3_600_000);
    expect((await stores.outbox.expireStale(clock.now(), 2 * 3_600_000)).length).toBe(1);
    expect((await stores.outbox.list({ state: 'expired' })).length).toBe(2);
  });

  it('migration 0003 upgrades a database made at 0002 and keeps its rows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hd-mig-'));
    dirs.push(dir);
    const path = join(dir, 'old.db');
    const db = new Kysely<unknown>({
      dialect: new SqliteDialect({ database: new BetterSqlite3(path) }),
    });
    const base = createMigrationProvider('sqlite');
    const all = await base.getMigrations();
    const old = new Migrator({
      db,
      provider: {
        getMigrations: async () =>
          Object.fromEntries(Object.entries(all).filter(([k]) => k < '0003')),
      },
    });
    expect((await old.migrateToLatest()).error).toBeUndefined();
    await db.destroy();
    stores = await createStores(`sqlite:${path}`, { clock: createFakeClock(SLOT) });
    await enqueue(stores, 1, new Date(SLOT));
    const [row] = await stores.outbox.list();
    expect(row?.expiresAt).toBeNull();
    expect(row?.attemptStartedAt).toBeNull();
  });
});
