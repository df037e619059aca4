/**
 * /search over stories: whole syllables, in order, next to each other.
 *
 * A query written without diacritics ("ngap ung") ignores them, so it finds
 * "Ngập úng"; a query with diacritics ("thanh tra") means exactly those
 * syllables (case and old/new tone placement aside), so it does not find
 * "thanh trà". Syllables of a phrase may be separated by spaces or dashes
 * only: "Thanh Hóa … trả xe" and "thanh. Tra" are not "thanh tra". The
 * haystack is the story's title, summary and places plus its articles' full
 * text, so a ward or commune named only in a body is found too.
 *
 * `markMatches` marks the matched words of a title or summary, so a reply
 * can show why a story was found.
 */
import { foldDiacritics, unifyTones } from '../text/index.js';
import type { Article, DigestItem, Story, TextSpan } from '../model.js';

/** Both search forms of a story's text, as space-padded syllable strings ("|" between sentences). */
export interface Haystack {
  exact: string;
  folded: string;
}

interface Tok {
  start: number;
  end: number;
  exact: string;
  folded: string;
}

const TOKEN_RE = /[\p{L}\p{M}\p{N}]+/gu;
/** What may stand between two syllables of one phrase. */
const JOIN_RE = /^[\s\u00a0\-‐‑–—]+$/u;
const NUMBER_JOIN_RE = /^[.,]$/u;

function tokensOf(text: string): Tok[] {
  const out: Tok[] = [];
  for (const m of text.normalize('NFC').matchAll(TOKEN_RE)) {
    const raw = m[0];
    const exact = unifyTones(raw).toLowerCase();
    out.push({ start: m.index, end: m.index + raw.length, exact, folded: foldDiacritics(raw) });
  }
  return out;
}

/** Can tokens a and b (adjacent) belong to one phrase, given the text between them? */
function joined(text: string, a: Tok, b: Tok): boolean {
  const gap = text.slice(a.end, b.start);
  if (JOIN_RE.test(gap)) return true;
  // "10.027", "102,9": one number.
  return NUMBER_JOIN_RE.test(gap) && /\d$/u.test(a.exact) && /^\d/u.test(b.exact);
}

function keyString(text: string, form: 'exact' | 'folded'): string {
  const norm = text.normalize('NFC');
  const toks = tokensOf(norm);
  let out = ' ';
  toks.forEach((t, i) => {
    const prev = toks[i - 1];
    if (prev && !joined(norm, prev, t)) out += '| ';
    out += `${t[form]} `;
  });
  return out;
}

export function buildHaystack(story: Story, members: readonly Article[]): Haystack {
  const parts = [story.title, story.summary.text, ...story.places];
  for (const m of members) parts.push(m.title, m.lead, m.body);
  const text = parts.join(' \n| ');
  return { exact: keyString(text, 'exact'), folded: keyString(text, 'folded') };
}

/** The query as syllables, and whether it is matched blind to diacritics. */
export interface SearchQuery {
  words: string[];
  folded: boolean;
}

export function parseQuery(query: string): SearchQuery {
  const toks = tokensOf(query);
  const folded = toks.every((t) => t.exact === t.folded);
  return { words: toks.map((t) => (folded ? t.folded : t.exact)), folded };
}

function phraseIn(hay: string, q: SearchQuery): boolean {
  return q.words.length > 0 && hay.includes(` ${q.words.join(' ')} `);
}

/**
 * Stories matching `query`, best first: the phrase in the title, then the
 * phrase anywhere; newest first within a rank (the input order).
 */
export function matchStories(
  stories: readonly Story[],
  haystackOf: (s: Story) => Haystack,
  query: string,
): Story[] {
  const q = parseQuery(query);
  if (q.words.length === 0) return [];
  const form = q.folded ? 'folded' : 'exact';
  const ranked: { story: Story; rank: number; index: number }[] = [];
  stories.forEach((story, index) => {
    let rank: number;
    if (phraseIn(keyString(story.title, form), q)) rank = 0;
    else if (phraseIn(haystackOf(story)[form], q)) rank = 1;
    else return;
    ranked.push({ story, rank, index });
  });
  ranked.sort((a, b) => a.rank - b.rank || a.index - b.index);
  return ranked.map((r) => r.story);
}

/** Character ranges of `text` where the query phrase occurs (whole syllables, in order). */
export function matchRanges(text: string, query: string | SearchQuery): [number, number][] {
  const q = typeof query === 'string' ? parseQuery(query) : query;
  const n = q.words.length;
  if (n === 0) return [];
  const norm = text.normalize('NFC');
  const toks = tokensOf(norm);
  const form = q.folded ? 'folded' : 'exact';
  const out: [number, number][] = [];
  for (let i = 0; i + n <= toks.length; i++) {
    let ok = true;
    for (let k = 0; k < n && ok; k++) {
      const t = toks[i + k] as Tok;
      if (t[form] !== q.words[k]) ok = false;
      else if (k > 0 && !joined(norm, toks[i + k - 1] as Tok, t)) ok = false;
    }
    if (!ok) continue;
    out.push([(toks[i] as Tok).start, (toks[i + n - 1] as Tok).end]);
    i += n - 1;
  }
  return out;
}

/**
 * Spans with the query's matches split out and flagged `match`; figure
 * highlights are kept. The spans still concatenate to the same text
 * (NFC input assumed, as everywhere in the core).
 */
export function markMatches(spans: readonly TextSpan[], query: string | SearchQuery): TextSpan[] {
  const text = spans.map((s) => s.text).join('');
  const ranges = matchRanges(text, query);
  if (ranges.length === 0) return spans.map((s) => ({ ...s }));
  const out: TextSpan[] = [];
  let offset = 0;
  for (const span of spans) {
    const a = offset;
    const b = offset + span.text.length;
    offset = b;
    // Cut points inside this span.
    const cuts = new Set<number>([a, b]);
    for (const [x, y] of ranges) {
      if (x > a && x < b) cuts.add(x);
      if (y > a && y < b) cuts.add(y);
    }
    const points = [...cuts].sort((p, q2) => p - q2);
    for (let i = 0; i + 1 < points.length; i++) {
      const from = points[i] as number;
      const to = points[i + 1] as number;
      const inMatch = ranges.some(([x, y]) => from >= x && to <= y);
      const piece: TextSpan = { text: text.slice(from, to), highlight: span.highlight };
      if (inMatch) piece.match = true;
      out.push(piece);
    }
  }
  return out;
}

/** A digest item with the query's matches marked in its title (`titleSpans`) and summary. */
export function markItem(item: DigestItem, query: string | SearchQuery): DigestItem {
  const q = typeof query === 'string' ? parseQuery(query) : query;
  return {
    ...item,
    titleSpans: markMatches([{ text: item.title, highlight: false }], q),
    summary: markMatches(item.summary, q),
  };
}
