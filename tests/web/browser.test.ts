/**
 * The site in a real browser: Debian's Chromium driven by playwright-core
 * (`scripts/ensure-chromium.sh` installs it; CI runs that first). Pages are
 * opened at 390 px (a phone) and 1280 px, light and dark; screenshots go to
 * out/screenshots/ on every run so a person can look.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPreviewHtml } from '../../src/web/render.js';
import {
  ADMIN_TOKEN,
  startSiteFixture,
  TODAY,
  YESTERDAY,
  type SiteFixture,
} from './site-fixture.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const SHOTS = join('out', 'screenshots');
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(
    `tests/web/browser.test.ts skipped: no Chromium at ${CHROMIUM} (run scripts/ensure-chromium.sh)`,
  );
}

type Scheme = 'light' | 'dark';
const WIDTHS = [390, 1280] as const;

let site: SiteFixture;
let browser: Browser;

beforeAll(async () => {
  if (!hasChromium) return;
  mkdirSync(SHOTS, { recursive: true });
  site = await startSiteFixture();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

interface Watched {
  page: Page;
  context: BrowserContext;
  errors: string[];
  foreign: string[];
}

/** A page that records console errors, page errors, failed requests and requests leaving the site. */
async function open(
  width: number,
  scheme: Scheme,
  headers?: Record<string, string>,
): Promise<Watched> {
  const context = await browser.newContext({
    viewport: { width, height: 900 },
    colorScheme: scheme,
    ...(headers ? { extraHTTPHeaders: headers } : {}),
  });
  const page = await context.newPage();
  const errors: string[] = [];
  const foreign: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => errors.push(`requestfailed: ${r.url()}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(site.baseUrl)) foreign.push(r.url());
  });
  return { page, context, errors, foreign };
}

/** Width overflow, colours and contrast, read from the rendered page. */
async function layout(page: Page): Promise<{
  overflow: number;
  background: string;
  contrast: { text: number; meta: number; mark: number; link: number };
}> {
  return page.evaluate(() => {
    const rgb = (c: string): number[] => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
    const lum = (c: string): number => {
      const [r, g, b] = rgb(c).map((v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
    };
    const ratio = (a: string, b: string): number => {
      const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p) as [number, number];
      return (x + 0.05) / (y + 0.05);
    };
    const bgOf = (el: Element | null): string => {
      for (let e = el; e; e = e.parentElement) {
        const c = getComputedStyle(e).backgroundColor;
        if (c && !c.startsWith('rgba(0, 0, 0, 0)') && c !== 'transparent') return c;
      }
      return getComputedStyle(document.body).backgroundColor;
    };
    const pair = (sel: string): number => {
      const el = document.querySelector(sel);
      return el ? ratio(getComputedStyle(el).color, bgOf(el)) : 21;
    };
    const root = document.documentElement;
    return {
      overflow: root.scrollWidth - root.clientWidth,
      background: getComputedStyle(document.body).backgroundColor,
      contrast: {
        text: pair('main p'),
        meta: pair('.meta, .window, .note'),
        mark: pair('mark'),
        link: pair('main a'),
      },
    };
  });
}

async function shoot(page: Page, name: string, width: number, scheme: Scheme): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}-${width}-${scheme}.png`), fullPage: true });
}

