/**
 * Realistic article pages in the style of five Vietnamese outlets (VnExpress,
 * Tuổi Trẻ, Hà Nội Mới, Phụ nữ Thủ đô, Kinh tế & Đô thị), with the noise real
 * pages carry: navigation, share bar, photo with caption, related news,
 * byline, comments and footer. The offline demo serves them; the extraction
 * tests and benchmark extract them back and compare with the source text.
 * Also renders an RSS 2.0 feed and a listing page for a set of articles.
 * The markup is modelled on the outlets' structure, not copied from them.
 */
import { escapeHtml } from '../digest/format/index.js';

export interface TemplateArticle {
  title: string;
  /** The sapo, without dateline (templates that use one add it). */
  lead: string;
  paragraphs: string[];
  publishedAt: Date | null;
  author: string | null;
  url: string;
  /** The address the page declares as its own (`<link rel="canonical">`); default `url`. */
  canonicalUrl?: string;
  /** Photo caption placed after the first paragraph (a neutral default otherwise). */
  caption?: string;
  /** Teasers for the related-news block (neutral defaults otherwise). */
  related?: { title: string; url: string; lead?: string }[];
}

export type OutletTemplate = 'vnexpress' | 'tuoitre' | 'hanoimoi' | 'phunuthudo' | 'kinhtedothi';

export const OUTLET_TEMPLATES: readonly OutletTemplate[] = [
  'vnexpress',
  'tuoitre',
  'hanoimoi',
  'phunuthudo',
  'kinhtedothi',
];

export { escapeHtml };

const e = escapeHtml;
const WEEKDAYS = ['Chủ nhật', 'Thứ hai', 'Thứ ba', 'Thứ tư', 'Thứ năm', 'Thứ sáu', 'Thứ bảy'];

/** Wall-clock parts in Hà Nội (UTC+7, no DST). */
function vnParts(d: Date): { y: number; mo: number; d: number; h: number; mi: number; wd: number } {
  const t = new Date(d.getTime() + 7 * 3_600_000);
  return {
    y: t.getUTCFullYear(),
    mo: t.getUTCMonth() + 1,
    d: t.getUTCDate(),
    h: t.getUTCHours(),
    mi: t.getUTCMinutes(),
    wd: t.getUTCDay(),
  };
}
const p2 = (n: number): string => String(n).padStart(2, '0');

const DEFAULT_CAPTION = 'Quang cảnh buổi làm việc tại trụ sở UBND thành phố. Ảnh: Minh Hà';
const DEFAULT_RELATED = [
  {
    title: 'Hà Nội đẩy nhanh tiến độ giải phóng mặt bằng các dự án trọng điểm',
    url: '/thoi-su/ha-noi-day-nhanh-tien-do-gpmb.html',
    lead: 'Thành phố yêu cầu các địa phương hoàn thành bàn giao mặt bằng trước quý IV.',
  },
  {
    title: 'Phường Hoàn Kiếm ra mắt mô hình tuyến phố văn minh',
    url: '/xa-hoi/pho-van-minh-hoan-kiem.html',
    lead: 'Mô hình được triển khai trên năm tuyến phố trung tâm.',
  },
  {
    title: 'Xã Sóc Sơn tổ chức hội nghị đối thoại với nhân dân',
    url: '/chinh-tri/doi-thoai-soc-son.html',
    lead: 'Hơn 200 cử tri tham dự và nêu nhiều kiến nghị về đất đai.',
  },
];

function head(a: TemplateArticle, siteName: string, extra = ''): string {
  return `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>${e(a.title)} - ${e(siteName)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><meta property="og:title" content="${e(a.title)}">
<meta property="og:description" content="${e(a.lead)}"><meta property="og:site_name" content="${e(siteName)}">${extra}
<link rel="canonical" href="${e(a.canonicalUrl ?? a.url)}"><link rel="stylesheet" href="/static/main.css">
<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag('js',new Date());</script></head>`;
}

function nav(items: string[], cls: string): string {
  return `<nav class="${cls}"><ul>${items.map((t, i) => `<li><a href="/muc-${i}.html">${e(t)}</a></li>`).join('')}</ul></nav>`;
}

const MENU = [
  'Thời sự',
  'Chính trị',
  'Xã hội',
  'Kinh tế',
  'Đô thị',
  'Giao thông',
  'Giáo dục',
  'Y tế',
  'Văn hóa',
  'Thể thao',
  'Pháp luật',
];

function related(a: TemplateArticle): { title: string; url: string; lead?: string }[] {
  return a.related ?? DEFAULT_RELATED;
}

