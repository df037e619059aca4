/**
 * Which sentences of a body are not news, and whether a page is an article
 * at all. Applied to any body the summarizer gets, not only to pages our
 * extractor cleaned: feeds, the CLI and other callers hand over raw text with
 * captions, credits, share bars and footers still in it.
 *
 * Why pattern classes and not a trained model: the non-news lines of
 * Vietnamese news sites are few and formulaic (a photo credit is "Ảnh: …", a
 * share bar is "Chia sẻ Facebook Zalo", a timestamp is "Chủ nhật,
 * 18/2/2024, 17:09 (GMT+7)"), and a miss is visible to every reader, so each
 * class is a small, reviewable rule.
 */

import { stripDateline } from './clean.js';

export type NonNewsKind =
  | 'caption'
  | 'credit'
  | 'photo-set'
  | 'subheading'
  | 'question'
  | 'byline'
  | 'dateline'
  | 'timestamp'
  | 'address'
  | 'phone'
  | 'footer'
  | 'share'
  | 'app'
  | 'related';

/** Patterns that mark a whole sentence as non-news wherever they occur in it. */
const ANYWHERE: [NonNewsKind, RegExp][] = [
  ['app', /Tải (?:ứng dụng|app)|Cài (?:đặt )?ứng dụng|Đọc báo (?:trên|bằng) ứng dụng/iu],
  [
    'share',
    /(?:^|\s)Chia sẻ\s*(?:$|Facebook|Zalo|Twitter|bài viết|\d)|Facebook\s+Zalo|Zalo\s+Facebook/u,
  ],
  ['timestamp', /(?:Thứ (?:hai|ba|tư|năm|sáu|bảy)|Chủ nhật),\s*\d{1,2}\/\d{1,2}\/\d{4}/iu],
  ['timestamp', /\(GMT\s?[+-]\s?\d{1,2}\)/u],
  ['address', /Tầng \d+,?\s+(?:Tòa|tòa|Toà|toà|nhà)|Địa chỉ\s*:|Trụ sở\s*:|Tòa soạn\s*:/u],
  ['phone', /(?:Điện thoại|Hotline|ĐT|Fax|Email|E-mail)\s*:/iu],
  [
    'footer',
    /©|Bản quyền|Copyright|Giấy phép (?:số|hoạt động)|Chịu trách nhiệm nội dung|Tổng [Bb]iên tập\s*:/u,
  ],
  ['footer', /(?:^|\s)Liên hệ(?:\s+(?:quảng cáo|tòa soạn|hợp tác))?\s*(?::|$)/u],
  ['footer', /(?:^|\s)Liên hệ\s+(?:quảng cáo|tòa soạn|hợp tác)/u],
  [
    'related',
    /(?:Xem thêm|Xem tiếp)(?:\s*[:»>]|\s*$)|Đọc thêm\s*[:»>]|Tin liên quan|Tin cùng chuyên mục|Bài liên quan|>>|»/u,
  ],
  [
    'photo-set',
    /Một số hình ảnh|Dưới đây là (?:một số |những )?hình ảnh|Mời (?:quý )?(?:bạn đọc|độc giả) (?:xem|cùng)|(?:hình ảnh|ảnh) (?:do )?PV ghi (?:lại|nhận)/iu,
  ],
  ['caption', /\((?:Ảnh|ảnh|Video|Clip)\s*:?[^)]*\)\s*$/u],
  ['footer', /Bạn đang đọc bài viết|Đọc bài gốc|Nguồn bài viết\s*:/u],
  // Reader prompts: "Độc giả chia sẻ Video đến video@… hoặc gửi thông tin, câu hỏi tại đây."
  ['footer', /(?:gửi|chia sẻ)\b[^.!?]{0,80}\btại đây\b|[\w.+-]+@[\w-]+(?:\.[\w-]+)+/iu],
];

