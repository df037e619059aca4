/** The Telegram adapter's outbox payload: one message of Bot API HTML. */
import type { RenderedChunk } from '../../digest/ports.js';

export type TelegramChunk = { kind: 'telegram'; html: string };

export function isTelegramChunk(chunk: RenderedChunk): chunk is RenderedChunk & TelegramChunk {
  return chunk.kind === 'telegram' && typeof chunk['html'] === 'string';
}