function comments(): string {
  return `<div class="comment-box" id="box_comment"><h3>Ý kiến bạn đọc</h3><div class="comment-item"><b>Nguyễn Hoa</b><p>Thông tin rất hữu ích, mong thành phố sớm triển khai.</p></div>
<div class="comment-item"><b>Trần Minh</b><p>Cần công khai tiến độ để người dân cùng giám sát.</p></div><form><textarea placeholder="Ý kiến của bạn"></textarea><button>Gửi</button></form></div>`;
}

function insertAfterFirst(
  paragraphs: string[],
  block: string,
  render: (p: string) => string,
): string {
  return paragraphs.map((p, i) => render(p) + (i === 0 ? block : '')).join('\n');
}

function vnexpress(a: TemplateArticle): string {
  const t = a.publishedAt ? vnParts(a.publishedAt) : null;
  const date = t ? `${WEEKDAYS[t.wd]}, ${t.d}/${t.mo}/${t.y}, ${p2(t.h)}:${p2(t.mi)} (GMT+7)` : '';
  const fig = `<figure class="tplCaption"><div class="fig-picture"><img src="/img/1.jpg" alt="${e(a.caption ?? DEFAULT_CAPTION)}"></div><figcaption><p class="Image">${e(a.caption ?? DEFAULT_CAPTION)}</p></figcaption></figure>`;
  const body = insertAfterFirst(a.paragraphs, fig, (p) => `<p class="Normal">${e(p)}</p>`);
  return `${head(a, 'VnExpress')}<body><header class="header"><a class="logo" href="/">VnExpress</a>${nav(MENU, 'main-nav')}</header>
<section class="section page-detail"><div class="container"><div class="sidebar-1"><div class="header-content"><ul class="breadcrumb"><li><a href="/thoi-su">Thời sự</a></li></ul><span class="date">${e(date)}</span></div>
<h1 class="title-detail">${e(a.title)}</h1><p class="description">${e(a.lead)}</p>
<article class="fck_detail">${body}
${a.author ? `<p class="Normal" style="text-align:right;"><strong>${e(a.author)}</strong></p>` : ''}</article>
<div class="footer-content"><div class="social_pin"><a href="#">Chia sẻ</a><a href="#">Facebook</a><a href="#">Twitter</a><a href="#">Copy link</a></div></div>
<div class="box-tinlienquanv2"><h3 class="title-box">Tin liên quan</h3>${related(a)
    .map(
      (r) =>
        `<article class="item-news"><h4 class="title-news"><a href="${e(r.url)}">${e(r.title)}</a></h4><p class="description"><a href="${e(r.url)}">${e(r.lead ?? '')}</a></p></article>`,
    )
    .join('')}</div>
${comments()}</div><div class="sidebar-2"><div class="box-xemnhieu"><h3>Xem nhiều</h3><ul><li><a href="/a.html">Giá vàng hôm nay tăng mạnh</a></li><li><a href="/b.html">Thời tiết Hà Nội chuyển lạnh</a></li></ul></div></div></div></section>
<footer class="footer"><p>Báo tiếng Việt nhiều người xem nhất. Thuộc Bộ Khoa học và Công nghệ.</p><p>Số giấy phép: 548/GP-BTTTT</p></footer></body></html>`;
}

function tuoitre(a: TemplateArticle): string {
  const t = a.publishedAt ? vnParts(a.publishedAt) : null;
  const date = t ? `${p2(t.d)}/${p2(t.mo)}/${t.y} ${p2(t.h)}:${p2(t.mi)} GMT+7` : '';
  const fig = `<figure class="VCSortableInPreviewMode" type="Photo"><div><img src="/img/2.jpg" alt="${e(a.caption ?? DEFAULT_CAPTION)}"></div><figcaption class="PhotoCMS_Caption"><p>${e(a.caption ?? DEFAULT_CAPTION)}</p></figcaption></figure>`;
  const body = insertAfterFirst(a.paragraphs, fig, (p) => `<p>${e(p)}</p>`);
  return `${head(a, 'Tuổi Trẻ Online')}<body><div class="header__top">${nav(MENU, 'menu-nav')}</div>
<main class="detail-container"><div class="detail-cate"><a href="/thoi-su.htm">Thời sự</a></div><div class="detail-time"><div data-role="publishdate">${e(date)}</div></div>
<h1 class="detail-title article-title" data-role="title">${e(a.title)}</h1>
<div class="detail-tab"><a href="#">Chia sẻ</a><a href="#">Zalo</a><a href="#">Lưu</a></div>
<h2 class="detail-sapo" data-role="sapo">TTO - ${e(a.lead)}</h2>
<div class="detail-cmain"><div class="detail-content afcbc-body" data-role="content">${body}
<div class="relate-container"><ul>${related(a)
    .map((r) => `<li><a href="${e(r.url)}" title="${e(r.title)}">${e(r.title)}</a></li>`)
    .join('')}</ul></div></div></div>
${a.author ? `<div class="author-info"><a class="name" href="/tac-gia.htm">${e(a.author)}</a></div>` : ''}
<div class="detail-tags"><ul class="tags"><li><a href="/tag/ha-noi.htm">Hà Nội</a></li></ul></div>${comments()}</main>
<footer class="footer"><p>Cơ quan chủ quản: Thành Đoàn TP.HCM. Tổng biên tập: ...</p></footer></body></html>`;
}

