/**
 * Retry timing and the idempotency key. Kept apart from the worker so the
 * numbers the delivery policy promises (docs/delivery.md) are tested directly.
 */
import { createHash } from 'node:crypto';
import type { OutboxRow } from '../digest/ports.js';

export interface BackoffOptions {
  /** Delay before the first retry (default 2 s). */
  baseMs?: number;
  /** Ceiling for one delay (default 5 min). */
  maxMs?: number;
  /**
   * Attempts in all before a chunk is failed (default: no limit). A digest
   * is retried for as long as it is fresh, then expired; a count of
   * attempts says nothing about whether the platform is back.
   */
  maxAttempts?: number;
}

export const DEFAULT_BACKOFF: Required<BackoffOptions> = {
  baseMs: 2_000,
  maxMs: 5 * 60_000,
  maxAttempts: Number.POSITIVE_INFINITY,
};

/**
 * The delay before retry number `attempt` (1 = the first retry):
 * `min(maxMs, baseMs · 2^(attempt-1))`, scaled by "equal jitter" into
 * [50 %, 100 %] so many targets failing together do not retry in lockstep.
 * A platform's own `retryAfterMs` is a floor: we never come back sooner.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  retryAfterMs: number | null = null,
  random: () => number = Math.random,
): number {
  const { baseMs, maxMs } = { ...DEFAULT_BACKOFF, ...options };
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(exp / 2 + (exp / 2) * random());
  return Math.max(jittered, retryAfterMs ?? 0);
}

/** Discord's `nonce` is at most 25 characters. */
export const IDEMPOTENCY_KEY_LENGTH = 25;

/**
 * A key stable for one outbox row across retries and restarts:
 * sha256(targetKey|slot|chunkIndex), hex, 25 characters. It uses the row's
 * identity, not its database id, so a row re-enqueued after a lost database
 * would still carry the same nonce.
 */
export function idempotencyKey(row: Pick<OutboxRow, 'targetKey' | 'slot' | 'chunkIndex'>): string {
  return createHash('sha256')
    .update(`${row.targetKey}|${row.slot}|${row.chunkIndex}`)
    .digest('hex')
    .slice(0, IDEMPOTENCY_KEY_LENGTH);
}

export function targetKeyOf(target: { platform: string; chatId: string }): string {
  return `${target.platform}:${target.chatId}`;
}
