/**
 * The offline extractive summarizer: Vietnamese news in, a short summary with
 * its key figures highlighted out. No model, no I/O, well under a millisecond
 * per article.
 *
 * Why extractive and why these features: the reference for a Vietnamese news
 * summary is the editor's sapo, which restates the event (who, what, where,
 * the main figure). Body sentences that share the title's words and
 * word pairs and the article's most repeated words are the ones that restate
 * it; position still matters (news is written top-down) but is not allowed to
 * pick a caption, a dateline or an official's bare quote (see scoring.ts).
 * Measured against sapos, one well-chosen sentence beats two, and an
 * opening sentence that is a paragraph of its own is the outlet's standfirst
 * (the sapo printed first) and stands alone. A reader was promised the key
 * figures: the sentence carrying the opening's amounts is brought in, and
 * opening sentences whose figures (dates included: news dates its events)
 * the summary still lacks are topped up while they fit the 280-character
 * budget (selection.ts). Group summaries pool sentences across outlets and
 * handle redundancy MMR-style.
 *
 * Faithfulness: the summary is made of source sentences; cutting happens at
 * clause boundaries or spaces only (never inside a number) and removes text
 * without joining tokens, so no number appears that is not in the source.
 */
import type { Highlight, Summarizer, SummarizeOptions, Summary, SummaryInput } from '../model.js';
import { findFigures, keyFigures } from '../text/index.js';
import { figuresOf } from '../text/index.js';
import { nfc, syllables } from '../text/index.js';
import { splitSentences, type SentenceSpan } from '../text/index.js';
import { stripDateline } from './clean.js';
import { looksLikeArticle } from './non-news.js';
import type { FigureUnits } from '../text/index.js';
import { cutAtClause } from './cut.js';
import { REDUNDANCY, select, topUp } from './selection.js';
import {
  contentSet,
  overlapShare,
  scoredCandidates,
  titleInfo,
  type Candidate,
} from './scoring.js';
import { HanoiDigestError } from '../errors.js';

export const DEFAULT_MAX_CHARS = 280;

export interface ExtractiveOptions extends SummarizeOptions {
  /** Use the sapo (`input.lead`) as the summary when there is one (default false). */
  useLead?: boolean;
  /** Key figures highlighted at most (default 4). */
  maxHighlights?: number;
  /**
   * Keep adding sentences while the summary is shorter than this (single
   * documents: `DEFAULT_TUNING.targetChars`; groups: `maxChars`). Always
   * capped by `maxChars`.
   */
  targetChars?: number;
  /** Overrides of the single-document knobs (the bench's rotation uses them). */
  tuning?: Partial<Tuning>;
  /** The units lexicon for figure phrases (default: the bundled one). */
  units?: FigureUnits;
}

/** Thrown for input the summarizer cannot work on (not strings, no text at all). */
export class SummarizeInputError extends HanoiDigestError {
  constructor(
    message: string,
    readonly inputId: string | null,
  ) {
    super(message);
    this.name = 'SummarizeInputError';
  }
}

function validate(input: SummaryInput): void {
  if (input === null || typeof input !== 'object')
    throw new SummarizeInputError('summary input must be an object', null);
  const id = typeof input.id === 'string' ? input.id : null;
  if (typeof input.title !== 'string' || typeof input.body !== 'string') {
    throw new SummarizeInputError('summary input needs string title and body', id);
  }
}

/** A body read once: NFC, dateline removed, split into sentences. */
interface PreparedBody {
  body: string;
  spans: SentenceSpan[];
}

function prepare(input: SummaryInput): PreparedBody {
  const body = stripDateline(nfc(input.body));
  return { body, spans: splitSentences(body) };
}

/** Key figures are looked for in the title and the first sentences only: news puts them there. */
const KEY_SCOPE_SENTENCES = 3;

/**
 * The knobs of the single-document summary. Defaults were chosen by the
 * rotation in bench/summarize.bench.ts (tune on one dev set, check on the
 * other two), from a deliberately small grid so they cannot fit articles.
 */
