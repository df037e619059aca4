/**
 * Article page → ExtractedArticle, readability-style, on htmlparser2 (no
 * browser DOM: it is several times faster than jsdom + Readability, which is
 * the benchmark's peer). Order of work: read metadata (meta tags, JSON-LD,
 * canonical link), apply a site hint when one matches, remove noise blocks,
 * score paragraph containers, then clean the paragraph list with text rules.
 */
import { selectAll, selectOne } from 'css-select';
import type { AnyNode, Document, Element } from 'domhandler';
import { isTag } from 'domhandler';
import { removeElement } from 'domutils';
import type { ExtractedArticle } from '../model.js';
import { parseFeedDate } from './dates.js';
import { ExtractionError } from './errors.js';
import { attr, cleanSpace, nodeText, parseHtml } from './html-text.js';
import { readMeta } from './page-meta.js';
import { findHint } from './site-hints.js';
import type { SiteHint } from './site-hints.js';
import {
  isByline,
  isDoubledCaption,
  isPhotoCredit,
  isRelatedMarker,
  isShareBar,
  stripDateline,
} from './text-rules.js';

const NOISE_TAGS =
  'script, style, noscript, template, nav, header, footer, aside, form, iframe, svg, button, select, figcaption, object, embed';
/** Class/id tokens that mark noise even inside an article container. */
const STRONG_NEGATIVE =
  /share|social|sharing|relate|lienquan|lien-quan|cungchuyenmuc|cung-chuyen-muc|comment|binhluan|binh-luan|caption|breadcrumb|^tags?$|tag-list|keyword|byline|author|print|toolbar|rating|newsletter|subscribe|popular|most-?read|xem-?nhieu|doc-?nhieu|tin-?khac|other-news|list-news|advert|^ads?$|ads-|quang-?cao|sponsor/i;
/** Layout tokens: noise unless the block holds the article (VnExpress's main column is "sidebar-1"). */
const WEAK_NEGATIVE =
  /sidebar|footer|menu|^nav|navbar|banner|widget|pagination|hidden|modal|popup/i;
const POSITIVE = /article|body|content|detail|main|post|entry|story|text|fck|cms/i;
const PARAGRAPH_TAGS = new Set([
  'p',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'li',
  'pre',
  'blockquote',
  'td',
]);
const BLOCK_TAGS = new Set([
  'p',
  'div',
  'section',
  'article',
  'ul',
  'ol',
  'li',
  'table',
  'tbody',
  'tr',
  'td',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'pre',
  'figure',
  'main',
]);

export interface ExtractOptions {
  /** Disable per-site hints (tests of the generic path). */
  useHints?: boolean;
}

function tokens(el: Element): string[] {
  return `${attr(el, 'class') ?? ''} ${attr(el, 'id') ?? ''}`.split(/\s+/).filter(Boolean);
}

function isNoiseContainer(el: Element, keep: ReadonlySet<Element>): boolean {
  if (keep.has(el)) return false;
  if (el.name === 'body' || el.name === 'html' || el.name === 'main' || el.name === 'article')
    return false;
  const ts = tokens(el);
  if (
    ts.some(
      (t) =>
        STRONG_NEGATIVE.test(t) && !/^(?:article|detail|post|news)[-_]?(?:body|content)$/i.test(t),
    )
  )
    return true;
  if (!ts.some((t) => WEAK_NEGATIVE.test(t))) return false;
  const holdsArticle =
    selectAll<AnyNode, Element>('p', el).filter((p) => nodeText(p).length >= 120).length >= 3;
  return !holdsArticle;
}

/**
 * The sapo is the article's own: a `.sapo` inside a related-news teaser, a
 * list item or an aside (the "Tin cùng chuyên mục" block) is some other
 * article's lead, not this one's.
 */
function isOwnLead(el: Element): boolean {
  for (let n: AnyNode | null = el.parent; n; n = n.parent) {
    if (!isTag(n)) continue;
    if (n.name === 'li' || n.name === 'aside' || n.name === 'footer' || n.name === 'nav')
      return false;
    if (tokens(n).some((t) => STRONG_NEGATIVE.test(t) || /^(?:item|teaser)$/i.test(t)))
      return false;
  }
  return true;
}

