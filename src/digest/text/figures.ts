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
  '\\s*(?:%|người|ngày|tỷ|tỉ|triệu|nghìn|ngàn|km|m|ha|tấn|hộ|ca|xe|tháng|năm|giờ|phút|chiếc|căn|ki-lô-mét|mét)(?![\\p{L}\\p{M}])';
const ORDINAL_RE = new RegExp(
  `(?:lần thứ|kỳ họp thứ|thứ|kh[oó][aá]|Kh[oó][aá]|Đại hội|Hội nghị|Trung ương|số|Số|[Qq]uốc lộ|[Tt]ỉnh lộ|QL|ĐT|[Tt]uyến|cấp|[Vv]ành đai|[Ll]ớp|[Qq]uận|[Pp]hường|[Đđ]ường|[Nn]gõ|[Nn]gách|[Hh]ẻm|[Kk]hu|[Tt]ầng|[Cc]ổng|[Nn]hà ga|[Bb]ến|[Ll]àn|[Tt]ổ|[Đđ]ội|[Tt]ập|[Pp]hần|[Cc]hương|[Đđ]iều|[Kk]hoản|[Mm]ục|[Kk]ênh|[Ss]ân|[Bb]ảng)\\s+(?:lần thứ\\s+)?(?:[IVXLC]+(?![\\p{L}\\p{M}\\d])|\\d+[A-Z]?(?![\\p{L}\\p{M}\\d]|[.,/\\-]\\d|${NAME_UNIT_AHEAD}))`,
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
const DATE_DM_RE = /^(\d{1,2})[-/](\d{1,2})$/;
const DATE_MY_RE = /^(\d{1,2})[-/](\d{4})$/;
const PERIOD_RE = /^(\d{4})[-–](\d{4})$/;
const TIME_RE = /^(?:\d{1,2}h(?:\d{2})?|\d{1,2}:\d{2})$/;
const CODE_RE = /[/-].*\p{Lu}|\p{Lu}.*[/-]/u;

const PERCENT_AFTER = /\s?(?:%|phần trăm)/y;
const MULT_AFTER = new RegExp(`\\s+(nghìn|ngàn|triệu|tỷ|tỉ)${NOT_WORD}`, 'yu');
const CURRENCY_AFTER = new RegExp(
  `\\s*(đồng|USD|VNĐ|VND|đ|euro|Euro|EUR|yên|nhân dân tệ|NDT|bảng Anh|won|rúp|baht|đô la Mỹ|đô la|ringgit|đô)${NOT_WORD}`,
  'yu',
);
const MEASURE_AFTER = new RegExp(
  `\\s*((?:km\\/h|km\\/giờ|m\\/s|km2|km²|m2|m²|m3|m³|km|mm|cm|ha|héc-ta|hecta|kg|tấn|tạ|lít|ml|độ C|°C|độ|giây|phút|giờ|ngày|tuần|tháng|năm|MW|kWh|kW|GW|GB|MB|inch|mét|tuổi|gam|m|g)(?:\\/(?:giây|s|giờ|h|ngày|đêm|tháng|năm|người|ha|m2|m3|km|tấn))?)${NOT_WORD}`,
  'yu',
);
const NEXT_WORD = /\s+([\p{Ll}][\p{L}\p{M}]*)/uy;
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
const FROM_BEFORE = /(?:^|[^\p{L}\p{M}])([Tt]ừ)\s+$/u;
const TO_AFTER = new RegExp(`\\s+(?:đến|tới|-|–)\\s+(${NUM})${NOT_WORD}`, 'yu');
const SPACED_PERIOD_AFTER = /\s*[-–]\s*(\d{4})(?![\d.,])/y;

/** Words that never name what a number counts. */
const STOP_WORDS = new Set(
  (
    'và của so với là được đã đang sẽ bị tại trong ở cho này đó kia các những mới thì mà khi nên vì do từ đến tới theo về ' +
    'trên dưới như cũng vẫn còn có không chưa rất lại ra vào lên xuống hơn nhất nữa hay hoặc để nhưng tháng năm ngày giờ ' +
    'phút sau trước qua nay lần thứ này gồm trong đó với so sánh bằng tăng giảm đạt'
  ).split(' '),
);

/**
 * Counted nouns that are a whole unit on their own: the word after them says
 * what is counted ("1.245 ca sốt xuất huyết" counts "ca"), so it is not part
 * of the unit.
 */
const CLASSIFIERS = new Set(
  (
    'ca người hộ xe chiếc căn ngôi cây con vụ lượt lần điểm tuyến trường cơ_sở bệnh_viện đơn_vị ' +
    'học_sinh sinh_viên nhà phòng tầng khu lô suất phần bộ cuốn tác_phẩm gian hạng_mục quả trận ' +
    'bàn ghế đợt cuộc buổi chuyến nhóm tổ đoàn ô phương_án mẫu loại hồ_sơ ' +
    'phường xã quận huyện tỉnh thôn'
  )
    .split(' ')
    .filter((w) => !w.includes('_')),
);
/** Two-word units that start with a classifier ("500 hộ dân", "20 tuyến phố"). */
const COMPOUND_UNITS = new Set([
  'hộ dân',
  'hộ gia',
  'người dân',
  'người lao',
  'tuyến phố',
  'tuyến đường',
  'tuyến xe',
  'tuyến buýt',
  'xe máy',
  'xe buýt',
  'xe khách',
  'xe tải',
  'xe ô',
  'căn hộ',
  'căn nhà',
  'lượt khách',
  'lượt người',
  'trường hợp',
  'trường học',
  'điểm trường',
  'điểm thi',
  'khu dân',
  'khu đô',
  'cây xanh',
  'nhà ở',
  'phòng học',
  'lô đất',
  'suất học',
  'con em',
  'ca mắc',
  'ca nhiễm',
  'ca bệnh',
  'ca tử',
  'vụ việc',
  'vụ án',
  'tổ dân',
  'đoàn viên',
]);

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

/** Find every figure in `text`, in order of position. */
export function findFigures(text: string): Figure[] {
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

  for (const m of text.matchAll(PHONE_RE)) {
    const s = m.index;
    const e = s + m[0].length;
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
    let from = dm.index;
    while (from > cursor && isTokenChar(text[from - 1])) from--;
    CHUNK_RE.lastIndex = from;
    const cm = CHUNK_RE.exec(text);
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
      if (slash || DATE_CONTEXT_BEFORE.test(pre) || text[e] === ')') {
        const dm = DAY_BEFORE.exec(pre);
        add(dm ? prefixStart(s, pre, dm) : s, e, 'date', null, null);
        continue;
      }
    }
    if ((m = RANGE_ONLY_RE.exec(chunk))) {
      const u = unitAfter(text, e);
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
    // "từ 10 đến 15 ha"
    const fm = FROM_BEFORE.exec(pre);
    const to = fm ? matchAt(TO_AFTER, text, e) : null;
    if (fm && to) {
      const toEnd = e + to[0].length;
      const u = unitAfter(text, toEnd);
      const end = u ? u.end : toEnd;
      add(prefixStart(s, pre, fm), end, 'range', null, u ? u.unit : null);
      cursor = end;
      continue;
    }
    const u = unitAfter(text, e);
    if (!u) {
      add(s, e, integerYear ? 'year' : 'number', value, null);
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

interface UnitMatch {
  kind: FigureKind;
  unit: string;
  end: number;
}

/** What follows a number at `at`: a percent sign, money, a measure unit or a counted noun. */
function unitAfter(text: string, at: number): UnitMatch | null {
  let m = matchAt(PERCENT_AFTER, text, at);
  if (m) return { kind: 'percent', unit: '%', end: at + m[0].length };
  let pos = at;
  const mults: string[] = [];
  while ((m = matchAt(MULT_AFTER, text, pos))) {
    mults.push(m[1] ?? '');
    pos += m[0].length;
  }
  m = matchAt(CURRENCY_AFTER, text, pos);
  if (m) return { kind: 'money', unit: [...mults, m[1] ?? ''].join(' '), end: pos + m[0].length };
  if (mults.includes('tỷ') || mults.includes('tỉ'))
    return { kind: 'money', unit: mults.join(' '), end: pos };
  if (mults.length === 0) {
    m = matchAt(MEASURE_AFTER, text, pos);
    if (m) return { kind: 'measure', unit: m[1] ?? '', end: pos + m[0].length };
  }
  m = matchAt(NEXT_WORD, text, pos);
  const w1 = m?.[1];
  if (!m || w1 === undefined || STOP_WORDS.has(w1)) {
    return mults.length ? { kind: 'count', unit: mults.join(' '), end: pos } : null;
  }
  let end = pos + m[0].length;
  const words = [...mults, w1];
  const m2 = matchAt(NEXT_WORD, text, end);
  const w2 = m2?.[1];
  // A classifier ("1.245 ca", "500 hộ") is the whole unit unless it opens a known compound ("hộ dân").
  const single = CLASSIFIERS.has(w1) && !(w2 !== undefined && COMPOUND_UNITS.has(`${w1} ${w2}`));
  if (!single && m2 && w2 !== undefined && !STOP_WORDS.has(w2)) {
    words.push(w2);
    end += m2[0].length;
  }
  return { kind: 'count', unit: words.join(' '), end };
}
