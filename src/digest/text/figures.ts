/**
 * Figure finding: the numbers a Vietnamese news reader cares about, as spans
 * over the original text (which is never altered).
 *
 * Numbers are read Vietnamese-style: a dot groups thousands and a comma is
 * the decimal mark (10.027 → 10027, 102,9 → 102.9). A dot followed by a group
 * that is not three digits ("2.5", common in world news) is read as a decimal.
 *
 * Some number-bearing tokens are recognised only so they are never taken for
 * figures and never highlighted: document codes (01-CTr/TU, 15/NQ-CP),
 * ordinals and numbers in names (lần thứ XVII, khóa XVI, Đại hội XIII, số 6,
 * Vành đai 3, tuyến metro số 2, quận 1, lớp 10, Quốc lộ 1A, đường 32), phone
 * numbers, and years in the names of laws (Luật Đất đai 2024).
 *
 * The scan is regex-driven but every pattern is anchored (sticky) or linear,
 * so the cost stays proportional to the text.
 */
import type { Figure, FigureKind } from '../model.js';
import { unitAfter } from './figure-phrase.js';
import { compileUnits, type FigureUnits } from './figure-units.js';
import { parseVietnameseNumber } from './numbers.js';

export { figureKey, figuresOf, parseVietnameseNumber } from './numbers.js';
export { keyFigures, HIGHLIGHTED_KINDS } from './key-figures.js';
export type { KeyFiguresOptions } from './key-figures.js';

const NOT_WORD = '(?![\\p{L}\\p{M}\\d])';

const PHONE_RE =
  /(?<![\d.,])(?:0\d{2,3}[ .]\d{3}[ .]\d{3,4}|0\d{3}[ .]\d{3}[ .]\d{3}|0\d{9,10}|1[89]00[ .]?\d{2,4}(?:[ .]?\d{2,4})?)(?![\d.,]\d)/g;
/**
 * Numbers that are part of a name: "Vành đai 3", "tuyến metro số 2", "lớp 10",
 * "quận 1", "Quốc lộ 1A", "đường 32", "Đội CSGT số 6". The number must not be
 * followed by a unit ("đường 5 km" measures), so a name never swallows a figure.
 */
const NAME_UNIT_AHEAD =
  '\\s*(?:%|người|ngày|tỷ|tỉ|triệu|nghìn|ngàn|km|m|ha|tấn|hộ|ca|xe|tháng|năm(?!\\s+học)|giờ|phút|chiếc|căn|ki-lô-mét|mét)(?![\\p{L}\\p{M}])';
const ORDINAL_RE = new RegExp(
  `(?:lần thứ|kỳ họp thứ|[Tt]hế kỷ|[Tt]hập (?:niên|kỷ)|[Bb]ão số|thứ|kh[oó][aá]|Kh[oó][aá]|Đại hội|Hội nghị|Trung ương|số|Số|[Qq]uốc lộ|[Tt]ỉnh lộ|QL|ĐT|[Tt]uyến|cấp|[Vv]ành đai|[Ll]ớp|[Qq]uận|[Pp]hường|[Đđ]ường|[Nn]gõ|[Nn]gách|[Hh]ẻm|[Kk]hu|[Tt]ầng|[Cc]ổng|[Nn]hà ga|[Bb]ến|[Ll]àn|[Tt]ổ|[Đđ]ội|[Tt]ập|[Pp]hần|[Cc]hương|[Đđ]iều|[Kk]hoản|[Mm]ục|[Kk]ênh|[Ss]ân|[Bb]ảng)\\s+(?:lần thứ\\s+)?(?:[IVXLC]+(?![\\p{L}\\p{M}\\d])|\\d+[A-Z]?(?![\\p{L}\\p{M}\\d]|[.,/\\-]\\d|${NAME_UNIT_AHEAD}))`,
  'gu',
);
/** Words before "số N" that make it a quantity ("tổng số 500 hộ", "con số 10.000"), not a name. */
const COUNT_BEFORE_SO_RE = /(?:^|[^\p{L}\p{M}])(?:tổng|con|Tổng|Con|trong|với|chiếm|có)\s$/u;
/** A non-space token made of letter/digit runs joined by . , / : - (a number, a date, a code…). */
const CHUNK_RE = /[\p{L}\p{M}\p{N}]+(?:[.,/:\-–][\p{L}\p{M}\p{N}]+)*/uy;
const HAS_DIGIT_RE = /\d/;
const DIGIT_RE = /\d/g;