function firstOwnLead(doc: AnyNode, selectors: readonly string[]): Element | null {
  for (const s of selectors) {
    const el = selectAll<AnyNode, Element>(s, doc).find(isOwnLead);
    if (el) return el;
  }
  return null;
}

function first(doc: AnyNode, selectors: readonly string[] | undefined): Element | null {
  for (const s of selectors ?? []) {
    const el = selectOne<AnyNode, Element>(s, doc);
    if (el) return el;
  }
  return null;
}

function linkDensity(el: Element, textLength: number): number {
  if (!textLength) return 0;
  const linkText = selectAll<AnyNode, Element>('a', el).reduce((n, a) => n + nodeText(a).length, 0);
  return Math.min(1, linkText / textLength);
}

/** A small element whose class says date/time and whose text parses as one. */
function findDateElement(doc: Document): Element | null {
  for (const el of selectAll<AnyNode, Element>('[class*="date"], [class*="time"]', doc)) {
    const text = nodeText(el);
    if (text.length <= 60 && parseFeedDate(text)) return el;
  }
  return null;
}

/** Readability's core: paragraphs vote for their parent (and half for the grandparent). */
function bestContainer(root: AnyNode): Element | null {
  const scores = new Map<Element, number>();
  for (const p of selectAll<AnyNode, Element>('p, pre, td, div', root)) {
    if (p.name === 'div' && p.children.some((c) => isTag(c) && BLOCK_TAGS.has(c.name))) continue;
    const text = nodeText(p);
    if (text.length < 25) continue;
    const score =
      1 + (text.match(/[,،]/g)?.length ?? 0) + Math.min(3, Math.floor(text.length / 100));
    const parent = p.parent && isTag(p.parent) ? p.parent : null;
    const grand = parent?.parent && isTag(parent.parent) ? parent.parent : null;
    if (parent) scores.set(parent, (scores.get(parent) ?? initial(parent)) + score);
    if (grand) scores.set(grand, (scores.get(grand) ?? initial(grand)) + score / 2);
  }
  let best: Element | null = null;
  let bestScore = 0;
  for (const [el, s] of scores) {
    const adjusted = s * (1 - linkDensity(el, nodeText(el).length));
    if (adjusted > bestScore) {
      best = el;
      bestScore = adjusted;
    }
  }
  return best;
}

function initial(el: Element): number {
  let s =
    el.name === 'article'
      ? 10
      : el.name === 'div' || el.name === 'section' || el.name === 'main'
        ? 5
        : 0;
  if (tokens(el).some((t) => POSITIVE.test(t))) s += 25;
  return s;
}

/** Paragraph-like blocks in document order; link-heavy ones (teaser lists) are skipped. */
function collectParagraphs(container: Element): string[] {
  const out: string[] = [];
  const walk = (n: AnyNode): void => {
    if (!isTag(n)) return;
    const hasBlockChild = n.children.some((c) => isTag(c) && BLOCK_TAGS.has(c.name));
    const paragraphLike = PARAGRAPH_TAGS.has(n.name)
      ? !(n.name === 'blockquote' || n.name === 'li' || n.name === 'td') || !hasBlockChild
      : n.name === 'div' && !hasBlockChild;
    if (paragraphLike) {
      const text = nodeText(n);
      if (text && !(text.length < 200 && linkDensity(n, text.length) > 0.5)) out.push(text);
      return;
    }
    for (const c of n.children) walk(c);
  };
  for (const c of container.children) walk(c);
  return out;
}

