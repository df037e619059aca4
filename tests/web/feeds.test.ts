/**
 * The digest's feeds, checked against their specs: Atom 1.0 (RFC 4287 §4.1's
 * required elements and cardinalities, RFC 3339 dates, absolute IRIs) and
 * JSON Feed 1.1 (https://jsonfeed.org/version/1.1, as a zod schema).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  startSiteFixture,
  TODAY,
  TWO_DAYS_AGO,
  YESTERDAY,
  type SiteFixture,
} from './site-fixture.js';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const isAbsoluteIri = (s: string): boolean => /^[a-z][a-z0-9+.-]*:\S+$/i.test(s);

type Node = Record<string, unknown>;
const list = (v: unknown): Node[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]) as Node[];
const text = (v: unknown): string =>
  typeof v === 'object' && v !== null ? String((v as Node)['#text'] ?? '') : String(v ?? '');

/** RFC 4287 §4.1.1–4.1.2: what a feed and each entry must carry. Returns the problems found. */
export function atomProblems(xml: string): string[] {
  const problems: string[] = [];
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return [`not well-formed: ${valid.err.msg}`];
  const parsed = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseTagValue: false,
  }).parse(xml) as Node;
  const feed = parsed['feed'] as Node | undefined;
  if (!feed) return ['root element is not atom:feed'];
  if (feed['@xmlns'] !== 'http://www.w3.org/2005/Atom') problems.push('wrong namespace');
  const one = (node: Node, name: string, where: string): unknown => {
    const n = list(node[name]).length;
    if (n !== 1) problems.push(`${where}: ${n} ${name} elements, must be exactly 1`);
    return node[name];
  };
  const id = text(one(feed, 'id', 'feed'));
  if (!isAbsoluteIri(id)) problems.push(`feed id is not an absolute IRI: ${id}`);
  one(feed, 'title', 'feed');
  const updated = text(one(feed, 'updated', 'feed'));
  if (!RFC3339.test(updated)) problems.push(`feed updated is not RFC 3339: ${updated}`);
  const links = list(feed['link']);
  if (!links.some((l) => l['@rel'] === 'self')) problems.push('feed: no rel="self" link (SHOULD)');
  const entries = list(feed['entry']);
  const feedAuthor = list(feed['author']).length > 0;
  const ids = new Set<string>();
  entries.forEach((e, i) => {
    const where = `entry ${i}`;
    const eid = text(one(e, 'id', where));
    if (!isAbsoluteIri(eid)) problems.push(`${where}: id is not an absolute IRI`);
    if (ids.has(eid)) problems.push(`${where}: duplicate id ${eid}`);
    ids.add(eid);
    one(e, 'title', where);
    const up = text(one(e, 'updated', where));
    if (!RFC3339.test(up)) problems.push(`${where}: updated is not RFC 3339`);
    const pub = e['published'];
    if (pub !== undefined && !RFC3339.test(text(pub)))
      problems.push(`${where}: published not RFC 3339`);
    if (!feedAuthor && list(e['author']).length === 0) problems.push(`${where}: no author`);
    const alt = list(e['link']).filter((l) => (l['@rel'] ?? 'alternate') === 'alternate');
    if (alt.length === 0 && e['content'] === undefined)
      problems.push(`${where}: neither content nor alternate link`);
    for (const l of alt)
      if (!isAbsoluteIri(String(l['@href']))) problems.push(`${where}: relative link`);
    const content = e['content'] as Node | undefined;
    if (content && !['text', 'html', 'xhtml', undefined].includes(content['@type'] as string))
      problems.push(`${where}: content type`);
  });
  return problems;
}

/** JSON Feed 1.1, top level and items. */
const author = z
  .object({ name: z.string().optional(), url: z.url().optional(), avatar: z.url().optional() })
  .refine((a) => a.name || a.url || a.avatar, 'an author needs a name, url or avatar');
