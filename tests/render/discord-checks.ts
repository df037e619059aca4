/** Discord limits and mention inertness, checked independently of the renderer. */
import { isDiscordChunk } from '../../src/bots/discord/index.js';
import type { RenderedChunk } from '../../src/digest/ports.js';

/** Mentions Discord would parse in raw content (what `allowed_mentions` would otherwise decide on). */
export const LIVE_MENTION = /@everyone|@here|<@!?\d+>|<@&\d+>|<#\d+>/;

export function discordProblems(chunk: RenderedChunk): string[] {
  const errors: string[] = [];
  if (!isDiscordChunk(chunk)) return ['not a discord chunk'];
  const texts: string[] = [];
  if (chunk.content !== undefined) {
    if (chunk.content.length > 2000) errors.push(`content ${chunk.content.length} > 2000`);
    if (!chunk.content.trim()) errors.push('empty content');
    texts.push(chunk.content);
  }
  if (chunk.embeds) {
    if (chunk.embeds.length > 10) errors.push(`${chunk.embeds.length} embeds > 10`);
    let total = 0;
    for (const e of chunk.embeds) {
      if ((e.title?.length ?? 0) > 256) errors.push('embed title > 256');
      if ((e.description?.length ?? 0) > 4096) errors.push('embed description > 4096');
      if ((e.fields?.length ?? 0) > 25) errors.push('> 25 fields');
      if ((e.footer?.text.length ?? 0) > 2048) errors.push('footer > 2048');
      for (const f of e.fields ?? []) {
        if (f.name.length > 256) errors.push('field name > 256');
        if (f.value.length > 1024) errors.push('field value > 1024');
        texts.push(f.name, f.value);
      }
      total += (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0);
      total += (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
      texts.push(e.title ?? '', e.description ?? '', e.footer?.text ?? '');
    }
    if (total > 6000) errors.push(`embeds total ${total} > 6000`);
  }
  if (chunk.content === undefined && !chunk.embeds?.length)
    errors.push('neither content nor embeds');
  for (const t of texts) {
    const m = LIVE_MENTION.exec(t);
    if (m) errors.push(`live mention ${m[0]}`);
    if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(t))
      errors.push('lone surrogate');
  }
  return errors;
}
