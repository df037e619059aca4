/**
 * REST settings shared by the bot's client and the publisher, so both point at
 * `DISCORD_API_BASE` and treat long rate-limit waits the same way.
 */
import { REST, type RateLimitData, type RESTOptions } from '@discordjs/rest';

export const DEFAULT_DISCORD_API_BASE = 'https://discord.com/api';

export interface DiscordRestSettings {
  /** Default https://discord.com/api; a test points it at a local fake. */
  apiBase?: string;
  /**
   * A channel-message rate limit longer than this is not waited out inside
   * `publish`: the request fails with a RateLimitError, which the publisher
   * turns into a TransientPublishError so the outbox reschedules the row
   * instead of holding a worker for minutes. Default 10 s.
   */
  maxChannelRateLimitWaitMs?: number;
  /** Per-request timeout (default 15 s, @discordjs/rest's default). */
  timeoutMs?: number;
}

/** Options for `new REST(...)` or discord.js `new Client({ rest })`. */
export function discordRestOptions(settings: DiscordRestSettings = {}): Partial<RESTOptions> {
  const maxWait = settings.maxChannelRateLimitWaitMs ?? 10_000;
  return {
    api: settings.apiBase ?? DEFAULT_DISCORD_API_BASE,
    timeout: settings.timeoutMs ?? 15_000,
    // Interactions and registration wait as long as Discord says; only channel
    // posts (the outbox) give up early and let the worker retry later.
    rejectOnRateLimit: (data: RateLimitData) =>
      data.route.startsWith('/channels/') && Math.max(data.retryAfter, data.timeToReset) > maxWait,
  };
}

/** A REST client with a token, for the publisher or `discord register`. */
export function createDiscordRest(token: string, settings: DiscordRestSettings = {}): REST {
  return new REST(discordRestOptions(settings)).setToken(token);
}
