/**
 * Feeds of the digest, one entry per daily digest: Atom 1.0 (RFC 4287) and
 * JSON Feed 1.1 (https://jsonfeed.org/version/1.1). Entry ids are tag URIs
 * (RFC 4151) keyed by the day, so they stay the same whatever host serves them.
 */
import { renderTerminal } from '../digest/format/index.js';
import type { DigestDocument } from '../digest/model.js';
import type { WebRenderer } from './render.js';

export interface FeedDay {
  key: string;
  doc: DigestDocument;
}

export interface FeedContext {
  /** Absolute base URL of the site, without a trailing slash. */
  baseUrl: string;
  renderer: WebRenderer;
  timezone: string;
  /** When the feed was built: `updated` when no entry has news. */
  now: Date;
}

export const FEED_ID = 'tag:hanoi-digest,2026:ban-tin';
const entryId = (key: string): string => `${FEED_ID}/${key}`;

/** An entry's update time: the end of its window (today's digest grows until midnight). */
const updatedOf = (doc: DigestDocument): Date => doc.window.until;

function summaryText(doc: DigestDocument): string {
  const titles = doc.sections.flatMap((s) => s.items.map((i) => i.title));
  return `${doc.counts.items} tin: ${titles.slice(0, 5).join('; ')}${titles.length > 5 ? '…' : ''}`;
}

export function renderAtomFeed(days: readonly FeedDay[], ctx: FeedContext): string {
  const updated = days.length
    ? new Date(Math.max(...days.map((d) => updatedOf(d.doc).getTime())))
    : ctx.now;
  return ctx.renderer.atom({
    id: FEED_ID,
    updated: updated.toISOString(),
    self: `${ctx.baseUrl}/ban-tin.atom`,
    home: `${ctx.baseUrl}/`,
    entries: days.map((d) => ({
      id: entryId(d.key),
      title: d.doc.header,
      url: `${ctx.baseUrl}/ban-tin/${d.key}`,
      updated: updatedOf(d.doc).toISOString(),
      published: d.doc.window.since.toISOString(),
      summary: summaryText(d.doc),
      html: ctx.renderer.digestFragment(d.doc),
    })),
  });
}

export function renderJsonFeed(days: readonly FeedDay[], ctx: FeedContext): string {
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: 'Bản tin Hà Nội',
    home_page_url: `${ctx.baseUrl}/`,
    feed_url: `${ctx.baseUrl}/ban-tin.json`,
    description: 'Tin thời sự Hà Nội mỗi ngày, tóm tắt kèm các con số chính.',
    language: 'vi',
    authors: [{ name: 'hanoi-digest' }],
    items: days.map((d) => ({
      id: entryId(d.key),
      url: `${ctx.baseUrl}/ban-tin/${d.key}`,
      title: d.doc.header,
      summary: summaryText(d.doc),
      content_html: ctx.renderer.digestFragment(d.doc),
      content_text: renderTerminal(d.doc, { color: false, timezone: ctx.timezone }),
      date_published: d.doc.window.since.toISOString(),
      date_modified: updatedOf(d.doc).toISOString(),
      tags: d.doc.sections.map((s) => s.title),
    })),
  };
  return JSON.stringify(feed, null, 2);
}
