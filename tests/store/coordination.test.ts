/**
 * Work sharing between instances: feed and outbox claims with leases, leader
 * leases, run-once keys and shared token buckets, on every backend; plus the
 * concurrency that only PostgreSQL allows (two pools on one database), and
 * the SQLite refusal of a second instance.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/digest/ports.js';
import type { SqlStores } from '../../src/store/index.js';
import { SqliteInUseError, createStores } from '../../src/store/index.js';
import { storeBackends } from './backends.js';
import { chunk, tempDir } from './fixtures.js';

const T0 = new Date('2026-11-27T00:00:00Z');
const MIN = 60_000;
let now = T0;
const clock: Clock = { now: () => now };
const later = (ms: number): Date => new Date(T0.getTime() + ms);

const backends = await storeBackends('coord');

/** A second store on the same database (another instance), where the backend allows it. */
function urlOf(s: SqlStores): string | null {
  if (s.location.kind !== 'postgres') return null;
  const u = new URL(s.location.connectionString);
  if (s.location.schema) u.searchParams.set('schema', s.location.schema);
  return u.toString();
}

async function addFeeds(s: SqlStores, n: number, disabled: string[] = []): Promise<void> {
  for (let i = 0; i < n; i++) {
    const id = `f${String(i).padStart(4, '0')}`;
    await s.feeds.upsert(
      {
        id,
        name: `Báo ${i}`,
        url: `https://f${i}.example.vn/rss`,
        type: 'rss',
        enabled: !disabled.includes(id),
      },
      'config',
    );
  }
}

