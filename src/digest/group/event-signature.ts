/**
 * What makes an event one event: where it happened, the figures it is told
 * with, the day it happened. Two articles on the same theme (two fires, two
 * weather forecasts, two murders) share most of their vocabulary, so a text
 * similarity alone joins them; their places, figures and dates differ.
 *
 * A signature holds, for the headline and lead (what the article is about)
 * and for the whole text (what it mentions at all):
 * - places: the capitalised name after a place word ("quận Cầu Giấy",
 *   "đường Lê Văn Lương"), by kind, and the provinces named anywhere;
 * - figures: a number with the word it counts ("7 người", "38 độ", "2,2 km");
 * - dates: day/month pairs ("23-10", "7/2", "ngày 5 tháng 6");
 * - names: runs of capitalised syllables, which only ever agree (`agreements`).
 * Two articles contradict when, for some kind, each one's headline and lead
 * name values of that kind and neither's are anywhere in the other's text:
 * the same story told by two outlets may leave details out, but it does not
 * put the fire in another district (./event-compare.ts).
 */
import { unifyTones } from '../text/index.js';
import { parseVietnameseNumber } from '../text/index.js';
import { HANOI_DISTRICTS, PROVINCES } from './provinces.js';
import { officialNames } from './officials.js';

export interface EventSignature {
  /** Kind → values named in the headline and lead. */
  head: Map<string, Set<string>>;
  /** Kind → values named anywhere in the text read. */
  all: Map<string, Set<string>>;
  /** Officials' personal names anywhere in the text read: no evidence of the event (./officials.ts). */
  officials?: Set<string>;
}

export interface SignatureInput {
  title: string;
  lead?: string;
  body: string;
}

export interface SignatureOptions {
  /** Body characters read for `all` (default 3,000: the start carries the event). */
  maxBodyChars?: number;
}

const UPPER = 'A-ZÀ-ÝĂĐĨŨƠƯẠ-Ỹ';
const LOWER = 'a-zß-ÿăđĩũơưạ-ỹ';
const CAP_WORD = `[${UPPER}][${LOWER}]*`;
/** A capitalised run of one to four syllables ("Cầu Giấy", "Lê Văn Lương", "Mỹ Đình 2"). */
const NAME = `${CAP_WORD}(?:[ -]${CAP_WORD}){0,3}(?: \\d{1,3}(?!\\d))?`;

/**
 * Place words and the kind of place they introduce. Districts and towns are
 * one kind (an old "huyện" may be written "quận" after an upgrade), streets
 * and roads another.
 */
/** A place word, either case of its first letter ("quận", "Quận"), not inside another word. */
function placeWords(words: string[]): string {
  const alts = words.map((w) => `[${w[0] ?? ''}${(w[0] ?? '').toUpperCase()}]${w.slice(1)}`);
  // "phố" alone is a street; in "thành phố" it is the city. "cầu" is a bridge, not "yêu cầu", "nhu cầu".
  return `(?<![\\p{L}])(?<![tT]hành |[yY]êu |[nN]hu |[tT]oàn |[đĐ]ịa )(?:${alts.join('|')})`;
}
/**
 * Space within a line: a headline ending in "loa phường" followed by a lead
 * opening "Chủ tịch…" is no ward named "Chủ tịch".
 */
const SP = '[ \\t\\u00a0]';
const PLACE_WORDS: [RegExp, string][] = [
  [new RegExp(`${placeWords(['quận', 'huyện', 'thị xã'])}${SP}+(${NAME})`, 'gu'), 'district'],
  [new RegExp(`${placeWords(['phường', 'xã', 'thị trấn'])}${SP}+(${NAME})`, 'gu'), 'ward'],
  // "các tỉnh Đồng bằng Bắc Bộ" is a region: after a plural, known provinces are read by name alone.
  [
    new RegExp(
      `(?<![cC]ác${SP}|[nN]hững${SP}|[nN]hiều${SP})${placeWords(['tỉnh', 'thành phố'])}${SP}+(${NAME})`,
      'gu',
    ),
    'province',
  ],
  [new RegExp(`(?<![\\p{L}])TP\\.?${SP}*(${NAME})`, 'gu'), 'province'],
  [
    new RegExp(
      `${placeWords(['đường', 'phố', 'quốc lộ', 'cao tốc', 'nút giao', 'ngã tư', 'cầu', 'hầm'])}${SP}+(${NAME}|\\d+[A-Z]?(?!\\d))`,
      'gu',
    ),
    'street',
  ],
];

