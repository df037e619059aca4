/**
 * The digest in Telegram's HTML parse mode.
 *
 * Rules followed (Bot API "Formatting options", HTML style):
 * - only supported tags are emitted: <b>, <i>, <a href>; every piece of
 *   article text is escaped (`<` `>` `&`, and `"` too so the same function is
 *   safe inside attributes);
 * - links only for http/https URLs; anything else (javascript:, data:…) is
 *   shown as the outlet name in plain text;
 * - a message holds at most 4096 characters AFTER entity parsing, counted in
 *   UTF-16 code units, so the size of each piece is its visible text, not its
 *   markup; messages are split between items, never inside a tag or an entity;
 *   the raw HTML is kept under `maxHtml` as well;
 * - an item too long for one message has its summary cut at a word boundary
 *   (titles are capped, sources listed up to a limit).
 *
 * Link previews: the publisher sends every chunk with
 * `link_preview_options: { is_disabled: true }` — a digest lists many links,
 * and a preview of the first one would dwarf the rest. It is a send option,
 * not part of the HTML, so it is not in `TelegramChunk`.
 */
import { storyToItem } from '../../digest/compose/index.js';
import { markItem } from '../../digest/compose/index.js';
import { packChunks, type Piece } from '../../digest/format/index.js';
import { escapeHtml as escapeText } from '../../digest/format/index.js';
import {
  cutSpans,
  cutText,
  DEFAULT_TIMEZONE,
  formatItemTime,
  oneLine,
  safeHttpUrl,
  spansLength,
  stripControls,
} from '../../digest/format/index.js';
import type {
  DigestDocument,
  DigestItem,
  DigestSection,
  Story,
  TextSpan,
} from '../../digest/model.js';
import type { TelegramChunk } from './chunk.js';

export const TELEGRAM_MAX_VISIBLE = 4096;

export interface TelegramRenderOptions {
  /** Visible characters per message (UTF-16 units after entity parsing); default 4096. */
  maxVisible?: number;
  /** Raw HTML characters per message; default 16384. */
  maxHtml?: number;
  /** Zone of the publication times; default Asia/Ho_Chi_Minh. */
  timezone?: string;
  /** Longest title shown, default 300. */
  maxTitleChars?: number;
  /** Most sources listed per item, default 6. */
  maxSources?: number;
}

type Opts = Required<TelegramRenderOptions>;

const DEFAULTS: Opts = {
  maxVisible: TELEGRAM_MAX_VISIBLE,
  maxHtml: 16_384,
  timezone: DEFAULT_TIMEZONE,
  maxTitleChars: 300,
  maxSources: 6,
};

/**
 * Escape text for Telegram HTML (also safe inside a double-quoted attribute).
 * Control characters are dropped too; sizes are measured before that, which
 * only over-counts.
 */
export function escapeHtml(s: string): string {
  return escapeText(stripControls(s));
}

const text = (s: string): Piece => ({ text: escapeHtml(s), size: s.length });
const wrap = (tag: 'b' | 'i', p: Piece): Piece => ({
  text: `<${tag}>${p.text}</${tag}>`,
  size: p.size,
});
const cat = (...ps: Piece[]): Piece => ({
  text: ps.map((p) => p.text).join(''),
  size: ps.reduce((n, p) => n + p.size, 0),
});

/** Summary spans → HTML, figures in <b>, search matches in <b><u>. */
export function spansToTelegramHtml(spans: readonly TextSpan[]): string {
  return spans
    .map((s) => {
      const t = escapeHtml(s.text);
      if (s.match) return `<b><u>${t}</u></b>`;
      return s.highlight ? `<b>${t}</b>` : t;
    })
    .join('');
}

/** The bold item title; search matches (`titleSpans`) underlined inside it. */
function titlePiece(item: DigestItem, index: number, o: Opts): Piece {
  const plain = oneLine(item.title);
  if (item.titleSpans?.some((s) => s.match) && plain.length <= o.maxTitleChars) {
    const inner = item.titleSpans
      .map((s) => {
        const t = escapeHtml(s.text.replace(/\s+/gu, ' '));
        return s.match ? `<u>${t}</u>` : t;
      })
      .join('');
    const prefix = `${index}. `;
    return { text: `<b>${escapeHtml(prefix)}${inner}</b>`, size: prefix.length + plain.length };
  }
  return wrap('b', text(`${index}. ${cutText(plain, o.maxTitleChars)}`));
}

function spansPiece(spans: readonly TextSpan[]): Piece {
  return { text: spansToTelegramHtml(spans), size: spansLength(spans) };
}