function cleanParagraphs(
  paragraphs: string[],
  title: string,
  lead: string,
): { paragraphs: string[]; byline: string | null } {
  const out: string[] = [];
  for (const raw of paragraphs) {
    const p = raw.normalize('NFC');
    if (isRelatedMarker(p)) break;
    if (isShareBar(p) || isDoubledCaption(p) || isPhotoCredit(p)) continue;
    if (p === title || (lead && (p === lead || stripDateline(p) === lead))) continue;
    if (out[out.length - 1] === p) continue;
    out.push(p);
  }
  let byline: string | null = null;
  for (let i = 0; i < 2 && out.length > 1; i++) {
    const last = out[out.length - 1] ?? '';
    if (!isByline(last)) break;
    out.pop();
    if (!/^\(?(?:theo|nguồn)\b/iu.test(last)) byline ??= last;
  }
  return { paragraphs: out, byline };
}

/**
 * The h1 that is the headline: many sites also wrap their logo in an h1, so
 * prefer the one whose text the page title (og:title or <title>) contains.
 */
function pickTitleHeading(doc: Document, pageTitle: string): Element | null {
  const headings = selectAll<AnyNode, Element>('h1', doc)
    .map((el) => ({ el, text: nodeText(el) }))
    .filter((h) => h.text.length > 0);
  const norm = pageTitle.toLowerCase();
  const matching = headings.filter(
    (h) => h.text.length >= 10 && norm.includes(h.text.toLowerCase()),
  );
  const pick =
    matching.sort((a, b) => b.text.length - a.text.length)[0] ??
    headings.find((h) => h.text.length >= 15) ??
    headings[0];
  return pick?.el ?? null;
}

function cleanTitle(t: string): string {
  return cleanSpace(t.replace(/\s+[-|–]\s+[^-|–]{2,40}$/u, ''));
}

function resolveUrl(href: string | null, base: string | null): string | null {
  if (!href) return null;
  try {
    return base ? new URL(href, base).href : new URL(href).href;
  } catch {
    return null;
  }
}

/** Extracts one article page. Throws ExtractionError when no body is found. */
export function extractArticle(
  html: string,
  url: string | null = null,
  options: ExtractOptions = {},
): ExtractedArticle {
  const doc = parseHtml(html);
  const meta = readMeta(doc);
  let host: string | null = null;
  try {
    host = url ? new URL(url).hostname : null;
  } catch {
    host = null;
  }
  const hint: SiteHint | null =
    options.useHints === false ? null : findHint(host, (s) => selectOne(s, doc) !== null);

  const titleEl =
    first(doc, hint?.title) ??
    pickTitleHeading(doc, meta.title ?? nodeText(selectOne<AnyNode, Element>('title', doc) ?? doc));
  const title =
    (titleEl ? nodeText(titleEl) : '') ||
    cleanTitle(meta.title ?? '') ||
    cleanTitle(nodeText(selectOne<AnyNode, Element>('title', doc) ?? doc));
  const leadEl =
    first(doc, hint?.lead) ??
    firstOwnLead(doc, [
      '.sapo',
      '.detail-sapo',
      '.article__sapo',
      'p.description',
      '.lead',
      '.article-lead',
      '[class*="sapo"]',
    ]);
  const lead = leadEl ? stripDateline(nodeText(leadEl)) : '';
  const dateEl =
    first(doc, hint?.date) ??
    first(doc, ['time[datetime]', '[itemprop="datePublished"]']) ??
    findDateElement(doc);
  const authorEl = first(doc, hint?.author);
  const hintedAuthor = authorEl ? nodeText(authorEl) : null;
  const dateText =
    meta.published ??
    (dateEl ? (attr(dateEl, 'datetime') ?? attr(dateEl, 'content') ?? nodeText(dateEl)) : null);

  // The title's and the hinted body's ancestors hold the article: never noise, whatever their class.
  const keep = new Set<Element>();
  for (let n: AnyNode | null = first(doc, hint?.body) ?? titleEl; n; n = n.parent)
    if (isTag(n)) keep.add(n);
  for (const el of [titleEl, leadEl]) if (el) removeElement(el);
  for (const el of selectAll<AnyNode, Element>(NOISE_TAGS, doc)) removeElement(el);
  for (const s of hint?.remove ?? [])
    for (const el of selectAll<AnyNode, Element>(s, doc)) removeElement(el);
  for (const el of selectAll<AnyNode, Element>('*', doc))
    if (isNoiseContainer(el, keep)) removeElement(el);

  const container = first(doc, hint?.body) ?? bestContainer(doc);
  if (!container) throw new ExtractionError('no article body found', url);
  const { paragraphs, byline } = cleanParagraphs(collectParagraphs(container), title, lead);
  if (!paragraphs.length) throw new ExtractionError('no article paragraphs found', url);
  if (!lead && paragraphs[0]) paragraphs[0] = stripDateline(paragraphs[0]);

  const author = meta.author ?? hintedAuthor ?? (byline && /\s/.test(byline) ? byline : null);
  return {
    title: title.normalize('NFC'),
    lead: lead.normalize('NFC'),
    paragraphs,
    publishedAt: parseFeedDate(dateText),
    author: author ? author.normalize('NFC') : null,
    canonicalUrl: resolveUrl(meta.canonical, url),
  };
}
