/**
 * The digest as Discord messages: plain content (≤ 2000 characters each) or
 * embeds (title 256, description 4096, 25 fields, field name 256 / value 1024,
 * footer 2048, 6000 in all per message, 10 embeds per message). Split between
 * items, never inside one; an item too long is cut inside its summary.
 *
 * Article text is escaped for Discord Markdown and made inert for mentions:
 * a zero-width space follows every `@` and `<`, so `@everyone`, `<@123>`,
 * `<@&123>` and `<#123>` are plain text even if the publisher forgot
 * `allowedMentions: { parse: [] }` (it sends that too). Links are masked
 * `[name](<url>)`; the angle brackets stop Discord from unfurling each one.
 */
import { storyToItem } from '../../digest/compose/index.js';
import { markItem } from '../../digest/compose/index.js';
import { packChunks, type Piece } from '../../digest/format/index.js';
import {
  cutSpans,
  cutText,
  DEFAULT_TIMEZONE,
  formatItemTime,
  oneLine,
  safeHttpUrl,
  stripControls,
} from '../../digest/format/index.js';
import type {
  DigestDocument,
  DigestItem,
  DigestSection,
  Story,
  TextSpan,
} from '../../digest/model.js';
import type { DiscordChunk, DiscordEmbed } from './chunk.js';

export const DISCORD_LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedsTotal: 6000,
  embedsPerMessage: 10,
} as const;

export interface DiscordRenderOptions {
  mode?: 'content' | 'embeds';
  timezone?: string;
  /** Longest title shown, default 250. */
  maxTitleChars?: number;
  /** Most sources listed per item, default 6. */
  maxSources?: number;
  /** Embed colour, default a green. */
  color?: number;
}

type Opts = Required<DiscordRenderOptions>;
const DEFAULTS: Opts = {
  mode: 'content',
  timezone: DEFAULT_TIMEZONE,
  maxTitleChars: 250,
  maxSources: 6,
  color: 0x1f8b4c,
};

const ZWSP = '\u200b';

/**
 * Escape Markdown and neutralize mentions in article text. Backslash-escaping
 * any punctuation is safe on Discord (the backslash is consumed), so the
 * inline markers are escaped everywhere and block markers (`#`, `-`, `+`, `>`,
 * `1.`) wherever they could start a line.
 */
