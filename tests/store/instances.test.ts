/**
 * Several instances on one database: roles, claimed gathering (no feed twice
 * in a round), claimed delivery, the shared send budget, leader takeover, and
 * /healthz + /metrics. The cross-instance cases run on PostgreSQL (two pools
 * on one schema); the single-process ones on SQLite too.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  claimingGather,
  claimingOutbox,
  createLeader,
  createSharedRateLimiter,
  createStoreRunCoordinator,
  withSharedChatLimit,
  withSharedDiscordLimit,
  parseRole,
  rateBucketKey,
  roleFromArgv,
  roleParts,
} from '../../src/app/instance.js';
import { createMetrics, startMetricsServer } from '../../src/app/metrics.js';
import type { GatherReport, Gatherer } from '../../src/digest/gather/types.js';
import { silentLogger } from '../../src/digest/ports.js';
import type { SqlStores } from '../../src/store/index.js';
import { createStores } from '../../src/store/index.js';
import { createFakeClock } from '../helpers/fake-clock.js';
import { storeBackends } from './backends.js';
import { chunk } from './fixtures.js';

const backends = await storeBackends('inst');

function recordingGatherer(): Gatherer & { fetched: string[] } {
  const fetched: string[] = [];
  return {
    fetched,
    async gather(opts = {}) {
      const ids = opts.feedIds ?? [];
      // Let the other instances claim meanwhile.
      await new Promise((r) => setTimeout(r, 5));
      fetched.push(...ids);
      const at = new Date();
      return {
        feeds: ids.map((feedId) => ({
          feedId,
          new: 1,
          seen: 0,
          failed: 0,
          notModified: false,
          ms: 1,
          error: null,
        })),
        startedAt: at,
        finishedAt: at,
      } satisfies GatherReport;
    },
    check: () => Promise.reject(new Error('not used')),
  };
}

async function addFeeds(s: SqlStores, n: number): Promise<void> {
  for (let i = 0; i < n; i++)
    await s.feeds.upsert(
      { id: `f${i}`, name: `Báo ${i}`, url: `https://f${i}.vn/rss`, type: 'rss', enabled: true },
      'config',
    );
}

describe('roles', () => {
  it('reads --role and ROLE, refusing unknown ones', () => {
    expect(roleFromArgv(['--role', 'gather'])).toBe('gather');
    expect(roleFromArgv(['--role=deliver'])).toBe('deliver');
    expect(roleFromArgv([])).toBeUndefined();
    expect(parseRole(undefined)).toBe('all');
    expect(parseRole('BOTS')).toBe('bots');
    expect(() => parseRole('worker')).toThrow(/Unknown role "worker": expected one of all/);
    expect(roleParts('all')).toEqual({ gather: true, deliver: true, bots: true });
    expect(roleParts('deliver')).toEqual({ gather: false, deliver: true, bots: false });
  });

  it('keys the shared budget by a hash of the token, never the token', () => {
    const k = rateBucketKey('telegram', '123:SECRET');
    expect(k).toMatch(/^send:telegram:[0-9a-f]{16}$/);
    expect(k).not.toContain('SECRET');
    expect(rateBucketKey('telegram', '123:OTHER')).not.toBe(k);
  });
});

describe.each(backends)('instances on %s', (name, open) => {
  let stores: SqlStores;
  const more: SqlStores[] = [];
  beforeEach(async () => {
    stores = await open();
  });
  afterEach(async () => {
    await Promise.all(more.splice(0).map((s) => s.close()));
    await stores.close();
  });

  /** Another instance's stores on the same database (PostgreSQL), or this one (SQLite: one process). */
  async function peer(): Promise<SqlStores> {
    if (stores.location.kind !== 'postgres') return stores;
    const u = new URL(stores.location.connectionString);
    if (stores.location.schema) u.searchParams.set('schema', stores.location.schema);
    const s = await createStores(u.toString());
    more.push(s);
    return s;
  }

  it('splits a gathering round: every feed once, none twice', async () => {
    await addFeeds(stores, 90);
    const gatherer = recordingGatherer();
    const instances = await Promise.all([0, 1, 2].map(() => peer()));
    const reports = await Promise.all(
      instances.map((s, i) =>
        claimingGather({
          gatherer,
          coordination: s.coordination,
          holder: `g${i}`,
          intervalMinutes: 15,
          batchSize: 7,
        })(),
      ),
    );
    expect(gatherer.fetched).toHaveLength(90);
    expect(new Set(gatherer.fetched).size).toBe(90);
    expect(reports.reduce((n, r) => n + r.feeds.length, 0)).toBe(90);
    if (name === 'postgres')
      expect(reports.filter((r) => r.feeds.length > 0).length).toBeGreaterThan(1);
    // The round is done: ticking again right away fetches nothing.
    await claimingGather({
      gatherer,
      coordination: stores.coordination,
      holder: 'g9',
      intervalMinutes: 15,
    })();
    expect(gatherer.fetched).toHaveLength(90);
  });

  it('lets the worker see only its claimed rows, counting retries and takeovers', async () => {
    // The store stamps rows with the real clock: claims come after the enqueue on that line.
    const t0 = new Date(Date.now() + 1000);
    await stores.outbox.enqueue([chunk('-1', t0.toISOString(), 0, 1, t0)]);
    let retries = 0;
    let takeovers = 0;
    const a = claimingOutbox(stores.outbox, { coordination: stores.coordination, holder: 'A' });
    const b = claimingOutbox((await peer()).outbox, {
      coordination: (await peer()).coordination,
      holder: 'B',
      onRetry: () => retries++,
      onTakeover: (n) => (takeovers += n),
    });
    expect(await a.due(t0, 10)).toHaveLength(1);
    expect(await b.due(t0, 10)).toHaveLength(0);
    // A died: after its lease (60 s by default) B takes the row over.
    const later = new Date(t0.getTime() + 61_000);
    const [row] = await b.due(later, 10);
    expect(row).toBeDefined();
    expect(takeovers).toBe(1);
    await b.markRetry(row!.id, 'HTTP 502', later);
    expect(retries).toBe(1);
  });

  it('keeps a row in flight with its holder while the send waits for a shared budget', async () => {
    // The store stamps writes with the real clock: the claim is stamped just
    // after the enqueue, and the attempt (below) just after the claim.
    const t0 = new Date(Date.now() + 50);
    await stores.outbox.enqueue([chunk('-2', t0.toISOString(), 0, 1, t0)]);
    const a = claimingOutbox(stores.outbox, { coordination: stores.coordination, holder: 'A' });
    const b = claimingOutbox((await peer()).outbox, {
      coordination: (await peer()).coordination,
      holder: 'B',
    });
    const [row] = await a.due(t0, 10);
    // A marks the attempt, then sleeps for its channel's token: B must not send it too.
    await new Promise((r) => setTimeout(r, 100));
    await a.markAttempt(row!.id, t0);
    expect(await b.due(t0, 10)).toHaveLength(0);
    // A third deliverer starting now leaves A's send alone (no crash recovery
    // of a live instance's row); once a lease has passed, it decides on it.
    const clock = createFakeClock(new Date(t0.getTime() + 1000));
    const c = claimingOutbox((await peer()).outbox, {
      coordination: (await peer()).coordination,
      holder: 'C',
      clock,
    });
    expect(await c.inFlight()).toHaveLength(0);
    clock.advance(60_000);
    expect((await c.inFlight()).map((r) => r.id)).toEqual([row!.id]);
    // If A dies mid-send, its lease still hands the row over.
    expect(await b.due(new Date(t0.getTime() + 61_000), 10)).toHaveLength(1);
  });

  it('shares one send budget between instances', async () => {
    const clock = createFakeClock('2026-11-27T00:00:00.000Z');
    const slept: number[] = [];
    const limiters = await Promise.all(
      [0, 1, 2].map(async () =>
        createSharedRateLimiter({
          coordination: (await peer()).coordination,
          key: 'send:telegram:x',
          perSecond: 4,
          burst: 4,
          clock,
          sleep: async (ms) => {
            slept.push(ms);
            clock.advance(ms);
          },
        }),
      ),
    );
    for (let i = 0; i < 12; i++) await limiters[i % 3]!.acquire();
    // 4 go at once, the other 8 wait 250 ms each: 12 sends take 2 s, not 12/(3*4) = 1 s.
    expect(slept.reduce((a, b) => a + b, 0)).toBe(2000);
  });

  it('moves leadership to another instance when the leader goes silent', async () => {
    const events: string[] = [];
    let aDead = false;
    const mk = async (id: string, dead: () => boolean) => {
      const coordination = (await peer()).coordination;
      return createLeader({
        // A dead instance renews nothing: its lease calls fail, as they would.
        coordination: {
          ...coordination,
          acquireLease: (...args) =>
            dead()
              ? Promise.reject(new Error('connection lost'))
              : coordination.acquireLease(...args),
        },
        name: 'telegram:polling',
        holder: id,
        ttlMs: 400,
        renewMs: 50,
        logger: silentLogger,
        onElected: async () => void events.push(`${id} elected`),
        onDemoted: async () => void events.push(`${id} demoted`),
      });
    };
    const a = await mk('A', () => aDead);
    const b = await mk('B', () => false);
    await a.start();
    await b.start();
    expect(a.isLeader()).toBe(true);
    expect(b.isLeader()).toBe(false);
    aDead = true;
    await waitFor(() => b.isLeader());
    expect(events).toEqual(['A elected', 'A demoted', 'B elected']);
    expect(a.isLeader()).toBe(false);
    await b.stop();
    await a.stop();
    expect(events.at(-1)).toBe('B demoted');
  });

  it.runIf(name === 'postgres')(
    'elects with a session advisory lock; a closed session hands it over',
    async () => {
      const events: string[] = [];
      const sessions: { release(): Promise<void> }[] = [];
      let aDead = false;
      const mk = async (id: string) => {
        const locker = (await peer()).advisoryLock!;
        return createLeader({
          coordination: stores.coordination,
          advisoryLock: async (n) => {
            // A dead process tries nothing more.
            if (id === 'A' && aDead) return null;
            const l = await locker(n);
            if (l) sessions.push(l);
            return l;
          },
          name: 'telegram:polling',
          holder: id,
          renewMs: 50,
          logger: silentLogger,
          onElected: async () => void events.push(`${id} elected`),
          onDemoted: async () => void events.push(`${id} demoted`),
        });
      };
      const a = await mk('A');
      const b = await mk('B');
      await a.start();
      await b.start();
      expect([a.isLeader(), b.isLeader()]).toEqual([true, false]);
      // A's process dies: its connection closes, the server frees the lock.
      aDead = true;
      await sessions[0]!.release();
      await waitFor(() => b.isLeader() && !a.isLeader());
      expect(events[0]).toBe('A elected');
      expect([...events].sort()).toEqual(['A demoted', 'A elected', 'B elected']);
      await Promise.all([a.stop(), b.stop()]);
      expect(events.at(-1)).toBe('B demoted');
    },
  );

  it("keeps a group under Telegram's 20 a minute across deliverers", async () => {
    const clock = createFakeClock('2026-11-27T00:00:00.000Z');
    const sent: string[] = [];
    const slept: number[] = [];
    const inner = {
      platform: 'telegram' as const,
      publish: async (t: { chatId: string }) => {
        sent.push(t.chatId);
        return { messageId: String(sent.length) };
      },
    };
    const deliverers = await Promise.all(
      [0, 1].map(async () =>
        withSharedChatLimit(inner, {
          coordination: (await peer()).coordination,
          keyPrefix: 'send:telegram:x',
          clock,
          sleep: async (ms) => void slept.push(ms),
        }),
      ),
    );
    const text = { kind: 'telegram' as const, html: 'Tin' };
    for (let i = 0; i < 22; i++)
      await deliverers[i % 2]!.publish({ platform: 'telegram', chatId: '-100' }, text, `k${i}`);
    // 20 at once, then the 21st and 22nd wait 3 s and 6 s (20 a minute).
    expect(slept).toEqual([3000, 6000]);
    // A private chat is not counted here.
    await deliverers[0]!.publish({ platform: 'telegram', chatId: '42' }, text, 'p');
    expect(slept).toHaveLength(2);
    expect(sent).toHaveLength(23);
  });

  /**
   * `n` Discord deliverers on this database sending `sends` (channel ids) in
   * turn; the fake sleep moves the shared clock. Returns the total wait and the
   * clock time of each send.
   */
  async function discordRun(
    n: number,
    sends: string[],
    limits: { keyPrefix: string; perSecond: number },
  ): Promise<{ slept: number; at: number[] }> {
    const clock = createFakeClock('2026-11-27T00:00:00.000Z');
    const at: number[] = [];
    let slept = 0;
    const inner = {
      platform: 'discord' as const,
      publish: async () => {
        at.push(clock.now().getTime() - Date.parse('2026-11-27T00:00:00.000Z'));
        return { messageId: String(at.length) };
      },
    };
    const deliverers = await Promise.all(
      Array.from({ length: n }, async () =>
        withSharedDiscordLimit(inner, {
          coordination: (await peer()).coordination,
          ...limits,
          clock,
          sleep: async (ms) => {
            slept += ms;
            clock.advance(ms);
          },
        }),
      ),
    );
    const text = { kind: 'discord' as const, content: 'Tin' };
    for (let i = 0; i < sends.length; i++)
      await deliverers[i % n]!.publish({ platform: 'discord', chatId: sends[i]! }, text, `k${i}`);
    return { slept, at };
  }

  /** The most sends in any window of `ms` (inclusive at both ends). */
  function mostInWindow(at: number[], ms: number): number {
    return Math.max(...at.map((t) => at.filter((u) => u >= t && u <= t + ms).length));
  }

  it('shares one Discord channel budget between 3 instances (5 per 5 s)', async () => {
    const sends = Array.from({ length: 9 }, () => '900');
    const limits = { perSecond: 1000 };
    const three = await discordRun(3, sends, { ...limits, keyPrefix: 'send:discord:three' });
    const one = await discordRun(1, sends, { ...limits, keyPrefix: 'send:discord:one' });
    // 3 at once, then one every 2.5 s: 6 waits of 2500 ms, the same as one instance.
    expect(three.at.slice(0, 4)).toEqual([0, 0, 0, 2500]);
    expect(three.slept).toBe(15_000);
    expect(three.slept).toBe(one.slept);
    expect(mostInWindow(three.at, 5000)).toBeLessThanOrEqual(5);
    // Another channel has its own budget (only the global one is shared).
    const other = await discordRun(3, ['900', '901', '902'], {
      ...limits,
      keyPrefix: 'send:discord:three',
    });
    expect(other.at.slice(1)).toEqual([other.at[1], other.at[1]]);
  });

  it('shares one Discord global budget between 3 instances', async () => {
    const sends = Array.from({ length: 30 }, (_, i) => `ch${i}`);
    const limits = { perSecond: 10 };
    const three = await discordRun(3, sends, { ...limits, keyPrefix: 'send:discord:g3' });
    const one = await discordRun(1, sends, { ...limits, keyPrefix: 'send:discord:g1' });
    // Burst 1 at 10/s: 29 waits of 100 ms, as for one instance, not a third of it.
    expect(three.slept).toBe(2900);
    expect(three.slept).toBe(one.slept);
    expect(mostInWindow(three.at, 1000)).toBeLessThanOrEqual(11);
  });

  it("backs node-cron's run coordinator: one instance per fire", async () => {
    const coordinators = await Promise.all(
      ['A', 'B', 'C'].map(async (id) => createStoreRunCoordinator((await peer()).coordination, id)),
    );
    const key = 'digest:0 7 * * *@Asia/Ho_Chi_Minh:2026-11-27T00:00:00.000Z';
    const answers = await Promise.all(coordinators.map((c) => c.shouldRun(key, 60_000)));
    expect(answers.filter(Boolean)).toHaveLength(1);
    expect(await coordinators[0]!.shouldRun(`${key}-next`, 60_000)).toBe(true);
  });

  it('serves /metrics and /healthz', async () => {
    await stores.outbox.enqueue([
      chunk('-1', '2026-11-27T00:00:00.000Z', 0, 1, new Date(0)),
      chunk('-2', '2026-11-27T00:00:00.000Z', 0, 1, new Date(0)),
    ]);
    const [first] = await stores.outbox.list();
    await stores.outbox.markSent(first!.id, 'm');
    const metrics = createMetrics({
      stores,
      instance: { id: 'test-1', role: 'all' },
      gauges: () => stores.coordination.gauges(),
      processMetrics: false,
    });
    metrics.sends.inc({ platform: 'telegram' }, 3);
    metrics.leaseTakeovers.inc({ kind: 'outbox' });
    let healthy = true;
    const server = await startMetricsServer({
      metrics,
      port: 0,
      host: '127.0.0.1',
      logger: silentLogger,
      health: async () => {
        if (!healthy) throw new Error('database unreachable');
      },
    });
    try {
      const base = `http://127.0.0.1:${server.port}`;
      const text = await (await fetch(`${base}/metrics`)).text();
      expect(text).toMatch(/hanoi_digest_outbox_rows\{state="pending",[^}]*\} 1/);
      expect(text).toMatch(/hanoi_digest_outbox_rows\{state="sent",[^}]*\} 1/);
      expect(text).toMatch(/hanoi_digest_sends_total\{platform="telegram",[^}]*\} 3/);
      expect(text).toMatch(/hanoi_digest_lease_takeovers_total\{kind="outbox",[^}]*\} 1/);
      expect(text).toMatch(/hanoi_digest_articles\{[^}]*\} 0/);
      expect(text).toContain('hanoi_digest_summarizer_fallbacks_total');
      expect(text).toContain('hanoi_digest_rate_limited_total');
      expect(text).toContain('hanoi_digest_feeds_failing');
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      healthy = false;
      const bad = await fetch(`${base}/healthz`);
      expect(bad.status).toBe(503);
      expect(await bad.text()).toMatch(/database unreachable/);
    } finally {
      await server.close();
    }
  });
});

async function waitFor(cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
