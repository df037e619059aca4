/** The Discord adapter: bot, publisher, slash commands and their registration. */
export { createDiscordBot, type DiscordBot, type DiscordBotOptions } from './bot.js';
export { createDiscordPublisher, nonceFor, type DiscordPublisherOptions } from './publisher.js';
export {
  buildSlashCommands,
  registerSlashCommands,
  MANAGE_PERMISSIONS,
  type RegisterOptions,
} from './slash-commands.js';
export {
  createDiscordRest,
  discordRestOptions,
  DEFAULT_DISCORD_API_BASE,
  type DiscordRestSettings,
} from './rest-options.js';
export {
  DiscordAuthError,
  DiscordConfigError,
  DiscordPayloadError,
  AUTH_FAILED_MESSAGE,
} from './errors.js';
export { DISCORD_LIMITS, fitMessage, limitViolations } from './limits.js';
export { replyToMessages, type DigestMode, type OutgoingMessage } from './reply-messages.js';
export { renderDiscordDigest, renderDiscordNotice } from './render.js';
export { isDiscordChunk, type DiscordChunk, type DiscordEmbed } from './chunk.js';
export { linesToContents } from './reply-messages.js';
