/** Errors specific to the Discord adapter. */
import type { Target } from '../../digest/model.js';
import { HanoiDigestError } from '../../digest/errors.js';

/**
 * Discord answered 401: the bot token is invalid or was revoked. It is neither
 * transient (retrying only hammers the API and gets the IP banned) nor a
 * per-channel refusal (disabling subscriptions would be wrong), so it gets its
 * own class: whoever catches it must stop the bot and the delivery worker.
 */
export class DiscordAuthError extends HanoiDigestError {
  override name = 'DiscordAuthError';
  constructor(
    message: string,
    /** The channel being posted to when it happened; null for the gateway or login. */
    readonly target: Target | null,
    readonly status = 401,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const AUTH_FAILED_MESSAGE =
  'Discord rejected the bot token (401 Unauthorized): check DISCORD_BOT_TOKEN. The Discord bot and its delivery stop instead of retrying.';

/** A payload that cannot be sent at all (wrong chunk kind, nothing to post). */
export class DiscordPayloadError extends HanoiDigestError {
  override name = 'DiscordPayloadError';
  constructor(
    message: string,
    readonly chunkKind: string,
  ) {
    super(message);
  }
}

/** `discord register` was given incomplete settings. */
export class DiscordConfigError extends HanoiDigestError {
  override name = 'DiscordConfigError';
  constructor(
    message: string,
    readonly variable: string,
  ) {
    super(message);
  }
}
