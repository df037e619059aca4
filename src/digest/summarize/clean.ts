/**
 * Cleaning sentences so an extractive summary reads as news: datelines
 * ("(HNM) -", "TTO -", "VOV.VN -", "Hà Nội -"), photo captions and credits
 * ("(Ảnh: …)", "- Ảnh: AFP", "Ảnh minh họa"), bylines and "Theo …" credits at
 * the end of a body. Removing text never joins two number tokens: a removed
 * piece is always replaced by nothing at a word boundary or by one space.
 */

/** Leading datelines of a sapo or body. */
const DATELINE_RE =
  /^\s*(?:\(\s*(?:[\p{Lu}\p{N}.&\s]{2,20}|\p{L}[\p{L}.]*(?:\s[\p{L}][\p{L}.]*){0,3})\s*\)|[\p{Lu}][\p{Lu}\p{N}.&]{1,14}(?:\s[\p{Lu}\p{N}.]{2,8})?|(?:Hà Nội|TP\.HCM|TP HCM|Hải Phòng|Đà Nẵng))\s*(?:\([^)]{1,40}\)\s*)?[-–—]\s+/u;
/** Inline photo notes: "(Ảnh: Đỗ Tuấn Anh)", "(ảnh cắt từ clip)", "(Ảnh minh họa)". */
const PHOTO_PAREN_RE = /\s*\((?:[Ảả]nh|[Ii]mage|[Nn]guồn|[Vv]ideo|[Cc]lip)\b[^)]{0,80}\)/gu;
/** A caption credit glued before the text: "… sáng nay - Ảnh: AFP Theo Hãng tin…" (the credit stops before "Theo"). */
const CAPTION_CREDIT_RE =
  /\s[-–]\s*[Ảả]nh\s*:\s*[^\s]+(?:\s(?!Theo\s)[\p{Lu}][\p{Ll}]*){0,2}|\s(?:[-–]\s*)?(?:Ảnh|Hình|Clip|Video) minh h[oọ]ạ?(?:\s*:\s*[^\s]+(?:\s(?!Theo\s)[\p{Lu}][\p{Ll}]*){0,2})?/u;
const PHOTO_ONLY_RE = /^(?:[Ảả]nh(?:\s*minh\s*h[oọ]ạ?|\s*:)|[Ii]nfographic|[Vv]ideo\s*:|Clip\s*:)/u;
const BYLINE_RE =
  /^(?:Theo\s+[^,.]{2,60}|\(?(?:PV|CTV|BTV|Nhóm PV)\)?|[\p{Lu}][\p{L}.]*(?:\s[\p{Lu}][\p{L}.]*){0,4})\.?$/u;
const TERMINAL_RE = /[.!?…"”)]$/u;

/**
 * A place or genre dateline glued to the first sentence by the scraper:
 * "Hà NộiChủ tịch nước…", "TP HCMSau hỏa hoạn…", "Luật sưTốt nghiệp…".
 */
const GLUED_DATELINE_RE = /^([\p{Lu}][\p{L}]*(?:\s[\p{L}]+){0,5}?)(?<=\p{L})(?=[\p{Lu}][\p{Ll}])/u;

/** Remove a leading dateline ("(PNTĐ) -", "TTO -", "VOV.VN -", "Hà Nội -", a glued "Hà NộiChủ tịch…"). */
export function stripDateline(s: string): string {
  const m = DATELINE_RE.exec(s);
  if (m) return s.slice(m[0].length);
  const g = GLUED_DATELINE_RE.exec(s);
  if (g && g[0].length <= 25) {
    const words = g[0].split(' ');
    // "Chuyên trang PhoneArena" is a brand inside a sentence, not a dateline.
    // A lowercase word glued to a capital ("Giám đốc Kinh doanhThời gian…") is a byline's job
    // title joined to the first sentence; a capitalised one may be a brand ("PhoneArena").
    const lastWord = words[words.length - 1] ?? '';
    const gluedLower = /^\p{Ll}/u.test(lastWord) && words.length >= 2;
    if (
      (words.length <= 4 && (words.length <= 2 || words.every((w) => /^\p{Lu}/u.test(w)))) ||
      gluedLower
    )
      return s.slice(g[0].length);
  }
  return s;
}

/** Remove inline photo notes and glued caption credits from a sentence. */
export function stripPhotoNotes(s: string): string {
  if (!s.includes('(') && !s.includes('nh')) return s.trim();
  let out = s.includes('(') ? s.replace(PHOTO_PAREN_RE, '') : s;
  const m = CAPTION_CREDIT_RE.exec(out);
  if (m && m.index < 220) {
    // The caption is everything before the credit; what follows is the real sentence.
    const rest = out.slice(m.index + m[0].length).trimStart();
    if (rest.length >= 20) out = rest;
  }
  return out.trim();
}

export type SentenceRole = 'text' | 'caption' | 'byline';

/**
 * What a body sentence is. `last` marks the final sentences of a body, where
 * bylines and "Theo …" credits live. Captions are short, have no terminal
 * punctuation, or are explicit photo notes.
 */
export function sentenceRole(s: string, syllableCount: number, last: boolean): SentenceRole {
  if (PHOTO_ONLY_RE.test(s)) return 'caption';
  if (last && syllableCount <= 12 && BYLINE_RE.test(s)) return 'byline';
  if (last && /^Theo\s/u.test(s) && syllableCount <= 14) return 'byline';
  if (syllableCount < 6) return 'caption';
  if (!TERMINAL_RE.test(s) && syllableCount < 14) return 'caption';
  return 'text';
}

/** "Ông X, Giám đốc Sở Y cho biết, …": the attribution before the news itself. */
const SAID_LEAD_RE =
  /^[^,.;:“"]{3,110}?\s(?:cho biết|cho hay|thông tin|khẳng định|nhấn mạnh|thông báo)\s*[,:]\s+(?=[\p{L}\d])(?!["“])/u;