/** Patterns that mark a sentence as non-news when it starts with them. */
const AT_START: [NonNewsKind, RegExp][] = [
  [
    'caption',
    /^(?:[Ảả]nh(?:\s*minh\s*h[oọ]ạ?|\s*:)|[Ii]nfographic|[Vv]ideo\s*:|Clip\s*:|Đồ họa\s*:)/u,
  ],
  ['photo-set', /^(?:Chùm|Loạt|Bộ) ảnh|^Cùng (?:xem|ngắm) (?:lại )?(?:những |một số )?hình ảnh/u],
  ['credit', /^[Ảả]nh\s+(?:\p{Lu}[\p{L}\p{M}]*\s?){1,4}$/u],
  ['question', /^(?:PV|Phóng viên|Hỏi|Độc giả|Bạn đọc)\s*:/u],
  ['byline', /^(?:Bài|Bài và ảnh|Ảnh và bài|Tin|Nhóm PV|PV|CTV|BTV)\s*:/u],
  ['timestamp', /^(?:Cập nhật|Đăng|Ngày đăng|Thời gian)\s*:?\s*\d/u],
  ['timestamp', /^\d{1,2}:\d{2}\s*(?:\d{1,2}\/\d{1,2}\/\d{4})?\s*$/u],
  ['timestamp', /^\d{1,2}\/\d{1,2}\/\d{4}(?:\s*[-,|]?\s*\d{1,2}:\d{2})?\s*$/u],
  ['dateline', /^(?:\(?[\p{Lu}.]{2,12}\)?\s*[-–—]\s*)$/u],
];

