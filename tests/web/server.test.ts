/** The site over HTTP: routes, headers, caching, and the admin page's protection. */
import { JSDOM } from 'jsdom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  startSiteFixture,
  TODAY,
  TWO_DAYS_AGO,
  YESTERDAY,
  type SiteFixture,
} from './site-fixture.js';

let site: SiteFixture;
beforeAll(async () => {
  site = await startSiteFixture();
}, 60_000);
afterAll(() => site.close());

const get = (path: string, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(site.baseUrl + path, { headers, redirect: 'manual' });
const dom = async (res: Response): Promise<Document> => new JSDOM(await res.text()).window.document;

describe('public pages', () => {
  it("serves today's digest at / with highlighted figures, original links and a strict CSP", async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    const doc = await dom(res);
    expect(doc.documentElement.lang).toBe('vi');
    expect(doc.querySelector('h1')?.textContent).toBe('Bản tin Hà Nội — Thứ Sáu, 27/11/2026');
    expect(doc.querySelectorAll('main article').length).toBeGreaterThanOrEqual(3);
    const marks = [...doc.querySelectorAll('mark')].map((m) => m.textContent);
    expect(marks).toContain('126 mm');
    // The two flood reports are one item with both outlets, linked to their own sites.
    const hrefs = [...doc.querySelectorAll('main article a')].map((a) => a.getAttribute('href'));
    expect(hrefs).toContain('https://hanoimoi.example/ngap-ung-sau-mua-lon.html');
    expect(hrefs).toContain('https://vnexpress.example/mua-lon-ngap-pho.html');
    // Nothing loaded from anywhere: no script, no external stylesheet, no image.
    expect(doc.querySelectorAll('script, link[rel="stylesheet"], img, iframe').length).toBe(0);
    // A page is not a chat: no command hint.
    expect(doc.body.textContent).not.toContain('/settings');
    // Landmarks.
    expect(doc.querySelector('header nav[aria-label]')).not.toBeNull();
    expect(doc.querySelector('main#noi-dung')).not.toBeNull();
    expect(doc.querySelector('a.skip')?.getAttribute('href')).toBe('#noi-dung');
    expect(doc.querySelector('link[rel="alternate"][type="application/atom+xml"]')).not.toBeNull();
  });

  it('serves past days with a pager, and refuses future and impossible days', async () => {
    const res = await get(`/ban-tin/${YESTERDAY}`);
    expect(res.status).toBe(200);
    const doc = await dom(res);
    expect(doc.querySelector('h1')?.textContent).toContain('26/11/2026');
    expect(doc.querySelector('a[rel="prev"]')?.getAttribute('href')).toBe(
      `/ban-tin/${TWO_DAYS_AGO}`,
    );
    expect(doc.querySelector('a[rel="next"]')?.getAttribute('href')).toBe('/');
    if (site.withSeed) expect(doc.body.textContent).toContain('kết nạp hơn 10.000 đảng viên mới');
    expect((await get('/ban-tin/2026-11-28')).status).toBe(404);
    expect((await get('/ban-tin/2026-02-30')).status).toBe(404);
    expect((await get('/ban-tin/hom-qua')).status).toBe(404);
    expect((await get('/ban-tin/1999-01-01')).status).toBe(404);
    expect((await get(`/ban-tin/${TODAY}`)).status).toBe(200);
  });

  it("a topic page lists that topic's recent items across days; an unknown topic is 404", async () => {
    const res = await get('/chu-de/giao-thong');
    expect(res.status).toBe(200);
    const doc = await dom(res);
    expect(doc.querySelector('h1')?.textContent).toBe('Chủ đề: Giao thông');
    const titles = [...doc.querySelectorAll('main article h3')].map((h) => h.textContent ?? '');
    expect(titles.some((t) => t.includes('Vành đai 3'))).toBe(true);
    expect(doc.querySelector('nav a[aria-current="page"]')?.getAttribute('href')).toBe(
      '/chu-de/giao-thong',
    );
    expect((await get('/chu-de/khong-co')).status).toBe(404);
  });

  it('answers a repeated request from the cache with the same ETag, and 304 on If-None-Match', async () => {
    const a = await get(`/ban-tin/${TWO_DAYS_AGO}`);
    const etag = a.headers.get('etag');
    expect(etag).toMatch(/^"/);
    const b = await get(`/ban-tin/${TWO_DAYS_AGO}`, { 'if-none-match': etag ?? '' });
    expect(b.status).toBe(304);
  });

  it('only GET and HEAD on public pages', async () => {
    const res = await fetch(site.baseUrl + '/', { method: 'POST' });
    expect(res.status).toBe(405);
  });
});

describe('the admin page', () => {
  it('refuses a missing token with the login form, and a wrong bearer token', async () => {
    const none = await get('/quan-tri');
    expect(none.status).toBe(401);
    expect(none.headers.get('cache-control')).toBe('no-store');
    const doc = await dom(none);
    const form = doc.querySelector('form.login');
    expect(form?.getAttribute('method')).toBe('post');
    expect(form?.querySelector('input[type="password"][name="token"]')).not.toBeNull();
    expect(doc.body.textContent).not.toContain('Nguồn tin');

    const wrong = await get('/quan-tri', { authorization: 'Bearer not-the-token-at-all' });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('Mã quản trị không đúng.');
  });

  it('never takes the token from the URL', async () => {
    const res = await get(`/quan-tri?token=${ADMIN_TOKEN}`);
    expect(res.status).toBe(401);
  });

  it('shows feed health, the outbox with failures, subscriptions and the summarizer over a bearer token', async () => {
    const res = await get('/quan-tri', { authorization: `Bearer ${ADMIN_TOKEN}` });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = (await dom(res)).body.textContent ?? '';
    expect(text).toContain('Lỗi 3 lần liên tiếp');
    expect(text).toContain('HTTP 503 from tuoitre.example');
    expect(text).toContain('Bình thường');
    expect(text).toContain('Missing Access (50001): bot removed from channel');
    expect(text).toContain('telegram:@hanoi_digest');
    expect(text).toContain('Đã gửi (1/1)');
    expect(text).toContain('Thất bại (0/1)');
    expect(text).toContain('giao-thong');
    expect(text).toContain('Tóm tắt trích đoạn');
  });

  it('logs in with the form: an HttpOnly, SameSite=Strict session cookie that is not the token', async () => {
    const bad = await fetch(site.baseUrl + '/quan-tri/dang-nhap', {
      method: 'POST',
      body: new URLSearchParams({ token: 'sai-roi-sai-roi-sai' }),
      redirect: 'manual',
    });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('set-cookie')).toBeNull();

    const ok = await fetch(site.baseUrl + '/quan-tri/dang-nhap', {
      method: 'POST',
      body: new URLSearchParams({ token: ADMIN_TOKEN }),
      redirect: 'manual',
    });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/quan-tri');
    const cookie = ok.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^hd_admin=[A-Za-z0-9_-]{43}; /);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).not.toContain(ADMIN_TOKEN);
    const session = cookie.split(';')[0] ?? '';
    expect((await get('/quan-tri', { cookie: session })).status).toBe(200);
    expect((await get('/quan-tri', { cookie: 'hd_admin=' + 'x'.repeat(43) })).status).toBe(401);

    const out = await fetch(site.baseUrl + '/quan-tri/dang-xuat', {
      method: 'POST',
      headers: { cookie: session },
      redirect: 'manual',
    });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await get('/quan-tri', { cookie: session })).status).toBe(401);
  });

  it('refuses a login posted from another site', async () => {
    const res = await fetch(site.baseUrl + '/quan-tri/dang-nhap', {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
      body: new URLSearchParams({ token: ADMIN_TOKEN }),
      redirect: 'manual',
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie')).toBeNull();
  });
});

describe('without ADMIN_WEB_TOKEN', () => {
  it('the admin page is off', async () => {
    const off = await startSiteFixture({ adminToken: null });
    try {
      const res = await fetch(`${off.baseUrl}/quan-tri`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      expect(res.status).toBe(404);
      expect(await res.text()).toContain('ADMIN_WEB_TOKEN');
    } finally {
      await off.close();
    }
  }, 60_000);
});
