/**
 * `type: page` feeds: an HTML listing page whose article links are found with
 * the configured CSS selector. Links are made absolute and de-duplicated.
 */
import { selectAll } from 'css-select';
import type { AnyNode, Element } from 'domhandler';
import type { FeedItem } from '../model.js';
import { FeedParseError } from './errors.js';
import { attr, nodeText, parseHtml } from './html-text.js';

function firstLink(el: Element): Element | null {
  if (el.name === 'a' && attr(el, 'href')) return el;
  return selectAll<Element, Element>('a[href]', el)[0] ?? null;
}

/** Article links on a listing page; throws FeedParseError on a bad selector or no match. */
export function parseListingPage(html: string, pageUrl: string, selector: string): FeedItem[] {
  const doc = parseHtml(html);
  let matches: Element[];
  try {
    matches = selectAll<AnyNode, Element>(selector, doc);
  } catch (err) {
    throw new FeedParseError(
      `invalid link selector "${selector}": ${err instanceof Error ? err.message : String(err)}`,
      pageUrl,
    );
  }
  const baseEl = selectAll<AnyNode, Element>('base[href]', doc)[0];
  let base = pageUrl;
  try {
    if (baseEl) base = new URL(attr(baseEl, 'href') ?? '', pageUrl).href;
  } catch {
    /* a broken <base> is ignored */
  }
  const seen = new Set<string>();
  const items: FeedItem[] = [];
  for (const el of matches) {
    const a = firstLink(el);
    if (!a) continue;
    let url: URL;
    try {
      url = new URL(attr(a, 'href') ?? '', base);
    } catch {
      continue;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
    url.hash = '';
    if (url.href === new URL(pageUrl).href.replace(/#.*$/, '')) continue;
    if (seen.has(url.href)) continue;
    seen.add(url.href);
    const title = nodeText(a) || attr(a, 'title') || '';
    items.push({
      guid: null,
      url: url.href,
      title: title.normalize('NFC'),
      description: '',
      publishedAt: null,
      author: null,
    });
  }
  return items;
}
