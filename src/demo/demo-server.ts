/**
 * The offline demo's web: a node:http server on 127.0.0.1 serving the bundled
 * sample articles as outlet-style RSS feeds, listing pages and article pages
 * (plus the seed page when ../shared/seeds is present). Nothing leaves the machine.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FeedConfig } from '../digest/model.js';
import {
  LISTING_LINK_SELECTOR,
  renderArticlePage,
  renderListingPage,
  renderRssFeed,
  type OutletTemplate,
  type TemplateArticle,
} from './outlet-templates.js';
import { parseSeed, renderSeedPage } from './seed-page.js';

interface SampleOutlet {
  id: string;
  name: string;
  template: OutletTemplate;
  type: 'rss' | 'page';
  /**
   * Where the outlet's articles live for good: each page declares
   * `${site}/${slug}.html` as its canonical URL, so digests link there and not
   * to this temporary loopback server. The samples use reserved `.example`
   * hosts (RFC 2606): their events are fictional.
   */
  site?: string;
}

interface SampleArticle {
  slug: string;
  outlet: string;
  hoursAgo: number;
  author: string;
  title: string;
  lead: string;
  paragraphs: string[];
}

export interface SampleSet {
  outlets: SampleOutlet[];
  articles: SampleArticle[];
}

export async function loadSampleSet(file: string): Promise<SampleSet> {
  const raw = JSON.parse(await readFile(file, 'utf8')) as SampleSet;
  return { outlets: raw.outlets, articles: raw.articles };
}

export interface DemoServer {
  baseUrl: string;
  /** host:port, for FETCH_ALLOW_PRIVATE. */
  hostPort: string;
  feeds: FeedConfig[];
  /** How many article pages it serves. */
  articleCount: number;
  close(): Promise<void>;
}

export interface DemoServerOptions {
  samples: SampleSet;
  /** The seed article's scraped text, served as a Phụ nữ Thủ đô page when given. */
  seedText?: string | null;
  now?: Date;
}

export async function startDemoServer(options: DemoServerOptions): Promise<DemoServer> {
  const now = options.now ?? new Date();
  const pages = new Map<string, string>();
  const byOutlet = new Map<string, (TemplateArticle & { path: string })[]>();
  let baseUrl = '';

  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const body = pages.get(path);
    if (!body) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    const type = path.endsWith('.xml')
      ? 'application/rss+xml; charset=utf-8'
      : 'text/html; charset=utf-8';
    res.writeHead(200, { 'content-type': type }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  for (const a of options.samples.articles) {
    const outlet = options.samples.outlets.find((o) => o.id === a.outlet);
    if (!outlet) throw new Error(`sample article ${a.slug}: unknown outlet ${a.outlet}`);
    const path = `/${outlet.id}/${a.slug}.html`;
    const article: TemplateArticle & { path: string } = {
      path,
      title: a.title,
      lead: a.lead,
      paragraphs: a.paragraphs,
      publishedAt: new Date(now.getTime() - a.hoursAgo * 3_600_000),
      author: a.author,
      url: `${baseUrl}${path}`,
      ...(outlet.site ? { canonicalUrl: `${outlet.site}/${a.slug}.html` } : {}),
    };
    pages.set(path, renderArticlePage(article, outlet.template));
    byOutlet.set(outlet.id, [...(byOutlet.get(outlet.id) ?? []), article]);
  }
  let articleCount = options.samples.articles.length;

  if (options.seedText) {
    const outlet = options.samples.outlets.find((o) => o.template === 'phunuthudo');
    if (outlet) {
      const parts = parseSeed(options.seedText);
      const slug = 'ha-noi-ket-nap-hon-10000-dang-vien-moi';
      const path = `/${outlet.id}/${slug}.html`;
      const publishedAt = new Date(now.getTime() - 9 * 3_600_000);
      const canonical = outlet.site ? `${outlet.site}/${slug}.html` : `${baseUrl}${path}`;
      pages.set(path, renderSeedPage(parts, canonical, publishedAt));
      byOutlet.get(outlet.id)?.push({
        path,
        title: parts.title,
        lead: parts.paragraphs.find((p) => p.length > 80) ?? '',
        paragraphs: [],
        publishedAt,
        author: null,
        url: `${baseUrl}${path}`,
      });
      articleCount++;
    }
  }

  const feeds: FeedConfig[] = [];
  for (const outlet of options.samples.outlets) {
    const list = (byOutlet.get(outlet.id) ?? []).sort(
      (x, y) => (y.publishedAt?.getTime() ?? 0) - (x.publishedAt?.getTime() ?? 0),
    );
    if (outlet.type === 'rss') {
      const path = `/${outlet.id}/rss.xml`;
      pages.set(
        path,
        renderRssFeed({ title: outlet.name, link: `${baseUrl}/${outlet.id}/` }, list),
      );
      feeds.push({
        id: outlet.id,
        name: outlet.name,
        url: `${baseUrl}${path}`,
        type: 'rss',
        enabled: true,
      });
    } else {
      const path = `/${outlet.id}/thoi-su`;
      pages.set(path, renderListingPage(outlet.name, list));
      feeds.push({
        id: outlet.id,
        name: outlet.name,
        url: `${baseUrl}${path}`,
        type: 'page',
        linkSelector: LISTING_LINK_SELECTOR,
        enabled: true,
      });
    }
  }

  return {
    baseUrl,
    hostPort: `127.0.0.1:${port}`,
    feeds,
    articleCount,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
