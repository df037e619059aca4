/**
 * A feed's health over time: the wait before its next try after failures
 * (backoff with jitter, Retry-After), the automatic disable after days of
 * failures, and which admin notice each change calls for. Pure: it updates
 * the `FeedState` it is given; the gatherer stores it and sends the event.
 */
import type { FeedConfig, FeedState } from '../model.js';
import type { Clock } from '../ports.js';
import { FetchError } from './errors.js';
import { retryAfterMs, type FailureInfo } from './failure.js';
import type { FeedHealthEvent } from './types.js';

/**
 * How failing feeds are treated. A feed that fails waits before its next try:
 * the gather interval, doubled after each further failure, up to 24 h, with
 * jitter so feeds of one outlet do not retry in step. After
 * `disableAfterFailures` failures in a row that span `disableAfterMs`, the feed
 * is disabled until an admin resumes it.
 */
export interface FeedHealthOptions {
  /** The gather interval: the first wait after a failure (default 15 min). */
  baseIntervalMs?: number;
  /** Longest wait between tries (default 24 h). */
  maxBackoffMs?: number;
  /** Jitter as a fraction of the wait, ± (default 0.1). */
  jitter?: number;
  /** Admins hear about a failing feed at this many failures in a row (default 4). */
  notifyAfterFailures?: number;
  /** Disable after this many failures in a row... (default 10) */
  disableAfterFailures?: number;
  /** ...spanning at least this long (default 3 days; never less). */
  disableAfterMs?: number;
  /** Longest Retry-After honoured (default 7 days): an absurd header must not stop a feed for ever. */
  maxRetryAfterMs?: number;
}

const HOUR = 3_600_000;
export const DEFAULT_FEED_HEALTH: Required<FeedHealthOptions> = {
  baseIntervalMs: 15 * 60_000,
  maxBackoffMs: 24 * HOUR,
  jitter: 0.1,
  notifyAfterFailures: 4,
  disableAfterFailures: 10,
  disableAfterMs: 72 * HOUR,
  maxRetryAfterMs: 7 * 24 * HOUR,
};

/** The wait after `failures` failures in a row, before jitter. */
export function backoffMs(failures: number, health: Required<FeedHealthOptions>): number {
  const exp = Math.min(Math.max(failures - 1, 0), 30);
  return Math.min(health.maxBackoffMs, health.baseIntervalMs * 2 ** exp);
}

function retryAfterOf(err: unknown): string | null {
  if (err instanceof FetchError && (err.status === 429 || err.status === 503))
    return err.retryAfter;
  return null;
}

export interface HealthTrackerOptions {
  health?: FeedHealthOptions;
  random: () => number;
  clock: Clock;
}

export interface HealthTracker {
  /** Records a failure: backoff, Retry-After, auto-disable; returns the notice to send, if any. */
  recordFailure(
    feed: FeedConfig,
    state: FeedState,
    err: unknown,
    info: FailureInfo,
  ): FeedHealthEvent | null;
  /** Records a success; returns the recovery notice when admins had been told of a failure. */
  recordSuccess(feed: FeedConfig, state: FeedState): FeedHealthEvent | null;
}

export function createHealthTracker(options: HealthTrackerOptions): HealthTracker {
  const { random, clock } = options;
  const health: Required<FeedHealthOptions> = { ...DEFAULT_FEED_HEALTH, ...options.health };
  health.disableAfterMs = Math.max(health.disableAfterMs, DEFAULT_FEED_HEALTH.disableAfterMs);

  /** Records a failure: backoff, Retry-After, auto-disable; returns the notice to send, if any. */
  function recordFailure(
    feed: FeedConfig,
    state: FeedState,
    err: unknown,
    info: FailureInfo,
  ): FeedHealthEvent | null {
    const now = clock.now();
    state.consecutiveFailures += 1;
    state.failingSince ??= now;
    state.lastError = info.text;
    state.lastErrorKind = info.kind;
    const base = backoffMs(state.consecutiveFailures, health);
    const jittered = Math.min(
      health.maxBackoffMs,
      Math.round(base * (1 + health.jitter * (2 * random() - 1))),
    );
    const asked = retryAfterMs(retryAfterOf(err), now);
    const wait = Math.max(jittered, Math.min(asked ?? 0, health.maxRetryAfterMs));
    state.nextAttemptAt = new Date(now.getTime() + wait);
    const level = state.noticeLevel ?? 'none';
    const event = (kind: FeedHealthEvent['kind']): FeedHealthEvent => ({
      kind,
      feed,
      failures: state.consecutiveFailures,
      failingSince: state.failingSince ?? now,
      failure: info,
      nextAttemptAt: kind === 'disabled' ? null : (state.nextAttemptAt ?? null),
    });
    const spanMs = now.getTime() - (state.failingSince ?? now).getTime();
    if (
      state.consecutiveFailures >= health.disableAfterFailures &&
      spanMs >= health.disableAfterMs
    ) {
      state.disabledAt = now;
      state.nextAttemptAt = null;
      if (level !== 'disabled') {
        state.noticeLevel = 'disabled';
        return event('disabled');
      }
      return null;
    }
    if (state.consecutiveFailures >= health.notifyAfterFailures && level === 'none') {
      state.noticeLevel = 'failing';
      return event('failing');
    }
    return null;
  }

  /** Records a success; returns the recovery notice when admins had been told of a failure. */
  function recordSuccess(feed: FeedConfig, state: FeedState): FeedHealthEvent | null {
    const level = state.noticeLevel ?? 'none';
    const event: FeedHealthEvent | null =
      level === 'none'
        ? null
        : {
            kind: 'recovered',
            feed,
            failures: state.consecutiveFailures,
            failingSince: state.failingSince ?? clock.now(),
            failure: null,
            nextAttemptAt: null,
          };
    state.lastSuccessAt = clock.now();
    state.consecutiveFailures = 0;
    state.lastError = null;
    state.lastErrorKind = null;
    state.failingSince = null;
    state.nextAttemptAt = null;
    state.disabledAt = null;
    state.noticeLevel = 'none';
    return event;
  }

  return { recordFailure, recordSuccess };
}
