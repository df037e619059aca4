/**
 * RSS 2.0, Atom and RDF (RSS 1.0) → FeedItem[]. Entity expansion is off:
 * a document that declares its own entities (the billion-laughs shape) is
 * refused before parsing, so a hostile feed costs nothing; the usual
 * entities are decoded afterwards by htmlToText, which also strips HTML.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { FeedItem } from '../model.js';
import { FeedParseError } from './errors.js';
import { parseFeedDate } from './dates.js';
import { htmlToText } from './html-text.js';

export type FeedFormat = 'rss' | 'atom' | 'rdf';

export interface ParsedFeed {
  format: FeedFormat;
  title: string | null;
  items: FeedItem[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => ['item', 'entry', 'link', 'category'].includes(name),
});

type Node = Record<string, unknown>;

function asNode(v: unknown): Node | null {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : null;
}

/** The text of an element that may be a string, `{ '#text': … }` or an array of either. */
function raw(v: unknown): string {
  if (v == null) return '';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return raw(v[0]);
  const n = asNode(v);
  return n ? raw(n['#text']) : '';
}

const text = (v: unknown): string => htmlToText(raw(v));

/** Resolves against the feed URL; null for anything that is not http(s). */
function absolute(href: string, base: string | null): string | null {
  const h = htmlToText(href);
  if (!h) return null;
  try {
    const u = base ? new URL(h, base) : new URL(h);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

function atomLink(v: unknown): string {
  const links = Array.isArray(v) ? v : v == null ? [] : [v];
  let fallback = '';
  for (const l of links) {
    const n = asNode(l);
    if (!n) {
      if (typeof l === 'string' && !fallback) fallback = l;
      continue;
    }
    const href = raw(n['@_href']);
    const rel = raw(n['@_rel']) || 'alternate';
    if (rel === 'alternate' && href) return href;
    if (!fallback && href) fallback = href;
  }
  return fallback;
}

function author(v: unknown): string | null {
  const n = asNode(Array.isArray(v) ? v[0] : v);
  const a = n ? text(n['name'] ?? n['#text']) : text(v);
  return a || null;
}

function listOf(v: unknown): Node[] {
  const arr = Array.isArray(v) ? v : v == null ? [] : [v];
  return arr.map(asNode).filter((n): n is Node => n !== null);
}

function makeItem(
  base: string | null,
  link: string,
  guidRaw: string,
  title: unknown,
  description: unknown,
  date: unknown,
  by: string | null,
): FeedItem | null {
  const guid = htmlToText(guidRaw) || null;
  const url = absolute(link, base) ?? (guid ? absolute(guid, base) : null);
  if (!url) return null;
  return {
    guid,
    url,
    title: text(title),
    description: text(description),
    publishedAt: parseFeedDate(raw(date)),
    author: by,
  };
}

/**
 * Real feeds often carry a bare "&" ("?a=1&b=2", "Tom & Jerry") outside CDATA,
 * which is not XML; escape those so one sloppy character does not lose the feed.
 */
function escapeBareAmpersands(xml: string): string {
  return xml
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part, i) =>
      i % 2 === 1 ? part : part.replace(/&(?!#\d+;|#x[0-9a-f]+;|[a-z][a-z0-9]*;)/gi, '&amp;'),
    )
    .join('');
}

/**
 * Where the prolog ends: the index of the root element's `<`. Comments,
 * processing instructions and the DOCTYPE (quoted strings, and comments inside
 * its internal subset, may contain `]>` or `<`) are stepped over, so nothing
 * written before the root element can hide from the entity guard.
 */
export function prologEnd(xml: string): number {
  const len = xml.length;
  const skipTo = (from: number, end: string): number => {
    const e = xml.indexOf(end, from);
    return e < 0 ? len : e + end.length;
  };
  let i = 0;
  while (i < len) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) return len;
    if (xml.startsWith('<?', lt)) i = skipTo(lt + 2, '?>');
    else if (xml.startsWith('<!--', lt)) i = skipTo(lt + 4, '-->');
    else if (xml.slice(lt, lt + 9).toUpperCase() === '<!DOCTYPE') {
      let j = lt + 9;
      let subset = false;
      while (j < len) {
        const c = xml[j];
        if (c === '"' || c === "'") j = skipTo(j + 1, c);
        else if (subset && xml.startsWith('<!--', j)) j = skipTo(j + 4, '-->');
        else if (subset && xml.startsWith('<?', j)) j = skipTo(j + 2, '?>');
        else {
          if (c === '[') subset = true;
          else if (c === ']') subset = false;
          else if (c === '>' && !subset) break;
          j++;
        }
      }
      i = j + 1;
    } else if (xml.startsWith('<!', lt)) i = lt + 2;
    else return lt;
  }
  return len;
}

