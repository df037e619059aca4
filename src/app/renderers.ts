/** The digest renderer of each platform, used by the service and by `digest` delivery. */
import { renderDiscordDigest } from '../bots/discord/render.js';
import { renderTelegramDigest } from '../bots/telegram/render.js';
import type { DigestRenderer } from '../delivery/index.js';
import { renderTerminal } from '../digest/format/index.js';
import type { Platform } from '../digest/model.js';

export function digestRenderers(
  options: { discordMode?: 'content' | 'embeds' } = {},
): Record<Platform, DigestRenderer> {
  return {
    telegram: (doc) => renderTelegramDigest(doc),
    discord: (doc) => renderDiscordDigest(doc, { mode: options.discordMode ?? 'embeds' }),
    console: (doc) => [{ kind: 'text', text: renderTerminal(doc, { color: false }) }],
  };
}