const PROVINCE_RE = new RegExp(
  `(?<![${UPPER}${LOWER}])(${PROVINCES.join('|')})(?![${LOWER}])`,
  'gu',
);

const HCM_RE = /TP\.? ?HCM|TPHCM|Tp\.? ?HCM/;

/**
 * A district name on its own: not inside a longer capitalised name (a
 * person "Nguyễn Hoàng Mai"), nor the name of a bridge, street, market,
 * station, river or mountain ("cầu Long Biên", "núi Ba Vì").
 */
const DISTRICT_RE = new RegExp(
  `(?<!\\p{L})(?<!\\p{Lu}\\p{Ll}* )(?<![cC]ầu |[đĐ]ường |[pP]hố |[cC]hợ |[gG]a |[sS]ông |[nN]úi )(${HANOI_DISTRICTS.join('|')})(?! [${UPPER}])(?![${LOWER}])`,
  'gu',
);

/** Words a number counts that are time, not a figure of the event: left to the date and window checks. */
const NOT_FIGURE_UNITS = new Set([
  'giờ',
  'h',
  'phút',
  'giây',
  'năm',
  'tháng',
  'ngày',
  'tuần',
  'quý',
  'thế',
  'lần',
  'số',
  'và',
  'đến',
  'tới',
  'hoặc',
  'trong',
  'của',
  'là',
  'với',
  'cho',
  'tại',
  'ở',
  'khi',
  'đã',
  'sẽ',
  'được',
  'bị',
  'các',
  'những',
  'này',
  'đó',
  'trên',
  'dưới',
  'từ',
  'theo',
  'so',
  'thì',
  'mà',
]);
const FIGURE_RE = new RegExp(
  `(?<![\\d.,/\\p{L}-])(\\d+(?:[.,]\\d+)*)\\s*(%|[${LOWER}${UPPER}]+\\d?)(?:\\s+([${LOWER}${UPPER}]+))?`,
  'gu',
);
/** Words after which a number is a label (a year, a grade, a route, a clause), not a figure. */
const LABEL_BEFORE_RE = /(?<!\p{L})(?:năm|lớp|số|khóa|vòng|điều|khoản|tuyến|ngõ|ngách|hẻm)\s$/iu;
/** "500 nghìn hộp" is "500.000 hộp": the multiplier is folded into the value, the next word is the unit. */
const MULTIPLIERS: Record<string, number> = {
  nghìn: 1e3,
  ngàn: 1e3,
  vạn: 1e4,
  triệu: 1e6,
  tỷ: 1e9,
  tỉ: 1e9,
};
/** Money words after a multiplier: "50 tỷ đồng" and "50 tỷ" are one figure. */
const CURRENCY = new Set(['đồng', 'usd', 'đô', 'euro', 'yên', 'nhân']);
const DATE_RE = /(?<![\d.,])(\d{1,2})\s?[/.-]\s?(\d{1,2})(?:\s?[/.-]\s?(\d{2,4}))?(?![\d])/g;
/**
 * A day and month with spaces round the dash ("sáng nay 23 - 10", as some
 * outlets print them) is a date only after a word of the day or an opening
 * bracket: elsewhere "5 - 7" is a range ("5 - 7 người", "20 - 25 độ").
 */
