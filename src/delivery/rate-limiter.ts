/**
 * A global pacing limiter (a token bucket of one) in front of every publish. Platforms cap messages per
 * second (Telegram about 30/s for a bot, Discord per route); staying just
 * under the cap is faster than tripping it and waiting out 429s.
 */
import type { Clock } from '../digest/ports.js';
import { systemClock } from '../digest/ports.js';

export interface RateLimiter {
  /** Resolves when one send may start. */
  acquire(): Promise<void>;
}

export interface RateLimiterOptions {
  perSecond: number;
  /**
   * The sliding window is 1 s plus this margin (default one interval), so a
   * send that reaches the platform late (a cold connection) cannot crowd
   * one more message into the platform's own one-second window.
   */
  jitterMarginMs?: number;
  clock?: Clock;
  sleep?: (ms: number) => Promise<void>;
}

export class RateLimitConfigError extends Error {
  override name = 'RateLimitConfigError';
  constructor(readonly perSecond: number) {
    super(`rateLimit.perSecond must be a positive number, got ${perSecond}`);
  }
}

const realSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { perSecond, clock = systemClock, sleep = realSleep } = options;
  if (!(perSecond > 0) || !Number.isFinite(perSecond)) throw new RateLimitConfigError(perSecond);
  const interval = 1000 / perSecond;
  /** Grants allowed in any window of `windowMs` of actual grant times. */
  const cap = Math.max(1, Math.floor(perSecond));
  const windowMs = 1000 + (options.jitterMarginMs ?? interval);
  // Two rules together. (1) A grid: grant k is due at `nextFree`, so a
  // timer that fires a millisecond late does not slow every later send
  // (spacing from the actual previous grant loses ~5 % that way). The grid
  // may lag `now` by half an interval at most, so idle time is never banked
  // as a burst. (2) A sliding window over the actual grant times, mirroring
  // how platforms count (with a margin for network jitter): after an
  // event-loop stall, overdue sleepers wake together, and without it they
  // would burst past the cap.
  let nextFree = -Infinity;
  const recent: number[] = [];
  let chain: Promise<void> = Promise.resolve();

  async function grant(): Promise<void> {
    const requested = clock.now().getTime();
    let at = Math.max(nextFree, requested - interval / 2);
    if (recent.length >= cap) at = Math.max(at, recent[0]! + windowMs);
    if (at > requested) await sleep(at - requested);
    // `max` because a fake clock may not move while we sleep.
    const granted = Math.max(clock.now().getTime(), at);
    recent.push(granted);
    if (recent.length > cap) recent.shift();
    nextFree = at + interval;
  }

  return {
    acquire() {
      // Serialized: each grant sees the previous one's time.
      const next = chain.then(grant);
      chain = next.catch(() => undefined);
      return next;
    },
  };
}
