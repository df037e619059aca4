/**
 * The guard: what a model's summary must satisfy before anyone reads it.
 *
 * Why so strict: a digest that misquotes "12%" as "15%" is worse than no
 * summary. Every figure must occur in the source (compared by value with the
 * figure finder's normalization, and by unit for percentages and money); the
 * text must be Vietnamese, within length, and carry no URL, markup or
 * mention, so nothing an article smuggles into the prompt can reach a post.
 */
import type { Figure } from '../digest/model.js';
import { figureKey, findFigures, figuresOf } from '../digest/text/index.js';

export type GuardFailureCode =
  'empty' | 'too-long' | 'not-vietnamese' | 'figure-not-in-source' | 'url' | 'markup' | 'mention';

export interface GuardFailure {
  code: GuardFailureCode;
  /** English, for logs. */
  detail: string;
  /** Vietnamese, told to the model on the retry. */
  instruction: string;
}

export interface GuardResult {
  ok: boolean;
  failures: GuardFailure[];
}

const URL_RE =
  /\b(?:https?:\/\/|www\.)\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|vn|io|ru|info|xyz|ly|me|co)\b(?:\/\S*)?/i;
const MARKUP_RE =
  /<\/?[a-z][^>]*>|<!--|\*\*|__|`|\[[^\]]*\]\([^)]*\)|^#{1,6}\s|^>\s|&[a-z]+;|&#\d+;/im;
const MENTION_RE = /@(?:everyone|here)\b|<@[!&]?\d+>|<#\d+>|(?:^|\s)@[A-Za-z0-9_]{3,}/;
/** Letters that only Vietnamese uses among Latin-script languages. */
const VIETNAMESE_LETTER_RE = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/giu;
const COMMON_VI_WORDS =
  /(?:^|\s)(?:và|của|các|những|được|đã|cho|với|trong|người|năm|tại|theo|này|là|có|không|thành phố|hà nội)(?=\s|$|[,.;:])/giu;

function isVietnamese(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '').length;
  if (letters === 0) return false;
  const vi = (text.normalize('NFC').match(VIETNAMESE_LETTER_RE) ?? []).length;
  const words = (text.normalize('NFC').toLowerCase().match(COMMON_VI_WORDS) ?? []).length;
  // Vietnamese prose has a diacritic on a large share of syllables; English has none.
  return vi / letters >= 0.06 || (vi > 0 && words >= 2);
}

function unitFamily(f: Figure): string | null {
  if (f.kind === 'percent' || (f.kind === 'range' && /%/.test(f.text))) return '%';
  if (f.kind === 'money') return (f.unit ?? '').toLowerCase().replace(/\s+/g, ' ');
  return null;
}

/** `needle` occurs in `haystack` not as part of a longer number or word ("15%" is not in "115%"). */
function containsWhole(haystack: string, needle: string): boolean {
  const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}.,])${escaped}(?![\\p{N}]|[.,]\\p{N})`, 'u').test(haystack);
}

/** Figures whose value(s) or unit the source does not have. */
export function unsupportedFigures(summary: string, source: string): string[] {
  const sourceValues = figuresOf(source);
  const sourceFigures = findFigures(source);
  const sourceKey = figureKey(source);
  const bad: string[] = [];
  for (const f of findFigures(summary)) {
    const values = figuresOf(f.text);
    const missing = [...values].some((v) => !sourceValues.has(v));
    if (missing) {
      bad.push(f.text);
      continue;
    }
    // The same figure written in the source (compared in the normalized form) is supported as is.
    if (containsWhole(sourceKey, figureKey(f.text))) continue;
    const fam = unitFamily(f);
    if (fam && f.value !== null) {
      const same = sourceFigures.some((s) => s.value === f.value && unitFamily(s) === fam);
      if (!same) bad.push(f.text);
    }
  }
  // Numbers the figure finder did not classify still count.
  for (const v of figuresOf(summary)) {
    if (!sourceValues.has(v) && !bad.some((b) => figuresOf(b).has(v))) bad.push(v);
  }
  return bad;
}

export function checkSummary(summary: string, source: string, maxChars: number): GuardResult {
  const failures: GuardFailure[] = [];
  const text = summary.trim();
  if (!text) {
    failures.push({
      code: 'empty',
      detail: 'empty summary',
      instruction: 'Bản tóm tắt đang trống.',
    });
    return { ok: false, failures };
  }
  if (text.length > maxChars) {
    failures.push({
      code: 'too-long',
      detail: `${text.length} chars > ${maxChars}`,
      instruction: `Bản tóm tắt dài ${text.length} ký tự, vượt giới hạn ${maxChars} ký tự.`,
    });
  }
  if (!isVietnamese(text)) {
    failures.push({
      code: 'not-vietnamese',
      detail: 'not Vietnamese',
      instruction: 'Bản tóm tắt phải viết bằng tiếng Việt có dấu.',
    });
  }
  const bad = unsupportedFigures(text, source);
  if (bad.length) {
    failures.push({
      code: 'figure-not-in-source',
      detail: `figures not in source: ${bad.join(', ')}`,
      instruction: `Các số liệu sau không có trong bài báo: ${bad.join(', ')}. Chỉ dùng số liệu đúng như trong bài.`,
    });
  }
  if (URL_RE.test(text))
    failures.push({
      code: 'url',
      detail: 'contains a URL',
      instruction: 'Không được chứa đường link.',
    });
  if (MARKUP_RE.test(text))
    failures.push({
      code: 'markup',
      detail: 'contains markup',
      instruction: 'Không dùng HTML hay Markdown.',
    });
  if (MENTION_RE.test(text))
    failures.push({
      code: 'mention',
      detail: 'contains a mention',
      instruction: 'Không được nhắc tên tài khoản (@…).',
    });
  return { ok: failures.length === 0, failures };
}