export function escapeMarkdown(s: string, options: { atLineStart?: boolean } = {}): string {
  // Mid-line text (a span after other text) has no line start of its own: a sentinel stands in for what precedes it.
  const atLineStart = options.atLineStart ?? true;
  const out = (atLineStart ? stripControls(s) : `x${stripControls(s)}`)
    .replace(/[\\*_~`|[\]()>#]/g, '\\$&')
    .replace(/^(\s*)([-+])(?=\s|\\#|$)/gm, '$1\\$2')
    .replace(/^(\s*\d+)\.(?=\s|$)/gm, '$1\\.')
    .replace(/@/g, `@${ZWSP}`)
    .replace(/</g, `<${ZWSP}`);
  return atLineStart ? out : out.slice(1);
}

/** Summary spans → Markdown, figures and search matches in **bold**. */
export function spansToMarkdown(spans: readonly TextSpan[]): string {
  return spans
    .map((s, i) => {
      const text = escapeMarkdown(s.text, { atLineStart: i === 0 });
      return s.highlight || s.match ? `**${text}**` : text;
    })
    .join('');
}

const piece = (text: string): Piece => ({ text, size: text.length });

function sourcesLine(item: DigestItem, o: Opts): string {
  const shown = item.sources.slice(0, o.maxSources).map((s) => {
    const name = escapeMarkdown(cutText(oneLine(s.name) || 'Nguồn', 80));
    // `@` percent-encoded so no mention pattern survives even inside a link target.
    const href = safeHttpUrl(s.url)?.replace(/@/g, '%40');
    return href ? `[${name}](<${href}>)` : name;
  });
  const more = item.sources.length - o.maxSources;
  if (more > 0) shown.push(`+${more} nguồn`);
  const time = formatItemTime(item.publishedAt, o.timezone);
  if (time) shown.push(time);
  return `↳ ${shown.join(' · ')}`;
}

/** The bold item title; search matches (`titleSpans`) also underlined (`__`) inside it. */
function titleMarkdown(item: DigestItem, index: number, o: Opts): string {
  const plain = oneLine(item.title);
  if (item.titleSpans?.some((s) => s.match) && plain.length <= o.maxTitleChars) {
    const inner = item.titleSpans
      .map((s) => {
        const t = escapeMarkdown(s.text.replace(/\s+/gu, ' '), { atLineStart: false });
        return s.match ? `__${t}__` : t;
      })
      .join('');
    return `**${index}. ${inner}**`;
  }
  return `**${index}. ${escapeMarkdown(cutText(plain, o.maxTitleChars))}**`;
}

/** One item in at most `max` characters (the summary is cut if needed). */
function itemText(item: DigestItem, index: number, o: Opts, max: number): string {
  const title = titleMarkdown(item, index, o);
  const sources = sourcesLine(item, o);
  let budget = max - title.length - sources.length - 2;
  for (;;) {
    const spans = cutSpans(item.summary, Math.max(0, budget));
    const text = spans.length
      ? `${title}\n${spansToMarkdown(spans)}\n${sources}`
      : `${title}\n${sources}`;
    // Escaping grows the text (up to 3× for `<@`): shrink the summary until the markup fits.
    if (text.length <= max || budget <= 0)
      return text.length <= max ? text : cutText(`${title}\n${sources}`, max);
    budget = Math.floor(budget * 0.6);
  }
}

const heading = (title: string, continued: boolean): string =>
  `__**${escapeMarkdown(cutText(oneLine(title), 200))}${continued ? ' (tiếp)' : ''}**__`;

function renderContent(
  header: string | null,
  sections: readonly DigestSection[],
  footer: string | null,
  empty: string,
  o: Opts,
): DiscordChunk[] {
  let n = 0;
  const max = DISCORD_LIMITS.content;
  const chunks = packChunks({
    ...(header !== null ? { header: piece(`**${escapeMarkdown(cutText(header, 300))}**`) } : {}),
    sections: sections.map((s) => ({
      heading: (continued: boolean) => piece(heading(s.title, continued)),
      items: s.items.map((item) => piece(itemText(item, ++n, o, max - 260))),
    })),
    ...(footer !== null ? { footer: piece(`*${escapeMarkdown(cutText(footer, 500))}*`) } : {}),
    empty: piece(`*${escapeMarkdown(empty)}*`),
    separator: piece('\n\n'),
    maxSize: max,
  });
  return chunks.map((content) => ({ kind: 'discord', content }));
}

/** Characters Discord counts towards the 6000 per-message embed total. */
export function embedSize(e: DiscordEmbed): number {
  let n = (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0);
  for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

function renderEmbeds(doc: DigestDocument, o: Opts): DiscordChunk[] {
  const maxDesc = DISCORD_LIMITS.embedDescription;
  const embeds: DiscordEmbed[] = [];
  let n = 0;
  for (const section of doc.sections) {
    let desc: string[] = [];
    let size = 0;
    let continued = false;
    const push = (): void => {
      embeds.push({
        title: cutText(
          escapeMarkdown(`${oneLine(section.title)}${continued ? ' (tiếp)' : ''}`),
          DISCORD_LIMITS.embedTitle,
        ),
        description: desc.join('\n\n'),
        color: o.color,
      });
      continued = true;
      desc = [];
      size = 0;
    };
    for (const item of section.items) {
      const text = itemText(item, ++n, o, 3500);
      if (desc.length && size + 2 + text.length > maxDesc) push();
      size += (desc.length ? 2 : 0) + text.length;
      desc.push(text);
    }
    if (desc.length) push();
  }
  const first: DiscordEmbed = {
    title: cutText(escapeMarkdown(oneLine(doc.header)), DISCORD_LIMITS.embedTitle),
    color: o.color,
  };
  if (embeds.length === 0) first.description = '*Không có tin mới trong khoảng thời gian này.*';
  embeds.unshift(first);
  const last = embeds[embeds.length - 1];
  // Footers show no Markdown, but mentions are neutralized there too.
  if (last)
    last.footer = {
      text: cutText(
        stripControls(doc.footer).replace(/@/g, `@${ZWSP}`).replace(/</g, `<${ZWSP}`),
        500,
      ),
    };

  const messages: DiscordEmbed[][] = [];
  let current: DiscordEmbed[] = [];
  let total = 0;
  for (const e of embeds) {
    const s = embedSize(e);
    if (
      current.length &&
      (current.length >= DISCORD_LIMITS.embedsPerMessage || total + s > DISCORD_LIMITS.embedsTotal)
    ) {
      messages.push(current);
      current = [];
      total = 0;
    }
    current.push(e);
    total += s;
  }
  if (current.length) messages.push(current);
  return messages.map((m) => ({ kind: 'discord', embeds: m }));
}

/** The digest as Discord messages, split at item boundaries. */
export function renderDiscordDigest(
  doc: DigestDocument,
  options: DiscordRenderOptions = {},
): DiscordChunk[] {
  const o: Opts = { ...DEFAULTS, ...options };
  if (o.mode === 'embeds') return renderEmbeds(doc, o);
  return renderContent(
    doc.header,
    doc.sections,
    doc.footer,
    'Không có tin mới trong khoảng thời gian này.',
    o,
  );
}

/** Stories for /latest and /search replies, as content messages; with `query`, its matches are marked. */
export function renderDiscordStories(
  stories: readonly Story[],
  heading?: string,
  options: Omit<DiscordRenderOptions, 'mode'> & { query?: string } = {},
): DiscordChunk[] {
  const { query, ...renderOptions } = options;
  const o: Opts = { ...DEFAULTS, ...renderOptions, mode: 'content' };
  const section: DigestSection = {
    topicId: 'stories',
    title: heading ?? 'Tin mới',
    items: stories.map((s) => (query ? markItem(storyToItem(s), query) : storyToItem(s))),
  };
  return renderContent(null, [section], null, 'Không tìm thấy tin nào.', o);
}

/** A short plain-text notice (the empty digest's) as one Discord message. */
export function renderDiscordNotice(notice: string): DiscordChunk[] {
  return [{ kind: 'discord', content: notice }];
}
