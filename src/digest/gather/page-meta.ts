/**
 * What a page says about itself: <meta> tags (Open Graph, article:*, name/itemprop),
 * the canonical link and JSON-LD Article objects, for the article extractor.
 */
import { selectAll, selectOne } from 'css-select';
import type { AnyNode, Document, Element } from 'domhandler';
import { attr, cleanSpace } from './html-text.js';

export interface Meta {
  title: string | null;
  description: string | null;
  published: string | null;
  author: string | null;
  canonical: string | null;
}

export function readMeta(doc: Document): Meta {
  const meta = new Map<string, string>();
  for (const m of selectAll<AnyNode, Element>('meta', doc)) {
    const key = (attr(m, 'property') ?? attr(m, 'name') ?? attr(m, 'itemprop') ?? '').toLowerCase();
    const content = attr(m, 'content');
    if (key && content && !meta.has(key)) meta.set(key, cleanSpace(content));
  }
  const ld = readJsonLd(doc);
  const canonicalEl = selectOne<AnyNode, Element>('link[rel~="canonical"]', doc);
  const metaAuthor = meta.get('author') ?? meta.get('article:author') ?? null;
  return {
    title: meta.get('og:title') ?? ld.headline ?? null,
    description: meta.get('og:description') ?? meta.get('description') ?? null,
    published:
      meta.get('article:published_time') ??
      meta.get('og:published_time') ??
      meta.get('datepublished') ??
      meta.get('pubdate') ??
      ld.datePublished ??
      null,
    author: ld.author ?? (metaAuthor && !/^https?:/.test(metaAuthor) ? metaAuthor : null),
    canonical: (canonicalEl && attr(canonicalEl, 'href')) || meta.get('og:url') || null,
  };
}

interface JsonLd {
  headline?: string;
  datePublished?: string;
  author?: string;
}

function readJsonLd(doc: Document): JsonLd {
  const out: JsonLd = {};
  for (const script of selectAll<AnyNode, Element>('script[type="application/ld+json"]', doc)) {
    let data: unknown;
    try {
      data = JSON.parse(script.children.map((c) => ('data' in c ? String(c.data) : '')).join(''));
    } catch {
      continue; // broken JSON-LD is common; it is only a hint
    }
    const stack: unknown[] = [data];
    while (stack.length) {
      const v = stack.pop();
      if (Array.isArray(v)) stack.push(...(v as unknown[]));
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (o['@graph']) stack.push(o['@graph']);
        const type = String(o['@type'] ?? '');
        if (!/Article|NewsArticle|BlogPosting|Report/i.test(type)) continue;
        if (typeof o['headline'] === 'string') out.headline ??= cleanSpace(o['headline']);
        if (typeof o['datePublished'] === 'string') out.datePublished ??= o['datePublished'];
        const a = Array.isArray(o['author']) ? (o['author'] as unknown[])[0] : o['author'];
        const name =
          typeof a === 'string'
            ? a
            : a && typeof a === 'object'
              ? (a as Record<string, unknown>)['name']
              : null;
        if (typeof name === 'string' && name.trim()) out.author ??= cleanSpace(name);
      }
    }
  }
  return out;
}
