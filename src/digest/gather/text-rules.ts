/**
 * Text-level rules for what is not article text, shared by extraction and
 * its tests: datelines, share bars, related-news markers, captions that a
 * scraper repeats, bylines and "Theo …" credits.
 */

/** "(PNTĐ) -", "(HNM) -", "TTO -", "ANTĐ -", "VOV.VN -", "HÀ NỘI -", "(Dân trí) -"… at the start of a sapo. */
const DATELINE =
  /^\s*(?:\((?:[^()]{1,24})\)|\p{Lu}[\p{Lu}.]{1,11}(?: [\p{Lu}.]{2,10}){0,2})\s*[-–—]\s+/u;

export function stripDateline(text: string): string {
  return text.replace(DATELINE, '').trim();
}

/** Headings that start a related-news block: nothing after them is the article. */
const RELATED_MARKER =
  /^(?:tin cùng chuyên mục|tin liên quan|bài liên quan|tin khác|các tin khác|tin mới|tin mới nhất|xem thêm|đọc thêm|có thể bạn quan tâm|đọc nhiều|xem nhiều|bài viết liên quan|cùng chuyên mục|related)\s*:?$/iu;

export function isRelatedMarker(text: string): boolean {
  return RELATED_MARKER.test(text.trim());
}

/** Share bars and tool rows: short lines made only of such words. */
const SHARE_ONLY =
  /^(?:(?:chia sẻ|share|tweet|like|thích|bình luận|in bài|in|lưu|lưu bài|gửi|email|zalo|facebook|twitter|copy link|sao chép liên kết|theo dõi|google news|bookmark|\d+)\s*[|·,:]?\s*)+$/iu;

export function isShareBar(text: string): boolean {
  return text.length <= 80 && SHARE_ONLY.test(text.trim());
}

/**
 * A caption scraped twice and glued to itself, "XX" or "X X" (the seed's
 * "…lớp bồi dưỡng đảng viên mớiĐảng ủy Khối…"): an image's alt/title text
 * followed by the same caption.
 */
export function isDoubledCaption(text: string): boolean {
  const t = text.trim();
  if (t.length < 16) return false;
  for (const sep of [0, 1]) {
    if ((t.length - sep) % 2 !== 0) continue;
    const half = (t.length - sep) / 2;
    const a = t.slice(0, half).trim();
    const b = t.slice(half + sep).trim();
    if (a.length >= 8 && a === b) return true;
  }
  return false;
}

/** A short line that credits a photo: "Ảnh: …", "… - Ảnh: AFP", "(Ảnh minh họa)". */
export function isPhotoCredit(text: string): boolean {
  const t = text.trim();
  if (t.length <= 60 && /^\(?ảnh(?: minh họa| minh hoạ)?\s*[:)]/iu.test(t)) return true;
  // "<one-sentence caption> - Ảnh: AFP": a caption, not body text, only when no sentence precedes it.
  const m = /^(.*?)\s*[-–(]\s*ảnh\s*:\s*[^.]{1,40}\)?$/iu.exec(t);
  return m !== null && t.length <= 200 && !/[.!?…]\s+\p{Lu}/u.test(m[1] ?? '');
}

/**
 * Bylines at the end of a body: initials or a name in capitals ("HN", "MINH
 * ANH"), a bare name ("Nguyễn Văn A"), "Theo …" credits ("Theo Reuters",
 * "(Theo Tuổi Trẻ)"), "Nhóm PV". Kept short so a real last sentence is never taken.
 */
export function isByline(text: string): boolean {
  const t = text
    .trim()
    .replace(/^\((.*)\)$/u, '$1')
    .trim();
  if (!t || t.length > 60) return false;
  if (
    /^(?:theo|nguồn|bài và ảnh|bài, ảnh|ảnh|nhóm pv|pv|ctv)(?:[\s:]|$)/iu.test(t) &&
    !/[.!?…]\s+\S/u.test(t)
  )
    return true;
  const letters = t.replace(/[^\p{L}]/gu, '');
  if (
    letters.length >= 1 &&
    letters.length <= 30 &&
    letters === letters.toUpperCase() &&
    !/[.!?…]$/u.test(t)
  )
    return true;
  // A bare name: 2–5 capitalized words, no sentence punctuation.
  return /^(?:\p{Lu}[\p{Ll}\p{M}]*\.?\s+){1,4}\p{Lu}[\p{Ll}\p{M}]*$/u.test(t) && t.length <= 40;
}
