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
});
