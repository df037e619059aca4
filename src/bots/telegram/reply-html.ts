/**
 * A command `Reply` → Telegram messages (HTML + optional inline keyboard).
 * Lines use the shared escaper; digests and story lists use the Telegram
 * renderer, which already splits at item boundaries under 4096 characters.
 */
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Reply, ReplyButton, ReplyLine } from '../commands/index.js';
import {
  renderTelegramDigest,
  renderTelegramStories,
  spansToTelegramHtml,
  telegramVisibleLength,
} from './render.js';

export interface OutgoingMessage {
  html: string;
  keyboard?: InlineKeyboardMarkup;
}

/** Lines per message stay under this many visible characters (Telegram's cap is 4096). */
const LINES_MAX_VISIBLE = 4000;

export function keyboardOf(buttons: ReplyButton[][] | undefined): InlineKeyboardMarkup | undefined {
  if (!buttons || buttons.length === 0) return undefined;
  return {
    inline_keyboard: buttons.map((row) =>
      row.map((b) => ({ text: b.label, callback_data: b.data })),
    ),
  };
}

export function plainLine(l: ReplyLine): string {
  return l.map((s) => s.text).join('');
}

/** Lines → HTML messages, split between lines when one message would be too long. */
export function linesToHtml(lines: ReplyLine[]): string[] {
  const out: string[] = [];
  let current: string[] = [];
  let size = 0;
  for (const l of lines) {
    const html = spansToTelegramHtml(l);
    const len = telegramVisibleLength(html) + 1;
    if (current.length && size + len > LINES_MAX_VISIBLE) {
      out.push(current.join('\n'));
      current = [];
      size = 0;
    }
    current.push(html);
    size += len;
  }
  if (current.length) out.push(current.join('\n'));
  return out.filter((h) => h.trim().length > 0);
}

export function replyToMessages(reply: Reply): OutgoingMessage[] {
  let lines = reply.lines;
  let storiesHeading: string | undefined;
  if (reply.stories && lines.length > 0) {
    // The last line heads the story list instead of being a message of its own.
    storiesHeading = plainLine(lines[lines.length - 1]!);
    lines = lines.slice(0, -1);
  }
  const messages: OutgoingMessage[] = linesToHtml(lines).map((html) => ({ html }));
  if (reply.digest)
    for (const c of renderTelegramDigest(reply.digest))
      if (c.kind === 'telegram') messages.push({ html: c.html });
  if (reply.stories)
    for (const c of renderTelegramStories(
      reply.stories,
      storiesHeading,
      reply.query ? { query: reply.query } : {},
    ))
      if (c.kind === 'telegram') messages.push({ html: c.html });
  const keyboard = keyboardOf(reply.buttons);
  if (keyboard && messages.length > 0) messages[0] = { ...messages[0]!, keyboard };
  return messages;
}
