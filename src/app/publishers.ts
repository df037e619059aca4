/**
 * Builds one publisher per platform from the environment's tokens. A platform
 * without a token gets the console publisher, so digests for it are printed
 * rather than lost (and the caller is told which ones).
 */
import type { Api } from 'grammy';
import type { createDiscordRest } from '../bots/discord/index.js';
import type { RateLimiter as TelegramRateLimiter } from '../bots/telegram/index.js';
import { createConsolePublisher } from '../delivery/index.js';
import type { Publisher } from '../delivery/index.js';
import type { Platform } from '../digest/model.js';
import type { App } from './app.js';

export interface PlatformPublishers {
  publishers: Record<Platform, Publisher>;
  /** Platforms with no token: their chunks go to the console. */
  missing: Platform[];
}

export interface PublisherOverrides {
  /** Reuse a running bot's Api / REST instead of new clients. */
  telegramApi?: Api;
  /**
   * Telegram's per-chat budget is one per chat whoever sends: the service passes
   * the limiter its bot's replies use, so a reply and a digest never overrun a chat together.
   */
  telegramLimiter?: TelegramRateLimiter;
  discordRest?: ReturnType<typeof createDiscordRest>;
  onDiscordAuthError?: (err: Error) => void;
}

export async function createPublishers(
  app: App,
  options: { consoleOut: NodeJS.WritableStream } & PublisherOverrides,
): Promise<PlatformPublishers> {
  const { env, logger } = app;
  const consoleFor = (platform: Platform): Publisher =>
    createConsolePublisher({
      out: options.consoleOut,
      platform,
      color: Boolean((options.consoleOut as NodeJS.WriteStream).isTTY),
    });
  const missing: Platform[] = [];

  let telegram: Publisher;
  if (env.TELEGRAM_BOT_TOKEN) {
    // A platform's library is loaded only when its token is set.
    const { createTelegramPublisher } = await import('../bots/telegram/index.js');
    const { Api } = await import('grammy');
    const api =
      options.telegramApi ?? new Api(env.TELEGRAM_BOT_TOKEN, { apiRoot: env.TELEGRAM_API_ROOT });
    telegram = createTelegramPublisher({
      api,
      logger,
      ...(options.telegramLimiter ? { limiter: options.telegramLimiter } : {}),
    });
  } else {
    telegram = consoleFor('telegram');
    missing.push('telegram');
  }

  let discord: Publisher;
  if (env.DISCORD_BOT_TOKEN) {
    const { createDiscordPublisher, createDiscordRest } = await import('../bots/discord/index.js');
    const rest =
      options.discordRest ??
      createDiscordRest(env.DISCORD_BOT_TOKEN, { apiBase: env.DISCORD_API_BASE });
    discord = createDiscordPublisher({
      rest,
      logger,
      ...(options.onDiscordAuthError ? { onAuthError: options.onDiscordAuthError } : {}),
    });
  } else {
    discord = consoleFor('discord');
    missing.push('discord');
  }

  return {
    publishers: { telegram, discord, console: consoleFor('console') },
    missing,
  };
}