describe.each(backends)('coordination on %s', (name, open) => {
  let stores: SqlStores;
  beforeEach(async () => {
    now = T0;
    stores = await open({ clock });
  });
  afterEach(async () => {
    await stores.close();
  });
  const c = (): SqlStores['coordination'] => stores.coordination;

  it('claims each due feed once per round, and again after the interval', async () => {
    await addFeeds(stores, 3, ['f0001']);
    const opts = { dueBefore: later(-30 * MIN), leaseMs: 5 * MIN, limit: 10 };
    const a = await c().claimFeeds('A', T0, opts);
    expect(a.feedIds).toEqual(['f0000', 'f0002']);
    expect(a.takeovers).toBe(0);
    expect((await c().claimFeeds('B', T0, opts)).feedIds).toEqual([]);
    await c().releaseFeeds('A', a.feedIds);
    // Finished this round: not due again until the interval has passed.
    expect(
      (await c().claimFeeds('B', later(MIN), { ...opts, dueBefore: later(-29 * MIN) })).feedIds,
    ).toEqual([]);
    const next = await c().claimFeeds('B', later(31 * MIN), { ...opts, dueBefore: later(MIN) });
    expect(next.feedIds).toEqual(['f0000', 'f0002']);
  });

  it('takes over the feeds of an instance whose lease expired', async () => {
    await addFeeds(stores, 2);
    const opts = { dueBefore: later(-30 * MIN), leaseMs: 5 * MIN, limit: 10 };
    expect((await c().claimFeeds('A', T0, opts)).feedIds).toHaveLength(2);
    expect((await c().claimFeeds('B', later(4 * MIN), opts)).feedIds).toEqual([]);
    const taken = await c().claimFeeds('B', later(5 * MIN), opts);
    expect(taken).toEqual({ feedIds: ['f0000', 'f0001'], takeovers: 2 });
    // A's late release does not end B's lease.
    await c().releaseFeeds('A', ['f0000']);
    expect((await c().claimFeeds('C', later(6 * MIN), opts)).feedIds).toEqual([]);
  });

  it('claims outbox rows once; a written row or an expired lease frees them', async () => {
    const slot = T0.toISOString();
    await stores.outbox.enqueue([chunk('-1', slot, 0, 1, T0), chunk('-2', slot, 0, 1, T0)]);
    const a = await c().claimOutbox('A', T0, { leaseMs: MIN, limit: 10 });
    expect(a.rows.map((r) => r.targetKey)).toEqual(['telegram:-1', 'telegram:-2']);
    expect((await c().claimOutbox('B', T0, { leaseMs: MIN, limit: 10 })).rows).toEqual([]);

    now = later(1000);
    const [r1, r2] = a.rows;
    await stores.outbox.markSent(r1!.id, 'm1');
    await stores.outbox.markRetry(r2!.id, 'HTTP 502', later(2000));
    // The retry is due at +2 s and no longer held by A's claim.
    expect((await c().claimOutbox('B', later(1500), { leaseMs: MIN, limit: 10 })).rows).toEqual([]);
    const b = await c().claimOutbox('B', later(2000), { leaseMs: MIN, limit: 10 });
    expect(b.rows.map((r) => r.id)).toEqual([r2!.id]);
    expect(b.takeovers).toBe(0);

    // B dies holding it: after the lease C takes it over.
    expect((await c().claimOutbox('C', later(30_000), { leaseMs: MIN, limit: 10 })).rows).toEqual(
      [],
    );
    const taken = await c().claimOutbox('C', later(62_000), { leaseMs: MIN, limit: 10 });
    expect(taken.rows.map((r) => r.id)).toEqual([r2!.id]);
    expect(taken.takeovers).toBe(1);
  });

  it('keeps the chunks of one digest with one instance when a batch is full', async () => {
    const slot = T0.toISOString();
    await stores.outbox.enqueue([
      chunk('-1', slot, 0, 2, T0),
      chunk('-1', slot, 1, 2, T0),
      chunk('-2', slot, 0, 2, T0),
      chunk('-2', slot, 1, 2, T0),
    ]);
    const a = await c().claimOutbox('A', T0, { leaseMs: MIN, limit: 3 });
    expect(a.rows.map((r) => `${r.targetKey}#${r.chunkIndex}`)).toEqual([
      'telegram:-1#0',
      'telegram:-1#1',
    ]);
    const b = await c().claimOutbox('B', T0, { leaseMs: MIN, limit: 3 });
    expect(b.rows.map((r) => `${r.targetKey}#${r.chunkIndex}`)).toEqual([
      'telegram:-2#0',
      'telegram:-2#1',
    ]);
  });

  it('holds a leader lease until it expires, renewing keeps it', async () => {
    expect(await c().acquireLease('telegram-polling', 'A', T0, 30_000)).toBe(true);
    expect(await c().acquireLease('telegram-polling', 'B', later(10_000), 30_000)).toBe(false);
    expect(await c().acquireLease('telegram-polling', 'A', later(20_000), 30_000)).toBe(true);
    expect(await c().acquireLease('telegram-polling', 'B', later(40_000), 30_000)).toBe(false);
    expect(await c().leaseHolder('telegram-polling', later(40_000))).toBe('A');
    expect(await c().acquireLease('telegram-polling', 'B', later(50_000), 30_000)).toBe(true);
    expect(await c().leaseHolder('telegram-polling', later(50_000))).toBe('B');
    await c().releaseLease('telegram-polling', 'A');
    expect(await c().leaseHolder('telegram-polling', later(50_000))).toBe('B');
    await c().releaseLease('telegram-polling', 'B');
    expect(await c().leaseHolder('telegram-polling', later(50_000))).toBeNull();
  });

  it('runs a key once, whoever asks', async () => {
    const answers = await Promise.all(
      ['A', 'B', 'C'].map((h) => c().runOnce('digest:2026-11-27T00:00Z', h, T0, 3_600_000)),
    );
    expect(answers.filter(Boolean)).toHaveLength(1);
    expect(await c().runOnce('digest:2026-11-27T00:00Z', 'D', later(MIN), 3_600_000)).toBe(false);
    expect(await c().runOnce('digest:2026-11-27T00:00Z', 'D', later(61 * MIN), 3_600_000)).toBe(
      true,
    );
  });

  it('shares a token bucket: a burst, then reservations at the refill rate', async () => {
    const bucket = { capacity: 2, perSecond: 4 };
    expect(await c().takeToken('tg:123', bucket, T0)).toBe(0);
    expect(await c().takeToken('tg:123', bucket, T0)).toBe(0);
    // Reserved: go in 250 ms, the next one in 500 ms (they queue).
    expect(await c().takeToken('tg:123', bucket, T0)).toBe(250);
    expect(await c().takeToken('tg:123', bucket, T0)).toBe(500);
    // 250 ms later one token came back, spoken for: the next still waits 500 ms.
    expect(await c().takeToken('tg:123', bucket, later(250))).toBe(500);
    // A second after that the queue has drained.
    expect(await c().takeToken('tg:123', bucket, later(1250))).toBe(0);
    expect(await c().takeToken('tg:other', bucket, later(250))).toBe(0);
  });

  it.runIf(name === 'postgres')(
    'gives concurrent instances disjoint claims (FOR UPDATE SKIP LOCKED)',
    async () => {
      const url = urlOf(stores);
      const others = await Promise.all([1, 2].map(() => createStores(url!, { clock })));
      try {
        const slot = T0.toISOString();
        await stores.outbox.enqueue(
          Array.from({ length: 120 }, (_, i) => chunk(`-${i}`, slot, 0, 1, T0)),
        );
        await addFeeds(stores, 60);
        const all = [stores, ...others];
        const claimed = await Promise.all(
          all.map(async (s, i) => {
            const rows: number[] = [];
            const feeds: string[] = [];
            for (let k = 0; k < 20; k++) {
              rows.push(
                ...(
                  await s.coordination.claimOutbox(`I${i}`, T0, { leaseMs: MIN, limit: 7 })
                ).rows.map((r) => r.id),
              );
              feeds.push(
                ...(
                  await s.coordination.claimFeeds(`I${i}`, T0, {
                    dueBefore: later(-MIN),
                    leaseMs: MIN,
                    limit: 4,
                  })
                ).feedIds,
              );
            }
            return { rows, feeds };
          }),
        );
        const rows = claimed.flatMap((x) => x.rows);
        const feeds = claimed.flatMap((x) => x.feeds);
        expect(rows).toHaveLength(120);
        expect(new Set(rows).size).toBe(120);
        expect(feeds).toHaveLength(60);
        expect(new Set(feeds).size).toBe(60);
        // More than one instance got work (they ran at once, not one after another).
        expect(claimed.filter((x) => x.rows.length > 0).length).toBeGreaterThan(1);
        // The shared budget across three instances: 5 go now, the other 10 queue 1 s apart.
        const bucket = { capacity: 5, perSecond: 1 };
        const grants = await Promise.all(
          all.flatMap((s) =>
            Array.from({ length: 5 }, () => s.coordination.takeToken('tg:x', bucket, T0)),
          ),
        );
        expect(grants.sort((a, b) => a - b)).toEqual([
          0, 0, 0, 0, 0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000,
        ]);
        // Increments from several pools are never lost.
        await Promise.all(
          all.flatMap((s) => Array.from({ length: 10 }, () => s.kv.increment('n', 1))),
        );
        expect(await stores.kv.get('n')).toBe('30');
      } finally {
        await Promise.all(others.map((s) => s.close()));
      }
    },
  );
});

describe('one SQLite file, one instance', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  it('refuses a second long-running instance with a clear error', async () => {
    const url = `sqlite:${join(tmp.dir, 'db.sqlite')}`;
    const first = await createStores(url, { exclusive: true });
    try {
      const err = await createStores(url, { exclusive: true }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SqliteInUseError);
      expect((err as Error).message).toMatch(/already used by another hanoi-digest instance/);
      expect((err as Error).message).toMatch(/use PostgreSQL/);
      // The CLI (not exclusive) may still read it.
      const cli = await createStores(url);
      await cli.close();
    } finally {
      await first.close();
    }
    const again = await createStores(url, { exclusive: true });
    await again.close();
  });

  it('takes over the lock of a process that died', async () => {
    const path = join(tmp.dir, 'stale.sqlite');
    writeFileSync(`${path}.lock`, '2147483646@' + (await import('node:os')).hostname());
    const s = await createStores(`sqlite:${path}`, { exclusive: true });
    await s.close();
  });
});
