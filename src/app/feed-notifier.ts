/**
 * Sends feed-health notices to admins: each Telegram admin (TELEGRAM_ADMIN_IDS)
 * by private message, and the Discord admin channel (set with /adminchannel,
 * else `notices.discord_channel` in feeds.yaml). Notices go straight to the
 * platform publishers, not through the digest outbox: they are not digests,
 * and one lost notice is better than a retry loop. Failures are logged.
 */
import { ADMIN_CHANNEL_OFF } from '../bots/commands/index.js';
import { feedNoticeLines, ADMIN_CHANNEL_KEY } from '../bots/commands/index.js';
import { linesToContents } from '../bots/discord/index.js';
import { linesToHtml } from '../bots/telegram/index.js';
import type { Publisher } from '../delivery/index.js';
import type { FeedHealthEvent } from '../digest/gather/index.js';
import type { Platform, Target } from '../digest/model.js';
import type { Clock, KeyValueStore, Logger, RenderedChunk } from '../digest/ports.js';
import { silentLogger, systemClock } from '../digest/ports.js';

export interface FeedNotifierOptions {
  publishers: Partial<Record<Platform, Publisher>>;
  telegramAdminIds: readonly string[];
  /** From feeds.yaml; a channel set with /adminchannel (kv) wins. */
  discordChannelId: string | null;
  kv: KeyValueStore;
  timezone: string;
  clock?: Clock;
  logger?: Logger;
}

export type FeedNotifier = (event: FeedHealthEvent) => Promise<void>;

export function createFeedNotifier(options: FeedNotifierOptions): FeedNotifier {
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? systemClock;
  return async (event) => {
    const lines = feedNoticeLines(event, options.timezone, clock.now());
    const key = `feed-notice:${event.feed.id}:${event.kind}:${event.failingSince.toISOString()}`;
    const sends: { target: Target; publisher: Publisher; chunks: RenderedChunk[] }[] = [];
    const tg = options.publishers.telegram;
    if (tg) {
      for (const id of options.telegramAdminIds)
        sends.push({
          target: { platform: 'telegram', chatId: id },
          publisher: tg,
          chunks: linesToHtml(lines).map((html): RenderedChunk => ({ kind: 'telegram', html })),
        });
    }
    const dc = options.publishers.discord;
    const set = await options.kv.get(ADMIN_CHANNEL_KEY);
    const channel = set === ADMIN_CHANNEL_OFF ? null : set || options.discordChannelId;
    if (dc && channel) {
      sends.push({
        target: { platform: 'discord', chatId: channel },
        publisher: dc,
        chunks: linesToContents(lines).map((content): RenderedChunk => ({
          kind: 'discord',
          content,
        })),
      });
    }
    if (sends.length === 0) {
      logger.warn(
        { feedId: event.feed.id, kind: event.kind },
        'feed notice not sent: no Telegram admin and no Discord admin channel configured',
      );
      return;
    }
    for (const s of sends) {
      try {
        for (const [i, chunk] of s.chunks.entries())
          await s.publisher.publish(s.target, chunk, `${key}:${s.target.chatId}:${i}`);
        logger.info(
          { feedId: event.feed.id, kind: event.kind, target: s.target },
          'feed notice sent',
        );
      } catch (err) {
        logger.error({ err, feedId: event.feed.id, target: s.target }, 'feed notice failed');
      }
    }
  };
}
