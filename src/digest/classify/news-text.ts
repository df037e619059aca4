/**
 * The news text of an article, without what is not news: the outlet's
 * footer (its address is often "…Cầu Giấy, Hà Nội"), bylines after it, and
 * photo captions ("… Ảnh: Ngọc Thành"). Place names there say where the
 * outlet or the photographer is, not where the story happened.
 *
 * The markers are data (`footerMarkers`, `captionMarkers` in the gazetteer).
 */

export interface NewsTextOptions {
  footerMarkers: readonly string[];
  captionMarkers: readonly string[];
  /** Words that open a person's address ("trú tại"): where someone lives is not where the story is. */
  residenceMarkers?: readonly string[];
  /**
   * Places outside the city: "Hà Nội - Hải Phòng" or "Lạng Sơn – Hà Nội" next to
   * one of them is a road, rail or bus route, not the city.
   */
  routeEnds?: readonly string[];
}

export interface NewsText {
  /** Cuts the footer off and drops caption sentences. */
  clean(body: string): string;
  /** Text without residence clauses ("(trú tại quận X, Hà Nội)"), for place evidence. */
  withoutResidences(text: string): string;
  /**
   * Quoted names the article introduces as works ("cuốn sách 'Miếng ngon Hà
   * Nội'"): once introduced, the name is a title wherever it appears, also in a
   * headline that quotes it without saying "sách".
   */
  workTitles(texts: readonly string[]): string[];
  /**
   * Text for place evidence: without residence clauses, route names, work
   * titles, the given `titles`, and, with `dropQuotes`, any quoted span (in a
   * headline a quote is somebody's words or a name: "Sự thật tấm hình 'bé bị
   * bắt cóc ở Hà Nội'" is not a story in the city).
   */
  placeText(text: string, titles?: readonly string[], dropQuotes?: boolean): string;
}

/** Only a marker in the second half of a long body starts a footer: an early "Liên hệ" is prose. */
const FOOTER_MIN_SHARE = 0.5;

/**
 * A quoted name after a word for a work or an event ("cuốn sách “Miếng ngon Hà
 * Nội”", "ca khúc 'Hà Nội mùa thu'"): a title, not a place.
 */
const WORK_TITLE_RE =
  /(?<![\p{L}\p{N}])(?:sách|tác phẩm|phim|ca khúc|bài hát|nhạc phẩm|album|tập thơ|bài thơ|tiểu thuyết|truyện|vở|chương trình|cuộc thi|triển lãm|tạp chí)\s*[“"‘'«]([^”"’'»\n]{1,80})[”"’'»]/giu;

/** A quoted span: straight or curly, single or double quotes, on one line. */
const QUOTED_RE =
  /[“"‘«](?:[^”"’»\n]{1,120})[”"’»]|(?<![\p{L}\p{N}])'[^'\n]{1,120}'(?![\p{L}\p{N}])/gu;

/** Longest sentence taken for a photo caption when a credit follows it. */
const MAX_CAPTION = 240;

/** A credit that is a web address, followed by a capitalised word: the glued next sentence. */
const WEB_CREDIT_RE =
  /^\s*(?:https?:\/\/)?[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.(?:com|vn|net|org|info|tv|edu)(?:\.vn)?\/?\s+(?=\p{Lu})/u;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function createNewsText(options: NewsTextOptions): NewsText {
  const footers = options.footerMarkers.filter((m) => m.trim());
  const captions = options.captionMarkers.filter((m) => m.trim());
  const footerRe = footers.length
    ? new RegExp(footers.map((m) => escapeRe(m.normalize('NFC'))).join('|'), 'giu')
    : null;
  const captionRe = captions.length
    ? new RegExp(`(?:${captions.map((m) => escapeRe(m.normalize('NFC'))).join('|')})`, 'iu')
    : null;

  const residences = (options.residenceMarkers ?? []).filter((m) => m.trim());
  // A marker at a word start, then the address up to the end of the clause.
  const residenceRe = residences.length
    ? new RegExp(
        `(?<![\\p{L}\\p{N}])(?:${residences.map((m) => escapeRe(m.normalize('NFC'))).join('|')})(?![\\p{L}\\p{N}])[^.;:!?()\\n]*`,
        'giu',
      )
    : null;

  const ends = [...(options.routeEnds ?? [])]
    .filter((e) => e.trim())
    .sort((a, b) => b.length - a.length)
    .map((e) => escapeRe(e.normalize('NFC')));
  const city = '(?:Hà Nội|HN)';
  const routeRe = ends.length
    ? new RegExp(
        `${city}\\s*[-–—]\\s*(?:${ends.join('|')})(?![\\p{L}\\p{N}])|(?<![\\p{L}\\p{N}])(?:${ends.join('|')})\\s*[-–—]\\s*${city}`,
        'gu',
      )
    : null;
  const withoutWorkTitles = (text: string): string => text.replace(WORK_TITLE_RE, ' ');
  const withoutTitles = (text: string, titles: readonly string[]): string => {
    let t = text;
    for (const name of titles) t = t.split(name).join(' ');
    return t;
  };
  const withoutResidences = (text: string): string =>
    residenceRe ? text.normalize('NFC').replace(residenceRe, ' ') : text;

  return {
    withoutResidences,
    workTitles(texts) {
      const out = new Set<string>();
      for (const text of texts)
        for (const m of text.normalize('NFC').matchAll(WORK_TITLE_RE))
          if ((m[1] ?? '').trim().length >= 4) out.add((m[1] as string).trim());
      return [...out];
    },
    placeText(text, titles = [], dropQuotes = false) {
      let t = withoutTitles(withoutWorkTitles(withoutResidences(text)), titles);
      if (dropQuotes) t = t.replace(QUOTED_RE, ' ');
      return routeRe ? t.normalize('NFC').replace(routeRe, ' ') : t;
    },
    clean(body) {
      let text = body.normalize('NFC');
      if (footerRe) {
        footerRe.lastIndex = 0;
        for (const m of text.matchAll(footerRe)) {
          if (m.index >= text.length * FOOTER_MIN_SHARE || text.length - m.index < 600) {
            text = text.slice(0, m.index);
            break;
          }
        }
      }
      if (captionRe) {
        // Sentences are cut at ". " and at glued ".X" (the scraper's joins); a caption is one of them.
        // "…, Hà Nội ngày 5/6. Ảnh: Giang Huy": the credit starts its own sentence, so the one before is the caption.
        const parts = text.split(/(?<=[.!?…])(?=\s|\p{Lu})/u);
        const drop = new Set<number>();
        const kept = new Map<number, string>();
        parts.forEach((p, i) => {
          const at = p.search(captionRe);
          if (at < 0) return;
          drop.add(i);
          // A caption is one short sentence; a long one before a credit is a paragraph of news.
          if (
            p.slice(0, at).trim() === '' &&
            i > 0 &&
            (parts[i - 1] as string).length <= MAX_CAPTION
          )
            drop.add(i - 1);
          // "Ảnh: baomoi.vn Theo …": a credit that is a web address ends with it, and the
          // next sentence was glued on by the scraper (no full stop after a domain).
          const rest = p.slice(at).replace(captionRe, '');
          const credit = WEB_CREDIT_RE.exec(rest);
          if (credit) kept.set(i, rest.slice(credit[0].length));
        });
        text = parts.map((p, i) => (drop.has(i) ? (kept.get(i) ?? '') : p)).join(' ');
      }
      return text;
    },
  };
}
