/**
 * A publisher that prints chunks instead of sending them: what `--dry-run`,
 * the demo and `npm start` without tokens use. A payload's text is shown as-is
 * (Telegram HTML is what would be sent); lists such as Discord embeds are
 * laid out as framed blocks. It never fails, so nothing it "sends" is retried.
 */
import type { Target } from '../digest/model.js';
import type { RenderedChunk } from '../digest/ports.js';
import type { PublishMeta, PublishResult, Publisher } from './publisher.js';

export interface ConsolePublisherOptions {
  out: NodeJS.WritableStream;
  /** ANSI colour for the header line (default false). */
  color?: boolean;
  /** The platform this publisher answers for (default 'console'). */
  platform?: Target['platform'];
}

const CYAN = '\u001b[36m';
const DIM = '\u001b[2m';
const RESET = '\u001b[0m';

/** Every string a payload value holds, depth first (titles, texts, fields, footers). */
function leaves(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    if (value) out.push(value);
  } else if (Array.isArray(value)) {
    for (const v of value) leaves(v, out);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) leaves(v, out);
  }
  return out;
}

/**
 * The readable body of one chunk, without the header line. Payload shapes are
 * the adapters' (the core does not know them), so this reads any chunk the same
 * way: its top-level strings as they are, each element of a list of objects (a
 * Discord message's embeds) as a framed block of its strings.
 */
export function chunkToText(chunk: RenderedChunk, color = false): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(chunk)) {
    if (key === 'kind') continue;
    if (typeof value === 'string') {
      parts.push(value);
    } else if (Array.isArray(value)) {
      const label = key.replace(/s$/u, '');
      value.forEach((v, i) => {
        const head = `┌ ${label} ${i + 1}/${value.length}`;
        const body = leaves(v).map((l) => `│ ${l.replace(/\n/g, '\n│ ')}`);
        parts.push([color ? `${DIM}${head}${RESET}` : head, ...body].join('\n'));
      });
    } else if (value && typeof value === 'object') {
      parts.push(...leaves(value));
    }
  }
  return parts.join('\n');
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
