/**
 * Sentence splitting for Vietnamese news.
 *
 * Vietnamese news text breaks the naive "split at a full stop" rule in a few
 * regular ways, all of which this splitter handles:
 * - abbreviations before a capital: "TP. Hà Nội", "TP.HCM", "PGS.TS. Nguyễn",
 *   "GS.", "ThS.", "Th.S", "TS.", "BS.", "Q. Hoàn Kiếm", "P. 5", initials ("ông X. cho biết");
 * - numbers and codes with dots/commas/slashes/dashes: 10.027, 102,9, 17.3.2021,
 *   17-3-2021, 01-CTr/TU, 4/2, 8,5-9%, and URLs/emails ("hanoimoi.com.vn");
 * - scraper-glued sentences with no space: "…và bếp.Lực lượng…" (split);
 * - a full stop inside a closing quote: “…đúng.” Ông … (split after the quote);
 * - an ellipsis ("…" or "...") is a pause, not a break, unless a capitalised
 *   sentence start follows it;
 * - "!" and "?" end a sentence unless lowercase text follows (“…không?” – ông nói);
 * - newlines (paragraph breaks) always end a sentence.
 *
 * It is a single left-to-right scan with no backtracking regexes, because it
 * runs on every article of every digest.
 */

export interface SentenceSpan {
  text: string;
  start: number;
  end: number;
}

/** Tokens that end in a dot without ending a sentence (case-sensitive). */
const ABBREVIATIONS = new Set([
  'TP',
  'Tp',
  'tp',
  'Q',
  'P',
  'X',
  'H',
  'TX',
  'TT',
  'GS',
  'PGS',
  'TS',
  'ThS',
  'Th',
  'BS',
  'CK',
  'CKI',
  'CKII',
  'BSCKI',
  'BSCKII',
  'KTS',
  'KS',
  'NSƯT',
  'NSND',
  'NGƯT',
  'NXB',
  'Mr',
  'Mrs',
  'Ms',
  'Dr',
  'St',
  'Jr',
  'Sr',
  'Co',
  'Ltd',
  'Inc',
  'Corp',
  'No',
  'TSKH',
  'GSTS',
  'PGSTS',
  'ThS.BS',
  'Ths',
  'TP.HCM.',
  'v.v',
]);

const CLOSERS = new Set(['"', '”', '’', "'", '»', ')', ']']);
const OPENERS = new Set(['"', '“', '‘', "'", '«', '(', '[']);

function isSpace(c: string): boolean {
  return (
    c === ' ' || c === '\t' || c === '\u00a0' || c === '\r' || c === '\u2009' || c === '\u200b'
  );
}
function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}
function isLetter(c: string | undefined): boolean {
  return c !== undefined && c.toLowerCase() !== c.toUpperCase();
}
function isUpper(c: string | undefined): boolean {
  return c !== undefined && c !== c.toLowerCase() && c === c.toUpperCase();
}
function isLower(c: string | undefined): boolean {
  return c !== undefined && c !== c.toUpperCase() && c === c.toLowerCase();
}

/** The run of non-space characters ending just before index `end` (exclusive), stopping at openers. */
function tokenBefore(text: string, end: number): string {
  let i = end;
  while (i > 0) {
    const c = text[i - 1] as string;
    if (isSpace(c) || c === '\n' || OPENERS.has(c) || c === ',' || c === ';' || c === ':') break;
    i--;
  }
  return text.slice(i, end);
}

/** The word (letters only) that starts at index `i`. */
function wordAt(text: string, i: number): string {
  let j = i;
  while (j < text.length && isLetter(text[j])) j++;
  return text.slice(i, j);
}

/** Whether a dot at `dot`, preceded by `token` (which includes earlier dotted parts), is an abbreviation's. */
function isAbbreviation(token: string): boolean {
  const last = token.slice(token.lastIndexOf('.') + 1);
  if (ABBREVIATIONS.has(last) || ABBREVIATIONS.has(token)) return true;
  // A single capital initial: "Nguyễn V. Anh", "ông X. cho biết".
  return last.length === 1 && isUpper(last);
}

/**
 * Split `text` into sentences; each span indexes the original text (trimmed
 * of surrounding whitespace), and `text` is exactly `input.slice(start, end)`.
 */
