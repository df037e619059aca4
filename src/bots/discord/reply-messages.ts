/**
 * `Reply` → Discord message payloads. Lines become Markdown (text escaped,
 * highlights in `**bold**`), a digest goes through the Discord digest
 * renderer, stories through the story renderer, and buttons become action
 * rows. The first payload answers the interaction; the rest are follow-ups.
 */
import { ActionRowBuilder, AttachmentBuilder, ButtonBuilder, ButtonStyle } from 'discord.js';
import { isDiscordChunk, type DiscordEmbed } from './chunk.js';
import type { RenderedChunk } from '../../digest/ports.js';
import type { Reply, ReplyButton, ReplyLine } from '../commands/index.js';
import { DISCORD_LIMITS, fitMessage, truncate } from './limits.js';
import { escapeMarkdown, renderDiscordDigest, renderDiscordStories } from './render.js';

export type DigestMode = 'embeds' | 'content';

export interface OutgoingMessage {
  content?: string;
  embeds?: DiscordEmbed[];
  components?: ActionRowBuilder<ButtonBuilder>[];
  /** A file sent with the message (OPML export). */
  files?: AttachmentBuilder[];
}

/** One reply line as Markdown. */
export function lineToMarkdown(line: ReplyLine): string {
  return line
    .map((span) => {
      if (span.text.length === 0) return '';
      const text = escapeMarkdown(span.text);
      return span.highlight ? `**${text}**` : text;
    })
    .join('');
}

/** Lines → Markdown texts of at most 2000 characters each, split between lines. */
export function linesToContents(
  lines: ReplyLine[],
  max: number = DISCORD_LIMITS.content,
): string[] {
  const out: string[] = [];
  let current = '';
  for (const l of lines) {
    const md = truncate(lineToMarkdown(l), max);
    const next = current ? `${current}\n${md}` : md;
    if (next.length > max) {
      out.push(current);
      current = md;
    } else {
      current = next;
    }
  }
  if (current.trim()) out.push(current);
  return out;
}

/** Button rows → at most 5 action rows of at most 5 buttons (Discord's limits). */
export function buttonsToComponents(rows: ReplyButton[][]): ActionRowBuilder<ButtonBuilder>[] {
  const flat: ReplyButton[][] = [];
  for (const row of rows) {
    for (let i = 0; i < row.length; i += DISCORD_LIMITS.buttonsPerRow)
      flat.push(row.slice(i, i + DISCORD_LIMITS.buttonsPerRow));
  }
  return flat
    .filter((r) => r.length > 0)
    .slice(0, DISCORD_LIMITS.actionRows)
    .map((row) =>
      new ActionRowBuilder<ButtonBuilder>().addComponents(
        row.map((b) =>
          new ButtonBuilder()
            .setCustomId(b.data.slice(0, DISCORD_LIMITS.customId))
            .setLabel(truncate(b.label, DISCORD_LIMITS.buttonLabel))
            .setStyle(ButtonStyle.Secondary),
        ),
      ),
    );
}

function chunkToMessage(chunk: RenderedChunk): OutgoingMessage | null {
  if (!isDiscordChunk(chunk)) return null;
  const raw: OutgoingMessage = {};
  if (chunk.content !== undefined) raw.content = chunk.content;
  if (chunk.embeds !== undefined) raw.embeds = chunk.embeds;
  const { payload } = fitMessage(raw);
  const msg: OutgoingMessage = {};
  if (payload.content) msg.content = payload.content;
  if (payload.embeds?.length) msg.embeds = payload.embeds;
  return msg.content || msg.embeds ? msg : null;
}

/** Every message a reply becomes, in order; never empty. */
export function replyToMessages(
  reply: Reply,
  options: { digestMode?: DigestMode } = {},
): OutgoingMessage[] {
  const messages: OutgoingMessage[] = linesToContents(reply.lines).map((content) => ({ content }));
  if (reply.digest) {
    for (const chunk of renderDiscordDigest(reply.digest, {
      mode: options.digestMode ?? 'embeds',
    })) {
      const m = chunkToMessage(chunk);
      if (m) messages.push(m);
    }
  }
  if (reply.stories && reply.stories.length > 0) {
    for (const chunk of renderDiscordStories(
      reply.stories,
      undefined,
      reply.query ? { query: reply.query } : {},
    )) {
      const m = chunkToMessage(chunk);
      if (m) messages.push(m);
    }
  }
  if (messages.length === 0) messages.push({ content: '…' });
  if (reply.file) {
    const last = messages.length - 1;
    const file = new AttachmentBuilder(Buffer.from(reply.file.content, 'utf8'), {
      name: reply.file.name,
    });
    messages[last] = { ...messages[last], files: [file] };
  }
  if (reply.buttons && reply.buttons.length > 0) {
    const components = buttonsToComponents(reply.buttons);
    // Buttons belong with the text that explains them: the first message.
    if (components.length > 0) messages[0] = { ...messages[0], components };
  }
  return messages;
}
