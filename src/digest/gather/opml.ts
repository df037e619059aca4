/**
 * OPML 2.0 import and export of the feed list. Standard readers see every
 * feed as an RSS outline (`text`, `title`, `type="rss"`, `xmlUrl`); our own
 * fields ride along in the `hd:` namespace (id, page type and link selector,
 * paused, include/exclude filters), so an export imported again is the same
 * list, field for field. OPML from another reader (no `hd:` attributes)
 * imports as enabled RSS feeds with ids derived from their URLs.
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import type { FeedConfig } from '../model.js';
import { HanoiDigestError } from '../errors.js';

export const OPML_NAMESPACE = 'https://github.com/hanoi-digest/hanoi-digest/opml';

/** Thrown when a file is not OPML we can read; the message is plain Vietnamese-free English for the CLI. */
export class OpmlError extends HanoiDigestError {
  override name = 'OpmlError';
}

type Attrs = Record<string, string>;

function outlineOf(feed: FeedConfig): Attrs {
  const a: Attrs = {
    '@_text': feed.name,
    '@_title': feed.name,
    '@_type': 'rss',
    '@_xmlUrl': feed.url,
    '@_hd:id': feed.id,
  };
  if (feed.type === 'page') {
    a['@_hd:type'] = 'page';
    a['@_htmlUrl'] = feed.url;
  }
  if (feed.linkSelector) a['@_hd:selector'] = feed.linkSelector;
  if (!feed.enabled) a['@_hd:enabled'] = 'false';
  if (feed.filters?.include.length) a['@_hd:include'] = JSON.stringify(feed.filters.include);
  if (feed.filters?.exclude.length) a['@_hd:exclude'] = JSON.stringify(feed.filters.exclude);
  return a;
}

/** The feed list as an OPML 2.0 document. */
export function feedsToOpml(feeds: readonly FeedConfig[], title = 'hanoi-digest feeds'): string {
  const builder = new XMLBuilder({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    format: true,
    indentBy: '  ',
    suppressEmptyNode: true,
  });
  const doc = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    opml: {
      '@_version': '2.0',
      '@_xmlns:hd': OPML_NAMESPACE,
      head: { title },
      body: { outline: feeds.map(outlineOf) },
    },
  };
  return String(builder.build(doc)).replace(
    '<?xml version="1.0" encoding="UTF-8"></?xml>',
    '<?xml version="1.0" encoding="UTF-8"?>',
  );
}

/** An outline we could not import, with why (English, for the CLI preview). */
export interface OpmlProblem {
  outline: string;
  problem: string;
}

export interface ParsedOpml {
  feeds: FeedConfig[];
  problems: OpmlProblem[];
}

const ID_RE = /^[a-z0-9-]+$/;

/** "https://www.vietnamplus.vn/rss/xahoi-150.rss" → "vietnamplus-vn-rss-xahoi-150". */
export function feedIdFromUrl(url: string): string {
  const u = new URL(url);
  let path = u.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // keep the encoded form; the slug below drops the % signs
  }
  const raw = `${u.hostname.replace(/^www\./, '')}${path}`
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .replace(/\.(rss|xml|html?|aspx?|php)$/, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return raw.slice(0, 60).replace(/-+$/, '') || 'feed';
}