const NUM = '(?:\\d{1,3}(?:\\.\\d{3})+(?:,\\d+)?|\\d+(?:[.,]\\d+)?)';
const NUMBER_ONLY_RE = new RegExp(`^${NUM}$`);
const RANGE_ONLY_RE = new RegExp(`^(${NUM})[-–](${NUM})$`);
const DATE_DMY_RE = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})$/;
const DATE_DM_RE = /^(\d{1,2})[-/.](\d{1,2})$/;
const DATE_MY_RE = /^(\d{1,2})[-/](\d{4})$/;
const PERIOD_RE = /^(\d{4})[-–](\d{4})$/;
const TIME_RE = /^(?:\d{1,2}h(?:\d{2})?|\d{1,2}:\d{2})$/;
const CODE_RE = /[/-].*\p{Lu}|\p{Lu}.*[/-]/u;

const YEAR_BEFORE = /(?:^|[^\p{L}\p{M}])([Nn]ăm)\s+$/u;
const MONTH_BEFORE = /(?:^|[^\p{L}\p{M}])([Tt]háng)\s+$/u;
const DAY_BEFORE = /(?:^|[^\p{L}\p{M}])([Nn]gày)\s+$/u;
const DATE_CONTEXT_BEFORE =
  /(?:^|[^\p{L}\p{M}])(?:ngày|sáng|chiều|tối|đêm|trưa|hôm|rạng sáng|từ|đến|tới|nay|qua|mai|Ngày|Sáng|Chiều|Tối|Đêm|Trưa|Hôm)\s+$|\(\s*$/u;
const PERIOD_BEFORE = /(?:^|[^\p{L}\p{M}])([Gg]iai đoạn|[Nn]hiệm kỳ)\s+$/u;
const LAW_BEFORE =
  /(?:Luật|luật|Hiến pháp|Pháp lệnh|Bộ luật)(?:\s+[\p{L}\p{M}]+){0,6}\s+(?:năm\s+)?$/u;
const CHANGE_BEFORE =
  /(?:^|[^\p{L}\p{M}])((?:[Tt]ăng|[Gg]iảm)(?:\s+(?:hơn|gần|khoảng|thêm))?)\s+$/u;
const QUALIFIER_BEFORE =
  /(?:^|[^\p{L}\p{M}])([Hh]ơn|[Gg]ần|[Kk]hoảng|[Cc]hừng|[Hh]àng|[Tt]rên)\s+$/u;
const DAY_MONTH_AFTER = /\s+tháng\s+\d{1,2}(?!\d)(?:\s*(?:năm\s+|[/-])\d{4})?/uy;
const HOUSE_BEFORE =
  /(?:^|[^\p{L}\p{M}])(?:[Ss]ố nhà|[Nn]hà số|[Nn]hà|[Kk]iốt|[Ss]ạp|[Pp]hòng)\s+$/u;
const STREET_AFTER = /\s+(?:phố|ngõ|ngách|đường|hẻm|kiệt)\s+\p{Lu}/uy;
const CLOCK_BEFORE = /(?:^|[^\p{L}\p{M}])(?:lúc|Lúc|vào|Vào|từ|đến|tới)\s+$/u;
const CLOCK_AFTER =
  /\s*\d{1,2}(?:\s+phút)?(?!\d|[.,]\d)|\s+(?:sáng|trưa|chiều|tối|đêm|ngày)(?![\p{L}\p{M}])/uy;
const FROM_BEFORE = /(?:^|[^\p{L}\p{M}])([Tt]ừ)\s+$/u;
const TO_AFTER = new RegExp(`\\s+(?:đến|tới|-|–)\\s+(${NUM})${NOT_WORD}`, 'yu');
const SPACED_PERIOD_AFTER = /\s*[-–]\s*(\d{4})(?![\d.,])/y;

interface Span {
  start: number;
  end: number;
}

function overlaps(spans: Span[], s: number, e: number): boolean {
  for (const sp of spans) if (s < sp.end && e > sp.start) return true;
  return false;
}

function matchAt(re: RegExp, text: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(text);
}

function before(text: string, s: number, n = 40): string {
  return text.slice(Math.max(0, s - n), s);
}

/** Start index of a prefix word matched at the end of `prefix` (which ends at `s`). */
function prefixStart(s: number, prefix: string, m: RegExpExecArray): number {
  const word = m[1] ?? '';
  return s - (prefix.length - prefix.lastIndexOf(word));
}

export interface FindFiguresOptions {
  /** The units lexicon (default: the bundled one; `config/figure-units.yaml` in the app). */
  units?: FigureUnits;
}

/**
 * Places no figure may come from: chat mentions and channel links
 * ("<@123>", "<#456>", "<:emoji:789>"), URLs, e-mail addresses, bare domains,
 * time zones ("GMT+7") and number plates ("29A-123.45", "30E 123.45").
 */
export const OPAQUE_RE =
  /<(?:[@#][!&]?|a?:[\w~]+:)\d+>|\bhttps?:\/\/[^\s<>"“”]*[^\s<>"“”.,;:!?)]|\bwww\.[^\s<>"“”]*[^\s<>"“”.,;:!?)]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org|gov|edu|info|io)(?:\/[^\s<>"“”]*)?(?![\w.])|\b(?:BKS|[Bb]iển (?:kiểm soát|số))\s*:?\s*\d{2}\s?[A-Z]{1,2}\d?\s*-?\s*\d{3}\.?\d{2}\b|\bBKS\s*:?\s*\d{2}\s*-\s*\d{3}\.\d{2}\b|\b(?:GMT|UTC)\s?[+-]\s?\d{1,2}(?::\d{2})?|\b\d{2}[A-Z]{1,2}\d?[- ]\d{3}(?:\.\d{2}|\d{1,2})\b/gu;

/** Spans of `text` no figure or highlight may touch: mentions, channel links, URLs, e-mail addresses, time zones, plates. */
export function opaqueSpans(text: string): [number, number][] {
  return [...text.matchAll(OPAQUE_RE)].map((m) => [m.index, m.index + m[0].length]);
}

/** Find every figure in `text`, in order of position. */
export function findFigures(text: string, options: FindFiguresOptions = {}): Figure[] {
  const lex = compileUnits(options.units);
  const figures: Figure[] = [];
  const blocked: Span[] = [];
  const add = (
    start: number,
    end: number,
    kind: FigureKind,
    value: number | null,
    unit: string | null,
  ): void => {
    figures.push({ start, end, text: text.slice(start, end), kind, value, unit });
  };

  for (const m of text.matchAll(OPAQUE_RE)) {
    const s = m.index;
    const e = s + m[0].length;
    if (/\d/.test(m[0])) add(s, e, 'code', null, null);
    blocked.push({ start: s, end: e });
  }
  for (const m of text.matchAll(PHONE_RE)) {
    const s = m.index;
    const e = s + m[0].length;
    if (overlaps(blocked, s, e)) continue;
    add(s, e, 'phone', null, null);
    blocked.push({ start: s, end: e });
  }
  for (const m of text.matchAll(ORDINAL_RE)) {
    const s = m.index;
    const e = s + m[0].length;
    if (overlaps(blocked, s, e) || isLetter(text[s - 1])) continue;
    // "tổng số 500 hộ" counts; "PCCC số 6", "tuyến metro số 2", "Số 6" name a unit.
    if (m[0].startsWith('số') && COUNT_BEFORE_SO_RE.test(before(text, s, 12))) continue;
    // "số 01-CTr/TU" is a code, handled below.
    if (/[-/]/.test(text[e] ?? '')) continue;
    add(s, e, 'ordinal', null, null);
    blocked.push({ start: s, end: e });
  }

  let cursor = 0;
  for (;;) {
    // Jump to the next digit, back up to the start of its token, and read the token.
    DIGIT_RE.lastIndex = cursor;
    const dm = DIGIT_RE.exec(text);
    if (!dm) break;
    // A digit inside a mention, URL or phone number: skip past it.
    const inside = blocked.find((b) => dm.index >= b.start && dm.index < b.end);
    if (inside) {
      cursor = inside.end;
      continue;
    }
    let from = dm.index;
    while (from > cursor && isTokenChar(text[from - 1])) from--;
    CHUNK_RE.lastIndex = from;
    let cm = CHUNK_RE.exec(text);
    if (!cm || cm.index + cm[0].length <= dm.index) {
      // The backed-up start is a separator ("://2024"): read from the digit itself.
      CHUNK_RE.lastIndex = dm.index;
      cm = CHUNK_RE.exec(text);
    }
    if (!cm) break;
    const chunk = cm[0];
    const s = cm.index;
    cursor = s + chunk.length;
    const e = s + chunk.length;
    if (!HAS_DIGIT_RE.test(chunk) || overlaps(blocked, s, e)) continue;
    const first = chunk[0] as string;
    if (!(first >= '0' && first <= '9')) continue; // Covid-19, U23, A80: names, not figures
    if (CODE_RE.test(chunk)) {
      add(s, e, 'code', null, null);
      continue;
    }
    if (TIME_RE.test(chunk)) {
      add(s, e, 'time', null, null);
      continue;
    }
    const pre = before(text, s);
    let m: RegExpExecArray | null;
    if ((m = DATE_DMY_RE.exec(chunk)) && validDay(m[1], m[3])) {
      const dm = DAY_BEFORE.exec(pre);
      add(dm ? prefixStart(s, pre, dm) : s, e, 'date', null, null);
      continue;
    }
    if ((m = DATE_MY_RE.exec(chunk)) && Number(m[1]) >= 1 && Number(m[1]) <= 12) {
      const mm = MONTH_BEFORE.exec(pre);
      add(mm ? prefixStart(s, pre, mm) : s, e, 'date', null, null);
      continue;
    }
    if ((m = PERIOD_RE.exec(chunk)) && isYear(m[1]) && isYear(m[2])) {
      const pm = PERIOD_BEFORE.exec(pre);
      add(pm ? prefixStart(s, pre, pm) : s, e, 'period', null, null);
      continue;
    }
    if ((m = DATE_DM_RE.exec(chunk)) && validDay(m[1], m[2])) {
      const slash = chunk.includes('/');
      // "Ngày 10.5", "tối 15.6", "(6/2)", and "30-10, …" opening a sentence.
      const opens = /(?:^|[.!?]\s+)$/u.test(pre) && text[e] === ',';
      if (slash || DATE_CONTEXT_BEFORE.test(pre) || text[e] === ')' || opens) {
        const dm = DAY_BEFORE.exec(pre);
        add(dm ? prefixStart(s, pre, dm) : s, e, 'date', null, null);
        continue;
      }
    }
    if ((m = RANGE_ONLY_RE.exec(chunk))) {
      const u = unitAfter(text, e, lex);
      add(s, u ? u.end : e, 'range', null, u ? u.unit : null);
      if (u) cursor = u.end;
      continue;
    }
    if (!NUMBER_ONLY_RE.test(chunk)) {
      add(s, e, 'number', null, null);
      continue;
    }
    const value = parseVietnameseNumber(chunk);
    const integerYear = /^\d{4}$/.test(chunk) && isYear(chunk);
    if (integerYear) {
      if (LAW_BEFORE.test(pre)) {
        add(s, e, 'law-year', value, null);
        continue;
      }
      const sp = matchAt(SPACED_PERIOD_AFTER, text, e);
      if (sp && isYear(sp[1])) {
        const pm = PERIOD_BEFORE.exec(pre);
        const end = e + sp[0].length;
        add(pm ? prefixStart(s, pre, pm) : s, end, 'period', null, null);
        cursor = end;
        continue;
      }
      const ym = YEAR_BEFORE.exec(pre);
      if (ym) {
        add(prefixStart(s, pre, ym), e, 'year', value, null);
        continue;
      }
    }
    const mm = MONTH_BEFORE.exec(pre);
    if (mm && Number.isInteger(value) && value >= 1 && value <= 12) {
      add(prefixStart(s, pre, mm), e, 'date', value, null);
      continue;
    }
    if (Number.isInteger(value) && value >= 1 && value <= 31) {
      // "ngày 15", "15 tháng 3", "ngày 15 tháng 3 năm 2021": dates, written out.
      const dm = DAY_BEFORE.exec(pre);
      const dma = matchAt(DAY_MONTH_AFTER, text, e);
      if (dm || dma) {
        const end = dma ? e + dma[0].length : e;
        add(dm ? prefixStart(s, pre, dm) : s, end, 'date', null, null);
        cursor = end;
        continue;
      }
    }
    // "nhà 15 phố Huế", "số nhà 12": an address, not an amount.
    if (HOUSE_BEFORE.test(pre) || matchAt(STREET_AFTER, text, e)) {
      add(s, e, 'code', null, null);
      continue;
    }
    // "từ 10 đến 15 ha"
    const fm = FROM_BEFORE.exec(pre);
    const to = fm ? matchAt(TO_AFTER, text, e) : null;
    if (fm && to) {
      const toEnd = e + to[0].length;
      const u = unitAfter(text, toEnd, lex);
      const end = u ? u.end : toEnd;
      add(prefixStart(s, pre, fm), end, 'range', null, u ? u.unit : null);
      cursor = end;
      continue;
    }
    const u = unitAfter(text, e, lex);
    if (!u) {
      // "Lumia 1520", "Windows 8", "Boeing 737": a number in a name is a model, not an amount.
      add(s, e, integerYear ? 'year' : isModelName(text, s) ? 'code' : 'number', value, null);
      continue;
    }
    // "lúc 15 giờ", "15 giờ 30": a time of day.
    if (
      u.kind === 'measure' &&
      (u.unit === 'giờ' || u.unit === 'phút') &&
      (CLOCK_BEFORE.test(pre) || matchAt(CLOCK_AFTER, text, u.end))
    ) {
      const c = matchAt(CLOCK_AFTER, text, u.end);
      const end = c ? u.end + c[0].length : u.end;
      add(s, end, 'time', null, null);
      cursor = end;
      continue;
    }
    let start = s;
    const change = u.kind === 'percent' ? CHANGE_BEFORE.exec(pre) : null;
    const qual = change ? null : QUALIFIER_BEFORE.exec(pre);
    if (change) start = prefixStart(s, pre, change);
    else if (qual && u.kind !== 'date') start = prefixStart(s, pre, qual);
    add(start, u.end, u.kind, value, u.unit);
    cursor = u.end;
  }
  figures.sort((a, b) => a.start - b.start);
  return figures;
}

/** Letters, digits and the separators a number or code may contain. */
function isTokenChar(c: string | undefined): boolean {
  return (
    c !== undefined &&
    (isLetter(c) ||
      (c >= '0' && c <= '9') ||
      c === '.' ||
      c === ',' ||
      c === '/' ||
      c === ':' ||
      c === '-' ||
      c === '–')
  );
}

/**
 * Whether the number at `s` follows a name written with a capital that is
 * not the sentence's first word ("điện thoại Lumia 1520", "Windows 8").
 */
function isModelName(text: string, s: number): boolean {
  const m = /([\p{L}\p{M}\d-]+)\s+$/u.exec(text.slice(Math.max(0, s - 30), s));
  const word = m?.[1];
  if (!word || !/\p{Lu}/u.test(word)) return false;
  if (/^\p{Lu}[\p{Ll}\p{M}]*$/u.test(word)) {
    // A capitalised ordinary word opening a sentence ("Khoảng 500…") is not a name.
    const wordStart = s - (m?.[0].length ?? 0);
    const lead = text.slice(Math.max(0, wordStart - 3), wordStart);
    if (wordStart === 0 || /[.!?:…"“(\n]\s*$/u.test(lead)) return false;
  }
  return true;
}

function isLetter(c: string | undefined): boolean {
  return c !== undefined && c.toLowerCase() !== c.toUpperCase();
}

function isYear(s: string | undefined): boolean {
  const y = Number(s);
  return y >= 1900 && y <= 2100;
}

function validDay(d: string | undefined, m: string | undefined): boolean {
  const dd = Number(d);
  const mm = Number(m);
  return dd >= 1 && dd <= 31 && mm >= 1 && mm <= 12;
}
