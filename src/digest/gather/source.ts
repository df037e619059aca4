/**
 * One source fetched and parsed: an RSS/Atom/RDF feed or a listing page.
 * Shared by the gatherer's runs and `check()` (`feeds check`, `/addfeed`),
 * which also names a listing page after its own title, not its host.
 */
import { selectOne } from 'css-select';
import type { AnyNode, Element } from 'domhandler';
import type { FeedConfig, FeedItem } from '../model.js';
import { decodeBody } from './charset.js';
import { FeedParseError } from './errors.js';
import { describeFailure, noItemsFailure } from './failure.js';
import { parseFeed } from './feed-parser.js';
import type { FeedFormat } from './feed-parser.js';
import { cleanSpace, nodeText, parseHtml } from './html-text.js';
import { parseListingPage } from './listing-page.js';
import { readMeta } from './page-meta.js';
import type { Fetcher, FetchResult } from './fetcher.js';
import type { FeedCheckReport } from './types.js';

export const ITEM_ACCEPT = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5';
export const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.5, */*;q=0.1';

interface ParsedSource {
  format: FeedFormat | 'page';
  title: string | null;
  items: FeedItem[];
}

export function parseSource(
  res: FetchResult,
  feed: Pick<FeedConfig, 'type'> & { linkSelector?: string },
): ParsedSource {
  const { text } = decodeBody(res.body, res.contentType);
  if (feed.type === 'page') {
    if (!feed.linkSelector)
      throw new FeedParseError('a page feed needs a link selector', res.finalUrl);
    return {
      format: 'page',
      title: null,
      items: parseListingPage(text, res.finalUrl, feed.linkSelector),
    };
  }
  return parseFeed(text, res.finalUrl);
}

/** A listing page's own name (og:title, else <title>), so a page feed is not named after its host. */
function pageTitle(res: FetchResult): string | null {
  const doc = parseHtml(decodeBody(res.body, res.contentType).text);
  const el = selectOne<AnyNode, Element>('title', doc);
  const title = readMeta(doc).title ?? (el ? cleanSpace(nodeText(el)) : '');
  return title ? title.normalize('NFC') : null;
}

export async function checkSource(
  fetcher: Fetcher,
  feed: Pick<FeedConfig, 'url' | 'type'> & { linkSelector?: string },
): Promise<FeedCheckReport> {
  const report: FeedCheckReport = {
    url: feed.url,
    format: null,
    title: null,
    itemCount: 0,
    newest: null,
    errors: [],
  };
  try {
    const res = await fetcher.fetch(feed.url, {
      accept: feed.type === 'page' ? ITEM_ACCEPT : FEED_ACCEPT,
    });
    const parsed = parseSource(res, feed);
    report.format = parsed.format;
    report.title = parsed.title ?? (parsed.format === 'page' ? pageTitle(res) : null);
    report.itemCount = parsed.items.length;
    const dated = parsed.items.filter((i) => i.publishedAt);
    report.newest = dated.length
      ? dated.reduce((a, b) =>
          (b.publishedAt?.getTime() ?? 0) > (a.publishedAt?.getTime() ?? 0) ? b : a,
        )
      : (parsed.items[0] ?? null);
    if (!parsed.items.length) {
      const info = noItemsFailure();
      report.failure = info;
      report.errors.push(info.text);
    }
  } catch (err) {
    const info = describeFailure(err);
    report.failure = info;
    report.errors.push(info.text);
  }
  return report;
}