/** "…, theo Reuters." / "…, AFP đưa tin.": a source credit closing the sentence. */
const CREDIT_TAIL_RE = /,\s+(?:theo\s[^,.;“"”]{2,60}|[^,.;“"”]{2,40}\sđưa tin)\s*\.$/u;
/** Connectives that tie a sentence to the one before it; once extracted they dangle. */
const CONNECTIVE_LEAD_RE =
  /^(?:Theo đó|Trong khi đó|Tuy nhiên|Ngoài ra|Đồng thời|Bên cạnh đó|Cũng theo [^,]{2,50}|Trước đó|Hiện nay|Hiện tại|Được biết|Như vậy|Do đó|Vì vậy),\s+(?=\p{L})/u;

/**
 * Compress an extracted sentence so it reads as a summary: drop a leading
 * attribution ("Ông X cho biết, "), a leading connective ("Tuy nhiên, ") and
 * a closing source credit (", theo Reuters."), a leading "Theo …, "
 * attribution, a concession ("mặc dù …, nhưng") and parenthetical asides.
 * These are the parts a sapo leaves out, and dropping them leaves room for
 * a figure-bearing sentence. Only whole clauses at the
 * edges are removed (at a comma followed by a space), so no number token is
 * cut or joined; the first letter is capitalised when the start moved.
 */
export function compressSentence(s: string): string {
  let out = s;
  let m = ATTRIBUTION_LEAD_RE.exec(out);
  if (m && out.length - m[0].length >= 40) out = out.slice(m[0].length);
  m = SAID_LEAD_RE.exec(out);
  if (m) out = out.slice(m[0].length);
  m = CONNECTIVE_LEAD_RE.exec(out);
  if (m) out = out.slice(m[0].length);
  m = CREDIT_TAIL_RE.exec(out);
  if (m) out = out.slice(0, m.index) + '.';
  out = dropConcessive(out);
  out = out.replace(PARENTHETICAL_RE, '');
  if (out === s || out.length < 20) return s;
  return out.charAt(0).toUpperCase() + out.slice(1);
}

/**
 * "Theo Ban Tổ chức Thành ủy Hà Nội, …": the source named before the news.
 * A sapo tells the news and credits it at most once; in a 280-character
 * summary the credit crowds out the figures.
 */
const ATTRIBUTION_LEAD_RE = /^Theo\s+(?!đó\b)[^,;:.“"]{2,90},\s+(?=[\p{L}\d])/u;
/** "mặc dù …, nhưng …" / "dù …, song …": the concession, dropped with its "nhưng". */
const CONCESSIVE_RE =
  /(^|,\s+)(?:[Mm]ặc dù|[Dd]ù|[Tt]uy|[Dd]ẫu)\s+[^,;:.“"]{3,120},\s+(?:nhưng|song|thì)\s+/u;
/** "(…)" asides: acronyms, dates, cross references. Only when a space or punctuation follows, so no tokens join. */
const PARENTHETICAL_RE = /\s+\([^()“”"\d]{1,80}\)(?=[\s,.;:!?]|$)/gu;

function dropConcessive(s: string): string {
  const m = CONCESSIVE_RE.exec(s);
  if (!m) return s;
  const lead = m[1] ?? '';
  return s.slice(0, m.index) + (lead ? ', ' : '') + s.slice(m.index + m[0].length);
}
