/**
 * The publisher interface every platform adapter implements. The delivery
 * worker (outbox) calls it; it never knows which platform is behind it.
 */
import type { Target } from '../digest/model.js';
import type { RenderedChunk } from '../digest/ports.js';
import { HanoiDigestError } from '../digest/errors.js';

export interface PublishResult {
  /** The platform's id of the message it created (null for the console). */
  messageId: string | null;
}

/**
 * Where a chunk sits in its digest. Optional and additive: the console
 * publisher prints "[1/3]" from it; platform publishers may ignore it.
 */
export interface PublishMeta {
  chunkIndex: number;
  chunkCount: number;
  /** ISO time of the slot. */
  slot: string;
}

export interface Publisher {
  readonly platform: Target['platform'];
  /**
   * Send one chunk. Resolve only once the platform confirmed it.
   * `idempotencyKey` is derived from the outbox row; platforms that support it
   * (Discord's `nonce` + `enforce_nonce`) use it so a retry after a crash does
   * not post twice. Telegram has none: delivery there is at-least-once.
   *
   * Throw `PermanentPublishError` when the platform refuses for good (bot
   * removed, chat gone), `TransientPublishError` for anything worth retrying.
   */
  publish(
    target: Target,
    chunk: RenderedChunk,
    idempotencyKey: string,
    meta?: PublishMeta,
  ): Promise<PublishResult>;
}

/** Base class so callers can tell publish failures from programming errors. */
export class PublishError extends HanoiDigestError {
  override name = 'PublishError';
  constructor(
    message: string,
    readonly target: Target,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The platform refused for good (403 blocked/kicked, unknown channel, missing
 * access). The subscription is disabled with `reason`, and nothing is retried.
 */
export class PermanentPublishError extends PublishError {
  override name = 'PermanentPublishError';
  constructor(
    message: string,
    target: Target,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(message, target, options);
  }
}

/** Worth retrying later; `retryAfterMs` when the platform said how long to wait. */
export class TransientPublishError extends PublishError {
  override name = 'TransientPublishError';
  constructor(
    message: string,
    target: Target,
    readonly retryAfterMs: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, target, options);
  }
}

/** The chat moved (Telegram `migrate_to_chat_id`): update the target and retry there. */
export class ChatMigratedError extends PublishError {
  override name = 'ChatMigratedError';
  constructor(
    message: string,
    target: Target,
    readonly newChatId: string,
  ) {
    super(message, target);
  }
}
