/**
 * The Telegram `Publisher`: sends outbox chunks with `sendMessage` (HTML,
 * link previews off) and turns Bot API failures into the delivery layer's
 * error classes so the outbox knows whether to retry, disable or move.
 *
 * Retries are bounded on purpose: @grammyjs/auto-retry waits out short
 * `retry_after`s, but a long one fails the chunk back to the outbox as a
 * `TransientPublishError` instead of stalling every other delivery.
 */
import { autoRetry } from '@grammyjs/auto-retry';
import { Bot, GrammyError, HttpError, type Api } from 'grammy';
import type { Target } from '../../digest/model.js';
import { isTextChunk, silentLogger, type Logger, type RenderedChunk } from '../../digest/ports.js';
import { isTelegramChunk } from './chunk.js';
import {
  ChatMigratedError,
  PermanentPublishError,
  PublishError,
  TransientPublishError,
  type Publisher,
  type PublishResult,
} from '../../delivery/index.js';
import { createRateLimiter, type RateLimiter, type RateLimits } from './rate-limiter.js';

export interface TelegramPublisherOptions {
  api: Api | Bot;
  logger?: Logger;
  /** Bounded auto-retry (defaults: 2 attempts, at most 10 s of `retry_after`). */
  retry?: { maxRetryAttempts?: number; maxDelaySeconds?: number };
  limits?: Partial<RateLimits>;
  /** Share one limiter with the bot's own replies; default: a new one from `limits`. */
  limiter?: RateLimiter;
}

/** Telegram's cap on a message's visible text. */
export const TELEGRAM_MAX_CHARS = 4096;

const installed = new WeakSet<Api>();

/** Install bounded auto-retry once per Api instance. */
export function installAutoRetry(api: Api, retry: TelegramPublisherOptions['retry'] = {}): void {
  if (installed.has(api)) return;
  installed.add(api);
  api.config.use(
    autoRetry({
      maxRetryAttempts: retry.maxRetryAttempts ?? 2,
      maxDelaySeconds: retry.maxDelaySeconds ?? 10,
      // Network failures and 5xx go back to the caller (the outbox retries later,
      // with its own capped backoff) instead of pausing a delivery lane here.
      rethrowHttpErrors: true,
      rethrowInternalServerErrors: true,
    }),
  );
}

/** A chat id as Telegram prefers it: a number when it is one, else the "@channel" string. */
export function telegramChatId(chatId: string): number | string {
  return /^-?\d+$/u.test(chatId) && Number.isSafeInteger(Number(chatId)) ? Number(chatId) : chatId;
}

/** Telegram HTML → plain text: links keep their address, tags go, entities are decoded. */
export function htmlToPlainText(html: string): string {
  const text = html
    .replace(
      /<a\s[^>]*href\s*=\s*"([^"]*)"[^>]*>([\s\S]*?)<\/a>/giu,
      (_m, href: string, inner: string) => {
        const label = inner.replace(/<[^>]*>/gu, '');
        return label === href ? label : `${label} (${href})`;
      },
    )
    .replace(/<[^>]*>/gu, '')
    .replace(/&(lt|gt|quot|amp|#\d+|#x[0-9a-f]+);/giu, (_m, e: string) => {
      const lower = e.toLowerCase();
      if (lower === 'lt') return '<';
      if (lower === 'gt') return '>';
      if (lower === 'quot') return '"';
      if (lower === 'amp') return '&';
      const code = lower.startsWith('#x')
        ? parseInt(lower.slice(2), 16)
        : parseInt(lower.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    });
  return text.length > TELEGRAM_MAX_CHARS ? `${text.slice(0, TELEGRAM_MAX_CHARS - 1)}…` : text;
}

const PERMANENT_400 =
  /chat not found|peer_id_invalid|bot was kicked|user is deactivated|chat_write_forbidden|not enough rights|have no rights|need administrator rights/iu;

/** A Bot API failure → the delivery layer's error classes. */
export function toPublishError(err: unknown, target: Target): Error {
  if (err instanceof GrammyError) {
    const migrateTo = err.parameters.migrate_to_chat_id;
    if (typeof migrateTo === 'number') {
      return new ChatMigratedError(
        `chat ${target.chatId} moved to ${migrateTo}`,
        target,
        String(migrateTo),
      );
    }
    if (err.error_code === 429) {
      const after = err.parameters.retry_after;
      return new TransientPublishError(
        `rate limited: ${err.description}`,
        target,
        typeof after === 'number' ? after * 1000 : null,
        { cause: err },
      );
    }
    if (err.error_code === 403)
      return new PermanentPublishError(err.description, target, err.description, { cause: err });
    if (err.error_code === 400 && PERMANENT_400.test(err.description)) {
      return new PermanentPublishError(err.description, target, err.description, { cause: err });
    }
    if (err.error_code >= 500 || err.error_code === 401 || err.error_code === 404) {
      return new TransientPublishError(
        `Telegram ${err.error_code}: ${err.description}`,
        target,
        null,
        { cause: err },
      );
    }
    // Another 400 (too long, bad markup after the plain-text retry): resending the same chunk cannot help.
    return new PublishError(`Telegram ${err.error_code}: ${err.description}`, target, {
      cause: err,
    });
  }
  if (err instanceof HttpError)
    return new TransientPublishError(`network error: ${err.message}`, target, null, { cause: err });
  return err instanceof Error ? err : new Error(String(err));
}

function isParseError(err: unknown): boolean {
  return (
    err instanceof GrammyError &&
    err.error_code === 400 &&
    /can't parse entities/iu.test(err.description)
  );
}

export function createTelegramPublisher(options: TelegramPublisherOptions): Publisher {
  const api = options.api instanceof Bot ? options.api.api : options.api;
  const logger = options.logger ?? silentLogger;
  const limiter =
    options.limiter ?? createRateLimiter(options.limits ? { limits: options.limits } : {});
  installAutoRetry(api, options.retry);

  async function send(chatId: string, text: string, html: boolean): Promise<PublishResult> {
    await limiter.acquire(chatId);
    const msg = await api.sendMessage(telegramChatId(chatId), text, {
      ...(html ? { parse_mode: 'HTML' as const } : {}),
      link_preview_options: { is_disabled: true },
    });
    return { messageId: String(msg.message_id) };
  }

  return {
    platform: 'telegram',
    async publish(target, chunk: RenderedChunk, idempotencyKey) {
      if (target.platform !== 'telegram')
        throw new PublishError(`not a Telegram target: ${target.platform}`, target);
      const html = isTelegramChunk(chunk);
      if (!html && !isTextChunk(chunk))
        throw new PublishError(`a ${chunk.kind} chunk cannot be sent to Telegram`, target);
      const text = isTelegramChunk(chunk) ? chunk.html : isTextChunk(chunk) ? chunk.text : '';
      try {
        return await send(target.chatId, text, html);
      } catch (err) {
        if (!(html && isParseError(err))) throw toPublishError(err, target);
        logger.warn(
          { chatId: target.chatId, idempotencyKey, err },
          'telegram rejected the HTML; resending as plain text',
        );
        try {
          return await send(target.chatId, htmlToPlainText(text), false);
        } catch (err2) {
          throw toPublishError(err2, target);
        }
      }
    },
  };
}
