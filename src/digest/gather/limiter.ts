/**
 * Concurrency limits for fetching, on p-limit: one overall limit, and a
 * per-host one that also spaces requests to a host by a minimum delay (a
 * newsroom's server sees at most `perHost` requests at once from us, started
 * at least `minDelayMs` apart). Per-host entries are dropped once a host is
 * idle, so a long-running service that met thousands of hosts does not keep
 * a limiter for each.
 */
import pLimit, { type LimitFunction } from 'p-limit';

export interface Limiter {
  run<T>(task: () => Promise<T>): Promise<T>;
}

function checkLimit(max: number): void {
  if (!Number.isInteger(max) || max < 1)
    throw new RangeError(`limit must be a positive integer, got ${max}`);
}

/** At most `max` tasks at once; the rest wait in order. */
export function createLimiter(max: number): Limiter {
  checkLimit(max);
  const limit = pLimit(max);
  return { run: (task) => limit(task) };
}

export interface HostLimiterOptions {
  /** Requests in flight to one host (default 2). */
  perHost?: number;
  /** Least time between the starts of two requests to one host, in ms (default 0). */
  minDelayMs?: number;
  /** For tests: the clock and the sleep the delay uses. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface HostLimiter {
  run<T>(host: string, task: () => Promise<T>): Promise<T>;
  /** Hosts with a live entry (busy, queued, or still inside their delay). */
  size(): number;
}

interface HostEntry {
  limit: LimitFunction;
  /** Earliest time the next request to this host may start. */
  nextStart: number;
  prune: NodeJS.Timeout | null;
}

const realSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms).unref());

export function createHostLimiter(options: HostLimiterOptions = {}): HostLimiter {
  const perHost = options.perHost ?? 2;
  checkLimit(perHost);
  const minDelayMs = Math.max(0, options.minDelayMs ?? 0);
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  const hosts = new Map<string, HostEntry>();

  function pruneIfIdle(host: string, entry: HostEntry): void {
    if (entry.limit.activeCount > 0 || entry.limit.pendingCount > 0) return;
    const wait = entry.nextStart - now();
    if (wait <= 0) {
      hosts.delete(host);
      return;
    }
    // Keep the entry until its delay has passed, so the spacing still holds.
    entry.prune = setTimeout(() => {
      entry.prune = null;
      if (hosts.get(host) === entry) pruneIfIdle(host, entry);
    }, wait);
    entry.prune.unref();
  }

  return {
    run(host, task) {
      let entry = hosts.get(host);
      if (!entry) {
        entry = { limit: pLimit(perHost), nextStart: 0, prune: null };
        hosts.set(host, entry);
      }
      if (entry.prune) {
        clearTimeout(entry.prune);
        entry.prune = null;
      }
      const e = entry;
      const run = e.limit(async () => {
        if (minDelayMs > 0) {
          const start = Math.max(now(), e.nextStart);
          e.nextStart = start + minDelayMs;
          const wait = start - now();
          if (wait > 0) await sleep(wait);
        }
        return task();
      });
      return run.finally(() => {
        // p-limit updates its counts after the task settles; look on the next turn.
        queueMicrotask(() => pruneIfIdle(host, e));
      });
    },
    size: () => hosts.size,
  };
}
