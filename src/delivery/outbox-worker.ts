/**
 * The delivery worker: sends due outbox rows through the platform publishers.
 *
 * The rules it keeps (docs/delivery.md):
 * - a row is marked sent only after its publisher resolved, so a crash in
 *   between leaves it pending and it is sent again on restart (at-least-once;
 *   Discord dedups that resend through the nonce = `idempotencyKey(row)`);
 * - the chunks of one (target, slot) go out in order; when one fails, the
 *   later ones wait for the next round instead of overtaking it;
 * - `TransientPublishError` (and any unknown error) → retry with capped
 *   backoff while the row is fresh, then `expired` with the reason; admins
 *   hear once per outage; `PermanentPublishError` → the subscription is
 *   disabled with the reason and every pending row of the target is failed;
 *   `ChatMigratedError` → the subscription moves and the chunk is re-sent at once;
 * - every send is recorded before it starts, so a row in flight at a crash
 *   is recognised on the next start and decided on (resent or expired).
 */
import type { Platform, Target } from '../digest/model.js';
import type { Clock, Logger, OutboxRow, OutboxStore, SubscriptionStore } from '../digest/ports.js';
import { silentLogger, systemClock } from '../digest/ports.js';
import type { BackoffOptions } from './backoff.js';
import { DEFAULT_BACKOFF, backoffDelay, idempotencyKey, targetKeyOf } from './backoff.js';
import type { PublishResult, Publisher } from './publisher.js';
import {
  ChatMigratedError,
  PermanentPublishError,
  PublishError,
  TransientPublishError,
} from './publisher.js';
import { createOutboxUpkeep, type DeliveryNotifier } from './outbox-upkeep.js';
import type { InFlightGate } from './platform-health.js';
import { createInFlightGate, createPlatformHealth } from './platform-health.js';
import type { RateLimiter } from './rate-limiter.js';
import { createRateLimiter } from './rate-limiter.js';
import { HanoiDigestError } from '../digest/errors.js';

export interface DeliveryWorkerOptions {
  outbox: OutboxStore;
  subscriptions: SubscriptionStore;
  publishers: Partial<Record<Platform, Publisher>>;
  clock?: Clock;
  logger?: Logger;
  backoff?: BackoffOptions;
  /** Targets sent to in parallel (default 4); one target's chunks are always sequential. */
  concurrency?: number;
  /**
   * A global cap on publishes per second across all targets; see
   * rate-limiter.ts for how the window is counted.
   */
  rateLimit?: { perSecond: number; jitterMarginMs?: number };
  /** Rows fetched per query (default 100). */
  batchSize?: number;
  /** Poll period of `start()` (default 5 s). */
  pollIntervalMs?: number;
  /** Random source for jitter (tests pin it). */
  random?: () => number;
  /** Overrides the limiter built from `rateLimit` (tests, shared limiters). */
  limiter?: RateLimiter;
  /**
   * How long a row stays worth sending when it carries no `expiresAt` of its
   * own (default 12 h after its slot). The digest runner sets `expiresAt`
   * to the target's next slot when that comes sooner.
   */
  maxAgeMs?: number;
  /** While a platform is failing, one row is tried this often (default 15 s). */
  probeIntervalMs?: number;
  /** Told once per outage when rows expire (admins); failures here are only logged. */
  notifier?: DeliveryNotifier;
  /**
   * Platforms with no idempotency key, where every send in flight at a crash
   * may be doubled (default ['telegram']): their sends in flight are kept to
   * one while answers are slow (see `createInFlightGate`).
   */
  atLeastOncePlatforms?: Platform[];
  /** An answer slower than this counts as slow for the in-flight gate (default 1.5 s). */
  slowResponseMs?: number;
  /** Overrides the gate (the bench's "before" run passes one that never waits). */
  gate?: InFlightGate;
}

export type { DeliveryNotice, DeliveryNotifier } from './outbox-upkeep.js';

