/**
 * One slot's digests: compose once per (window, filters), render once per
 * platform, enqueue every target's chunks in the outbox.
 *
 * Why grouped: 1,000 subscribers with the same filters and the same last
 * digest must cost one composition, not 1,000. Why the outbox: rows are
 * unique on (target, slot, chunk), so running a slot twice (a retry, a
 * catch-up racing a tick) enqueues nothing the second time and sends once.
 */
import type {
  DigestDocument,
  Platform,
  Subscription,
  SubscriptionFilters,
} from '../digest/model.js';
import type { NewsService } from '../digest/compose/index.js';
import type {
  Clock,
  Logger,
  OutboxStore,
  RenderedChunk,
  SubscriptionStore,
} from '../digest/ports.js';
import { silentLogger, systemClock, textChunk } from '../digest/ports.js';
import { targetKeyOf } from './backoff.js';

/** A platform adapter's renderer: its payload shapes are its own, opaque here. */
export interface DigestRenderer {
  (doc: DigestDocument): RenderedChunk[];
  /**
   * A short plain-text notice (the empty digest's) in the platform's payload.
   * Without it the notice goes as a neutral `TextChunk`.
   */
  notice?: (text: string) => RenderedChunk[];
}

/** What to do when a subscriber's window has no matching story. */
export type EmptyDigestPolicy = 'skip' | 'notice';

/** The notice sent under `emptyDigest: 'notice'`. */
export const EMPTY_DIGEST_NOTICE = 'Hôm nay chưa có tin mới phù hợp.';

export interface DigestRunnerOptions {
  news: NewsService;
  subscriptions: SubscriptionStore;
  outbox: OutboxStore;
  renderers: Partial<Record<Platform, DigestRenderer>>;
  clock?: Clock;
  logger?: Logger;
  /** The longest window a digest covers (default 24 h). */
  windowHours?: number;
  /**
   * Default 'skip': an empty digest sends nothing (a daily "nothing new"
   * message teaches people to mute the bot); it is logged, and the slot
   * still counts as done (lastDigestAt moves on). 'notice' sends
   * `EMPTY_DIGEST_NOTICE` instead.
   */
  emptyDigest?: EmptyDigestPolicy;
  /**
   * A digest stops being worth sending at the subscription's next slot (a
   * newer digest replaces it) or `maxAgeHours` after its slot (default 12),
   * whichever comes first. `nextSlot` gives the next slot after a time (the
   * app passes the cron matcher); without it only the max age applies.
   */
  nextSlot?: (sub: Subscription, after: Date) => Date | null;
  maxAgeHours?: number;
}

export type SlotOutcome =
  | 'enqueued'
  | 'already-enqueued'
  | 'empty-skipped'
  | 'not-active'
  | 'already-done'
  | 'no-renderer'
  | 'error';

export interface SlotRunReport {
  slot: string;
  /** `news.digest` calls made. */
  compositions: number;
  /** Outbox rows inserted. */
  enqueuedRows: number;
  outcomes: { subscriptionId: string; outcome: SlotOutcome }[];
}

export interface DigestRunner {
  /**
   * Run the digests of `subs` for `slot`. Inactive subscriptions and those
   * whose lastDigestAt is at or after the slot are left out; the caller
   * decides which subscriptions the slot belongs to.
   */
  runSlot(slot: Date, subs: Subscription[]): Promise<SlotRunReport>;
}

/** A canonical, order-independent key for a filter set. */
export function filtersKey(filters: SubscriptionFilters): string {
  const norm = (xs: string[]): string[] =>
    [...new Set(xs.map((x) => x.normalize('NFC').trim().toLowerCase()))].sort();
  return JSON.stringify([
    norm(filters.topics),
    norm(filters.places),
    norm(filters.keywords),
    norm(filters.excludeKeywords),
  ]);
}

/** A notice as the platform's renderer lays it out (plain text without one). */
export function renderNotice(renderer: DigestRenderer | undefined, text: string): RenderedChunk[] {
  return renderer?.notice ? renderer.notice(text) : [textChunk(text)];
}

