/** The digest renderer of each platform, used by the service and by `digest` delivery. */
import { renderDiscordDigest, renderDiscordNotice } from '../bots/discord/render.js';
import { renderTelegramDigest, renderTelegramNotice } from '../bots/telegram/render.js';
import type { DigestRenderer } from '../delivery/index.js';
import { renderTerminal } from '../digest/format/index.js';
import { textChunk } from '../digest/ports.js';
import type { DigestDocument, Platform } from '../digest/model.js';

export function digestRenderers(
  options: { discordMode?: 'content' | 'embeds' } = {},
): Record<Platform, DigestRenderer> {
  return {
    telegram: Object.assign((doc: DigestDocument) => renderTelegramDigest(doc), {
      notice: renderTelegramNotice,
    }),
    discord: Object.assign(
      (doc: DigestDocument) => renderDiscordDigest(doc, { mode: options.discordMode ?? 'embeds' }),
      { notice: renderDiscordNotice },
    ),
    console: (doc) => [textChunk(renderTerminal(doc, { color: false }))],
  };
}
