/**
 * The seed article (../shared/seeds/) as the page it was scraped from: a
 * Phụ nữ Thủ đô article with its share bar, a photo whose caption the scraper
 * glued to itself, the "HN" byline and the "Tin cùng chuyên mục" teasers.
 * The demo serves it so the real noise goes through extraction.
 */
import { escapeHtml } from './outlet-templates.js';

export interface SeedParts {
  title: string;
  /** Article paragraphs, in order, as the scraper saw them (noise included). */
  paragraphs: string[];
  /** The teaser list after "Tin cùng chuyên mục": title + lead. */
  teasers: { title: string; lead: string }[];
}

/** Split the scraped seed text into the article part and the teaser list. */
export function parseSeed(text: string): SeedParts {
  const blocks = text
    .normalize('NFC')
    .split(/\n+/)
    .map((l) => l.trim())
    .filter(Boolean);
  const title = blocks.shift() ?? '';
  const marker = blocks.findIndex((b) => /^Tin cùng chuyên mục$/i.test(b));
  const paragraphs = marker >= 0 ? blocks.slice(0, marker) : blocks;
  const rest = marker >= 0 ? blocks.slice(marker + 1) : [];
  const teasers: SeedParts['teasers'] = [];
  for (let i = 0; i < rest.length; i++) {
    const line = rest[i]!;
    if (line.startsWith('(PNTĐ)')) continue;
    // A teaser is its title repeated (link text + heading), then a "(PNTĐ) -" lead.
    const lead = rest.slice(i + 1, i + 3).find((l) => l.startsWith('(PNTĐ)')) ?? '';
    if (!teasers.some((t) => t.title === line)) teasers.push({ title: line, lead });
  }
  return { title, paragraphs, teasers };
}

/** The seed as a PNTĐ-style page; `byline` paragraphs and the share bar stay as on the real page. */
export function renderSeedPage(parts: SeedParts, url: string, publishedAt: Date): string {
  const body = parts.paragraphs
    .map((p) => {
      if (p === 'Chia sẻ')
        return '<div class="share-bar"><span>Chia sẻ</span><a href="#fb">Facebook</a><a href="#zalo">Zalo</a></div>';
      const half = p.length / 2;
      if (p.length % 2 === 0 && p.slice(0, half) === p.slice(half)) {
        // The scraper's doubled caption: the image's title text plus its figcaption.
        const cap = escapeHtml(p.slice(0, half));
        return `<figure class="image"><img src="/img/seed.jpg" alt="${cap}"><span class="img-title">${cap}</span><figcaption>${cap}</figcaption></figure>`;
      }
      if (p.length <= 4 && p === p.toUpperCase()) return `<p class="author">${escapeHtml(p)}</p>`;
      return `<p>${escapeHtml(p)}</p>`;
    })
    .join('\n');
  const teasers = parts.teasers
    .map(
      (t, i) =>
        `<div class="item"><a href="/tin-cung-chuyen-muc-${i + 1}.html"><img src="/img/t${i}.jpg" alt="${escapeHtml(t.title)}"></a><h3><a href="/tin-cung-chuyen-muc-${i + 1}.html">${escapeHtml(t.title)}</a></h3><p class="sapo">${escapeHtml(t.lead)}</p></div>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(parts.title)}</title>
<link rel="canonical" href="${escapeHtml(url)}">
<meta property="og:title" content="${escapeHtml(parts.title)}">
<meta property="article:published_time" content="${publishedAt.toISOString()}">
</head><body>
<header class="site-header"><nav><a href="/">Trang chủ</a><a href="/thoi-su">Thời sự</a><a href="/phu-nu">Phụ nữ</a></nav></header>
<main><article class="detail">
<h1 class="detail-title">${escapeHtml(parts.title)}</h1>
<div class="detail-content">
${body}
</div>
</article>
<section class="tin-cung-chuyen-muc"><h2>Tin cùng chuyên mục</h2>
${teasers}
</section></main>
<footer>Báo Phụ nữ Thủ đô</footer>
</body></html>`;
}