export interface Tuning {
  /** Keep adding whole sentences while the summary is shorter than this. */
  targetChars: number;
  /** Below this length a sentence is added even when it scores low. */
  minChars: number;
  /** A filler sentence must score within this of the best sentence (after the redundancy penalty). */
  fillMargin: number;
  /** A sentence carrying the key figures is brought in when it scores within this of the best one. */
  keyMargin: number;
  /** Filling never makes the summary longer than this (the reader's budget is `maxChars`; sapos are shorter). */
  fillCap: number;
  /**
   * When the chosen opening sentence shares at least this share of its
   * content words with the headline, it is the article's lead and stands alone.
   */
  leadOverlap: number;
  /** Score bonus of a filler sentence per opening figure (any number of the first two sentences) it adds, at most two. */
  figureFill: number;
  /**
   * An opening sentence that is a paragraph of its own and at least this many
   * syllables long is the article's standfirst (its sapo, which VnExpress and
   * others print as the first paragraph): it leads the summary and stands
   * alone (0 turns this off).
   */
  standfirst: number;
  /** A lead standing alone with fewer figures than this takes the next opening sentence that has more. */
  leadFigures: number;
  /** Opening sentences looked at by the figure top-up (0 turns it off). */
  figureScope: number;
}

export const DEFAULT_TUNING: Tuning = {
  targetChars: 160,
  minChars: 160,
  fillMargin: 3,
  keyMargin: 2,
  fillCap: 220,
  figureFill: 2,
  leadOverlap: 0.7,
  standfirst: 12,
  leadFigures: 1,
  figureScope: 4,
};

const AMOUNT_KINDS = new Set(['percent', 'money', 'count', 'range', 'measure', 'number']);

/**
 * The values of the amounts a summary should carry: the strongest amounts
 * (counts, percentages, money, measures) the title and the opening state,
 * and any amount the title repeats. Empty when they state none: a bare
 * year or date never counts.
 */
function keyAmounts(cands: Candidate[], title: string, units: FigureUnits | undefined): KeyAmounts {
  const out = new Set<string>();
  let titleStates = false;
  const scope = cands
    .slice(0, KEY_SCOPE_SENTENCES)
    .map((c) => c.text)
    .join(' ');
  const ranked = keyFigures(scope, findFigures(scope, units ? { units } : {}), {
    title,
    cap: 4,
  }).filter((f) => AMOUNT_KINDS.has(f.kind));
  for (const f of ranked.slice(0, 2)) for (const v of valuesOfFigure(f.text)) out.add(v);
  for (const f of findFigures(title, units ? { units } : {}))
    if (AMOUNT_KINDS.has(f.kind) && (f.kind !== 'number' || (f.value ?? 0) >= 10)) {
      titleStates = true;
      for (const v of valuesOfFigure(f.text)) if (cands.some((c) => c.values.has(v))) out.add(v);
    }
  return { values: out, titleStates: titleStates && out.size > 0 };
}

interface KeyAmounts {
  values: Set<string>;
  /** The headline itself states an amount (a count, percentage, sum or measure; never a date). */
  titleStates: boolean;
}

/** The numbers of a figure phrase ("hơn 10.000 đảng viên" → 10000). */
function valuesOfFigure(text: string): Set<string> {
  return figuresOf(text);
}

function carried(c: Candidate, key: Set<string>): number {
  let n = 0;
  for (const v of key) if (c.values.has(v)) n++;
  return n;
}

/**
 * One document's summary: the best sentence; when it lacks the key amounts,
 * the best sentence that carries them (figures first); then whole sentences,
 * MMR-style, while the summary is shorter than `targetChars`. Sentences are
 * never cut and glued: only a lone sentence longer than `maxChars` is cut at
 * a clause boundary, and then the "…" ends the summary.
 */