function hanoimoi(a: TemplateArticle): string {
  const fig = `<div class="hnm-photo"><img src="/img/3.jpg" alt=""><p class="hnm-caption">${e(a.caption ?? DEFAULT_CAPTION)}</p></div>`;
  const body = insertAfterFirst(a.paragraphs, fig, (p) => `<p>${e(p)}</p>`);
  return `${head(a, 'Hà Nội Mới')}<body><div class="hnm-topbar">${nav(MENU, 'hnm-menu')}</div><div class="hnm-wrap"><div class="hnm-main">
<h1 class="hnm-article-title">${e(a.title)}</h1>${a.publishedAt ? `<time class="hnm-time" datetime="${a.publishedAt.toISOString()}"></time>` : ''}
<div class="hnm-share"><span>Chia sẻ</span> <a href="#">Facebook</a> <a href="#">Zalo</a> <a href="#">In bài</a></div>
<div class="hnm-article-sapo">(HNM) - ${e(a.lead)}</div>
<div class="hnm-article-body">${body}
${a.author ? `<p class="hnm-author" style="text-align:right"><strong>${e(a.author.toUpperCase())}</strong></p>` : ''}</div>
<div class="hnm-related"><h3>Tin liên quan</h3><ul>${related(a)
    .map((r) => `<li><a href="${e(r.url)}">${e(r.title)}</a></li>`)
    .join('')}</ul></div>
${comments()}</div><aside class="hnm-sidebar"><h3>Đọc nhiều</h3><ul><li><a href="/x.html">Hà Nội công bố lịch cắt điện tuần tới</a></li></ul></aside></div>
<footer><p>Báo Hà Nội Mới - Cơ quan của Đảng bộ Đảng Cộng sản Việt Nam thành phố Hà Nội</p></footer></body></html>`;
}

function phunuthudo(a: TemplateArticle): string {
  const t = a.publishedAt ? vnParts(a.publishedAt) : null;
  const date = t ? `${p2(t.h)}:${p2(t.mi)} | ${p2(t.d)}/${p2(t.mo)}/${t.y}` : '';
  const fig = `<figure class="pntd-photo"><img src="/img/4.jpg" alt="${e(a.caption ?? DEFAULT_CAPTION)}"><figcaption class="pntd-caption">${e(a.caption ?? DEFAULT_CAPTION)}</figcaption></figure>`;
  const body = insertAfterFirst(
    a.paragraphs,
    fig,
    (p) => `<p style="text-align:justify">${e(p)}</p>`,
  );
  const initials = a.author
    ? a.author
        .split(/\s+/)
        .map((w) => w[0] ?? '')
        .join('')
        .toUpperCase()
    : '';
  return `${head(a, 'Phụ nữ Thủ đô')}<body><div class="pntd-header">${nav(MENU, 'pntd-nav')}</div><div class="pntd-page">
<h1 class="pntd-title">${e(a.title)}</h1><span class="pntd-date">${e(date)}</span>
<div class="pntd-share"><a href="#">Chia sẻ</a></div>
${a.lead ? `<div class="pntd-sapo">(PNTĐ) - ${e(a.lead)}</div>` : ''}
<div class="pntd-detail-content">${body}
${initials ? `<p style="text-align:right"><strong>${e(initials)}</strong></p>` : ''}</div>
<div class="pntd-related"><div class="pntd-related-title">Tin cùng chuyên mục</div>${related(a)
    .map(
      (r) =>
        `<div class="pntd-item"><h3><a href="${e(r.url)}">${e(r.title)}</a></h3><p>(PNTĐ) - ${e(r.lead ?? '')}</p></div>`,
    )
    .join('')}</div>
</div><div class="pntd-footer"><p>Báo Phụ nữ Thủ đô - Cơ quan của Hội Liên hiệp Phụ nữ thành phố Hà Nội</p></div></body></html>`;
}

