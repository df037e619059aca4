/**
 * Which figures of a text are *key*: the few a summary should carry and a
 * digest should highlight.
 *
 * Ranking, not a threshold, because a summary has room for a handful: the
 * amounts readers look for (percentages, money, counted things) come first,
 * then figures repeated in the title or the opening (the editor chose them),
 * then measures. Dates, times, years, periods, codes, ordinals, phone numbers
 * and law-name years are never key.
 */
import type { Figure, FigureKind } from '../model.js';
import { figuresOf, parseVietnameseNumber } from './numbers.js';

export interface KeyFiguresOptions {
  /** The article title: figures it repeats rank higher. */
  title?: string;
  /** How many figures at most (default 4). */
  cap?: number;
}

/**
 * Kinds a digest may highlight: amounts. Dates, times, years and periods say
 * *when*; they stay in the text but are never bolded (a reader scanning the
 * bold figures wants what changed, not the calendar).
 */
export const HIGHLIGHTED_KINDS: ReadonlySet<FigureKind> = new Set<FigureKind>([
  'count',
  'percent',
  'money',
  'range',
  'measure',
  'number',
]);

const KIND_WEIGHT: Record<FigureKind, number> = {
  percent: 6,
  money: 6,
  count: 4.5,
  range: 4.5,
  measure: 3,
  period: 2.5,
  date: 2,
  time: 1.5,
  year: 1,
  number: 1,
  code: 0,
  ordinal: 0,
  phone: 0,
  'law-year': 0,
};

const DAY_MONTH_RE = /^\d{1,2}[./-]\d{1,2}$/;

/** How far into a text the opening bonus reaches (characters): news puts its figures first. */
const OPENING_CHARS = 1200;
const OPENING_BONUS = 2.5;
const TITLE_BONUS = 4;
/** A year, date or period repeated in the title is usually just "when", not the news. */
const TITLE_BONUS_WHEN = 1.5;

function score(f: Figure, titleValues: Set<string>): number {
  let s = KIND_WEIGHT[f.kind];
  // A bare large or decimal number ("kết nạp được 10.027 so với…") is a count whose noun is elsewhere.
  if (f.kind === 'number' && f.value !== null && (f.value >= 1000 || !Number.isInteger(f.value)))
    s += 3;
  if (f.kind === 'count' && f.value !== null && f.value < 2) s -= 2;
  for (const v of figuresOf(f.text)) {
    if (titleValues.has(v)) {
      s +=
        f.kind === 'year' || f.kind === 'date' || f.kind === 'period'
          ? TITLE_BONUS_WHEN
          : TITLE_BONUS;
      break;
    }
  }
  s += OPENING_BONUS * Math.max(0, 1 - f.start / OPENING_CHARS);
  return s;
}

/**
 * Rank `figures` (found in `text`) and keep the key ones, at most `cap`,
 * returned in text order. Figures with the same text are kept once.
 */
export function keyFigures(
  text: string,
  figures: Figure[],
  options: KeyFiguresOptions = {},
): Figure[] {
  const cap = options.cap ?? 4;
  if (cap <= 0) return [];
  const titleValues = options.title ? figuresOf(options.title) : new Set<string>();
  const seen = new Set<string>();
  const ranked: { f: Figure; s: number }[] = [];
  for (const f of figures) {
    if (!HIGHLIGHTED_KINDS.has(f.kind)) continue;
    // A bare small number ("mục 3", "2 trong số") says nothing on its own.
    if (f.kind === 'number' && (f.value === null || (f.value < 10 && Number.isInteger(f.value))))
      continue;
    // "15.6", "30-10", "5-6" alone may be a day and month: never bold what may be a date.
    if ((f.kind === 'number' || f.kind === 'range') && f.unit === null && DAY_MONTH_RE.test(f.text))
      continue;
    if (f.end > text.length || text.slice(f.start, f.end) !== f.text) continue;
    const key = f.text.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    ranked.push({ f, s: score(f, titleValues) });
  }
  ranked.sort((a, b) => b.s - a.s || a.f.start - b.f.start);
  return ranked
    .slice(0, cap)
    .map((r) => r.f)
    .sort((a, b) => a.start - b.start);
}

/** Exposed for callers that format values: the Vietnamese reading of a number token. */
export { parseVietnameseNumber };