export interface DrainReport {
  sent: number;
  retried: number;
  failed: number;
  /** Subscriptions disabled after a permanent refusal. */
  disabled: number;
  migrated: number;
  /** Rows left pending because an earlier chunk of theirs is not sent yet. */
  deferred: number;
  /** Rows that stopped being fresh before they could be sent. */
  expired: number;
  /** Rows found in flight at a crash (recorded attempt, no outcome) and decided on. */
  recovered: number;
}

export interface DeliveryWorker {
  /** Send every row due now; resolves when nothing due is left for this round. */
  drain(): Promise<DrainReport>;
  /** Poll `drain()` every `pollIntervalMs` until `stop()`. Idempotent. */
  start(): void;
  /**
   * Stop polling and wait for in-flight sends. No new chunk starts after
   * `stop()`; a chunk whose publish has not resolved stays pending and is
   * sent on the next start.
   */
  stop(): Promise<void>;
  /** Wake the loop now (after an enqueue) instead of waiting for the next poll. */
  poke(): void;
}

/** A drain that did nothing (also what an instance without the deliver role reports). */
export function emptyDrainReport(): DrainReport {
  return {
    sent: 0,
    retried: 0,
    failed: 0,
    disabled: 0,
    migrated: 0,
    deferred: 0,
    expired: 0,
    recovered: 0,
  };
}

export const DEFAULT_MAX_AGE_MS = 12 * 3_600_000;

/** Tries of a chunk the platform refused as such (not an outage). */
const REFUSED_CHUNK_ATTEMPTS = 8;

function refusedChunkError(err: unknown): boolean {
  return err instanceof PublishError && !(err instanceof TransientPublishError);
}

