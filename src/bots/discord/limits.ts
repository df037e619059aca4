/**
 * Discord's message limits, and a fitter that keeps a payload within them.
 * The renderer already splits digests to fit; the fitter is the last guard so
 * a renderer slip degrades into a shortened message (logged) instead of a 400
 * that the outbox would retry forever.
 */
import type { DiscordEmbed } from './chunk.js';

export const DISCORD_LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  /** Sum of every embed's title, description, field names/values and footer. */
  embedTotal: 6000,
  /** Components: rows per message, buttons per row, label and custom_id lengths. */
  actionRows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
} as const;

export interface DiscordMessagePayload {
  content?: string;
  embeds?: DiscordEmbed[];
}

/** Cut `text` to `max` characters (code points kept whole), ending in "…" when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  // Do not leave half a surrogate pair behind.
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return `${cut}…`;
}

function embedSize(e: DiscordEmbed): number {
  let n = (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0);
  for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

/** Which limits a payload breaks; empty when it is valid. */
export function limitViolations(p: DiscordMessagePayload): string[] {
  const out: string[] = [];
  const L = DISCORD_LIMITS;
  if ((p.content ?? '').length === 0 && (p.embeds ?? []).length === 0) out.push('empty message');
  if ((p.content?.length ?? 0) > L.content) out.push(`content ${p.content?.length} > ${L.content}`);
  const embeds = p.embeds ?? [];
  if (embeds.length > L.embeds) out.push(`${embeds.length} embeds > ${L.embeds}`);
  let total = 0;
  embeds.forEach((e, i) => {
    total += embedSize(e);
    if ((e.title?.length ?? 0) > L.embedTitle) out.push(`embeds[${i}].title too long`);
    if ((e.description?.length ?? 0) > L.embedDescription)
      out.push(`embeds[${i}].description too long`);
    if ((e.footer?.text.length ?? 0) > L.footerText) out.push(`embeds[${i}].footer too long`);
    const fields = e.fields ?? [];
    if (fields.length > L.embedFields) out.push(`embeds[${i}] has ${fields.length} fields`);
    fields.forEach((f, j) => {
      if (f.name.length > L.fieldName) out.push(`embeds[${i}].fields[${j}].name too long`);
      if (f.value.length > L.fieldValue) out.push(`embeds[${i}].fields[${j}].value too long`);
    });
  });
  if (total > L.embedTotal) out.push(`embeds total ${total} > ${L.embedTotal}`);
  return out;
}

/**
 * Return a payload within every limit. Fields and embeds past the limits are
 * dropped and long texts cut with "…"; `changes` says what was done, for a log.
 */
export function fitMessage(p: DiscordMessagePayload): {
  payload: DiscordMessagePayload;
  changes: string[];
} {
  const changes = limitViolations(p).filter((v) => v !== 'empty message');
  if (changes.length === 0) return { payload: p, changes };
  const L = DISCORD_LIMITS;
  const out: DiscordMessagePayload = {};
  if (p.content !== undefined) out.content = truncate(p.content, L.content);
  if (p.embeds) {
    let budget: number = L.embedTotal;
    const embeds: DiscordEmbed[] = [];
    for (const e of p.embeds.slice(0, L.embeds)) {
      const fitted: DiscordEmbed = { ...e };
      if (e.title !== undefined) fitted.title = truncate(e.title, L.embedTitle);
      if (e.description !== undefined)
        fitted.description = truncate(e.description, L.embedDescription);
      if (e.footer) fitted.footer = { text: truncate(e.footer.text, L.footerText) };
      if (e.fields) {
        fitted.fields = e.fields.slice(0, L.embedFields).map((f) => ({
          ...f,
          name: truncate(f.name, L.fieldName),
          value: truncate(f.value, L.fieldValue),
        }));
      }
      // Over the 6000 total: shorten the description, then drop trailing fields, then stop.
      let size = embedSize(fitted);
      if (size > budget && fitted.description) {
        const keep = fitted.description.length - (size - budget);
        fitted.description = keep > 1 ? truncate(fitted.description, keep) : '…';
        size = embedSize(fitted);
      }
      while (size > budget && fitted.fields && fitted.fields.length > 0) {
        fitted.fields = fitted.fields.slice(0, -1);
        size = embedSize(fitted);
      }
      if (size > budget) break;
      budget -= size;
      embeds.push(fitted);
    }
    out.embeds = embeds;
  }
  return { payload: out, changes };
}