const item = z
  .object({
    id: z.string().min(1),
    url: z.url().optional(),
    external_url: z.url().optional(),
    title: z.string().optional(),
    content_html: z.string().optional(),
    content_text: z.string().optional(),
    summary: z.string().optional(),
    image: z.url().optional(),
    date_published: z.string().regex(RFC3339).optional(),
    date_modified: z.string().regex(RFC3339).optional(),
    authors: z.array(author).optional(),
    tags: z.array(z.string()).optional(),
    language: z.string().optional(),
  })
  .refine((i) => i.content_html !== undefined || i.content_text !== undefined, {
    message: 'an item needs content_html or content_text',
  });
export const jsonFeed11 = z.object({
  version: z.literal('https://jsonfeed.org/version/1.1'),
  title: z.string().min(1),
  home_page_url: z.url().optional(),
  feed_url: z.url().optional(),
  description: z.string().optional(),
  language: z.string().optional(),
  authors: z.array(author).optional(),
  expired: z.boolean().optional(),
  items: z.array(item),
});

let site: SiteFixture;
beforeAll(async () => {
  site = await startSiteFixture();
}, 60_000);
afterAll(() => site.close());

describe('the spec checks themselves', () => {
  it('catch a feed missing its required elements', () => {
    expect(
      atomProblems('<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>'),
    ).toEqual(expect.arrayContaining([expect.stringContaining('0 id elements')]));
    expect(atomProblems('<feed><id>')).toEqual([expect.stringContaining('not well-formed')]);
    expect(
      jsonFeed11.safeParse({ version: 'https://jsonfeed.org/version/1', items: [] }).success,
    ).toBe(false);
    expect(
      jsonFeed11.safeParse({
        version: 'https://jsonfeed.org/version/1.1',
        title: 't',
        items: [{ id: '1' }],
      }).success,
    ).toBe(false);
  });
});

describe('/ban-tin.atom', () => {
  it('is valid Atom with one entry per day that has news, newest first', async () => {
    const res = await fetch(`${site.baseUrl}/ban-tin.atom`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const xml = await res.text();
    expect(atomProblems(xml)).toEqual([]);
    const feed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(xml)
      .feed as Node;
    const entries = list(feed['entry']);
    expect(entries.map((e) => text(e['id']))).toEqual(
      [TODAY, YESTERDAY, TWO_DAYS_AGO].map((d) => `tag:hanoi-digest,2026:ban-tin/${d}`),
    );
    const first = entries[0] as Node;
    expect(String((first['link'] as Node)['@href'])).toBe(`${site.baseUrl}/ban-tin/${TODAY}`);
    // The entry's HTML is the day page's digest, figures marked, links to the outlets.
    const html = text(first['content']);
    const doc = new JSDOM(html).window.document;
    expect(doc.querySelectorAll('mark').length).toBeGreaterThan(0);
    expect(doc.querySelectorAll('script').length).toBe(0);
    expect(doc.querySelector('a[href^="https://hanoimoi.example/"]')).not.toBeNull();
  });
});

describe('/ban-tin.json', () => {
  it('is valid JSON Feed 1.1 with the same days, and its links lead to the day pages', async () => {
    const res = await fetch(`${site.baseUrl}/ban-tin.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/feed+json; charset=utf-8');
    const parsed = jsonFeed11.safeParse(await res.json());
    if (!parsed.success) throw new Error(z.prettifyError(parsed.error));
    const feed = parsed.data;
    expect(feed.feed_url).toBe(`${site.baseUrl}/ban-tin.json`);
    expect(feed.items.map((i) => i.url)).toEqual(
      [TODAY, YESTERDAY, TWO_DAYS_AGO].map((d) => `${site.baseUrl}/ban-tin/${d}`),
    );
    expect(new Set(feed.items.map((i) => i.id)).size).toBe(feed.items.length);
    for (const i of feed.items) {
      expect(i.content_text).not.toContain('/settings');
      expect((await fetch(i.url ?? '')).status).toBe(200);
    }
  });
});
