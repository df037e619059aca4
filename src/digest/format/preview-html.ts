/**
 * A standalone HTML page of the digest, to open in a browser before anything
 * is sent. Everything from articles is escaped; links are http(s) only and
 * open with rel="noopener noreferrer"; a Content-Security-Policy forbids
 * every script, so even a missed escape could not run code.
 */
import {
  DEFAULT_TIMEZONE,
  formatItemTime,
  oneLine,
  safeHttpUrl,
  stripControls,
} from './text-tools.js';
import type { DigestDocument, TextSpan } from '../model.js';
import { escapeHtml } from './html-escape.js';

export interface PreviewOptions {
  timezone?: string;
}

const esc = (s: string): string => escapeHtml(stripControls(s));

const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; script-src 'none'; base-uri 'none'; form-action 'none'";

const STYLE = `
  body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; line-height: 1.55;
         max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #1d1d1f; background: #fafaf7; }
  h1 { font-size: 1.6rem; border-bottom: 3px solid #b3261e; padding-bottom: .4rem; }
  h2 { font-size: 1.2rem; color: #b3261e; margin-top: 2rem; }
  article { background: #fff; border: 1px solid #e4e4dc; border-radius: 8px; padding: .8rem 1rem; margin: .8rem 0; }
  h3 { font-size: 1.05rem; margin: 0 0 .4rem; }
  mark { background: #fff1a8; padding: 0 .15em; border-radius: 3px; }
  .meta { font-size: .88rem; color: #5b5b57; }
  .meta a { color: #0b57d0; }
  footer { margin-top: 2rem; font-size: .9rem; color: #5b5b57; border-top: 1px solid #ddd; padding-top: .6rem; }
  .window { color: #5b5b57; font-size: .9rem; }
`;

function spansHtml(spans: readonly TextSpan[]): string {
  return spans
    .map((s) => (s.highlight ? `<mark><strong>${esc(s.text)}</strong></mark>` : esc(s.text)))
    .join('');
}

export function renderPreviewHtml(doc: DigestDocument, options: PreviewOptions = {}): string {
  const tz = options.timezone ?? DEFAULT_TIMEZONE;
  const out: string[] = [];
  out.push('<!DOCTYPE html>', '<html lang="vi">', '<head>', '<meta charset="utf-8">');
  out.push(`<meta http-equiv="Content-Security-Policy" content="${esc(CSP)}">`);
  out.push('<meta name="viewport" content="width=device-width, initial-scale=1">');
  out.push('<meta name="referrer" content="no-referrer">');
  out.push(`<title>${esc(doc.header)}</title>`, `<style>${STYLE}</style>`, '</head>', '<body>');
  out.push(`<h1>${esc(doc.header)}</h1>`);
  out.push(
    `<p class="window">Tin từ ${esc(formatItemTime(doc.window.since, tz))} đến ${esc(formatItemTime(doc.window.until, tz))}</p>`,
  );
  let n = 0;
  for (const section of doc.sections) {
    out.push(`<section>`, `<h2>${esc(oneLine(section.title))}</h2>`);
    for (const item of section.items) {
      const sources = item.sources
        .map((s) => {
          const href = safeHttpUrl(s.url);
          const name = esc(oneLine(s.name));
          return href
            ? `<a href="${esc(href)}" rel="noopener noreferrer" target="_blank">${name}</a>`
            : name;
        })
        .join(' · ');
      const time = formatItemTime(item.publishedAt, tz);
      out.push(
        '<article>',
        `<h3>${++n}. ${esc(oneLine(item.title))}</h3>`,
        item.summary.length ? `<p>${spansHtml(item.summary)}</p>` : '',
        `<p class="meta">${[sources, time ? esc(time) : ''].filter(Boolean).join(' · ')}</p>`,
        '</article>',
      );
    }
    out.push('</section>');
  }
  if (n === 0) out.push('<p>Không có tin mới trong khoảng thời gian này.</p>');
  out.push(`<footer>${esc(doc.footer)}</footer>`, '</body>', '</html>');
  return `${out.filter(Boolean).join('\n')}\n`;
}
