/** The Discord adapter's outbox payload: one message's `content` and/or embeds. */
import type { RenderedChunk } from '../../digest/ports.js';

export interface DiscordEmbed {
  title?: string;
  description?: string;
  url?: string;
  color?: number;
  fields?: { name: string; value: string; inline?: boolean }[];
  footer?: { text: string };
  timestamp?: string;
}

export type DiscordChunk = { kind: 'discord'; content?: string; embeds?: DiscordEmbed[] };

export function isDiscordChunk(chunk: RenderedChunk): chunk is RenderedChunk & DiscordChunk {
  if (chunk.kind !== 'discord') return false;
  const { content, embeds } = chunk;
  return (
    (content === undefined || typeof content === 'string') &&
    (embeds === undefined || Array.isArray(embeds))
  );
}
