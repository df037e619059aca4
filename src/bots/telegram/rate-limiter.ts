/**
 * Telegram's send limits, kept ahead of time instead of learned from 429s:
 * at most one message per second to a chat, 20 per minute to a group, and a
 * global cap under 30 per second (no two sends closer than 1/cap). Each `reserve` books the earliest moment
 * that respects all three and returns it; `acquire` sleeps until then.
 *
 * Booking ahead (rather than checking and retrying) keeps the order of
 * messages to one chat and makes the limiter deterministic to test.
 */

export interface RateLimits {
  /** Minimum gap between two messages to one chat, ms (default 1000). */
  perChatIntervalMs: number;
  /** Messages per minute to one group or channel (negative chat id) (default 20). */
  perGroupPerMinute: number;
  /** Messages per second across all chats (default 25, under Telegram's 30). */
  globalPerSecond: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  perChatIntervalMs: 1000,
  perGroupPerMinute: 20,
  globalPerSecond: 25,
};

export interface RateLimiter {
  /** Book a send slot for `chatId` at or after `now`; returns the booked time (ms). */
  reserve(chatId: string, now: number): number;
  /** Book a slot and wait for it. */
  acquire(chatId: string): Promise<void>;
}

export interface RateLimiterOptions {
  limits?: Partial<RateLimits>;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const MINUTE = 60_000;

export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const limits = { ...DEFAULT_RATE_LIMITS, ...options.limits };
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const globalGap = limits.globalPerSecond > 0 ? 1000 / limits.globalPerSecond : 0;
  const chatNext = new Map<string, number>();
  const groupTimes = new Map<string, number[]>();
  /**
   * Global bookings, ascending. A new booking takes the earliest free gap of
   * `globalGap` at or after its chat's own time. Why gaps and not one
   * "next free" time: a chat's backlog books its replies a second apart into
   * the future; a single cursor would then make every other chat wait behind
   * the backlog's next reply (one user's flood held everyone for ~0.6 s).
   */
  const booked: number[] = [];

  function globalSlot(from: number, now: number): number {
    while (booked.length && booked[0]! < now - 1000) booked.shift();
    let x = from;
    let i = 0;
    for (; i < booked.length; i++) {
      const b = booked[i]!;
      if (b <= x - globalGap) continue;
      if (b >= x + globalGap) break;
      x = b + globalGap;
    }
    // Keep the list sorted: insert before the first booking after x.
    let j = i;
    while (j > 0 && booked[j - 1]! > x) j--;
    booked.splice(j, 0, x);
    return x;
  }

  function reserve(chatId: string, at: number): number {
    let t = Math.max(at, chatNext.get(chatId) ?? 0);
    const isGroup = chatId.startsWith('-');
    const times = isGroup ? (groupTimes.get(chatId) ?? []) : null;
    if (times && limits.perGroupPerMinute > 0 && times.length >= limits.perGroupPerMinute) {
      // The slot must leave the minute that holds the last N bookings.
      const oldest = times[times.length - limits.perGroupPerMinute]!;
      t = Math.max(t, oldest + MINUTE);
    }
    if (globalGap > 0) t = globalSlot(t, at);
    chatNext.set(chatId, t + limits.perChatIntervalMs);
    if (times) {
      times.push(t);
      // Keep only what can still constrain a later booking.
      while (times.length > limits.perGroupPerMinute && times[0]! <= t - MINUTE) times.shift();
      groupTimes.set(chatId, times);
    }
    return t;
  }

  return {
    reserve,
    async acquire(chatId) {
      const start = now();
      const at = reserve(chatId, start);
      if (at > start) await sleep(at - start);
    },
  };
}
