/**
 * Per-site hints for article extraction. Generic scoring does most of the
 * work; a hint pins the title, sapo and body container where an outlet's
 * markup is known, and names its noise blocks. A hint applies when the page's
 * host matches, or when its signature selector is present (mirrors, the
 * offline demo's loopback server).
 */
export interface SiteHint {
  id: string;
  hosts: string[];
  /** A selector only this outlet's article pages match. */
  signature: string;
  title?: string[];
  lead?: string[];
  body?: string[];
  remove?: string[];
  date?: string[];
  author?: string[];
}

export const SITE_HINTS: SiteHint[] = [
  {
    id: 'vnexpress',
    hosts: ['vnexpress.net'],
    signature: 'article.fck_detail',
    title: ['h1.title-detail'],
    lead: ['p.description'],
    body: ['article.fck_detail'],
    remove: ['.box-tinlienquanv2', '.box_brief_info', 'p.Image', '.social_pin', '.list-news'],
    date: ['span.date'],
    author: ['p.author_mail strong', 'p.Normal[style*="right"] strong'],
  },
  {
    id: 'tuoitre',
    hosts: ['tuoitre.vn'],
    signature: 'div.detail-content.afcbc-body',
    title: ['h1.detail-title', 'h1.article-title'],
    lead: ['h2.detail-sapo'],
    body: ['div.detail-content'],
    remove: [
      '.relate-container',
      '.PhotoCMS_Caption',
      '.VCSortableInPreviewMode',
      '.detail-tab',
      '.author-info',
    ],
    date: ['div.detail-time [data-role="publishdate"]', 'div.detail-time'],
    author: ['.author-info .name'],
  },
  {
    id: 'thanhnien',
    hosts: ['thanhnien.vn'],
    signature: 'div.detail-cmain',
    title: ['h1.detail-title'],
    lead: ['h2.detail-sapo'],
    body: ['div.detail-cmain', 'div.detail-content'],
    remove: ['.detail__related', '.PhotoCMS_Caption', '.author-info'],
    date: ['div.detail-time'],
    author: ['.author-info .name'],
  },
  {
    id: 'vietnamplus',
    hosts: ['vietnamplus.vn'],
    signature: 'div.article__body.cms-body',
    title: ['h1.article__title'],
    lead: ['div.article__sapo', 'h2.article__sapo'],
    body: ['div.article__body'],
    remove: ['.article__related', '.box-related', 'figcaption'],
    date: ['time.time', 'div.article__meta time'],
    author: ['.article__author .name'],
  },
  {
    id: 'nhandan',
    hosts: ['nhandan.vn'],
    signature: 'div.article__body.zce-content-body',
    title: ['h1.article__title'],
    lead: ['div.article__sapo'],
    body: ['div.article__body'],
    remove: ['.article__related', '.box-related', 'figcaption'],
    date: ['time.time'],
    author: ['.article__author .name'],
  },
  {
    id: 'hanoimoi',
    hosts: ['hanoimoi.vn'],
    signature: 'div.hnm-article-body',
    title: ['h1.hnm-article-title'],
    lead: ['div.hnm-article-sapo'],
    body: ['div.hnm-article-body'],
    remove: ['.hnm-related', '.hnm-caption', '.hnm-share'],
    date: ['time.hnm-time'],
    author: ['p.hnm-author'],
  },
  {
    id: 'phunuthudo',
    hosts: ['phunuthudo.vn'],
    signature: 'div.pntd-detail-content',
    title: ['h1.pntd-title'],
    lead: ['div.pntd-sapo'],
    body: ['div.pntd-detail-content'],
    remove: ['.pntd-share', '.pntd-related', '.pntd-caption'],
    date: ['span.pntd-date'],
  },
  {
    id: 'kinhtedothi',
    hosts: ['kinhtedothi.vn'],
    signature: 'div.ktdt-content',
    title: ['h1.ktdt-title'],
    lead: ['h2.ktdt-sapo'],
    body: ['div.ktdt-content'],
    remove: ['.ktdt-related', '.ktdt-social'],
    date: ['div.ktdt-date'],
    author: ['p.ktdt-author'],
  },
  {
    id: 'hanoi-gov',
    hosts: ['hanoi.gov.vn'],
    signature: 'div.news-detail-content',
    title: ['h1.news-title'],
    lead: ['div.news-sapo'],
    body: ['div.news-detail-content'],
    remove: ['.other-news', '.news-tools'],
    date: ['span.news-date'],
  },
];

export function findHint(
  host: string | null,
  matches: (selector: string) => boolean,
): SiteHint | null {
  if (host) {
    const h = host.toLowerCase();
    const byHost = SITE_HINTS.find((s) => s.hosts.some((d) => h === d || h.endsWith(`.${d}`)));
    if (byHost) return byHost;
  }
  return SITE_HINTS.find((s) => matches(s.signature)) ?? null;
}
