/**
 * What the worker knows about each platform between rows: whether it is in
 * an outage (transient failures since the last success), when to probe it
 * again, and how many sends it lets run at once.
 *
 * Why probe: per-row backoff grows to 5 minutes, so after an outage the rows
 * would trickle back over minutes. Instead one row is tried every
 * `probeIntervalMs` (never before the platform's own retry_after); the first
 * success wakes every pending row of that platform at once.
 */
import type { Platform } from '../digest/model.js';

export interface Outage {
  since: Date;
  failures: number;
  lastError: string;
  /** Epoch ms of the next probe. */
  probeAt: number;
  /** Whether admins were already told about this outage. */
  notified: boolean;
  /** Rows expired during this outage. */
  expired: number;
}

export interface PlatformHealth {
  /** A transient failure: enter or extend the outage; the next probe waits. */
  failed(platform: Platform, now: Date, error: string, retryAfterMs: number | null): void;
  /** A success: returns the outage it ended, if any. */
  succeeded(platform: Platform): Outage | null;
  /** Platforms whose probe is due; each is pushed to its next probe time. */
  probesDue(now: Date): Platform[];
  outage(platform: Platform): Outage | undefined;
}

export function createPlatformHealth(options: { probeIntervalMs: number }): PlatformHealth {
  const outages = new Map<Platform, Outage>();
  return {
    failed(platform, now, error, retryAfterMs) {
      const t = now.getTime();
      const next = t + Math.max(options.probeIntervalMs, retryAfterMs ?? 0);
      const o = outages.get(platform);
      if (o) {
        o.failures++;
        o.lastError = error;
        o.probeAt = Math.max(o.probeAt, next);
      } else {
        outages.set(platform, {
          since: now,
          failures: 1,
          lastError: error,
          probeAt: next,
          notified: false,
          expired: 0,
        });
      }
    },
    succeeded(platform) {
      const o = outages.get(platform) ?? null;
      outages.delete(platform);
      return o;
    },
    probesDue(now) {
      const t = now.getTime();
      const due: Platform[] = [];
      for (const [p, o] of outages) {
        if (o.probeAt <= t) {
          o.probeAt = t + options.probeIntervalMs;
          due.push(p);
        }
      }
      return due;
    },
    outage: (platform) => outages.get(platform),
  };
}

export type GateRelease = (outcome: 'ok' | 'error') => void;

export interface InFlightGate {
  /** Resolves when one more send to `platform` may be in flight. */
  acquire(platform: Platform): Promise<GateRelease>;
}

/**
 * Limits sends in flight per platform for platforms without an idempotency
 * key (Telegram). Every send in flight when the process dies is one possible
 * duplicate, so the window is kept to one send while responses are slow:
 * the limit starts at 1, grows by one per fast answer up to `max`, and drops
 * back to 1 on a slow answer, an error, or any send in flight for longer
 * than `slowMs`. Fast platforms lose nothing (the limit is back at `max`
 * after a few answers); slow ones risk one message instead of `max`.
 */
export function createInFlightGate(options: {
  platforms: readonly Platform[];
  max: number;
  slowMs: number;
  now?: () => number;
}): InFlightGate {
  const now = options.now ?? ((): number => performance.now());
  const state = new Map<
    Platform,
    { limit: number; started: Set<{ at: number }>; waiters: (() => void)[] }
  >();
  for (const p of options.platforms) state.set(p, { limit: 1, started: new Set(), waiters: [] });
  const noop: GateRelease = () => undefined;

  return {
    async acquire(platform) {
      const s = state.get(platform);
      if (!s) return noop;
      for (;;) {
        const t = now();
        const stalled = [...s.started].some((x) => t - x.at > options.slowMs);
        const limit = stalled ? 1 : s.limit;
        if (s.started.size < limit) break;
        await new Promise<void>((r) => s.waiters.push(r));
      }
      const entry = { at: now() };
      s.started.add(entry);
      let done = false;
      return (outcome) => {
        if (done) return;
        done = true;
        s.started.delete(entry);
        const fast = outcome === 'ok' && now() - entry.at <= options.slowMs;
        s.limit = fast ? Math.min(options.max, s.limit + 1) : 1;
        for (const w of s.waiters.splice(0)) w();
      };
    },
  };
}
