/**
 * The read-only web site (node:http): today's digest, past days, topic pages,
 * Atom and JSON feeds, and the token-protected admin status page.
 *
 * Every response carries a strict CSP (no script at all, the inline
 * stylesheet by hash, nothing third-party), nosniff, no cross-site referrer, no
 * framing. Public pages are cached as rendered bytes: a past day for an hour,
 * today for a minute; concurrent requests share one rendering.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock, Logger } from '../digest/ports.js';
import { silentLogger, systemClock } from '../digest/ports.js';
import { digestPageModel } from '../digest/format/index.js';
import type { TopicConfig } from '../digest/model.js';
import { collectAdminView, createAdminAuth, type AdminDataOptions } from './admin.js';
import type { DigestArchive } from './archive.js';
import { dayLabel, dayWindow, shiftDay } from './days.js';
import { renderAtomFeed, renderJsonFeed, type FeedDay } from './feeds.js';
import {
  contentSecurityPolicy,
  createWebRenderer,
  type NavLink,
  type WebRenderer,
} from './render.js';

export interface WebServerOptions {
  archive: DigestArchive;
  topics: TopicConfig[];
  /** ADMIN_WEB_TOKEN; without it the admin page is off (404). */
  adminToken?: string;
  /** What the admin page reads; required with `adminToken`. */
  admin?: Omit<AdminDataOptions, 'timezone' | 'clock'>;
  /** Absolute site URL for feeds (WEB_PUBLIC_URL); default from the Host header. */
  publicUrl?: string;
  /** Days in the feeds (default 14) and in the home page's archive list (default 7). */
  feedDays?: number;
  archiveDays?: number;
  /** How far back day pages go (default 400 days). */
  archiveLimitDays?: number;
  /** Cache lifetimes of rendered public pages. */
  todayTtlMs?: number;
  pastTtlMs?: number;
  secureCookie?: boolean;
  clock?: Clock;
  logger?: Logger;
  renderer?: WebRenderer;
}

export interface WebServer {
  readonly server: Server;
  /** Listen; resolves with the base URL (`http://127.0.0.1:PORT`). */
  listen(port: number, host?: string): Promise<string>;
  close(): Promise<void>;
  /** Forget rendered pages (after gathering added articles). */
  clearCache(): void;
}

interface Rendered {
  status: number;
  type: string;
  body: Buffer;
  etag: string;
}

const HTML = 'text/html; charset=utf-8';
const ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#a3221b"/><text x="16" y="22" font-size="16" text-anchor="middle" fill="#fff" font-family="sans-serif">HN</text></svg>`;
const DAY_PATH = /^\/ban-tin\/(\d{4}-\d{2}-\d{2})$/;
const TOPIC_PATH = /^\/chu-de\/([a-z0-9-]{1,64})$/;
const MAX_FORM_BYTES = 4096;
const MAX_CACHED = 500;

function rendered(status: number, type: string, text: string): Rendered {
  const body = Buffer.from(text, 'utf8');
  return { status, type, body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
}

/** No Origin header (older clients) or one naming this host. */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

function readForm(req: IncomingMessage): Promise<URLSearchParams | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_FORM_BYTES) {
        resolve(null);
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', () => resolve(null));
  });
}