function phrases(v: string | undefined): string[] {
  if (!v) return [];
  try {
    const parsed: unknown = JSON.parse(v);
    if (Array.isArray(parsed)) return parsed.filter((p): p is string => typeof p === 'string');
  } catch {
    // not JSON: a comma list written by hand
  }
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function collect(node: unknown, out: Attrs[]): void {
  const list = Array.isArray(node) ? node : node ? [node] : [];
  for (const o of list) {
    if (!o || typeof o !== 'object') continue;
    const attrs: Attrs = {};
    for (const [k, v] of Object.entries(o as Record<string, unknown>))
      if (k.startsWith('@_') && (typeof v === 'string' || typeof v === 'number'))
        attrs[k.slice(2)] = String(v);
    if (attrs['xmlUrl'] || attrs['hd:id']) out.push(attrs);
    collect((o as Record<string, unknown>)['outline'], out);
  }
}

/** Reads an OPML document: feeds in document order, and outlines that could not be used. */
export function parseOpml(text: string): ParsedOpml {
  const valid = XMLValidator.validate(text);
  if (valid !== true)
    throw new OpmlError(`not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`);
  if (/<!DOCTYPE|<!ENTITY/i.test(text))
    throw new OpmlError('OPML with a DOCTYPE or entities is refused');
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseAttributeValue: false,
    processEntities: true,
    htmlEntities: false,
  });
  const doc = parser.parse(text) as { opml?: { body?: { outline?: unknown } } };
  if (!doc.opml) throw new OpmlError('no <opml> root element');
  const outlines: Attrs[] = [];
  collect(doc.opml.body?.outline, outlines);
  const feeds: FeedConfig[] = [];
  const problems: OpmlProblem[] = [];
  for (const a of outlines) {
    const label = a['text'] ?? a['title'] ?? a['xmlUrl'] ?? '?';
    const url = (a['xmlUrl'] ?? a['htmlUrl'] ?? '').trim();
    let href: string;
    try {
      const u = new URL(url);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
      href = u.href;
    } catch {
      problems.push({ outline: label, problem: `"${url}" is not an http(s) URL` });
      continue;
    }
    const id = a['hd:id'] ?? feedIdFromUrl(href);
    if (!ID_RE.test(id)) {
      problems.push({ outline: label, problem: `hd:id "${id}" is not [a-z0-9-]+` });
      continue;
    }
    const type = a['hd:type'] === 'page' ? 'page' : 'rss';
    const selector = a['hd:selector'];
    if (type === 'page' && !selector) {
      problems.push({ outline: label, problem: 'a page feed needs hd:selector' });
      continue;
    }
    const name = (a['title'] ?? a['text'] ?? new URL(href).hostname).normalize('NFC').trim();
    const feed: FeedConfig = {
      id,
      name: name || new URL(href).hostname,
      url: href,
      type,
      enabled: a['hd:enabled'] !== 'false',
    };
    if (type === 'page' && selector) feed.linkSelector = selector;
    const include = phrases(a['hd:include']).map((p) => p.normalize('NFC'));
    const exclude = phrases(a['hd:exclude']).map((p) => p.normalize('NFC'));
    if (include.length || exclude.length) feed.filters = { include, exclude };
    feeds.push(feed);
  }
  return { feeds, problems };
}

/** What an import would do, given the feeds already stored. */
export interface ImportPlan {
  add: FeedConfig[];
  update: FeedConfig[];
  unchanged: FeedConfig[];
  skipped: OpmlProblem[];
}

function sameFeed(a: FeedConfig, b: FeedConfig): boolean {
  const norm = (f: FeedConfig): string =>
    JSON.stringify([
      f.id,
      f.name,
      f.url,
      f.type,
      f.linkSelector ?? null,
      f.enabled,
      f.filters?.include ?? [],
      f.filters?.exclude ?? [],
    ]);
  return norm(a) === norm(b);
}

/**
 * New ids are added; a stored admin feed with the same id is updated; a feed
 * from feeds.yaml is left alone (the file is its source); a URL already
 * stored under another id is skipped, so an import never duplicates a feed.
 */
export function planImport(
  incoming: ParsedOpml,
  existing: readonly (FeedConfig & { origin?: 'config' | 'admin' })[],
): ImportPlan {
  const plan: ImportPlan = { add: [], update: [], unchanged: [], skipped: [...incoming.problems] };
  const seen = new Set<string>();
  for (const f of incoming.feeds) {
    if (seen.has(f.id)) {
      plan.skipped.push({ outline: f.name, problem: `id "${f.id}" appears twice in the file` });
      continue;
    }
    seen.add(f.id);
    const same = existing.find((e) => e.id === f.id);
    if (same) {
      if (sameFeed(same, f)) plan.unchanged.push(f);
      else if (same.origin === 'config')
        plan.skipped.push({
          outline: f.name,
          problem: `"${f.id}" is listed in feeds.yaml; change it there`,
        });
      else plan.update.push(f);
      continue;
    }
    const byUrl = existing.find((e) => e.url === f.url);
    if (byUrl) {
      plan.skipped.push({ outline: f.name, problem: `${f.url} is already feed "${byUrl.id}"` });
      continue;
    }
    plan.add.push(f);
  }
  return plan;
}
