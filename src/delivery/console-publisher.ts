/**
 * A publisher that prints chunks instead of sending them: what `--dry-run`,
 * the demo and `npm start` without tokens use. Telegram HTML is shown as-is
 * (it is what would be sent); Discord content and embeds are laid out as
 * readable text. It never fails, so nothing it "sends" is retried.
 */
import type { Target } from '../digest/model.js';
import type { DiscordEmbed, RenderedChunk } from '../digest/ports.js';
import type { PublishMeta, PublishResult, Publisher } from './publisher.js';

export interface ConsolePublisherOptions {
  out: NodeJS.WritableStream;
  /** ANSI colour for the header line (default false). */
  color?: boolean;
  /** The platform this publisher answers for (default 'console'). */
  platform?: Target['platform'];
}

const BOLD = '\u001b[1m';
const CYAN = '\u001b[36m';
const DIM = '\u001b[2m';
const RESET = '\u001b[0m';

function embedText(e: DiscordEmbed, color: boolean): string {
  const lines: string[] = [];
  const bold = (s: string): string => (color ? `${BOLD}${s}${RESET}` : s);
  if (e.title) lines.push(bold(e.title) + (e.url ? ` <${e.url}>` : ''));
  if (e.description) lines.push(e.description);
  for (const f of e.fields ?? []) lines.push(`${bold(f.name)}\n${f.value}`);
  if (e.footer) lines.push(color ? `${DIM}${e.footer.text}${RESET}` : `— ${e.footer.text}`);
  if (e.timestamp) lines.push(`(${e.timestamp})`);
  return lines.map((l) => `│ ${l.replace(/\n/g, '\n│ ')}`).join('\n');
}

/** The readable body of one chunk, without the header line. */
export function chunkToText(chunk: RenderedChunk, color = false): string {
  switch (chunk.kind) {
    case 'telegram':
      return chunk.html;
    case 'text':
      return chunk.text;
    case 'discord': {
      const parts: string[] = [];
      if (chunk.content) parts.push(chunk.content);
      chunk.embeds?.forEach((e, i) =>
        parts.push(`┌ embed ${i + 1}/${chunk.embeds?.length ?? 0}\n${embedText(e, color)}`),
      );
      return parts.join('\n');
    }
  }
}

/** "→ telegram:123 [1/3]" */
export function chunkHeader(target: Target, _chunk: RenderedChunk, meta?: PublishMeta): string {
  const where = `${target.platform}:${target.chatId}`;
  return meta ? `→ ${where} [${meta.chunkIndex + 1}/${meta.chunkCount}]` : `→ ${where}`;
}

export function createConsolePublisher(options: ConsolePublisherOptions): Publisher {
  const { out, color = false, platform = 'console' } = options;
  return {
    platform,
    async publish(target, chunk, _idempotencyKey, meta): Promise<PublishResult> {
      const header = chunkHeader(target, chunk, meta);
      const text = `${color ? `${CYAN}${header}${RESET}` : header}\n${chunkToText(chunk, color)}\n\n`;
      await new Promise<void>((resolve, reject) => {
        out.write(text, (err) => (err ? reject(err) : resolve()));
      });
      return { messageId: null };
    },
  };
}