function singleText(
  cands: Candidate[],
  maxChars: number,
  tuning: Tuning,
  keyInfo: KeyAmounts,
  titleContent: Set<string>,
): string {
  const key = keyInfo.values;
  // The headline states an amount: its figures come first, however the sentence carrying them scores.
  const margin = keyInfo.titleStates ? Infinity : tuning.keyMargin;
  let best: Candidate | undefined;
  for (const c of cands) if (!best || c.score > best.score) best = c;
  if (!best) return '';
  const first = cands[0];
  const standfirst =
    tuning.standfirst > 0 &&
    first !== undefined &&
    first.span === 0 &&
    first.paragraphEnd &&
    first.syl.length >= tuning.standfirst &&
    first.text.length <= maxChars;
  if (standfirst && first) best = first;
  const chosen: Candidate[] = [best];
  if (key.size > 0 && carried(best, key) === 0) {
    let fig: Candidate | undefined;
    for (const c of cands) {
      const k = carried(c, key);
      if (k === 0 || c.score < best.score - margin) continue;
      if (!fig || k > carried(fig, key) || (k === carried(fig, key) && c.score > fig.score))
        fig = c;
    }
    if (fig) {
      if (fig.text.length + 1 + best.text.length <= maxChars) chosen.push(fig);
      // A lead that restates the headline is kept over a figure sentence that cannot join it
      // (unless the headline states the amount); the lead takes its next sentence's figures below.
      else if (
        fig.text.length <= maxChars &&
        (keyInfo.titleStates ||
          best.index !== 0 ||
          overlapShare(best.content, titleContent) < tuning.leadOverlap)
      )
        chosen[0] = fig;
    }
  }
  let used = chosen.reduce((a, c) => a + c.text.length, 0) + chosen.length - 1;
  // The opening sentence restates the headline: it is the article's own lead, whole as a summary.
  const lead = chosen[0] as Candidate;
  if (
    chosen.length === 1 &&
    lead.index === 0 &&
    (overlapShare(lead.content, titleContent) >= tuning.leadOverlap || standfirst)
  ) {
    if (lead.text.length > maxChars) return cutAtClause(lead.text, maxChars);
    // A standfirst already reads as the sapo: it takes the next sentence only when it states fewer
    // than `leadFigures` figures and that sentence states some. Any other lead is topped up.
    const next = cands[1];
    if (standfirst) {
      if (
        next &&
        next.index === 1 &&
        lead.values.size < tuning.leadFigures &&
        next.values.size > lead.values.size &&
        used + 1 + next.text.length <= maxChars
      )
        return `${lead.text} ${next.text}`;
      return lead.text;
    }
    if (
      next &&
      next.index === 1 &&
      [...next.values].some((v) => !lead.values.has(v)) &&
      used + 1 + next.text.length <= maxChars
    )
      return `${lead.text} ${next.text}`;
    return lead.text;
  }
  const floor = Math.max(...chosen.map((c) => c.score)) - tuning.fillMargin;
  const openingValues = new Set<string>();
  for (const c of cands.slice(0, 2)) for (const v of c.values) openingValues.add(v);
  const have = new Set<string>();
  for (const c of chosen) for (const v of c.values) have.add(v);
  while (used < Math.min(tuning.targetChars, maxChars) && used <= maxChars) {
    let pick: Candidate | undefined;
    let pickScore = -Infinity;
    for (const c of cands) {
      const cap = Math.min(maxChars, tuning.fillCap);
      if (chosen.includes(c) || used + 1 + c.text.length > cap) continue;
      let sim = 0;
      for (const d of chosen) sim = Math.max(sim, overlapShare(c.content, d.content));
      const sc = c.score - REDUNDANCY * sim;
      let adds = 0;
      for (const v of c.values) if (openingValues.has(v) && !have.has(v)) adds++;
      const scF = sc + tuning.figureFill * Math.min(2, adds);
      if (scF > pickScore) {
        pickScore = scF;
        pick = c;
      }
    }
    if (!pick || (pickScore < floor && used >= tuning.minChars)) break;
    for (const v of pick.values) have.add(v);
    chosen.push(pick);
    used += 1 + pick.text.length;
  }
  used = topUp(cands, chosen, have, used, maxChars, tuning.figureScope);
  chosen.sort((a, b) => a.index - b.index);
  const text = chosen.map((c) => c.text).join(' ');
  return text.length <= maxChars ? text : cutAtClause(text, maxChars);
}

function highlightsOf(
  text: string,
  title: string,
  cap: number,
  units: FigureUnits | undefined,
): Highlight[] {
  const figs = findFigures(text, units ? { units } : {});
  return keyFigures(text, figs, { title, cap }).map((f) => ({
    start: f.start,
    end: f.end,
    text: f.text,
    kind: f.kind,
  }));
}

function compose(chosen: Candidate[], maxChars: number): string {
  if (chosen.length === 0) return '';
  const joined = chosen.map((c) => c.text).join(' ');
  return joined.length <= maxChars ? joined : cutAtClause(joined, maxChars);
}

function finish(text: string, title: string, options: ExtractiveOptions): Summary {
  return {
    text,
    highlights: highlightsOf(text, title, options.maxHighlights ?? 4, options.units),
    summarizer: 'extractive',
    model: null,
  };
}

function maxCharsOf(options: ExtractiveOptions): number {
  const m = options.maxChars ?? DEFAULT_MAX_CHARS;
  if (!Number.isFinite(m) || m < 1)
    throw new SummarizeInputError(`maxChars must be a positive number, got ${String(m)}`, null);
  return Math.floor(m);
}