function sourcesPiece(item: DigestItem, o: Opts): Piece {
  const shown = item.sources.slice(0, o.maxSources);
  const parts: Piece[] = [];
  shown.forEach((s, i) => {
    if (i > 0) parts.push(text(' · '));
    const name = text(cutText(oneLine(s.name) || 'Nguồn', 80));
    const href = safeHttpUrl(s.url);
    parts.push(
      href ? { text: `<a href="${escapeHtml(href)}">${name.text}</a>`, size: name.size } : name,
    );
  });
  const more = item.sources.length - shown.length;
  if (more > 0) parts.push(text(` +${more} nguồn`));
  const time = formatItemTime(item.publishedAt, o.timezone);
  if (time) parts.push(text(`${parts.length ? ' · ' : ''}${time}`));
  return wrap('i', cat(...parts));
}

/** One item; its summary is cut so the item (plus a heading of `reserve`) fits a message. */
function itemPiece(item: DigestItem, index: number, o: Opts, reserve: number): Piece {
  const title = titlePiece(item, index, o);
  const sources = sourcesPiece(item, o);
  const fixed = title.size + 1 + sources.size + (item.summary.length ? 1 : 0);
  let budget = o.maxVisible - reserve - fixed;
  for (;;) {
    const spans = cutSpans(item.summary, Math.max(0, budget));
    const summary = spansPiece(spans);
    const piece = spans.length
      ? cat(title, text('\n'), summary, text('\n'), sources)
      : cat(title, text('\n'), sources);
    // Escaping can make the markup up to ~6× the visible text: shrink until the raw HTML fits too.
    if (piece.text.length <= o.maxHtml - reserve * 8 || budget <= 0) return piece;
    budget = Math.floor(budget / 2);
  }
}

function headingPiece(title: string, continued: boolean): Piece {
  return wrap('b', text(`▌${cutText(oneLine(title), 200)}${continued ? ' (tiếp)' : ''}`));
}

const HEADING_RESERVE = 220;

function render(
  header: string | null,
  sections: readonly DigestSection[],
  footer: string | null,
  empty: string,
  options: TelegramRenderOptions,
): TelegramChunk[] {
  const o: Opts = { ...DEFAULTS, ...options };
  let n = 0;
  const chunks = packChunks({
    ...(header !== null ? { header: wrap('b', text(cutText(header, 500))) } : {}),
    sections: sections.map((s) => ({
      heading: (continued: boolean) => headingPiece(s.title, continued),
      items: s.items.map((item) => itemPiece(item, ++n, o, HEADING_RESERVE + 2)),
    })),
    ...(footer !== null ? { footer: wrap('i', text(cutText(footer, 500))) } : {}),
    empty: wrap('i', text(empty)),
    separator: text('\n\n'),
    maxSize: o.maxVisible,
    maxRaw: o.maxHtml,
  });
  return chunks.map((html) => ({ kind: 'telegram', html }));
}

/** A short plain-text notice (the empty digest's) as one Telegram message. */
export function renderTelegramNotice(notice: string): TelegramChunk[] {
  return [{ kind: 'telegram', html: escapeHtml(notice) }];
}

/** The digest as Telegram HTML messages, split at item boundaries. */
export function renderTelegramDigest(
  doc: DigestDocument,
  options: TelegramRenderOptions = {},
): TelegramChunk[] {
  return render(
    doc.header,
    doc.sections,
    doc.footer,
    'Không có tin mới trong khoảng thời gian này.',
    options,
  );
}

/**
 * Stories for /latest and /search replies: one numbered list under an
 * optional heading. With `query`, the words it matched are marked.
 */
export function renderTelegramStories(
  stories: readonly Story[],
  heading?: string,
  options: TelegramRenderOptions & { query?: string } = {},
): TelegramChunk[] {
  const { query, ...renderOptions } = options;
  const section: DigestSection = {
    topicId: 'stories',
    title: heading ?? 'Tin mới',
    items: stories.map((s) => (query ? markItem(storyToItem(s), query) : storyToItem(s))),
  };
  return render(null, [section], null, 'Không tìm thấy tin nào.', renderOptions);
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

/**
 * The length Telegram counts: text after removing tags and decoding entities,
 * in UTF-16 code units (a surrogate-pair emoji counts 2).
 */
export function telegramVisibleLength(html: string): number {
  const stripped = html.replace(/<[^>]*>/g, '');
  const decoded = stripped.replace(
    /&(#[xX][0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g,
    (m, name: string) => {
      if (!name.startsWith('#')) return NAMED[name] ?? m;
      const code = /^#[xX]/.test(name)
        ? Number.parseInt(name.slice(2), 16)
        : Number.parseInt(name.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : m;
    },
  );
  return decoded.length;
}