/** A photo or video credit opening a sentence: "Ảnh: Bộ Quốc phòng…", "Video: Huy Mạnh Trưa…", "Ảnh Cường Ngô Ngày…". */
const ILLUSTRATION_HEAD_RE = /^(?:[Ảả]nh|Hình) minh h[oọ][aạ]?\s*[.:]\s+/u;
const CREDIT_HEAD_RE = /^(?:[Ảả]nh|Video|Clip|Nguồn)\s*:?\s+/u;
const CONTACT_HEAD_RE = /^[|•\-–\s]*(?:Hotline|Điện thoại|ĐT)\s*:\s*[\d.\s]{8,16}(?=\p{Lu})/u;
const CAPITALISED_RUN_RE = /^(?:[\p{Lu}][\p{L}\p{M}]*(?:\s+[-–]\s+|\s+))+/u;
const TERMINAL_RE = /[.!?…"”)]$/u;

/**
 * Remove a photo or video credit glued to the start of a sentence ("Ảnh:
 * Bộ Quốc phòngLễ phục…" → "Lễ phục…", "Ảnh Cường Ngô Ngày 16.6, …" →
 * "Ngày 16.6, …"). The credit ends where the scraper glued the text on
 * (a lowercase letter run into a capital) or, in a run of capitalised words,
 * before the last one, which opens the sentence. What is left must still
 * read as a sentence, else the input is returned.
 */
export function stripGluedCredit(input: string): string {
  // "| Hotline: 0983.970.780 Tốt nghiệp…": a contact line the scraper glued on.
  const contact = CONTACT_HEAD_RE.exec(input);
  const s =
    contact && input.length - contact[0].length >= 20 ? input.slice(contact[0].length) : input;
  // "Ảnh minh họa. (eFinance Online) - Cục Thống kê…": a caption, then the dateline, then the news.
  const illus = ILLUSTRATION_HEAD_RE.exec(s);
  if (illus) {
    const rest = stripDateline(s.slice(illus[0].length));
    if (rest.length >= 20) return rest;
  }
  const head = CREDIT_HEAD_RE.exec(s);
  if (!head) return s;
  const afterHead = s.slice(head[0].length);
  // The glue is a word's lowercase tail run into a capital ("phòngLễ"), not a brand ("eFinance").
  const glue = /\p{L}\p{Ll}(?=\p{Lu}\p{Ll})/u.exec(afterHead.slice(0, 60));
  let rest: string | null = null;
  if (glue && !/\s/.test(afterHead[glue.index + 2] ?? ' ')) rest = afterHead.slice(glue.index + 2);
  if (rest === null) {
    const run = CAPITALISED_RUN_RE.exec(afterHead);
    const words = run
      ? run[0]
          .trim()
          .split(/\s+/)
          .filter((w) => !/^[-–]$/.test(w))
      : [];
    if (run && words.length >= 2) {
      const lastWord = words[words.length - 1] as string;
      rest = afterHead.slice(run[0].trimEnd().length - lastWord.length);
    }
  }
  return rest !== null && rest.length >= 20 ? rest : s;
}

/**
 * What kind of non-news text `s` is, or null for a news sentence.
 * `syllableCount` is the sentence's length in syllables; `last` marks the
 * final sentences of a body (where bylines and credits live).
 */
export function nonNewsKind(s: string, syllableCount: number, last = false): NonNewsKind | null {
  const t = s.trim();
  if (!t) return 'footer';
  for (const [kind, re] of AT_START) if (re.test(t)) return kind;
  for (const [kind, re] of ANYWHERE) if (re.test(t)) return kind;
  // An interview question: short and asking, not the story.
  if (/\?["”»]?$/u.test(t) && syllableCount <= 40) return 'question';
  // A subheading: a short line without terminal punctuation, or shouted in capitals.
  if (!TERMINAL_RE.test(t) && syllableCount < 14) return 'subheading';
  if (syllableCount >= 3 && syllableCount < 20 && t === t.toUpperCase() && /\p{Lu}{4}/u.test(t))
    return 'subheading';
  if (last && syllableCount <= 14 && /^Theo\s/u.test(t)) return 'byline';
  return null;
}

/**
 * Title words of pages that list articles rather than tell one: tag, topic,
 * author, category, search and archive pages.
 */
const LISTING_TITLE_RE =
  /^(?:Tag|Tags|Thẻ|Chủ đề|Từ khóa|Từ khoá|Tác giả|Chuyên mục|Danh mục|Kết quả tìm kiếm|Tìm kiếm|Lưu trữ|Danh sách bài viết)\s*[:|-]|^(?:Tin tức|Tin|Bài viết|Tin mới|Tin nóng)[\s,].*\bmới nhất(?:\s+hôm nay)?\s+trên\b|\s[-|]\s*Trang \d+\s*$|^Trang \d+$/u;
/** A title that is only a person's name: an author page. */
const NAME_TITLE_RE = /^(?:\p{Lu}[\p{Ll}\p{M}]*)(?:\s\p{Lu}[\p{Ll}\p{M}]*){1,4}$/u;
/** Teasers glued by a scraper: a category or place run into the headline ("Trung QuốcBắc Tống…"). */
const GLUED_TEASER_RE = /\p{Ll}\p{Lu}\p{Ll}/gu;
/** Teaser-like lines a listing repeats: relative times, "dd/mm/yyyy" stamps, "Xem thêm". */
const LISTING_STAMP_RE = /\b\d+\s+(?:phút|giờ|ngày)\s+trước\b|\b\d{1,2}\/\d{1,2}\/\d{4}\b/gu;

export interface PageShape {
  /** Sentences kept as news. */
  newsSentences: number;
  /** Characters of the kept news sentences. */
  newsChars: number;
  /** All sentences of the body. */
  sentences: number;
}

/**
 * Whether a page is an article: not a tag, listing or author page. Listing
 * pages are named so in their title, or are many short headline-like lines
 * with time stamps and little running text.
 */
export function looksLikeArticle(title: string, body: string, shape: PageShape): boolean {
  const t = title.trim();
  if (LISTING_TITLE_RE.test(t)) return false;
  if (NAME_TITLE_RE.test(t) && (body.match(GLUED_TEASER_RE)?.length ?? 0) >= 3) return false;
  const lines = body.split(/\n+/).filter((l) => l.trim());
  const stamps = body.match(LISTING_STAMP_RE)?.length ?? 0;
  if (lines.length >= 6) {
    const headlineLike = lines.filter((l) => !TERMINAL_RE.test(l.trim()) && l.length < 140).length;
    if (headlineLike / lines.length >= 0.6 && shape.newsChars < 600) return false;
    if (stamps >= 4 && stamps >= lines.length / 3 && shape.newsChars < 800) return false;
  }
  if (shape.sentences >= 4 && shape.newsSentences === 0) return false;
  return true;
}