describe.skipIf(!hasChromium)('the site in Chromium', () => {
  const pages = [
    { name: 'hom-nay', path: '/' },
    { name: 'ngay-truoc', path: `/ban-tin/${YESTERDAY}` },
    { name: 'chu-de', path: '/chu-de/giao-thong' },
  ];

  for (const { name, path } of pages) {
    it(`${path}: content, figures, links; no console error, nothing foreign; fits 390 and 1280 px in light and dark`, async () => {
      const backgrounds: Record<Scheme, string> = { light: '', dark: '' };
      for (const scheme of ['light', 'dark'] as const) {
        for (const width of WIDTHS) {
          const w = await open(width, scheme);
          try {
            const res = await w.page.goto(site.baseUrl + path);
            expect(res?.status()).toBe(200);
            expect(await w.page.locator('html').getAttribute('lang')).toBe('vi');
            expect(await w.page.locator('main h1').count()).toBe(1);
            expect(await w.page.locator('main article').count()).toBeGreaterThan(0);
            expect(await w.page.locator('main article mark').count()).toBeGreaterThan(0);
            const hrefs = await w.page
              .locator('main article .meta a')
              .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
            expect(hrefs.length).toBeGreaterThan(0);
            for (const h of hrefs) expect(h).toMatch(/^https:\/\/[a-z]+\.example\//);
            if (width === 1280 && scheme === 'light') {
              // Every link of the site's own leads to a page (navigation, topics, days, feeds).
              const own = await w.page
                .locator('a[href^="/"]')
                .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
              expect(own.length).toBeGreaterThan(10);
              for (const h of new Set(own)) {
                expect((await w.page.request.get(h)).status(), h).toBe(200);
              }
            }
            const l = await layout(w.page);
            expect(l.overflow, `horizontal scroll at ${width}px ${scheme}`).toBeLessThanOrEqual(0);
            expect(l.contrast.text).toBeGreaterThanOrEqual(4.5);
            expect(l.contrast.meta).toBeGreaterThanOrEqual(4.5);
            expect(l.contrast.mark).toBeGreaterThanOrEqual(4.5);
            expect(l.contrast.link).toBeGreaterThanOrEqual(4.5);
            backgrounds[scheme] = l.background;
            await shoot(w.page, name, width, scheme);
            expect(w.errors).toEqual([]);
            expect(w.foreign).toEqual([]);
          } finally {
            await w.context.close();
          }
        }
      }
      expect(backgrounds.dark).not.toBe(backgrounds.light);
    }, 120_000);
  }

  it('the preview file is the same page without navigation: its CSP admits its stylesheet, in both schemes', async () => {
    const doc = await site.archive.day(TODAY);
    if (!doc) throw new Error('no digest for today');
    const html = renderPreviewHtml(doc);
    const backgrounds: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      const w = await open(390, scheme);
      try {
        await w.page.setContent(html);
        expect(await w.page.locator('main article mark').count()).toBeGreaterThan(0);
        expect(await w.page.locator('header.site-header').count()).toBe(0);
        const l = await layout(w.page);
        expect(l.overflow).toBeLessThanOrEqual(0);
        // A blocked stylesheet would leave the default white background and a console error.
        expect(l.contrast.mark).toBeGreaterThanOrEqual(4.5);
        backgrounds.push(l.background);
        await shoot(w.page, 'preview', 390, scheme);
        expect(w.errors).toEqual([]);
      } finally {
        await w.context.close();
      }
    }
    expect(backgrounds).toEqual(['rgb(250, 250, 247)', 'rgb(20, 20, 22)']);
  }, 60_000);

  it('is usable by keyboard: the first Tab reaches the skip link, which leads into the content', async () => {
    const w = await open(390, 'light');
    try {
      await w.page.goto(site.baseUrl + '/');
      await w.page.keyboard.press('Tab');
      const first = await w.page.evaluate(() => ({
        text: document.activeElement?.textContent ?? '',
        visible: (document.activeElement as HTMLElement | null)?.getBoundingClientRect().left ?? -1,
      }));
      expect(first.text).toBe('Bỏ qua, đến nội dung chính');
      expect(first.visible).toBeGreaterThanOrEqual(0);
      await w.page.keyboard.press('Enter');
      expect(w.page.url()).toBe(`${site.baseUrl}/#noi-dung`);
      // Following the archive takes a reader to a past day.
      await w.page.getByRole('link', { name: 'Thứ Năm, 26/11/2026' }).first().click();
      expect(w.page.url()).toBe(`${site.baseUrl}/ban-tin/${YESTERDAY}`);
      expect(w.errors).toEqual([]);
    } finally {
      await w.context.close();
    }
  }, 60_000);

  it('the admin page refuses a missing or wrong token, and opens with the right one', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      for (const width of WIDTHS) {
        const w = await open(width, scheme);
        try {
          const res = await w.page.goto(`${site.baseUrl}/quan-tri`);
          expect(res?.status()).toBe(401);
          expect(await w.page.locator('main').textContent()).not.toContain('Nguồn tin');
          await shoot(w.page, 'quan-tri-dang-nhap', width, scheme);
          await w.page.getByLabel('Mã quản trị (ADMIN_WEB_TOKEN)').fill('khong-phai-ma-dung');
          await w.page.getByRole('button', { name: 'Đăng nhập' }).click();
          await w.page.locator('[role="alert"]').waitFor();
          expect(await w.page.locator('[role="alert"]').textContent()).toBe(
            'Mã quản trị không đúng.',
          );
          expect(await w.page.locator('main').textContent()).not.toContain('Nguồn tin');

          await w.page.getByLabel('Mã quản trị (ADMIN_WEB_TOKEN)').fill(ADMIN_TOKEN);
          await w.page.getByRole('button', { name: 'Đăng nhập' }).click();
          await w.page.waitForURL(`${site.baseUrl}/quan-tri`);
          expect(w.page.url()).not.toContain(ADMIN_TOKEN);
          const main = (await w.page.locator('main').textContent()) ?? '';
          expect(main).toContain('Nguồn tin');
          expect(main).toContain('HTTP 503 from tuoitre.example');
          expect(main).toContain('Missing Access (50001)');
          const [cookie] = await w.context.cookies();
          expect(cookie?.httpOnly).toBe(true);
          expect(cookie?.sameSite).toBe('Strict');
          expect(cookie?.value).not.toContain(ADMIN_TOKEN);
          const l = await layout(w.page);
          expect(l.overflow, `admin scrolls sideways at ${width}px`).toBeLessThanOrEqual(0);
          await shoot(w.page, 'quan-tri', width, scheme);
          // The failed login's 401 is the only console complaint the browser may make.
          expect(w.errors.filter((e) => !e.includes('401'))).toEqual([]);
          expect(w.foreign).toEqual([]);
        } finally {
          await w.context.close();
        }
      }
    }
  }, 120_000);

  it('a wrong bearer header gets the login form, the right one the status page', async () => {
    const wrong = await open(1280, 'light', { authorization: 'Bearer sai-ma-quan-tri-0000' });
    try {
      const res = await wrong.page.goto(`${site.baseUrl}/quan-tri`);
      expect(res?.status()).toBe(401);
      expect(await wrong.page.locator('form.login').count()).toBe(1);
    } finally {
      await wrong.context.close();
    }
    const right = await open(1280, 'light', { authorization: `Bearer ${ADMIN_TOKEN}` });
    try {
      const res = await right.page.goto(`${site.baseUrl}/quan-tri`);
      expect(res?.status()).toBe(200);
      expect(await right.page.locator('main h1').textContent()).toBe('Tình trạng hệ thống');
    } finally {
      await right.context.close();
    }
  }, 60_000);
});
