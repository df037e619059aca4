/** The Telegram adapter's public surface. */
export {
  createTelegramBot,
  CONFLICT_MESSAGE,
  TelegramConfigError,
  type TelegramBot,
  type TelegramBotOptions,
} from './bot.js';
export {
  createTelegramPublisher,
  htmlToPlainText,
  toPublishError,
  type TelegramPublisherOptions,
} from './publisher.js';
export {
  createRateLimiter,
  DEFAULT_RATE_LIMITS,
  type RateLimiter,
  type RateLimits,
} from './rate-limiter.js';
export { replyToMessages } from './reply-html.js';
export { renderTelegramDigest, renderTelegramNotice } from './render.js';
export { isTelegramChunk, type TelegramChunk } from './chunk.js';
export { linesToHtml } from './reply-html.js';
