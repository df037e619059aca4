/**
 * Sentence scoring for the extractive summarizer: a linear score over a few
 * features that say how much a body sentence restates the story the way an
 * editor's sapo does.
 *
 * Why these features: the sapo repeats the title's words and often its word
 * pairs (title overlap, title bigram recall), carries the article's most
 * repeated vocabulary (centrality, a tf-idf variant of it), sits near the top
 * (position, with a small bonus for the first two sentences), is a full
 * sentence of about 20-60 syllables (too short is penalised, longer is
 * preferred up to the budget, past it the sentence gets cut), and is not
 * reported speech, a connective-led follow-up or a parenthetical aside. The
 * weights were fitted on ../shared/corpus by syllable ROUGE-L against the
 * sapo, one set of weights for all three corpus sets, then rounded. A
 * half/half split of each set showed that finer searches fit particular
 * articles and do not carry over, so the weights stay coarse on purpose.
 */
import { figuresOf } from '../text/index.js';
import { syllables } from '../text/index.js';
import type { SentenceSpan } from '../text/index.js';
import { compressSentence, sentenceRole, stripDateline, stripPhotoNotes } from './clean.js';
import { nonNewsKind, stripGluedCredit } from './non-news.js';
import { STOP_SYLLABLES } from './stop-syllables.js';

export interface Candidate {
  doc: number;
  /** Index among the document's kept sentences. */
  index: number;
  text: string;
  syl: string[];
  content: Set<string>;
  values: Set<string>;
  score: number;
  /** Index of the source span in the body (before non-news sentences were dropped). */
  span: number;
  /**
   * A paragraph ends after this sentence: a newline, or no space at all before
   * the next sentence (a scraper that joins paragraphs drops the break and
   * the space with it: "…trưa 16/2.Khoảng 10h30…").
   */
  paragraphEnd: boolean;
}

/** What a document's sentences are scored against. */
export interface TitleInfo {
  content: Set<string>;
  /** Syllable bigrams of the title (all syllables, "a b"). */
  bigrams: Set<string>;
  /** The same bigrams as first syllable → second syllables, to test a sentence's pairs without building strings. */
  bigramIndex: Map<string, Set<string>>;
  syllableCount: number;
}

/** Sentences further into a body than this are not considered (cost stays bounded; news leads). */
export const MAX_SENTENCES = 40;

/** Feature weights (see the module comment for how they were chosen). */
export const WEIGHTS = {
  position: 1.0,
  positionDecay: 0.45,
  first: 0.5,
  second: 0.5,
  titleOverlap: 0.9,
  titleRecall: 0.2,
  titleBigrams: 2.9,
  centrality: 1.9,
  tfidf: 6,
  quote: 0.4,
  connective: 0.3,
  headline: 0.35,
  short: 0.2,
  /** Per syllable beyond `longSyllables`, relative: longer sentences match a sapo's LCS better. */
  length: 0.6,
  longSyllables: 45,
  /** Penalty for sentences shorter than `minSyllables`, relative to the shortfall. */
  shortfall: 1.0,
  minSyllables: 18,
  speech: 0.4,
  parenthesis: 0.1,
  overBudget: 0.4,
  hasFigure: 0.2,
  /** A sentence opening with the event's date reads as a news lead ("Ngày 23-10, …"). */
  datedStart: 1,
} as const;

