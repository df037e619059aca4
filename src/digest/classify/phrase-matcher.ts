/**
 * A phrase matcher over syllable tokens: one trie built once, then a single
 * left-to-right pass per text (leftmost-longest, non-overlapping). Keyword
 * lists have hundreds of phrases and a digest run classifies thousands of
 * articles, so matching must not loop over the phrases per article.
 *
 * Case rule: a syllable written with a capital in the phrase must be
 * capitalised in the text ("Thủ đô" matches "Thủ đô Hà Nội" but not
 * "thủ đô Phnom Penh"; "Nga" does not match "ngả"). Lowercase phrase
 * syllables match any case. Tone placement is unified on both sides.
 */
import { unifyTones } from '../text/index.js';
import { HanoiDigestError } from '../errors.js';

/** One syllable of a text: its lowercase matching form and whether it was capitalised. */
export interface Token {
  key: string;
  cap: boolean;
}

const TOKEN_RE = /[\p{L}\p{M}\p{N}]+/gu;

/** Syllable tokens of a text in matching form (tone placement unified, lowercase). */
export function tokenize(text: string): Token[] {
  const unified = unifyTones(text);
  const lower = unified.toLowerCase();
  const out: Token[] = [];
  if (lower.length !== unified.length) {
    // Rare (a character whose lowercase form has another length): go token by token.
    for (const m of unified.matchAll(TOKEN_RE)) {
      const raw = m[0];
      const first = raw[0] ?? '';
      out.push({ key: raw.toLowerCase(), cap: first !== first.toLowerCase() });
    }
    return out;
  }
  // Lowercase once and read capitals by position: no per-token case conversion.
  for (const m of lower.matchAll(TOKEN_RE)) {
    const i = m.index;
    out.push({ key: m[0], cap: unified[i] !== lower[i] });
  }
  return out;
}

/** A phrase to find, with the data returned when it is found. */
export interface PhraseEntry<T> {
  phrase: string;
  payload: T;
}

export interface PhraseMatch<T> {
  /** Index of the first token. */
  index: number;
  length: number;
  payloads: T[];
}

export interface PhraseMatcher<T> {
  /** Leftmost-longest, non-overlapping matches over the tokens. */
  match(tokens: readonly Token[]): PhraseMatch<T>[];
  readonly size: number;
}

interface Terminal<T> {
  /** Per token of the phrase: must the text token be capitalised? */
  caps: boolean[];
  payload: T;
}

interface TrieNode<T> {
  next: Map<string, TrieNode<T>>;
  terminals: Terminal<T>[];
}

/** Thrown for a phrase with no syllable in it (e.g. "-" or ""), which could never match. */
export class EmptyPhraseError extends HanoiDigestError {
  constructor(readonly phrase: string) {
    super(`phrase ${JSON.stringify(phrase)} has no letters or digits to match`);
    this.name = 'EmptyPhraseError';
  }
}

export function createPhraseMatcher<T>(entries: Iterable<PhraseEntry<T>>): PhraseMatcher<T> {
  const root: TrieNode<T> = { next: new Map(), terminals: [] };
  let size = 0;
  for (const { phrase, payload } of entries) {
    const tokens = tokenize(phrase);
    if (tokens.length === 0) throw new EmptyPhraseError(phrase);
    let node = root;
    for (const t of tokens) {
      let child = node.next.get(t.key);
      if (!child) {
        child = { next: new Map(), terminals: [] };
        node.next.set(t.key, child);
      }
      node = child;
    }
    node.terminals.push({ caps: tokens.map((t) => t.cap), payload });
    size++;
  }

  function capsOk(caps: boolean[], tokens: readonly Token[], at: number): boolean {
    for (let k = 0; k < caps.length; k++) if (caps[k] && !tokens[at + k]?.cap) return false;
    return true;
  }

  return {
    size,
    match(tokens) {
      const out: PhraseMatch<T>[] = [];
      let i = 0;
      while (i < tokens.length) {
        let node: TrieNode<T> | undefined = root;
        let best: PhraseMatch<T> | null = null;
        for (let j = i; j < tokens.length; j++) {
          node = node.next.get((tokens[j] as Token).key);
          if (!node) break;
          if (node.terminals.length) {
            const ok = node.terminals
              .filter((t) => capsOk(t.caps, tokens, i))
              .map((t) => t.payload);
            if (ok.length) best = { index: i, length: j - i + 1, payloads: ok };
          }
        }
        if (best) {
          out.push(best);
          i += best.length;
        } else i++;
      }
      return out;
    },
  };
}