const SPACED_DATE_CUE_RE =
  /(?:(?<!\p{L})(?:ngày|hôm|sáng|trưa|chiều|tối|đêm|nay|qua|mai)|\()\s*$/iu;
/** What follows a range of amounts ("9 - 11 độ", "3-4 người"), never a date. */
const RANGE_UNIT_AFTER_RE =
  /^\s*(?:độ|°|%|người|ca|tuổi|km|mét|m(?!\p{L})|cm|mm|tỷ|triệu|nghìn|ngàn|giờ|phút|ha|tấn|lần|căn|chiếc)(?!\p{L})/iu;
const DATE_WORDS_RE = /[nN]gày (\d{1,2}) tháng (\d{1,2})/gu;
/** Match reports: "2-1" is a score, not the 2nd of January. */
const SPORT_RE = /tỷ số|bàn thắng|V-League|\bFC\b|\bCLB\b|hiệp (?:một|hai|1|2)|đội tuyển|vòng \d+/u;
const SCORE_RE = /(?<![\d/.])(\d{1,2}) ?- ?(\d{1,2})(?![\d/.]|-\d)/g;
/** Ordinals written before their number ("vòng 14", "khóa 15", "kỳ họp thứ 6"). */
const ORDINAL_RE = /([vV]òng|[kK]hóa|[kK]ỳ họp thứ|[lL]ần thứ) (\d{1,3})(?!\d)/gu;
const LETTER_BEFORE_RE = /\p{L}/u;

function add(map: Map<string, Set<string>>, kind: string, value: string): void {
  let set = map.get(kind);
  if (!set) map.set(kind, (set = new Set()));
  set.add(value);
}

function placeKey(name: string): string {
  return name.toLowerCase().replace(/-/g, ' ').trim();
}

const KNOWN_PLACES: Record<string, readonly string[]> = {
  province: PROVINCES.map(placeKey),
  district: HANOI_DISTRICTS.map(placeKey),
};

function isKnownPlace(name: string): boolean {
  return Object.values(KNOWN_PLACES).some((places) => places.includes(name));
}

/**
 * A known province or district that a longer capitalised run starts with:
 * "TP Hà Nội Nguyễn Đức Chung" names the city, then the person who speaks.
 */
function knownPrefix(kind: string, key: string): string {
  for (const known of KNOWN_PLACES[kind] ?? [])
    if (key.length > known.length && key.startsWith(`${known} `)) return known;
  return key;
}

/**
 * One syllable of a name, whole: a capitalised word or an acronym ("GD&ĐT",
 * "UBND"), so "Sở GD&ĐT" is read as the office, not cut to "sở g".
 */
const NAME_SYLLABLE = String.raw`\p{Lu}(?:[\p{Lu}&]*\p{Lu}|\p{Ll}*)(?:-\p{L}+)*(?![\p{L}&])`;
/** Proper names: runs of two or more capitalised syllables ("Nguyễn Đức Chung", "Sen Vàng"). */
const NAME_RUN_RE = new RegExp(`(?<![\\p{L}])${NAME_SYLLABLE}(?: ${NAME_SYLLABLE})+`, 'gu');
/**
 * One capitalised word inside a sentence (after a lowercase word): "Pakistan",
 * "ASEAN", "Abbott", and hyphenated ones, "T-ara" (a band) as well.
 */
const INNER_NAME_RE =
  /(?<=(?:^|[^\p{L}])\p{Ll}+ )\p{Lu}(?:\p{L}+|(?:-\p{L}+)+)(?:-\p{L}+)*(?![\p{L}-])(?! \p{Lu})/gu;

function collect(text: string, out: Map<string, Set<string>>): void {
  // Names only ever agree (`contradictions`, ./event-compare.ts): two outlets
  // name different people in one story.
  for (const m of text.matchAll(NAME_RUN_RE)) add(out, 'name', placeKey(m[0]));
  for (const m of text.matchAll(INNER_NAME_RE)) add(out, 'name', placeKey(m[0]));
  for (const [re, kind] of PLACE_WORDS)
    for (const m of text.matchAll(re)) {
      const key = knownPrefix(kind, placeKey(m[1] ?? ''));
      if (key.length >= 2) add(out, kind, key);
    }
  for (const m of text.matchAll(DISTRICT_RE)) add(out, 'district', placeKey(m[1] ?? ''));
  if (HCM_RE.test(text)) add(out, 'province', 'hồ chí minh');
  for (const m of text.matchAll(PROVINCE_RE)) {
    const p = placeKey(m[1] ?? '');
    add(out, 'province', p === 'sài gòn' ? 'hồ chí minh' : p);
  }
  for (const m of text.matchAll(ORDINAL_RE)) {
    // Not inside a longer word ("khóa" alone, not the end of another syllable).
    if (m.index > 0 && LETTER_BEFORE_RE.test(text[m.index - 1] ?? '')) continue;
    add(out, `o:${(m[1] ?? '').toLowerCase()}`, String(Number(m[2])));
  }
  let rest = text;
  if (SPORT_RE.test(text))
    rest = rest.replace(SCORE_RE, (_w, x: string, y: string) => {
      add(out, 'score', `${Number(x)}-${Number(y)}`);
      return ' ';
    });
  // Dates next: their digits are not figures.
  const dateless = rest.replace(
    DATE_RE,
    (whole, d: string, mo: string, y: string | undefined, at: number) => {
      const day = Number(d);
      const month = Number(mo);
      const cued = () => SPACED_DATE_CUE_RE.test(rest.slice(Math.max(0, at - 12), at));
      // "đêm nay 9 - 11 độ", "3-4 người": a unit or a counted noun makes it a range.
      const counted = () =>
        RANGE_UNIT_AFTER_RE.test(rest.slice(at + whole.length, at + whole.length + 12));
      if (
        (y !== undefined || !counted()) &&
        day >= 1 &&
        day <= 31 &&
        month >= 1 &&
        month <= 12 &&
        (y !== undefined || !/\s/.test(whole) || cued())
      )
        add(out, 'date', `${day}/${month}`);
      return ' ';
    },
  );
  for (const m of text.matchAll(DATE_WORDS_RE)) add(out, 'date', `${Number(m[1])}/${Number(m[2])}`);
  for (const m of dateless.matchAll(FIGURE_RE)) {
    // "năm 2030", "lớp 10", "tuyến số 32": a label, not a count of anything.
    if (LABEL_BEFORE_RE.test(dateless.slice(Math.max(0, m.index - 8), m.index))) continue;
    let unit = (m[2] ?? '').toLowerCase();
    let value = parseVietnameseNumber(m[1] ?? '');
    if (!Number.isFinite(value)) continue;
    const multiplier = MULTIPLIERS[unit];
    if (multiplier !== undefined) {
      value *= multiplier;
      const next = (m[3] ?? '').toLowerCase();
      unit = next && !CURRENCY.has(next) && !NOT_FIGURE_UNITS.has(next) ? next : 'money';
    }
    if (NOT_FIGURE_UNITS.has(unit)) continue;
    add(out, `n:${unit}`, String(value));
  }
}

export function eventSignature(
  doc: SignatureInput,
  options: SignatureOptions = {},
): EventSignature {
  const maxBody = options.maxBodyChars ?? 3000;
  const headText = unifyTones(`${doc.title}\n${doc.lead ?? ''}`);
  const head = new Map<string, Set<string>>();
  collect(headText, head);
  const all = new Map<string, Set<string>>();
  const allText = `${headText}\n${unifyTones(doc.body.slice(0, maxBody))}`;
  collect(allText, all);
  for (const [kind, values] of head) for (const v of values) add(all, kind, v);
  const officials = officialNames(allText, isKnownPlace);
  // "Chủ tịch thành phố Nguyễn Văn A" names the chairman, not a city.
  for (const map of [head, all]) {
    const provinces = map.get('province');
    if (provinces) for (const o of officials) provinces.delete(o);
    if (provinces?.size === 0) map.delete('province');
  }
  return { head, all, officials };
}