/** Parses a feed document. `baseUrl` resolves relative links. Throws FeedParseError. */
export function parseFeed(xml: string, baseUrl: string | null = null): ParsedFeed {
  const head = xml.slice(0, 4096);
  if (/<!ENTITY/i.test(xml.slice(0, prologEnd(xml)))) {
    throw new FeedParseError('feed declares its own XML entities (<!ENTITY>); refused', baseUrl);
  }
  if (
    !/<(rss|feed|rdf:RDF|RDF)[\s>]/i.test(xml) ||
    /^\s*<!doctype html/i.test(head) ||
    /^\s*<html/i.test(head)
  ) {
    throw new FeedParseError('not an RSS, Atom or RDF document', baseUrl);
  }
  xml = escapeBareAmpersands(xml);
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new FeedParseError(`malformed XML: ${valid.err.msg} (line ${valid.err.line})`, baseUrl);
  }
  let doc: Node;
  try {
    doc = parser.parse(xml) as Node;
  } catch (err) {
    throw new FeedParseError(
      `malformed XML: ${err instanceof Error ? err.message : String(err)}`,
      baseUrl,
    );
  }

  const rss = asNode(doc['rss']);
  if (rss) {
    const channel =
      asNode(Array.isArray(rss['channel']) ? rss['channel'][0] : rss['channel']) ?? {};
    const items = listOf(channel['item'])
      .map((it) => {
        const link = raw(it['link']);
        const guid = raw(it['guid']);
        const by = author(it['dc:creator']) ?? author(it['author']);
        const desc = it['description'] ?? it['content:encoded'];
        return makeItem(baseUrl, link, guid, it['title'], desc, it['pubDate'] ?? it['dc:date'], by);
      })
      .filter((i): i is FeedItem => i !== null);
    return { format: 'rss', title: text(channel['title']) || null, items };
  }

  const feed = asNode(doc['feed']);
  if (feed) {
    const items = listOf(feed['entry'])
      .map((e) =>
        makeItem(
          baseUrl,
          atomLink(e['link']),
          raw(e['id']),
          e['title'],
          e['summary'] ?? e['content'],
          e['published'] ?? e['updated'],
          author(e['author']),
        ),
      )
      .filter((i): i is FeedItem => i !== null);
    return { format: 'atom', title: text(feed['title']) || null, items };
  }

  const rdf = asNode(doc['rdf:RDF'] ?? doc['RDF']);
  if (rdf) {
    const channel =
      asNode(Array.isArray(rdf['channel']) ? rdf['channel'][0] : rdf['channel']) ?? {};
    const items = listOf(rdf['item'])
      .map((it) => {
        const link = raw(it['link']) || raw(it['@_rdf:about']);
        return makeItem(
          baseUrl,
          link,
          raw(it['@_rdf:about']),
          it['title'],
          it['description'],
          it['dc:date'],
          author(it['dc:creator']),
        );
      })
      .filter((i): i is FeedItem => i !== null);
    return { format: 'rdf', title: text(channel['title']) || null, items };
  }
  throw new FeedParseError('not an RSS, Atom or RDF document', baseUrl);
}