export function splitSentences(text: string): SentenceSpan[] {
  const out: SentenceSpan[] = [];
  const n = text.length;
  let segStart = 0;

  const push = (end: number): void => {
    let s = segStart;
    let e = end;
    while (s < e && (isSpace(text[s] as string) || text[s] === '\n')) s++;
    while (e > s && (isSpace(text[e - 1] as string) || text[e - 1] === '\n')) e--;
    if (e > s) out.push({ text: text.slice(s, e), start: s, end: e });
    segStart = end;
  };

  /** After a terminator ending at `j` (exclusive): swallow closing quotes; return the index after them. */
  const afterClosers = (j: number): number => {
    let k = j;
    while (k < n && CLOSERS.has(text[k] as string)) k++;
    return k;
  };

  /** First non-space index at or after `k` (newlines count as space here), and whether a newline was crossed. */
  const skipSpace = (k: number): number => {
    let m = k;
    while (m < n && (isSpace(text[m] as string) || text[m] === '\n')) m++;
    return m;
  };

  /** Does a sentence plausibly start at `m`? (capital, digit or an opening quote/bracket followed by one) */
  const startsSentence = (m: number): boolean => {
    let p = m;
    while (p < n && OPENERS.has(text[p] as string)) p++;
    const c = text[p];
    if (c === undefined) return true;
    if (isUpper(c) || isDigit(c)) return true;
    // A dash-led line or a bullet also starts a new sentence.
    return (c === '-' || c === '–' || c === '•') && p === m && isSpace(text[p + 1] ?? ' ');
  };

  const terminators = /[.!?…\n]/g;
  let i = 0;
  while (i < n) {
    // Jump to the next possible terminator; everything between is plain text.
    terminators.lastIndex = i;
    const found = terminators.exec(text);
    if (!found) break;
    i = found.index;
    const c = found[0];
    if (c === '\n') {
      push(i);
      i++;
      continue;
    }
    if (c === '!' || c === '?') {
      let j = i + 1;
      while (j < n && (text[j] === '!' || text[j] === '?')) j++;
      const k = afterClosers(j);
      const m = skipSpace(k);
      if (
        m >= n ||
        (m > k && startsSentence(m)) ||
        (m === k && isUpper(text[m]) && isLower(text[m + 1]))
      ) {
        push(k);
        i = k;
        continue;
      }
      i = j;
      continue;
    }
    if (c === '…' || (c === '.' && text[i + 1] === '.' && text[i + 2] === '.')) {
      let j = i + (c === '…' ? 1 : 3);
      while (j < n && text[j] === '.') j++;
      const k = afterClosers(j);
      const m = skipSpace(k);
      // An ellipsis breaks only before a capitalised sentence start that is a real word (not "Hà Nội, Đà Nẵng…").
      if (
        m >= n ||
        (m > k &&
          isUpper(text[m]) &&
          isLower(text[m + 1]) &&
          wordAt(text, m).length > 1 &&
          text[i - 1] !== ',')
      ) {
        push(k);
        i = k;
        continue;
      }
      i = j;
      continue;
    }
    // A full stop.
    const prev = text[i - 1];
    const next = text[i + 1];
    if (isDigit(prev) && isDigit(next)) {
      i++; // 10.027, 17.3.2021
      continue;
    }
    const token = tokenBefore(text, i);
    if (next !== undefined && !isSpace(next) && next !== '\n' && !CLOSERS.has(next)) {
      // Glued: "bếp.Lực lượng" splits; "TP.HCM", "Q.Hoàn Kiếm", "hanoimoi.com.vn", "a@b.vn" don't.
      const glued =
        isUpper(next) &&
        isLower(text[i + 2]) &&
        !isAbbreviation(token) &&
        !token.includes('@') &&
        !/^(?:https?:|www)/i.test(token) &&
        (isLower(prev) || isDigit(prev) || prev === ')' || prev === '%');
      if (glued) {
        push(i + 1);
      }
      i++;
      continue;
    }
    const k = afterClosers(i + 1);
    const m = skipSpace(k);
    if (m >= n) {
      push(k);
      i = k;
      continue;
    }
    if (isAbbreviation(token) && k === i + 1) {
      i++;
      continue;
    }
    // "1. Nội dung" at the start of a sentence is a list number, not a sentence.
    const sentenceSoFar = text.slice(segStart, i).trim();
    if (/^\d{1,2}$/.test(sentenceSoFar)) {
      i++;
      continue;
    }
    if (startsSentence(m)) {
      push(k);
      i = k;
      continue;
    }
    i++;
  }
  push(n);
  return out;
}