export function createDigestRunner(options: DigestRunnerOptions): DigestRunner {
  const {
    news,
    subscriptions,
    outbox,
    renderers,
    clock = systemClock,
    logger = silentLogger,
  } = options;
  const windowMs = (options.windowHours ?? 24) * 3_600_000;
  const emptyPolicy = options.emptyDigest ?? 'skip';
  const maxAgeMs = (options.maxAgeHours ?? 12) * 3_600_000;
  const expiresAtFor = (sub: Subscription, slot: Date): Date => {
    const byAge = slot.getTime() + maxAgeMs;
    let next: Date | null = null;
    try {
      next = options.nextSlot?.(sub, slot) ?? null;
    } catch {
      next = null;
    }
    return new Date(
      next && next.getTime() > slot.getTime() ? Math.min(byAge, next.getTime()) : byAge,
    );
  };

  return {
    async runSlot(slot, subs) {
      const slotIso = slot.toISOString();
      const report: SlotRunReport = {
        slot: slotIso,
        compositions: 0,
        enqueuedRows: 0,
        outcomes: [],
      };
      const note = (sub: Subscription, outcome: SlotOutcome): void => {
        report.outcomes.push({ subscriptionId: sub.id, outcome });
      };

      // Group by (window, filters): one composition per group.
      const groups = new Map<
        string,
        { since: Date; filters: SubscriptionFilters; subs: Subscription[] }
      >();
      for (const sub of subs) {
        if (sub.state !== 'active') {
          note(sub, 'not-active');
          continue;
        }
        if (sub.lastDigestAt && sub.lastDigestAt.getTime() >= slot.getTime()) {
          note(sub, 'already-done');
          continue;
        }
        if (await outbox.hasSlot(targetKeyOf(sub.target), slotIso)) {
          // Enqueued before (a crash before lastDigestAt was saved): only record it.
          await subscriptions.setLastDigestAt(sub.id, slot);
          note(sub, 'already-enqueued');
          continue;
        }
        const floor = slot.getTime() - windowMs;
        const since = new Date(Math.max(floor, sub.lastDigestAt?.getTime() ?? floor));
        const key = `${since.toISOString()}|${filtersKey(sub.filters)}`;
        const group = groups.get(key) ?? { since, filters: sub.filters, subs: [] };
        group.subs.push(sub);
        groups.set(key, group);
      }

      for (const group of groups.values()) {
        let doc: DigestDocument;
        try {
          doc = await news.digest({ since: group.since, until: slot, filters: group.filters });
        } catch (err) {
          // One bad group (a filter the composer refuses) must not cost the
          // other groups their digest. lastDigestAt stays, so a catch-up retries.
          logger.error(
            { slot: slotIso, subscriptions: group.subs.map((s) => s.id), err },
            'digest composition failed',
          );
          for (const sub of group.subs) note(sub, 'error');
          continue;
        }
        report.compositions++;
        const empty = doc.counts.items === 0;
        if (empty && emptyPolicy === 'skip') {
          for (const sub of group.subs) {
            logger.info(
              { subscriptionId: sub.id, slot: slotIso, since: group.since.toISOString() },
              'empty digest skipped',
            );
            await subscriptions.setLastDigestAt(sub.id, slot);
            note(sub, 'empty-skipped');
          }
          continue;
        }
        const rendered = new Map<Platform, RenderedChunk[] | null>();
        const chunksFor = (platform: Platform): RenderedChunk[] | null => {
          if (!rendered.has(platform)) {
            const render = renderers[platform];
            rendered.set(
              platform,
              empty ? renderNotice(render, EMPTY_DIGEST_NOTICE) : render ? render(doc) : null,
            );
          }
          return rendered.get(platform) ?? null;
        };
        // One enqueue (one transaction) per group: a fan-out to thousands of
        // targets must not cost a transaction each.
        const now = clock.now();
        const ready: Subscription[] = [];
        const rows: Parameters<OutboxStore['enqueue']>[0] = [];
        for (const sub of group.subs) {
          const chunks = chunksFor(sub.target.platform);
          if (!chunks || chunks.length === 0) {
            logger.error(
              { subscriptionId: sub.id, platform: sub.target.platform },
              'no renderer for platform; digest not enqueued',
            );
            note(sub, 'no-renderer');
            continue;
          }
          const targetKey = targetKeyOf(sub.target);
          const expiresAt = expiresAtFor(sub, slot);
          chunks.forEach((payload, chunkIndex) =>
            rows.push({
              targetKey,
              target: sub.target,
              subscriptionId: sub.id,
              slot: slotIso,
              chunkIndex,
              chunkCount: chunks.length,
              payload,
              nextAttemptAt: now,
              expiresAt,
            }),
          );
          ready.push(sub);
        }
        report.enqueuedRows += await outbox.enqueue(rows);
        for (const sub of ready) {
          await subscriptions.setLastDigestAt(sub.id, slot);
          note(sub, 'enqueued');
        }
      }
      logger.info(
        {
          slot: slotIso,
          subscriptions: subs.length,
          compositions: report.compositions,
          rows: report.enqueuedRows,
        },
        'digest slot run',
      );
      return report;
    },
  };
}
