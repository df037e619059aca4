/**
 * Where a figure phrase ends: the unit or counted noun after a number
 * ("10.027 đảng viên", "15 mét vuông", "1 nữ công nhân", "3 chiếc xe máy"),
 * read from the units lexicon (figure-units.ts) and taken only as far as the
 * lexicon knows it, so a highlight never ends inside a compound.
 */
import type { FigureKind } from '../model.js';
import type { CompiledUnits } from './figure-units.js';

const PERCENT_AFTER = /\s?(?:%|phần trăm)/y;

function matchAt(re: RegExp, text: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(text);
}

export interface UnitMatch {
  kind: FigureKind;
  unit: string;
  end: number;
}

/** A word after optional spaces: letters (with marks), digits and the joiners of a unit ("km/h", "héc-ta"). */
const WORD_RE = /\s+([\p{L}\p{M}][\p{L}\p{M}\d/²³-]*)/uy;

function wordAt(text: string, at: number): { word: string; end: number } | null {
  const m = matchAt(WORD_RE, text, at);
  return m ? { word: m[1] ?? '', end: at + m[0].length } : null;
}

/** The longest entry of `list` (sorted longest first) written at `at` (after optional spaces), ending at a word end. */
function phraseAt(text: string, at: number, list: string[]): { unit: string; end: number } | null {
  let p = at;
  while (p < text.length && (text[p] === ' ' || text[p] === '\u00a0')) p++;
  const gap = p - at;
  for (const u of list) {
    // Letter units need a space before them unless they are symbols ("5km", "20%" are written glued).
    if (gap === 0 && /^\p{Ll}{2,}/u.test(u) && !/^(?:km|kg|mm|cm|ha|ml)/.test(u)) continue;
    if (!text.startsWith(u, p)) continue;
    const after = text[p + u.length];
    if (after !== undefined && /[\p{L}\p{M}\d]/u.test(after)) continue;
    const end = p + u.length;
    // A rate: "m3/giây", "đồng/kg".
    const rate = u.includes('/') ? null : matchAt(RATE_RE, text, end);
    return rate ? { unit: u + rate[0], end: end + rate[0].length } : { unit: u, end };
  }
  return null;
}

const RATE_RE =
  /\/(?:giây|s|giờ|h|ngày|đêm|tuần|tháng|năm|người|ha|m2|m3|km|kg|tấn|lít|hộ|suất)(?![\p{L}\p{M}\d])/uy;

/** Whether the text at `at` is a safe end for a phrase: punctuation, the end, a number or a boundary word. */
function safeEnd(text: string, at: number, lex: CompiledUnits): boolean {
  const w = wordAt(text, at);
  if (!w) return true;
  const first = w.word[0] ?? '';
  if (first !== first.toLowerCase()) return true; // a name or a new sentence part
  return lex.boundaries.has(w.word.toLowerCase());
}

/**
 * The counted noun written at `at` ("đảng viên", "nữ công nhân", "chiếc xe
 * máy"), taken only as far as the lexicon knows it; null when none starts
 * there or when a compound head ("người") is followed by a word that may
 * continue it ("người dân…" not in the lexicon).
 */
function nounAt(
  text: string,
  at: number,
  lex: CompiledUnits,
): { unit: string; end: number } | null {
  let pos = at;
  const words: string[] = [];
  const mod = wordAt(text, pos);
  if (mod && lex.modifiers.has(mod.word.toLowerCase())) {
    words.push(mod.word);
    pos = mod.end;
  }
  const head = wordAt(text, pos);
  if (!head) return null;
  const candidates = lex.nounsByHead.get(head.word.toLowerCase()) ?? [];
  for (const syl of candidates) {
    let p = pos;
    const got: string[] = [];
    let ok = true;
    for (const want of syl) {
      const w = wordAt(text, p);
      if (!w || w.word.toLowerCase() !== want) {
        ok = false;
        break;
      }
      got.push(w.word);
      p = w.end;
    }
    if (!ok) continue;
    if (syl.length === 1 && lex.compoundHeads.has(syl[0] as string) && !safeEnd(text, p, lex))
      return null;
    return { unit: [...words, ...got].join(' '), end: p };
  }
  if (words.length === 0 && lex.classifiers.has(head.word.toLowerCase())) {
    // A classifier is a whole unit; a counted noun after it belongs to the phrase ("3 chiếc xe máy").
    const next = nounAt(text, head.end, lex);
    return next
      ? { unit: `${head.word} ${next.unit}`, end: next.end }
      : { unit: head.word, end: head.end };
  }
  return null;
}

/** What follows a number at `at`: a percent sign, money, a measure unit or a counted noun. */
export function unitAfter(text: string, at: number, lex: CompiledUnits): UnitMatch | null {
  const m = matchAt(PERCENT_AFTER, text, at);
  if (m) return { kind: 'percent', unit: '%', end: at + m[0].length };
  let pos = at;
  const mults: string[] = [];
  for (let w = wordAt(text, pos); w && lex.multipliers.has(w.word); w = wordAt(text, pos)) {
    mults.push(w.word);
    pos = w.end;
  }
  const cur = phraseAt(text, pos, lex.currencies);
  if (cur) return { kind: 'money', unit: [...mults, cur.unit].join(' '), end: cur.end };
  if (mults.includes('tỷ') || mults.includes('tỉ'))
    return { kind: 'money', unit: mults.join(' '), end: pos };
  const noun = nounAt(text, pos, lex);
  const measure = phraseAt(text, pos, lex.measures);
  if (measure && (!noun || measure.end >= noun.end))
    return { kind: 'measure', unit: [...mults, measure.unit].join(' '), end: measure.end };
  if (noun) return { kind: 'count', unit: [...mults, noun.unit].join(' '), end: noun.end };
  return mults.length ? { kind: 'count', unit: mults.join(' '), end: pos } : null;
}
