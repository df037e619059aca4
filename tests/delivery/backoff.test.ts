import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  idempotencyKey,
  IDEMPOTENCY_KEY_LENGTH,
} from '../../src/delivery/backoff.js';
import { createRateLimiter, RateLimitConfigError } from '../../src/delivery/rate-limiter.js';
import { createFakeClock } from '../helpers/fake-clock.js';

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

describe('createRateLimiter', () => {
  const T0 = Date.parse('2026-11-27T00:00:00Z');

  it('spaces sends 1/perSecond apart without real waiting', async () => {
    const clock = createFakeClock();
    const granted: number[] = [];
    const limiter = createRateLimiter({
      perSecond: 20,
      clock,
      sleep: async (ms) => clock.advance(ms),
    });
    for (let i = 0; i < 5; i++) {
      (await limiter.acquire())();
      granted.push(clock.now().getTime() - T0);
    }
    // The first send after idling may come half an interval early; never more.
    expect(granted).toEqual([0, 25, 75, 125, 175]);
  });

  it('keeps the pace when timers fire late (the grid absorbs small overshoots)', async () => {
    const clock = createFakeClock();
    const limiter = createRateLimiter({
      perSecond: 29,
      clock,
      sleep: async (ms) => clock.advance(ms + 4),
    });
    for (let i = 0; i < 290; i++) (await limiter.acquire())();
    const seconds = (clock.now().getTime() - T0) / 1000;
    // Spacing from each late timer instead would give 1000 / 38.5 ≈ 26/s.
    expect(290 / seconds).toBeGreaterThan(28);
  });

  it('never starts more than perSecond sends in any second, even after event-loop stalls', async () => {
    const clock = createFakeClock();
    const times: number[] = [];
    let n = 0;
    // Every 7th sleep stalls for 400 ms: overdue callers then wake together.
    const limiter = createRateLimiter({
      perSecond: 29,
      clock,
      sleep: async (ms) => clock.advance(ms + (++n % 7 === 0 ? 400 : 1)),
    });
    await Promise.all(
      Array.from({ length: 300 }, async () => {
        const done = await limiter.acquire();
        times.push(clock.now().getTime());
        done();
      }),
    );
    expect(times).toHaveLength(300);
    expect(maxPerSecond(times)).toBeLessThanOrEqual(29);
  });

  it('counts the window from when a send finished, so a slow first send cannot be overtaken', async () => {
    const clock = createFakeClock();
    const limiter = createRateLimiter({
      perSecond: 10,
      clock,
      sleep: async (ms) => clock.advance(ms),
    });
    const first = await limiter.acquire();
    const starts: number[] = [];
    // Nine more start on the grid while the first is still in flight.
    for (let i = 0; i < 9; i++) {
      (await limiter.acquire())();
      starts.push(clock.now().getTime() - T0);
    }
    expect(starts[8]).toBe(850);
    // The 11th must wait for the first to finish, then one second more.
    const eleventh = limiter.acquire();
    clock.advance(250); // the first send (a cold connection) finishes at 1,100 ms
    first();
    (await eleventh)();
    expect(clock.now().getTime() - T0).toBe(2_100);
  });

  it('rejects a non-positive rate', () => {
    expect(() => createRateLimiter({ perSecond: 0 })).toThrow(RateLimitConfigError);
  });
});