/** A sentence that opens with a quotation: an official's words, not the news. */
const QUOTE_START_RE = /^["“‘'«]/u;
/** "X nhấn mạnh: “…”": reported speech reads as a quote, not as a lead. */
const SPEECH_COLON_RE =
  /(?:nhấn mạnh|cho biết|khẳng định|phát biểu|nói|chia sẻ|bày tỏ|kết luận|yêu cầu)\s*:\s*["“]?/u;
/** Reported speech anywhere in the sentence. */
const SAID_RE = /cho biết|cho hay|khẳng định|nhấn mạnh|chia sẻ|nói/u;
/** A sentence that opens with the event's date: "Ngày 23-10, …", "Sáng 23/10, …", "Chiều nay (23/10), …". */
const DATED_START_RE =
  /^(?:(?:Ngày|Sáng|Trưa|Chiều|Tối|Đêm|Rạng sáng|Khuya|Hôm nay|Hôm qua|Sáng nay|Chiều nay|Tối nay|Trưa nay|Tối qua|Đêm qua|Chiều qua|Sáng qua|Trong ngày|Từ ngày|Vào ngày|Hôm)\s*(?:\(\s*)?(?:ngày\s*)?\d{1,2}[/.-]\d{1,2}|Ngày\s+\d{1,2}\s+tháng\s+\d{1,2})/u;
/** Sentences that lean on the one before them. */
const CONNECTIVE_RE =
  /^(?:Tuy nhiên|Ngoài ra|Trong khi đó|Do đó|Vì vậy|Vì thế|Bên cạnh đó|Đồng thời|Theo đó|Mặt khác|Thế nhưng|Nhưng|Và|Còn|Do vậy|Cũng theo|Trước đó|Sau đó|Ngoài việc|Thậm chí|Chính vì vậy|Như vậy|Cùng với đó)(?=[\s,])/u;

export function contentSet(syl: string[]): Set<string> {
  const out = new Set<string>();
  for (const s of syl) if (!STOP_SYLLABLES.has(s)) out.add(s);
  return out;
}

export function bigramSet(syl: string[]): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 1 < syl.length; i++) out.add(`${syl[i] as string} ${syl[i + 1] as string}`);
  return out;
}

/** Share of the smaller set found in the larger one. */
export function overlapShare(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let hit = 0;
  const [small, big] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (big.has(x)) hit++;
  return hit / small.size;
}

/** Share of `target` found in `have`. */
function recallOf(have: Set<string>, target: Set<string>): number {
  if (target.size === 0) return 0;
  let hit = 0;
  for (const x of target) if (have.has(x)) hit++;
  return hit / target.size;
}

/** Share of the title's distinct bigrams that occur in `syl`. */
function bigramRecall(syl: string[], title: TitleInfo): number {
  if (title.bigrams.size === 0) return 0;
  let hits: Set<string> | null = null;
  for (let i = 0; i + 1 < syl.length; i++) {
    const a = syl[i] as string;
    const b = syl[i + 1] as string;
    if (title.bigramIndex.get(a)?.has(b)) (hits ??= new Set()).add(`${a} ${b}`);
  }
  return hits ? hits.size / title.bigrams.size : 0;
}

export function titleInfo(title: string): TitleInfo {
  const syl = syllables(title);
  const bigramIndex = new Map<string, Set<string>>();
  for (let i = 0; i + 1 < syl.length; i++) {
    const a = syl[i] as string;
    const next = bigramIndex.get(a) ?? new Set<string>();
    next.add(syl[i + 1] as string);
    bigramIndex.set(a, next);
  }
  return {
    content: contentSet(syl),
    bigrams: bigramSet(syl),
    bigramIndex,
    syllableCount: syl.length,
  };
}

/**
 * The kept sentences of one document (captions, bylines and photo notes
 * dropped; attributions and connectives compressed away), scored.
 */
export function scoredCandidates(
  spans: SentenceSpan[],
  doc: number,
  title: TitleInfo,
  maxChars: number,
  body?: string,
): Candidate[] {
  const limit = Math.min(spans.length, MAX_SENTENCES);
  const out: Candidate[] = [];
  for (let i = 0; i < limit; i++) {
    const span = spans[i];
    if (!span) continue;
    const raw = stripGluedCredit(
      stripPhotoNotes(out.length < 2 ? stripDateline(span.text) : span.text),
    );
    const rawSyl = syllables(raw);
    const last = i >= spans.length - 2;
    if (sentenceRole(raw, rawSyl.length, last) !== 'text') continue;
    if (nonNewsKind(raw, rawSyl.length, last) !== null) continue;
    const text = compressSentence(raw);
    const syl = text === raw ? rawSyl : syllables(text);
    const next = spans[i + 1];
    const gap = body !== undefined && next ? body.slice(span.end, next.start) : ' ';
    out.push({
      doc,
      span: i,
      paragraphEnd: gap === '' || gap.includes('\n'),
      index: out.length,
      text,
      syl,
      content: contentSet(syl),
      values: figuresOf(text),
      score: 0,
    });
  }
  const n = out.length;
  // Sentence frequency of each content syllable (a sentence's content is a set, so this is also its df).
  const tf = new Map<string, number>();
  for (const c of out) for (const w of c.content) tf.set(w, (tf.get(w) ?? 0) + 1);
  // Per-word contributions, computed once: centrality (f - 1) / n and tf-idf (f - 1)·log(1 + n / f).
  const cw = new Map<string, number>();
  const iw = new Map<string, number>();
  for (const [w, f] of tf) {
    cw.set(w, (f - 1) / n);
    iw.set(w, (f - 1) * Math.log(1 + n / f));
  }
  const W = WEIGHTS;
  for (const c of out) {
    let cent = 0;
    let tfidf = 0;
    for (const w of c.content) {
      cent += cw.get(w) ?? 0;
      tfidf += iw.get(w) ?? 0;
    }
    cent /= Math.sqrt(Math.max(8, c.content.size));
    tfidf /= Math.max(8, c.syl.length) * Math.max(1, n);
    const len = c.syl.length;
    const titleOverlap = overlapShare(c.content, title.content);
    let s =
      W.position / (1 + W.positionDecay * c.index) +
      (c.index === 0 ? W.first : c.index === 1 ? W.second : 0) +
      W.titleOverlap * titleOverlap +
      W.titleRecall * recallOf(c.content, title.content) +
      W.titleBigrams * bigramRecall(c.syl, title) +
      W.centrality * cent +
      W.tfidf * tfidf +
      (W.length * Math.max(0, len - W.longSyllables)) / W.longSyllables -
      (W.shortfall * Math.max(0, W.minSyllables - len)) / W.minSyllables;
    if (QUOTE_START_RE.test(c.text) || (c.text.includes(':') && SPEECH_COLON_RE.test(c.text)))
      s -= W.quote;
    if (SAID_RE.test(c.text)) s -= W.speech;
    if (CONNECTIVE_RE.test(c.text)) s -= W.connective;
    // The headline repeated as a sentence adds nothing a reader has not seen.
    if (len <= title.syllableCount + 3 && titleOverlap > 0.85) s -= W.headline;
    if (len < 10) s -= W.short;
    let parens = 0;
    for (let k = c.text.indexOf('('); k >= 0 && parens < 2; k = c.text.indexOf('(', k + 1))
      parens++;
    s -= W.parenthesis * parens;
    if (c.text.length > maxChars) s -= W.overBudget;
    if (c.values.size > 0) s += W.hasFigure;
    if (DATED_START_RE.test(c.text)) s += W.datedStart;
    c.score = s;
  }
  return out;
}

/** Clause boundaries: ", " "; " ": " (a comma inside "102,9" has no space after it). */
const CLAUSE_END_RE = /[,;:](?=\s)/gu;

/**
 * The opening of a sentence up to the end of its first clause that carries a
 * figure ("Ngày 23-10, hàng nghìn người … biểu tình"), when that opening is
 * shorter than the sentence and 5-30 syllables long (a bare "Ngày 23-10" is
 * extended to the next clause boundary); null otherwise.
 * Used to bring the figures an article leads with into a summary whose best
 * sentence lacks them. The text is a prefix of the sentence, cut at a
 * clause boundary, so no number token is cut.
 */
export function figureOpening(text: string): { text: string; values: Set<string> } | null {
  CLAUSE_END_RE.lastIndex = 0;
  for (let m = CLAUSE_END_RE.exec(text); m; m = CLAUSE_END_RE.exec(text)) {
    const head = text.slice(0, m.index);
    const values = figuresOf(head);
    if (values.size === 0) continue;
    const n = syllables(head).length;
    // "Ngày 23-10" alone says nothing: extend to the next clause boundary.
    if (n < 5) continue;
    return n <= 30 ? { text: head, values } : null;
  }
  return null;
}
