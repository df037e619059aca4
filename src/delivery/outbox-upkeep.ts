/**
 * The worker's upkeep between sends: deciding on rows left in flight by a
 * crash, and expiring rows that are no longer fresh (with one admin notice
 * per outage). Kept apart from the send loop in outbox-worker.ts.
 */
import type { Platform } from '../digest/model.js';
import type { Clock, ExpiredOutboxRow, Logger, OutboxStore } from '../digest/ports.js';
import type { DrainReport } from './outbox-worker.js';
import type { PlatformHealth } from './platform-health.js';

/** What admins are told when digests expire. */
export interface DeliveryNotice {
  platform: Platform;
  /** Rows expired in the round that triggered the notice. */
  expiredRows: number;
  targets: string[];
  /** The last error of the outage (or of the rows). */
  reason: string;
  /** When the outage began; null when the rows expired without one. */
  outageSince: Date | null;
}

export type DeliveryNotifier = (notice: DeliveryNotice) => void | Promise<void>;

export interface OutboxUpkeepOptions {
  outbox: OutboxStore;
  logger: Logger;
  health: PlatformHealth;
  clock: Clock;
  maxAgeMs: number;
  atLeastOnce: Platform[];
  notifier?: DeliveryNotifier;
}

export interface OutboxUpkeep {
  recover(report: DrainReport): Promise<void>;
  expire(report: DrainReport): Promise<void>;
}

const QUIET_NOTICE_MS = 3_600_000;

function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

export function createOutboxUpkeep(options: OutboxUpkeepOptions): OutboxUpkeep {
  const { outbox, logger, health, clock, maxAgeMs, atLeastOnce } = options;
  const quietNoticeAt = new Map<Platform, number>();

  /**
   * Rows that carry a recorded attempt and no outcome were in flight when a
   * previous process died. Whether the platform got them is unknown. Rows no
   * longer fresh are left to expire; the others are sent again: Discord
   * returns the first message for the same nonce, Telegram has no such key
   * and may show the chunk twice (we prefer that to losing it).
   */
  async function recover(report: DrainReport): Promise<void> {
    const rows = await outbox.inFlight();
    const now = clock.now();
    for (const row of rows) {
      const started = row.attemptStartedAt?.toISOString() ?? 'unknown';
      const expiresAt = row.expiresAt ?? new Date(Date.parse(row.slot) + maxAgeMs);
      const fresh = expiresAt.getTime() > now.getTime();
      const note = `in flight at a crash (attempt recorded at ${started}); ${
        fresh ? 'sent again' : 'no longer fresh'
      }`;
      await outbox.clearAttempt(row.id, note);
      report.recovered++;
      logger.warn(
        {
          targetKey: row.targetKey,
          slot: row.slot,
          chunk: row.chunkIndex,
          attemptStartedAt: started,
          platform: row.target.platform,
          mayDouble: fresh && atLeastOnce.includes(row.target.platform),
        },
        'row was in flight at a crash; deciding again',
      );
    }
  }

  /** Expire rows no longer fresh; one admin notice per outage (or per round without one). */
  async function expire(report: DrainReport): Promise<void> {
    const expired = await outbox.expireStale(clock.now(), maxAgeMs);
    if (expired.length === 0) return;
    report.expired += expired.length;
    const byPlatform = new Map<Platform, ExpiredOutboxRow[]>();
    for (const row of expired) {
      logger.error(
        { targetKey: row.targetKey, slot: row.slot, reason: row.reason },
        'digest expired before it could be delivered',
      );
      const list = byPlatform.get(row.platform) ?? [];
      list.push(row);
      byPlatform.set(row.platform, list);
    }
    for (const [platform, rows] of byPlatform) {
      const outage = health.outage(platform);
      if (outage) {
        outage.expired += rows.length;
        if (outage.notified) continue;
        outage.notified = true;
      } else {
        // Expiries without an outage (no publisher configured, one chat
        // failing): at most one notice per platform an hour.
        const now = clock.now().getTime();
        const last = quietNoticeAt.get(platform);
        if (last !== undefined && now - last < QUIET_NOTICE_MS) continue;
        quietNoticeAt.set(platform, now);
      }
      const notice: DeliveryNotice = {
        platform,
        expiredRows: rows.length,
        targets: [...new Set(rows.map((r) => r.targetKey))],
        reason: outage?.lastError ?? rows[0]?.reason ?? 'unknown',
        outageSince: outage?.since ?? null,
      };
      logger.error(notice, 'digests expired undelivered; telling admins');
      try {
        await options.notifier?.(notice);
      } catch (err) {
        logger.warn({ err: errorText(err) }, 'admin notice about expired digests failed');
      }
    }
  }

  return { recover, expire };
}
