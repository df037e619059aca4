/**
 * The one HTML renderer of a digest: the web site's pages and the standalone
 * preview written by the demo and the dry run are both this module over the
 * core's page model (`digestPageModel`), with the same eta templates and the
 * same stylesheet. The preview is the site's day page without navigation.
 */
import { Eta } from 'eta';
import {
  countsLine,
  digestPageModel,
  type DigestPageModel,
  type PageItem,
  type PreviewOptions,
} from '../digest/format/index.js';
import type { DigestDocument } from '../digest/model.js';
import { SITE_CSS, SITE_CSS_HASH } from './styles.js';
import { ADMIN, ATOM, DIGEST, ITEM, LAYOUT, LOGIN, MESSAGE, TOPIC } from './templates.js';

/**
 * No script, no frame, no plugin, no third-party anything: only the inline
 * stylesheet (by hash) and forms posting back to this site.
 */
export function contentSecurityPolicy(
  formAction: 'self' | 'none' = 'self',
  where: 'header' | 'meta' = 'header',
): string {
  const list = [
    "default-src 'none'",
    `style-src ${SITE_CSS_HASH}`,
    "img-src 'self'",
    "script-src 'none'",
    "base-uri 'none'",
    `form-action '${formAction}'`,
  ];
  // Browsers ignore (and complain about) frame-ancestors in a <meta> policy.
  if (where === 'header') list.push("frame-ancestors 'none'");
  return list.join('; ');
}

export interface NavLink {
  href: string;
  label: string;
  current?: boolean;
}

export interface DayLink {
  href: string;
  label: string;
}

export interface AdminView {
  generatedAt: string;
  summarizer: string;
  feeds: {
    id: string;
    name: string;
    state: string;
    cls: string;
    lastSuccess: string;
    lastError: string;
    nextTry: string;
  }[];
  outbox: {
    target: string;
    slot: string;
    state: string;
    cls: string;
    attempts: number;
    error: string;
  }[];
  subscriptions: {
    target: string;
    topics: string;
    schedule: string;
    state: string;
    cls: string;
    last: string;
  }[];
}

export interface AtomEntry {
  id: string;
  title: string;
  url: string;
  updated: string;
  published: string;
  summary: string;
  html: string;
}

export interface WebRenderer {
  /** The standalone preview file: the day page without the site's navigation. */
  preview(doc: DigestDocument): string;
  digestPage(
    doc: DigestDocument,
    extra: {
      nav: NavLink[];
      /** Topic ids that have a page: their section titles link there. */
      topicIds?: string[];
      pager?: { prev?: DayLink; next?: DayLink };
      archive?: DayLink[];
    },
  ): string;
  /** The digest's body alone (no shell): the HTML content of a feed entry. */
  digestFragment(doc: DigestDocument): string;
  topicPage(data: {
    name: string;
    windowText: string;
    items: PageItem[];
    counts: DigestDocument['counts'];
    nav: NavLink[];
  }): string;
  messagePage(data: { heading: string; text: string; nav: NavLink[] }): string;
  loginPage(data: { error?: string; nav: NavLink[] }): string;
  adminPage(data: AdminView & { nav: NavLink[] }): string;
  atom(data: {
    id: string;
    updated: string;
    self: string;
    home: string;
    entries: AtomEntry[];
  }): string;
}

export function createWebRenderer(options: PreviewOptions = {}): WebRenderer {
  const eta = new Eta({ autoEscape: true, cache: true, useWith: false });
  eta.loadTemplate('@layout', LAYOUT);
  eta.loadTemplate('@item', ITEM);
  eta.loadTemplate('@digest', DIGEST);
  eta.loadTemplate('@topic', TOPIC);
  eta.loadTemplate('@message', MESSAGE);
  eta.loadTemplate('@login', LOGIN);
  eta.loadTemplate('@admin', ADMIN);
  eta.loadTemplate('@atom', ATOM);

  const model = (doc: DigestDocument): DigestPageModel => digestPageModel(doc, options);
  const page = (
    title: string,
    content: string,
    site: { nav: NavLink[] } | null,
    formAction: 'self' | 'none' = 'self',
  ): string =>
    eta.render('@layout', {
      title,
      content,
      css: SITE_CSS,
      csp: contentSecurityPolicy(formAction, 'meta'),
      site: site !== null,
      nav: site?.nav ?? [],
    });

  return {
    preview(doc) {
      const m = model(doc);
      return page(m.header, eta.render('@digest', { model: m }), null, 'none');
    },
    digestPage(doc, extra) {
      const m = model(doc);
      const content = eta.render('@digest', {
        model: m,
        topicLinks: extra.topicIds ?? [],
        pager: extra.pager,
        archive: extra.archive,
      });
      return page(m.header, content, { nav: extra.nav });
    },
    digestFragment(doc) {
      return eta.render('@digest', { model: model(doc) });
    },
    topicPage(data) {
      const content = eta.render('@topic', { ...data, footer: countsLine(data.counts) });
      return page(`Chủ đề: ${data.name} — Bản tin Hà Nội`, content, { nav: data.nav });
    },
    messagePage(data) {
      return page(`${data.heading} — Bản tin Hà Nội`, eta.render('@message', data), {
        nav: data.nav,
      });
    },
    loginPage(data) {
      return page('Quản trị — Bản tin Hà Nội', eta.render('@login', data), { nav: data.nav });
    },
    adminPage(data) {
      return page('Tình trạng hệ thống — Bản tin Hà Nội', eta.render('@admin', data), {
        nav: data.nav,
      });
    },
    atom(data) {
      return eta.render('@atom', data);
    },
  };
}

let shared: WebRenderer | null = null;

/**
 * The preview file of the demo and the dry run (`out/preview.html`): the same
 * renderer as the site.
 */
export function renderPreviewHtml(doc: DigestDocument, options: PreviewOptions = {}): string {
  if (options.timezone) return createWebRenderer(options).preview(doc);
  shared ??= createWebRenderer();
  return shared.preview(doc);
}
