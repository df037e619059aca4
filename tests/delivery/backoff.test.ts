import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  backoffDelay,
  idempotencyKey,
  IDEMPOTENCY_KEY_LENGTH,
} from '../../src/delivery/backoff.js';
import { createRateLimiter, RateLimitConfigError } from '../../src/delivery/rate-limiter.js';

describe('backoffDelay', () => {
  it('doubles from 2 s and caps at 5 min, jittered into [50 %, 100 %]', () => {
    const top = (n: number): number => backoffDelay(n, {}, null, () => 1);
    const bottom = (n: number): number => backoffDelay(n, {}, null, () => 0);
    expect([1, 2, 3, 4].map(top)).toEqual([2_000, 4_000, 8_000, 16_000]);
    expect([1, 2, 3].map(bottom)).toEqual([1_000, 2_000, 4_000]);
    expect(top(20)).toBe(5 * 60_000);
    expect(bottom(20)).toBe(2.5 * 60_000);
  });

  it('never retries sooner than the platform asked', () => {
    expect(backoffDelay(1, {}, 30_000, () => 0)).toBe(30_000);
    expect(backoffDelay(5, {}, 1_000, () => 1)).toBe(32_000);
  });
});

describe('idempotencyKey', () => {
  const row = { targetKey: 'discord:123', slot: '2026-11-27T00:00:00.000Z', chunkIndex: 0 };
  it('is stable, 25 characters (Discord nonce limit), and differs per chunk, slot and target', () => {
    const k = idempotencyKey(row);
    expect(k).toHaveLength(IDEMPOTENCY_KEY_LENGTH);
    expect(idempotencyKey({ ...row })).toBe(k);
    const others = [
      idempotencyKey({ ...row, chunkIndex: 1 }),
      idempotencyKey({ ...row, slot: '2026-11-28T00:00:00.000Z' }),
      idempotencyKey({ ...row, targetKey: 'discord:124' }),
    ];
    expect(new Set([k, ...others]).size).toBe(4);
  });
});

/** The most grants inside any half-open 1,000 ms window. */
function maxPerSecond(times: number[]): number {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= 1000) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe('createRateLimiter (bottleneck)', () => {
  // Bottleneck keeps time with Date.now and setTimeout: fake timers drive it with no real waiting.
  const T0 = Date.parse('2026-11-27T00:00:00Z');
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  const elapsed = (): number => Date.now() - T0;
  /** Moves fake time on 1 ms at a time until `p` settles (bottleneck schedules even a free slot on a timer). */
  async function settle<T>(p: Promise<T>): Promise<T> {
    let done = false;
    void p.then(
      () => (done = true),
      () => (done = true),
    );
    await vi.advanceTimersByTimeAsync(0);
    while (!done) await vi.advanceTimersByTimeAsync(1);
    return p;
  }

  it('spaces sends 1/perSecond apart', async () => {
    const limiter = createRateLimiter({ perSecond: 20 });
    const granted: number[] = [];
    for (let i = 0; i < 5; i++) {
      const done = await settle(
        limiter.acquire().then((release) => {
          granted.push(elapsed());
          return release;
        }),
      );
      done();
    }
    // Bottleneck's own timer hops move a grant by a (fake) millisecond or two;
    // the spacing is what counts (20 tokens would otherwise allow all five at once).
    expect(granted[0]).toBeLessThan(10);
    const gaps = granted.slice(1).map((t, i) => t - granted[i]!);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(45);
    expect(granted[4]! - granted[0]!).toBeGreaterThanOrEqual(195);
    expect(granted[4]! - granted[0]!).toBeLessThan(220);
  });

  it('never starts more than perSecond sends in any second, and keeps close to that pace', async () => {
    const limiter = createRateLimiter({ perSecond: 29 });
    const times: number[] = [];
    const all = Promise.all(
      Array.from({ length: 300 }, async () => {
        const done = await limiter.acquire();
        times.push(elapsed());
        done();
      }),
    );
    await vi.runAllTimersAsync();
    await all;
    expect(times).toHaveLength(300);
    expect(maxPerSecond(times)).toBeLessThanOrEqual(29);
    // 300 sends at 35 ms spacing: 10.5 s of (fake) time, not a second-by-second crawl.
    expect(Math.max(...times)).toBeLessThan(11_000);
  });

  it("returns a slow send's slot one window after it finished, not after it started", async () => {
    const limiter = createRateLimiter({ perSecond: 1 });
    const first = await settle(limiter.acquire());
    let secondAt: number | null = null;
    const second = limiter.acquire().then((done) => {
      secondAt = elapsed();
      done();
    });
    await vi.advanceTimersByTimeAsync(2_500); // a cold connection: the first send takes 2.5 s
    expect(secondAt).toBeNull();
    first();
    await vi.advanceTimersByTimeAsync(999);
    expect(secondAt).toBeNull();
    await settle(second);
    expect(secondAt).toBeGreaterThanOrEqual(3_500);
    expect(secondAt).toBeLessThan(3_550);
  });

  it('widens the window by jitterMarginMs', async () => {
    const limiter = createRateLimiter({ perSecond: 1, jitterMarginMs: 250 });
    (await settle(limiter.acquire()))();
    let at: number | null = null;
    await settle(
      limiter.acquire().then((done) => {
        at = elapsed();
        done();
      }),
    );
    expect(at).toBeGreaterThanOrEqual(1_250);
    expect(at).toBeLessThan(1_300);
  });

  it('rejects a non-positive rate', () => {
    expect(() => createRateLimiter({ perSecond: 0 })).toThrow(RateLimitConfigError);
    expect(() => createRateLimiter({ perSecond: Number.NaN })).toThrow(RateLimitConfigError);
  });
});
