/**
 * Vietnamese number reading and the comparison forms the figure guard uses.
 * A figure written "10.027", "10027" or "10.027 người" is one figure; "12,9%"
 * and "12,9 %" are one figure. Everything here compares numbers by value.
 */
import { matchKey } from './normalize.js';

const THOUSANDS_RE = /^\d{1,3}(?:\.\d{3})+(?:,\d+)?$/;
const COMMA_DECIMAL_RE = /^\d+,\d+$/;
const PLAIN_RE = /^\d+(?:\.\d+)?$/;
const NUMBER_TOKEN_RE = /\d+(?:[.,]\d+)*/g;
const SPACE_PERCENT_RE = /\s+%/g;

/**
 * Parse a Vietnamese-written number: a dot groups thousands, a comma is the
 * decimal mark ("10.027" → 10027, "102,9" → 102.9, "1.200,5" → 1200.5). A dot
 * whose group is not three digits ("2.5") is read as a decimal. NaN otherwise.
 */
export function parseVietnameseNumber(s: string): number {
  if (THOUSANDS_RE.test(s)) return Number(s.replace(/\./g, '').replace(',', '.'));
  if (COMMA_DECIMAL_RE.test(s)) return Number(s.replace(',', '.'));
  if (PLAIN_RE.test(s)) return Number(s);
  return Number.NaN;
}

/** Canonical string of a number token's value(s): "10.027" → ["10027"]; "17.3.2021" → ["17", "3", "2021"]. */
function canonicalValues(token: string): string[] {
  const v = parseVietnameseNumber(token);
  if (Number.isFinite(v)) return [String(v)];
  return token.split(/[.,]/).map((p) => String(Number(p)));
}

/**
 * The comparison form of a text: matching form (NFC, unified tones,
 * lowercase, single spaces), every number rewritten to its canonical value
 * and no space before "%". `figureKey("Tăng 12,9 %")` = `figureKey("tăng 12,9%")` = "tăng 12.9%".
 */
export function figureKey(text: string): string {
  return matchKey(text)
    .replace(NUMBER_TOKEN_RE, (t) => canonicalValues(t).join('.'))
    .replace(SPACE_PERCENT_RE, '%');
}

/**
 * The set of numeric values written in a text, canonical ("10027", "102.9").
 * Date-like tokens contribute their parts ("17.3.2021" → 17, 3, 2021). Used to
 * check that a summary carries no number its source does not.
 */
export function figuresOf(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(NUMBER_TOKEN_RE)) {
    for (const v of canonicalValues(m[0])) out.add(v);
  }
  return out;
}
