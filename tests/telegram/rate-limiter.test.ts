import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/bots/telegram/rate-limiter.js';

describe('telegram rate limiter (booked slots, no timing)', () => {
  it('spaces messages to one chat by a second', () => {
    const l = createRateLimiter({ limits: { globalPerSecond: 1000 } });
    expect([l.reserve('42', 0), l.reserve('42', 0), l.reserve('42', 0)]).toEqual([0, 1000, 2000]);
  });

  it('different chats do not wait for each other beyond the global cap', () => {
    const l = createRateLimiter({ limits: { globalPerSecond: 25 } });
    const times = Array.from({ length: 50 }, (_, i) => l.reserve(String(i + 1), 0));
    expect(times[1]).toBe(40);
    // Any one-second window holds at most 25 sends.
    for (const t of times)
      expect(times.filter((x) => x >= t && x < t + 1000).length).toBeLessThanOrEqual(25);
  });

  it('a group gets at most 20 messages in any minute', () => {
    const l = createRateLimiter({ limits: { globalPerSecond: 1000 } });
    const times = Array.from({ length: 45 }, () => l.reserve('-100123', 0));
    for (const t of times)
      expect(times.filter((x) => x >= t && x < t + 60_000).length).toBeLessThanOrEqual(20);
    expect(times[19]).toBe(19_000);
    expect(times[20]).toBe(60_000);
    expect(times[40]).toBe(120_000);
  });

  it('acquire sleeps exactly until the booked slot', async () => {
    const slept: number[] = [];
    const l = createRateLimiter({
      now: () => 5_000,
      sleep: async (ms) => void slept.push(ms),
      limits: { globalPerSecond: 1000 },
    });
    await l.acquire('7');
    await l.acquire('7');
    expect(slept).toEqual([1000]);
  });

  it("one chat's backlog booked into the future does not hold another chat", () => {
    const l = createRateLimiter({ limits: { globalPerSecond: 25 } });
    // A flooding chat books ten replies, one a second.
    const backlog = Array.from({ length: 10 }, () => l.reserve('111', 0));
    expect(backlog.at(-1)).toBe(9_000);
    // Another chat asking at 500 ms goes at 500 ms, not after the backlog's next reply.
    expect(l.reserve('222', 500)).toBe(500);
    // A slot that would sit within 40 ms of a booked one moves just past it.
    expect(l.reserve('333', 1_010)).toBe(1_040);
    // The cap still holds: no two sends closer than 40 ms.
    const all = [...backlog, 500, 1_040].sort((a, b) => a - b);
    for (let i = 1; i < all.length; i++) expect(all[i]! - all[i - 1]!).toBeGreaterThanOrEqual(40);
  });
});
