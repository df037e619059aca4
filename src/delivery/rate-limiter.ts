/**
 * A global pacing limiter in front of every publish. Platforms cap messages
 * per second (Telegram about 30/s for a bot, Discord per route); staying just
 * under the cap is faster than tripping it and waiting out 429s.
 */
import type { Clock } from '../digest/ports.js';
import { systemClock } from '../digest/ports.js';
import { HanoiDigestError } from '../digest/errors.js';

/** Call when the send has finished (resolved or failed). */
export type RateLimitRelease = () => void;

export interface RateLimiter {
  /** Resolves when one send may start; call the returned function when it has finished. */
  acquire(): Promise<RateLimitRelease>;
}

export interface RateLimiterOptions {
  perSecond: number;
  /** Extra width of the sliding window beyond 1 s (default 0). */
  jitterMarginMs?: number;
  clock?: Clock;
  sleep?: (ms: number) => Promise<void>;
}

export class RateLimitConfigError extends HanoiDigestError {
  override name = 'RateLimitConfigError';
  constructor(readonly perSecond: number) {
    super(`rateLimit.perSecond must be a positive number, got ${perSecond}`);
  }
}

const realSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Grant {
  /** When the send finished; the window counts from here. */
  finishedAt: number;
  finished: Promise<void>;
  finish: () => void;
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { perSecond, clock = systemClock, sleep = realSleep } = options;
  if (!(perSecond > 0) || !Number.isFinite(perSecond)) throw new RateLimitConfigError(perSecond);
  const interval = 1000 / perSecond;
  /** Sends allowed in any sliding window. */
  const cap = Math.max(1, Math.floor(perSecond));
  const windowMs = 1000 + (options.jitterMarginMs ?? 0);
  // Two rules together. (1) A grid: send k is due at `nextFree`, so a timer
  // that fires a millisecond late does not slow every later send (spacing
  // from the actual previous send loses ~5 % that way). The grid may lag
  // `now` by half an interval at most, so idle time is never banked as a
  // burst. (2) A sliding window like the platform's own, counted from when
  // each send FINISHED: the platform saw the message at some moment before
  // that, so "at most `cap` sends started within 1 s of the `cap`-th previous
  // one finishing" holds at the platform too, however late a cold first
  // connection or a stalled event loop delivered it.
  let nextFree = -Infinity;
  const recent: Grant[] = [];
  let chain: Promise<unknown> = Promise.resolve();

  async function grant(): Promise<RateLimitRelease> {
    const requested = clock.now().getTime();
    let at = Math.max(nextFree, requested - interval / 2);
    const oldest = recent.length >= cap ? recent[0] : undefined;
    if (oldest) {
      await oldest.finished;
      at = Math.max(at, oldest.finishedAt + windowMs);
    }
    const now = clock.now().getTime();
    if (at > now) await sleep(at - now);
    nextFree = at + interval;
    let finish: () => void = () => {};
    const entry: Grant = {
      finishedAt: Infinity,
      finished: new Promise<void>((r) => (finish = r)),
      finish: () => {
        if (entry.finishedAt !== Infinity) return;
        // `max` because a fake clock may not move while we sleep.
        entry.finishedAt = Math.max(clock.now().getTime(), at);
        finish();
      },
    };
    recent.push(entry);
    if (recent.length > cap) recent.shift();
    return entry.finish;
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
