/**
 * The Discord publisher: one outbox chunk → one channel message over REST.
 *
 * Idempotency: Discord dedups a `nonce` sent with `enforce_nonce: true` for a
 * few minutes, returning the message already created. The nonce is derived from
 * the outbox row's idempotency key, so a retry after a crash (message posted,
 * row not yet marked sent) returns the first message instead of doubling it.
 */
import { createHash } from 'node:crypto';
import type { REST } from '@discordjs/rest';
import { Routes } from 'discord.js';
import type { Target } from '../../digest/model.js';
import { isTextChunk, silentLogger, type Logger, type RenderedChunk } from '../../digest/ports.js';
import { isDiscordChunk, type DiscordChunk } from './chunk.js';
import {
  PermanentPublishError,
  TransientPublishError,
  type PublishResult,
  type Publisher,
} from '../../delivery/index.js';
import { AUTH_FAILED_MESSAGE, DiscordAuthError, DiscordPayloadError } from './errors.js';
import { fitMessage, limitViolations } from './limits.js';

export interface DiscordPublisherOptions {
  /** Build it with `createDiscordRest` (or pass the bot client's `rest`). */
  rest: REST;
  logger?: Logger;
  /** Called once when Discord answers 401, so the composition root can stop the bot and the worker. */
  onAuthError?: (error: DiscordAuthError) => void;
}

/** Discord JSON error codes that mean "this channel is gone or closed to us". */
const PERMANENT_CODES: Record<number, string> = {
  10003: 'Unknown Channel',
  50001: 'Missing Access',
  50013: 'Missing Permissions',
  50007: 'Cannot send messages to this user',
};

/** Discord accepts nonces of at most 25 characters: hash longer keys deterministically. */
export function nonceFor(idempotencyKey: string): string {
  if (idempotencyKey.length > 0 && idempotencyKey.length <= 25) return idempotencyKey;
  return createHash('sha256').update(idempotencyKey).digest('base64url').slice(0, 25);
}

/*
 * Errors are recognised by shape, not `instanceof`: discord.js (CommonJS)
 * loads @discordjs/rest's CJS build while this ESM module would import its ESM
 * build, so a client-made REST throws classes from the other copy.
 */
interface ApiErrorShape {
  name: string;
  status: number;
  code: number | string;
  message: string;
}
function isApiError(err: unknown): err is ApiErrorShape {
  return (
    err instanceof Error &&
    err.name.startsWith('DiscordAPIError') &&
    typeof (err as Partial<ApiErrorShape>).status === 'number'
  );
}
function isRateLimitError(
  err: unknown,
): err is Error & { retryAfter: number; timeToReset: number; route: string } {
  return (
    err instanceof Error &&
    err.name.startsWith('RateLimitError') &&
    typeof (err as { retryAfter?: unknown }).retryAfter === 'number'
  );
}
function isHttpError(err: unknown): err is Error & { status: number } {
  return (
    err instanceof Error &&
    err.name === 'HTTPError' &&
    typeof (err as { status?: unknown }).status === 'number'
  );
}

export function createDiscordPublisher(options: DiscordPublisherOptions): Publisher {
  const { rest } = options;
  const logger = options.logger ?? silentLogger;
  let authFailed: DiscordAuthError | null = null;

  function authError(target: Target, cause: unknown): DiscordAuthError {
    const err = new DiscordAuthError(AUTH_FAILED_MESSAGE, target, 401, { cause });
    if (!authFailed) {
      authFailed = err;
      logger.error({ err }, 'discord: unauthorized, stopping delivery');
      options.onAuthError?.(err);
    }
    return err;
  }

  function mapError(target: Target, err: unknown): Error {
    if (isApiError(err)) {
      const code = typeof err.code === 'number' ? err.code : Number(err.code);
      if (err.status === 401) return authError(target, err);
      const known = PERMANENT_CODES[code];
      if (err.status === 403 || err.status === 404 || known) {
        const reason = `Discord ${err.status}${known ? ` ${known} (${code})` : ''}: ${err.message}`;
        return new PermanentPublishError(
          `cannot post to channel ${target.chatId}: ${reason}`,
          target,
          reason,
          { cause: err },
        );
      }
      return new TransientPublishError(`Discord ${err.status}: ${err.message}`, target, null, {
        cause: err,
      });
    }
    if (isRateLimitError(err)) {
      const wait = Math.max(err.retryAfter, err.timeToReset);
      return new TransientPublishError(
        `Discord rate limit on ${err.route}: retry in ${wait} ms`,
        target,
        wait,
        { cause: err },
      );
    }
    if (isHttpError(err)) {
      return new TransientPublishError(`Discord ${err.status}: ${err.message}`, target, null, {
        cause: err,
      });
    }
    // After a 401 @discordjs/rest drops the token; later calls fail locally.
    if (err instanceof Error && /Expected token to be set/.test(err.message))
      return authError(target, err);
    const message = err instanceof Error ? err.message : String(err);
    return new TransientPublishError(`Discord request failed: ${message}`, target, null, {
      cause: err,
    });
  }

  return {
    platform: 'discord',
    async publish(
      target: Target,
      chunk: RenderedChunk,
      idempotencyKey: string,
    ): Promise<PublishResult> {
      if (target.platform !== 'discord') {
        throw new DiscordPayloadError(
          `Discord publisher got a ${target.platform} target`,
          chunk.kind,
        );
      }
      // Plain text (a notice without a platform renderer) goes as `content`.
      const message: DiscordChunk | null = isTextChunk(chunk)
        ? { kind: 'discord', content: chunk.text }
        : isDiscordChunk(chunk)
          ? chunk
          : null;
      if (!message) {
        throw new DiscordPayloadError(`Discord publisher got a ${chunk.kind} chunk`, chunk.kind);
      }
      if (authFailed) throw authError(target, authFailed);
      const raw = {
        ...(message.content !== undefined ? { content: message.content } : {}),
        ...(message.embeds ? { embeds: message.embeds } : {}),
      };
      if (limitViolations(raw).includes('empty message')) {
        throw new DiscordPayloadError('Discord chunk has neither content nor embeds', chunk.kind);
      }
      const { payload, changes } = fitMessage(raw);
      if (changes.length)
        logger.warn({ chatId: target.chatId, changes }, 'discord: chunk shortened to fit limits');
      const body = {
        ...payload,
        allowed_mentions: { parse: [] },
        nonce: nonceFor(idempotencyKey),
        enforce_nonce: true,
      };
      try {
        const res = (await rest.post(Routes.channelMessages(target.chatId), { body })) as {
          id?: string;
        };
        return { messageId: res.id ?? null };
      } catch (err) {
        throw mapError(target, err);
      }
    },
  };
}
