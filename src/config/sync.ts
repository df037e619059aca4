/**
 * `syncConfig`: makes the store agree with the files, at startup.
 *
 * Feeds: every feed in feeds.yaml is upserted with origin `config`; the file
 * is the source of truth for what it lists, so a config feed deleted from the
 * file is deleted from the store too (its fetch state goes with it; its
 * articles stay, for dedup and search). Admins' changes to a config feed
 * (pause, rename, filters, removal) are kept apart from the file's values and
 * survive this sync until undone (resume, restore) — see docs/feeds.md. Feeds
 * an admin added (origin `admin`, via the CLI or a bot command) are never
 * touched, unless the file now lists the same id: then the file takes it over.
 *
 * Subscriptions: every entry of subscriptions.yaml is upserted with origin
 * `config`, keeping the stored state and `lastDigestAt` so a restart neither
 * re-sends nor re-enables a channel the bot was removed from. `enabled: false`
 * pauses it. An entry removed from the file is removed, and its pending
 * outbox rows fail, so nothing keeps posting to a channel the admin dropped.
 * A command-made subscription for the same target gives way to the config one.
 */
import type { Subscription } from '../digest/model.js';
import type { Clock, Logger, Stores } from '../digest/ports.js';
import { silentLogger, systemClock } from '../digest/ports.js';
import type { ConfiguredSubscription, LoadedConfig } from './types.js';

export const CONFIG_PAUSE_REASON = 'enabled: false in subscriptions.yaml';

export interface SyncReport {
  feedsUpserted: number;
  feedsRemoved: string[];
  subscriptionsUpserted: number;
  subscriptionsRemoved: string[];
}

export interface SyncOptions {
  logger?: Logger;
  clock?: Clock;
}

function stateFor(
  cfg: ConfiguredSubscription,
  existing: Subscription | null,
): Pick<Subscription, 'state' | 'disabledReason'> {
  if (!cfg.enabled) return { state: 'paused', disabledReason: CONFIG_PAUSE_REASON };
  if (!existing) return { state: 'active', disabledReason: null };
  // Re-enabled in the file: lift only the pause the file itself caused.
  if (existing.state === 'paused' && existing.disabledReason === CONFIG_PAUSE_REASON)
    return { state: 'active', disabledReason: null };
  return { state: existing.state, disabledReason: existing.disabledReason };
}

export async function syncConfig(
  config: LoadedConfig,
  stores: Stores,
  options: SyncOptions = {},
): Promise<SyncReport> {
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? systemClock;
  const report: SyncReport = {
    feedsUpserted: 0,
    feedsRemoved: [],
    subscriptionsUpserted: 0,
    subscriptionsRemoved: [],
  };

  const configFeedIds = new Set(config.feeds.map((f) => f.id));
  for (const feed of config.feeds) {
    await stores.feeds.upsert(feed, 'config');
    report.feedsUpserted++;
  }
  if (stores.feeds.listWithOrigin) {
    for (const f of await stores.feeds.listWithOrigin()) {
      if (f.origin === 'config' && !configFeedIds.has(f.id)) {
        await stores.feeds.remove(f.id, { purge: true });
        report.feedsRemoved.push(f.id);
        logger.info({ feedId: f.id }, 'feed removed: no longer in feeds.yaml');
      }
    }
  } else {
    logger.warn(
      {},
      'feed store cannot list origins; feeds removed from feeds.yaml stay in the store',
    );
  }

  const now = clock.now();
  const configSubIds = new Set(config.subscriptions.map((s) => s.id));
  for (const cfg of config.subscriptions) {
    const byId = await stores.subscriptions.get(cfg.id);
    const byTarget = await stores.subscriptions.findByTarget(cfg.target);
    if (byTarget && byTarget.id !== cfg.id) {
      await stores.subscriptions.remove(byTarget.id);
      logger.info(
        { subscriptionId: byTarget.id, configId: cfg.id },
        'subscription replaced by the one in subscriptions.yaml',
      );
    }
    const existing = byId ?? byTarget;
    await stores.subscriptions.upsert({
      id: cfg.id,
      target: cfg.target,
      filters: cfg.filters,
      schedule: cfg.schedule,
      timezone: cfg.timezone,
      ...stateFor(cfg, existing),
      origin: 'config',
      lastDigestAt: existing?.lastDigestAt ?? null,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    });
    report.subscriptionsUpserted++;
  }
  for (const sub of await stores.subscriptions.list()) {
    if (sub.origin === 'config' && !configSubIds.has(sub.id)) {
      await stores.subscriptions.remove(sub.id);
      await stores.outbox.failPendingForTarget(
        `${sub.target.platform}:${sub.target.chatId}`,
        'subscription removed from subscriptions.yaml',
      );
      report.subscriptionsRemoved.push(sub.id);
      logger.info(
        { subscriptionId: sub.id },
        'subscription removed: no longer in subscriptions.yaml',
      );
    }
  }
  return report;
}