function kinhtedothi(a: TemplateArticle): string {
  const fig = `<table class="ktdt-image"><tbody><tr><td><img src="/img/5.jpg" alt=""></td></tr><tr><td class="image-caption">${e(a.caption ?? DEFAULT_CAPTION)}</td></tr></tbody></table>`;
  const body = insertAfterFirst(a.paragraphs, fig, (p) => `<p>${e(p)}</p>`);
  const ld = JSON.stringify({
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: a.title,
    ...(a.publishedAt ? { datePublished: a.publishedAt.toISOString() } : {}),
    ...(a.author ? { author: { '@type': 'Person', name: a.author } } : {}),
  });
  return `${head(a, 'Kinh tế & Đô thị', `<script type="application/ld+json">${ld.replace(/</g, '\\u003c')}</script>`)}<body><div class="ktdt-header">${nav(MENU, 'ktdt-menu')}</div>
<div class="ktdt-detail"><h1 class="ktdt-title">${e(a.title)}</h1><div class="ktdt-social"><a href="#">Chia sẻ</a><a href="#">Facebook</a></div>
<h2 class="ktdt-sapo">(KTĐT) - ${e(a.lead)}</h2><div class="ktdt-content">${body}
${a.author ? `<p class="ktdt-author" style="text-align:right"><strong>${e(a.author)}</strong></p>` : ''}</div>
<div class="ktdt-related"><p class="title">Xem thêm</p>${related(a)
    .map((r) => `<p><a href="${e(r.url)}">${e(r.title)}</a></p>`)
    .join('')}</div>${comments()}</div>
<div class="ktdt-footer"><p>Báo Kinh tế & Đô thị - Cơ quan của UBND thành phố Hà Nội</p></div></body></html>`;
}

const RENDERERS: Record<OutletTemplate, (a: TemplateArticle) => string> = {
  vnexpress,
  tuoitre,
  hanoimoi,
  phunuthudo,
  kinhtedothi,
};

/** Renders one article page in an outlet's style. */
export function renderArticlePage(article: TemplateArticle, template: OutletTemplate): string {
  return RENDERERS[template](article);
}

function rfc822(d: Date): string {
  const t = new Date(d.getTime() + 7 * 3_600_000);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = [
    'Jan',
    'Feb',
    'Mar',
    'Apr',
    'May',
    'Jun',
    'Jul',
    'Aug',
    'Sep',
    'Oct',
    'Nov',
    'Dec',
  ];
  return `${days[t.getUTCDay()]}, ${p2(t.getUTCDate())} ${months[t.getUTCMonth()]} ${t.getUTCFullYear()} ${p2(t.getUTCHours())}:${p2(t.getUTCMinutes())}:${p2(t.getUTCSeconds())} +0700`;
}

export interface FeedChannel {
  title: string;
  /** The site's home page. */
  link: string;
  description?: string;
}

/** An RSS 2.0 feed with CDATA descriptions holding HTML, as Vietnamese outlets publish them. */
export function renderRssFeed(
  channel: FeedChannel,
  articles: (Pick<TemplateArticle, 'title' | 'lead' | 'url' | 'publishedAt'> & { guid?: string })[],
): string {
  const items = articles
    .map(
      (
        a,
      ) => `<item><title>${e(a.title)}</title><link>${e(a.url)}</link>${a.guid ? `<guid isPermaLink="false">${e(a.guid)}</guid>` : ''}
<description><![CDATA[<a href="${a.url}"><img src="/img/thumb.jpg"></a></br>${a.lead.replace(/]]>/g, ']]]]><![CDATA[>')}]]></description>${a.publishedAt ? `<pubDate>${rfc822(a.publishedAt)}</pubDate>` : ''}</item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>${e(channel.title)}</title><link>${e(channel.link)}</link><description>${e(channel.description ?? channel.title)}</description><language>vi</language>\n${items}\n</channel></rss>\n`;
}

/** Selector that finds the article links on `renderListingPage` output. */
export const LISTING_LINK_SELECTOR = 'article.story h3.story__title a';

/** A listing page (a section front) linking to the articles, with menu and footer links around them. */
export function renderListingPage(
  title: string,
  articles: Pick<TemplateArticle, 'title' | 'url' | 'lead'>[],
): string {
  return `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>${e(title)}</title></head><body>${nav(MENU, 'main-nav')}
<h1>${e(title)}</h1><div class="list-news-subfolder">${articles
    .map(
      (a) =>
        `<article class="story"><h3 class="story__title"><a href="${e(a.url)}">${e(a.title)}</a></h3><p class="story__sapo">${e(a.lead)}</p><a class="story__comment" href="${e(a.url)}#box_comment">Bình luận</a></article>`,
    )
    .join('\n')}</div><footer><a href="/lien-he.html">Liên hệ</a></footer></body></html>`;
}