export class NoPublisherError extends HanoiDigestError {
  override name = 'NoPublisherError';
  constructor(readonly platform: Platform) {
    super(`No publisher configured for platform "${platform}"`);
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

export function createDeliveryWorker(options: DeliveryWorkerOptions): DeliveryWorker {
  const {
    outbox,
    subscriptions,
    publishers,
    clock = systemClock,
    logger = silentLogger,
    concurrency = 4,
    batchSize = 100,
    pollIntervalMs = 5_000,
    random = Math.random,
  } = options;
  const backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  const maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
  const health = createPlatformHealth({ probeIntervalMs: options.probeIntervalMs ?? 15_000 });
  const atLeastOnce: Platform[] = options.atLeastOncePlatforms ?? ['telegram'];
  const gate =
    options.gate ??
    createInFlightGate({
      platforms: atLeastOnce,
      max: concurrency,
      slowMs: options.slowResponseMs ?? 1_500,
    });
  /** Set once the rows in flight at a previous crash were decided on. */
  let recoveredAtStart = false;
  const limiter =
    options.limiter ?? (options.rateLimit ? createRateLimiter(options.rateLimit) : null);
  /** Old target key → new chat id, learnt from ChatMigratedError during this process. */
  const migrations = new Map<string, string>();

  let stopping = false;
  let running = false;
  let timer: NodeJS.Timeout | null = null;
  let current: Promise<DrainReport> | null = null;

  function resolveTarget(row: OutboxRow): Target {
    const moved = migrations.get(row.targetKey);
    return moved ? { platform: row.target.platform, chatId: moved } : row.target;
  }

  async function disable(row: OutboxRow, target: Target, reason: string): Promise<void> {
    const subId = row.subscriptionId ?? (await subscriptions.findByTarget(target))?.id ?? null;
    if (subId) await subscriptions.setState(subId, 'disabled', reason);
    await outbox.failPendingForTarget(targetKeyOf(target), `disabled: ${reason}`);
    logger.warn(
      { targetKey: targetKeyOf(target), subscriptionId: subId, reason },
      'delivery refused for good; subscription disabled',
    );
  }

  /** Whether every earlier chunk of this row's (target, slot) is sent. */
  async function earlierChunksSent(row: OutboxRow): Promise<'yes' | 'wait' | 'failed'> {
    if (row.chunkIndex === 0) return 'yes';
    const rows = await outbox.list({ targetKey: row.targetKey });
    const earlier = rows.filter((r) => r.slot === row.slot && r.chunkIndex < row.chunkIndex);
    if (earlier.some((r) => r.state === 'failed')) return 'failed';
    if (earlier.length < row.chunkIndex || earlier.some((r) => r.state !== 'sent')) return 'wait';
    return 'yes';
  }

  /** Send one row. Returns false when the rest of this target must wait. */
  async function sendRow(
    row: OutboxRow,
    report: DrainReport,
    checkOrder: boolean,
  ): Promise<boolean> {
    if (checkOrder) {
      const order = await earlierChunksSent(row);
      if (order === 'wait') {
        report.deferred++;
        return false;
      }
      if (order === 'failed') {
        await outbox.markFailed(row.id, 'an earlier chunk of this digest failed');
        report.failed++;
        return true;
      }
    }
    const publisher = publishers[row.target.platform];
    const key = idempotencyKey(row);
    const meta = { chunkIndex: row.chunkIndex, chunkCount: row.chunkCount, slot: row.slot };
    let target = resolveTarget(row);
    // At most one migration hop per attempt, so a misbehaving platform cannot loop us.
    for (let hop = 0; hop < 2; hop++) {
      let result: PublishResult;
      try {
        if (!publisher) throw new NoPublisherError(row.target.platform);
        const open = await gate.acquire(row.target.platform);
        let outcome: 'ok' | 'error' = 'error';
        try {
          const release = limiter ? await limiter.acquire() : null;
          try {
            // Recorded before the request: after a crash this row is known to
            // have been in flight, not merely pending (docs/delivery.md).
            await outbox.markAttempt(row.id, clock.now());
            result = await publisher.publish(target, row.payload, key, meta);
            outcome = 'ok';
          } finally {
            release?.();
          }
        } finally {
          open(outcome);
        }
      } catch (err) {
        if (err instanceof ChatMigratedError && hop === 0) {
          const from = target.chatId;
          await subscriptions.migrateChat(target.platform, from, err.newChatId);
          migrations.set(row.targetKey, err.newChatId);
          migrations.set(targetKeyOf(target), err.newChatId);
          target = { platform: target.platform, chatId: err.newChatId };
          report.migrated++;
          logger.info(
            { targetKey: row.targetKey, from, to: err.newChatId },
            'chat migrated; re-sending there',
          );
          continue;
        }
        if (err instanceof PermanentPublishError) {
          await disable(row, target, err.reason);
          report.disabled++;
          report.failed++;
          return false;
        }
        const attempts = row.attempts + 1;
        const text = errorText(err);
        const retryAfter = err instanceof TransientPublishError ? err.retryAfterMs : null;
        if (!(err instanceof NoPublisherError) && !refusedChunkError(err))
          health.failed(row.target.platform, clock.now(), text, retryAfter);
        // A plain PublishError is the platform refusing this chunk (a 400 that
        // resending cannot fix): bounded as before, not retried until expiry.
        const refusedChunk = refusedChunkError(err);
        const limit = refusedChunk
          ? Math.min(backoff.maxAttempts, REFUSED_CHUNK_ATTEMPTS)
          : backoff.maxAttempts;
        if (attempts >= limit) {
          await outbox.markFailed(row.id, `gave up after ${attempts} attempts: ${text}`);
          report.failed++;
          logger.error(
            {
              targetKey: row.targetKey,
              slot: row.slot,
              chunk: row.chunkIndex,
              attempts,
              err,
            },
            'delivery failed for good',
          );
          return false;
        }
        const delay = backoffDelay(attempts, backoff, retryAfter, random);
        const nowMs = clock.now().getTime();
        await outbox.markRetry(
          row.id,
          text,
          new Date(nowMs + delay),
          retryAfter ? new Date(nowMs + retryAfter) : null,
        );
        report.retried++;
        logger.warn(
          {
            targetKey: row.targetKey,
            slot: row.slot,
            chunk: row.chunkIndex,
            attempts,
            delayMs: delay,
            err,
          },
          'delivery failed; will retry',
        );
        return false;
      }
      // Outside the try: a store error here is not a publish failure. If the
      // process dies right here the row stays pending and is sent again.
      await outbox.markSent(row.id, result.messageId);
      report.sent++;
      const ended = health.succeeded(row.target.platform);
      if (ended) {
        // The platform answers again: everything waiting for it is due now
        // (the rate limiter and per-row retry_after floors still apply).
        const woken = await outbox.wake(row.target.platform, clock.now());
        logger.info(
          {
            platform: row.target.platform,
            since: ended.since.toISOString(),
            failures: ended.failures,
            woken,
          },
          'platform answers again; pending digests resume',
        );
      }
      return true;
    }
    return false;
  }

  const upkeep = createOutboxUpkeep({
    outbox,
    logger,
    health,
    clock,
    maxAgeMs,
    atLeastOnce,
    ...(options.notifier ? { notifier: options.notifier } : {}),
  });

  async function drainOnce(): Promise<DrainReport> {
    const report = emptyDrainReport();
    if (!recoveredAtStart) {
      recoveredAtStart = true;
      await upkeep.recover(report);
    }
    /** Targets that hit a failure this round: their later chunks wait. */
    const blocked = new Set<string>();
    /** Rows seen and left pending this round (deferred or behind a blocked chunk). */
    const skipped = new Set<number>();
    while (!stopping) {
      await upkeep.expire(report);
      for (const platform of health.probesDue(clock.now())) {
        // One row tries the failing platform; its success wakes the rest.
        await outbox.wake(platform, clock.now(), 1);
      }
      const due = await outbox.due(clock.now(), batchSize + skipped.size);
      const rows = due.filter((r) => !skipped.has(r.id));
      if (rows.length === 0) break;
      const byTarget = new Map<string, OutboxRow[]>();
      for (const r of rows) {
        if (blocked.has(r.targetKey)) {
          skipped.add(r.id);
          continue;
        }
        const list = byTarget.get(r.targetKey) ?? [];
        list.push(r);
        byTarget.set(r.targetKey, list);
      }
      const queue = [...byTarget.entries()];
      const work = async (): Promise<void> => {
        for (let next = queue.shift(); next && !stopping; next = queue.shift()) {
          const [key, list] = next;
          let prev: OutboxRow | null = null;
          for (const row of list) {
            if (stopping || blocked.has(key)) {
              skipped.add(row.id);
              continue;
            }
            // Order needs a look at the store only when this batch does not
            // already show the previous chunk being sent just now.
            const checkOrder = !(
              prev &&
              prev.slot === row.slot &&
              prev.chunkIndex === row.chunkIndex - 1
            );
            const ok = await sendRow(row, report, checkOrder);
            if (!ok) {
              blocked.add(key);
              skipped.add(row.id);
            }
            prev = row;
          }
        }
      };
      // allSettled: a store error in one lane must not leave others running
      // after drain() has returned (a second drain would race them).
      const results = await Promise.allSettled(
        Array.from({ length: Math.max(1, Math.min(concurrency, queue.length)) }, work),
      );
      const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failure) throw failure.reason;
    }
    return report;
  }

  function drain(): Promise<DrainReport> {
    // One drain at a time: a tick and the poll loop share the in-flight run
    // rather than sending the same rows twice.
    if (current) return current;
    current = drainOnce().finally(() => {
      current = null;
    });
    return current;
  }

  function schedule(delay: number): void {
    if (!running || stopping) return;
    timer = setTimeout(() => {
      timer = null;
      drain()
        .catch((err: unknown) => logger.error({ err: errorText(err) }, 'delivery drain failed'))
        .finally(() => schedule(pollIntervalMs));
    }, delay);
    timer.unref?.();
  }

  return {
    drain,
    start() {
      if (running) return;
      running = true;
      stopping = false;
      schedule(0);
    },
    async stop() {
      stopping = true;
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
      if (current) await current.catch(() => undefined);
      stopping = false;
    },
    poke() {
      if (!running || stopping || current) return;
      if (timer) clearTimeout(timer);
      schedule(0);
    },
  };
}