export function createWebServer(options: WebServerOptions): WebServer {
  const { archive, topics } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const renderer = options.renderer ?? createWebRenderer({ timezone: archive.timezone });
  const tz = archive.timezone;
  const feedDays = options.feedDays ?? 14;
  const archiveDays = options.archiveDays ?? 7;
  const archiveLimitDays = options.archiveLimitDays ?? 400;
  const todayTtl = options.todayTtlMs ?? 60_000;
  const pastTtl = options.pastTtlMs ?? 3_600_000;
  const auth = options.adminToken
    ? createAdminAuth({
        token: options.adminToken,
        clock,
        ...(options.secureCookie ? { secureCookie: true } : {}),
      })
    : null;
  const cache = new Map<string, { at: number; ttl: number; page: Promise<Rendered> }>();
  /** When each request arrived: its processing time goes out as `Server-Timing`. */
  const started = new WeakMap<IncomingMessage, number>();

  const nav = (current: string): NavLink[] => [
    { href: '/', label: 'Hôm nay', current: current === '/' },
    ...topics.map((t) => ({
      href: `/chu-de/${t.id}`,
      label: t.name,
      current: current === `/chu-de/${t.id}`,
    })),
  ];
  const notFound = (text = 'Không có trang này.'): Rendered =>
    rendered(404, HTML, renderer.messagePage({ heading: 'Không tìm thấy', text, nav: nav('') }));

  function cached(key: string, ttl: number, make: () => Promise<Rendered>): Promise<Rendered> {
    const now = clock.now().getTime();
    const hit = cache.get(key);
    if (hit && now - hit.at < hit.ttl) return hit.page;
    if (cache.size >= MAX_CACHED) {
      for (const [k, v] of cache) if (now - v.at >= v.ttl) cache.delete(k);
      // Still full: drop the oldest (a Map iterates in insertion order).
      for (const k of cache.keys()) {
        if (cache.size < MAX_CACHED) break;
        cache.delete(k);
      }
    }
    const page = make();
    cache.set(key, { at: now, ttl, page });
    page.catch(() => cache.delete(key));
    return page;
  }

  async function dayPage(key: string, path: string): Promise<Rendered> {
    const doc = await archive.day(key);
    if (!doc) return notFound('Chưa có bản tin cho ngày này.');
    const today = archive.todayKey();
    const prev = shiftDay(key, -1);
    const next = shiftDay(key, 1);
    const html = renderer.digestPage(doc, {
      nav: nav(path),
      topicIds: topics.map((t) => t.id),
      pager: {
        prev: { href: `/ban-tin/${prev}`, label: dayLabel(prev, tz) },
        ...(next <= today
          ? { next: { href: next === today ? '/' : `/ban-tin/${next}`, label: dayLabel(next, tz) } }
          : {}),
      },
      ...(path === '/'
        ? {
            archive: archive
              .pastDays(archiveDays)
              .map((d) => ({ href: `/ban-tin/${d}`, label: dayLabel(d, tz) })),
          }
        : {}),
    });
    return rendered(200, HTML, html);
  }

  async function topicPage(id: string, path: string): Promise<Rendered> {
    const t = await archive.topic(id);
    if (!t) return notFound('Không có chủ đề này.');
    const model = digestPageModel(
      {
        header: '',
        date: t.until,
        window: { since: t.since, until: t.until },
        sections: [{ topicId: t.topic.id, title: t.topic.name, items: t.items }],
        footer: '',
        counts: t.counts,
      },
      { timezone: tz },
    );
    return rendered(
      200,
      HTML,
      renderer.topicPage({
        name: t.topic.name,
        windowText: model.windowText,
        items: model.sections[0]?.items ?? [],
        counts: t.counts,
        nav: nav(path),
      }),
    );
  }

  async function feedDocs(): Promise<FeedDay[]> {
    const keys = [archive.todayKey(), ...archive.pastDays(feedDays - 1)];
    const out: FeedDay[] = [];
    for (const key of keys) {
      const doc = await archive.day(key);
      if (doc && doc.counts.items > 0) out.push({ key, doc });
    }
    return out;
  }

  function baseUrl(req: IncomingMessage): string {
    if (options.publicUrl) return options.publicUrl.replace(/\/+$/, '');
    const host = req.headers.host ?? '';
    return /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host)
      ? `http://${host}`
      : 'http://127.0.0.1';
  }

  function send(
    req: IncomingMessage,
    res: ServerResponse,
    page: Rendered,
    extra: Record<string, string> = {},
    cacheControl = 'public, max-age=60',
  ): void {
    const headers: Record<string, string | number> = {
      'content-type': page.type,
      'content-security-policy': contentSecurityPolicy(),
      'x-content-type-options': 'nosniff',
      // same-origin: nothing leaks to outlets, and form posts keep their Origin for the login check.
      'referrer-policy': 'same-origin',
      'x-frame-options': 'DENY',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'cache-control': cacheControl,
      'server-timing': `app;dur=${(performance.now() - (started.get(req) ?? performance.now())).toFixed(2)}`,
      ...extra,
    };
    if (page.status === 200 && cacheControl.startsWith('public')) {
      headers['etag'] = page.etag;
      if (req.headers['if-none-match'] === page.etag) {
        res.writeHead(304, headers).end();
        return;
      }
    }
    headers['content-length'] = page.body.length;
    res.writeHead(page.status, headers);
    res.end(req.method === 'HEAD' ? undefined : page.body);
  }

  const loginPage = (status: number, error?: string): Rendered =>
    rendered(status, HTML, renderer.loginPage({ nav: nav(''), ...(error ? { error } : {}) }));

  async function admin(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const noStore = 'no-store';
    if (!auth || !options.admin) {
      send(req, res, notFound('Trang quản trị chưa bật (cần đặt ADMIN_WEB_TOKEN).'), {}, noStore);
      return;
    }
    if (path === '/quan-tri/dang-nhap' && req.method === 'POST') {
      // A login posted from another site is refused; SameSite=Strict covers the rest.
      if (!sameOrigin(req)) {
        send(req, res, loginPage(403, 'Yêu cầu không hợp lệ.'), {}, noStore);
        return;
      }
      const form = await readForm(req);
      const token = form?.get('token') ?? '';
      if (!auth.checkToken(token)) {
        logger.warn({ ip: req.socket.remoteAddress }, 'admin login refused');
        send(req, res, loginPage(401, 'Mã quản trị không đúng.'), {}, noStore);
        return;
      }
      res
        .writeHead(303, {
          location: '/quan-tri',
          'set-cookie': auth.login(),
          'cache-control': noStore,
          'content-security-policy': contentSecurityPolicy(),
        })
        .end();
      return;
    }
    if (path === '/quan-tri/dang-xuat' && req.method === 'POST') {
      res
        .writeHead(303, {
          location: '/',
          'set-cookie': auth.logout(req.headers.cookie),
          'cache-control': noStore,
        })
        .end();
      return;
    }
    if (path !== '/quan-tri' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      send(req, res, notFound(), {}, noStore);
      return;
    }
    // Only the header or the session cookie: a token in the URL is never accepted.
    if (!auth.checkBearer(req.headers.authorization) && !auth.checkCookie(req.headers.cookie)) {
      const error = req.headers.authorization ? 'Mã quản trị không đúng.' : undefined;
      send(
        req,
        res,
        loginPage(401, error),
        { 'www-authenticate': 'Bearer realm="quan-tri"' },
        noStore,
      );
      return;
    }
    const view = await collectAdminView({ ...options.admin, timezone: tz, clock });
    send(req, res, rendered(200, HTML, renderer.adminPage({ ...view, nav: nav('') })), {}, noStore);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname.replace(/(.)\/+$/, '$1');
    if (path === '/quan-tri' || path.startsWith('/quan-tri/')) return admin(req, res, path);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end();
      return;
    }
    if (path === '/favicon.svg' || path === '/favicon.ico') {
      send(req, res, rendered(200, 'image/svg+xml', ICON), {}, 'public, max-age=86400');
      return;
    }
    const today = archive.todayKey();
    if (path === '/') {
      send(req, res, await cached(`/|${today}`, todayTtl, () => dayPage(today, '/')));
      return;
    }
    const day = DAY_PATH.exec(path)?.[1];
    if (day) {
      if (!dayWindow(day, tz)) return send(req, res, notFound('Ngày không hợp lệ.'));
      // The archive reaches back `archiveLimitDays`: older dates are not composed (or cached) at all.
      if (day < shiftDay(today, -archiveLimitDays))
        return send(req, res, notFound('Bản tin của ngày này không còn lưu.'));
      const ttl = day < today ? pastTtl : todayTtl;
      send(req, res, await cached(path, ttl, () => dayPage(day, path)));
      return;
    }
    const topic = TOPIC_PATH.exec(path)?.[1];
    if (topic) {
      send(req, res, await cached(path, todayTtl, () => topicPage(topic, path)));
      return;
    }
    if (path === '/ban-tin.atom' || path === '/ban-tin.json') {
      const base = baseUrl(req);
      const atom = path.endsWith('.atom');
      const page = await cached(`${path}|${base}`, todayTtl, async () => {
        const days = await feedDocs();
        const ctx = { baseUrl: base, renderer, timezone: tz, now: clock.now() };
        return atom
          ? rendered(200, 'application/atom+xml; charset=utf-8', renderAtomFeed(days, ctx))
          : rendered(200, 'application/feed+json; charset=utf-8', renderJsonFeed(days, ctx));
      });
      send(req, res, page);
      return;
    }
    send(req, res, notFound());
  }

  const server = createServer((req, res) => {
    started.set(req, performance.now());
    handle(req, res).catch((err: unknown) => {
      logger.error(
        { err: err instanceof Error ? err.message : String(err), url: req.url },
        'web request failed',
      );
      if (!res.headersSent) {
        const page = rendered(
          500,
          HTML,
          renderer.messagePage({
            heading: 'Lỗi máy chủ',
            text: 'Xin thử lại sau ít phút.',
            nav: nav(''),
          }),
        );
        send(req, res, page, {}, 'no-store');
      } else res.destroy();
    });
  });

  return {
    server,
    listen(port, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const a = server.address() as AddressInfo;
          const h = a.family === 'IPv6' ? `[${a.address}]` : a.address;
          resolve(`http://${h}:${a.port}`);
        });
      });
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
    clearCache() {
      cache.clear();
    },
  };
}