/** Outlet suffixes and truncation marks on scraped titles ("… - VnExpress Sức khỏe", "… trên ..."). */
const TITLE_NOISE_RE =
  /\s+[-–|]\s+(?:VnExpress|Tuổi Trẻ|Thanh Niên|VTC News|Dân trí|Báo Mới)[^-–|]*$|\s*(?:\.\.\.|…)$/u;

function cleanTitle(title: string): string {
  return nfc(title).trim().replace(TITLE_NOISE_RE, '');
}

/** Summarize one article (sync). */
export function summarize(input: SummaryInput, options: ExtractiveOptions = {}): Summary {
  validate(input);
  const maxChars = maxCharsOf(options);
  const title = cleanTitle(input.title);
  const prepared = prepare(input);
  const cands = scoredCandidates(prepared.spans, 0, titleInfo(title), maxChars, prepared.body);
  const shape = {
    newsSentences: cands.length,
    newsChars: cands.reduce((a, c) => a + c.text.length, 0),
    sentences: prepared.spans.length,
  };
  // Checked first, so a listing page's teaser sapo is never passed off as a summary either.
  if (!looksLikeArticle(title, prepared.body, shape))
    return { text: '', highlights: [], summarizer: 'extractive', model: null, article: false };
  if (options.useLead && input.lead && input.lead.trim()) {
    const lead = stripDateline(nfc(input.lead).trim());
    return finish(lead.length <= maxChars ? lead : cutAtClause(lead, maxChars), title, options);
  }
  const tuning: Tuning = { ...DEFAULT_TUNING, ...options.tuning };
  if (options.targetChars !== undefined) tuning.targetChars = options.targetChars;
  const ti = titleInfo(title);
  let text = singleText(
    cands,
    maxChars,
    tuning,
    keyAmounts(cands, title, options.units),
    ti.content,
  );
  if (!text) text = title.length <= maxChars ? title : cutAtClause(title, maxChars);
  return finish(text, title, options);
}

/** One summary for a story told by several outlets: sentences pooled across documents, redundancy removed. */
export function summarizeGroup(inputs: SummaryInput[], options: ExtractiveOptions = {}): Summary {
  if (!Array.isArray(inputs) || inputs.length === 0)
    throw new SummarizeInputError('summarizeGroup needs at least one input', null);
  inputs.forEach(validate);
  if (inputs.length === 1) return summarize(inputs[0] as SummaryInput, options);
  const maxChars = maxCharsOf(options);
  const title = cleanTitle((inputs[0] as SummaryInput).title);
  const info = titleInfo(title);
  for (const i of inputs)
    for (const w of contentSet(syllables(cleanTitle(i.title)))) info.content.add(w);
  const pooled: Candidate[] = [];
  inputs.forEach((input, d) =>
    pooled.push(...scoredCandidates(prepare(input).spans, d, info, maxChars)),
  );
  // Cross-document support: a sentence whose words other outlets also use tells the shared story.
  const docFreq = new Map<string, number>();
  inputs.forEach((_, d) => {
    const seen = new Set<string>();
    for (const c of pooled) if (c.doc === d) for (const w of c.content) seen.add(w);
    for (const w of seen) docFreq.set(w, (docFreq.get(w) ?? 0) + 1);
  });
  for (const c of pooled) {
    let support = 0;
    for (const w of c.content) support += ((docFreq.get(w) ?? 1) - 1) / (inputs.length - 1);
    c.score += support / Math.sqrt(Math.max(8, c.content.size));
  }
  const chosen = select(pooled, maxChars, options.targetChars ?? maxChars).sort(
    (a, b) => a.index - b.index || a.doc - b.doc,
  );
  let text = compose(chosen, maxChars);
  if (!text) text = title.length <= maxChars ? title : cutAtClause(title, maxChars);
  return finish(text, title, options);
}

/** The extractive summarizer behind the `Summarizer` seam (the LLM one falls back to it). */
export function createExtractiveSummarizer(defaults: ExtractiveOptions = {}): Summarizer {
  return {
    name: 'extractive',
    summarize: (input, options) => Promise.resolve(summarize(input, { ...defaults, ...options })),
    summarizeGroup: (inputs, options) =>
      Promise.resolve(summarizeGroup(inputs, { ...defaults, ...options })),
  };
}
