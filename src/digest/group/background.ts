/**
 * Background document frequencies: how common each term is in news at large,
 * so that a term's weight does not depend on the batch being grouped. With
 * IDF from a batch of 20 articles every word is rare, and two fires share
 * "cháy", "lính cứu hỏa", "thiệt hại" as if these named the event.
 *
 * The table is built from articles other than the batch: the store's recent
 * articles in the service, other documents in the bench, a JSONL sample in
 * the CLI. Terms are the grouping features (syllable unigrams and bigrams,
 * see ./vectors.ts), as strings, so a table outlives the batch's feature ids.
 */
import { syllables } from '../text/index.js';

export interface DocumentFrequencies {
  /** Documents counted. */
  readonly docs: number;
  /** Documents containing the term with this hash (`termHash`); the fast path grouping uses. */
  dfOfHash(hash: number): number;
}

/** 32-bit FNV-1a of a syllable. */
export function syllableHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Hash of a unigram from its syllable hash. */
export function unigramHash(a: number): number {
  return finalMix(a ^ 0x5bd1e995);
}

/** Hash of a bigram from its two syllable hashes (order matters). */
export function bigramHash(a: number, b: number): number {
  return finalMix(Math.imul(a, 0x9e3779b1) ^ b ^ 0x27d4eb2f);
}

function finalMix(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Hash of a term as written: one syllable, or two joined by one space. */
export function termHash(term: string): number {
  const parts = term.split(' ');
  return parts.length === 2
    ? bigramHash(syllableHash(parts[0] as string), syllableHash(parts[1] as string))
    : unigramHash(syllableHash(term));
}

export interface TermInput {
  title: string;
  lead?: string;
  body: string;
}

export interface TermOptions {
  /** Body syllables read at most (default 1,000, as in ./vectors.ts). */
  maxBodySyllables?: number;
}

/** A table that can grow, e.g. as the store receives articles. */
export interface MutableDocumentFrequencies extends DocumentFrequencies {
  add(doc: TermInput): void;
  /** Documents containing `term` (a syllable, or two joined by one space). */
  df(term: string): number;
}

/**
 * Function syllables that say nothing about which event an article reports.
 * Only dropped as unigrams and as stopword-stopword bigrams; the IDF handles
 * the rest.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'và của các có là được trong cho với đã này người không một những để khi từ theo đến tại về như ' +
    'trên đó thì sẽ ra sau cũng vào nhiều năm ngày lại đang bị hơn nhưng vẫn còn do hiện rằng nên ' +
    'nhà mà qua nào gì hay hoặc rất đây kể vì nếu tới bởi việc cùng chỉ đều mới đi làm nói cho biết ' +
    'ông bà anh chị em họ chúng tôi ta mình ở thêm tháng giờ sáng chiều tối nay trước lúc vừa đợt ' +
    'số phải thể điều cách thấy hết luôn lần thứ gần khoảng ngoài cả mỗi muốn nhằm cần đồng thời'
  ).split(' '),
);

/** The distinct grouping terms of one article, as hashes (`termHash`). */
export function termsOf(doc: TermInput, options: TermOptions = {}): Set<number> {
  const maxBody = options.maxBodySyllables ?? 1000;
  const out = new Set<number>();
  const addSeq = (text: string, limit: number): void => {
    const seq = syllables(text);
    const len = Math.min(seq.length, limit);
    let prev = 0;
    let prevStop = true;
    for (let i = 0; i < len; i++) {
      const s = seq[i] as string;
      const h = syllableHash(s);
      const stop = STOPWORDS.has(s);
      if (!stop) out.add(unigramHash(h));
      if (i > 0 && !(stop && prevStop)) out.add(bigramHash(prev, h));
      prev = h;
      prevStop = stop;
    }
  };
  addSeq(doc.title, Infinity);
  if (doc.lead) addSeq(doc.lead, Infinity);
  addSeq(doc.body, maxBody);
  return out;
}

/** Buckets of the hashed table: 2²² 16-bit counters (8 MB), few collisions for a few million terms. */
const TABLE_BITS = 22;
const TABLE_MASK = (1 << TABLE_BITS) - 1;

/**
 * A document-frequency table over `docs` (more can be added later). Terms are
 * counted by hash in a fixed array, not a map of strings: a background of
 * thousands of articles holds millions of distinct bigrams.
 */
export function createDocumentFrequencies(
  docs: Iterable<TermInput> = [],
  options: TermOptions = {},
): MutableDocumentFrequencies {
  const counts = new Uint16Array(1 << TABLE_BITS);
  const mask = counts.length - 1;
  let n = 0;
  const table: MutableDocumentFrequencies = {
    get docs() {
      return n;
    },
    dfOfHash: (h) => counts[h & mask] as number,
    df: (term) => counts[termHash(term) & mask] as number,
    add(doc) {
      n++;
      for (const h of termsOf(doc, options)) {
        const slot = h & mask;
        if ((counts[slot] as number) < 0xffff) counts[slot] = (counts[slot] as number) + 1;
      }
    },
  };
  for (const d of docs) table.add(d);
  return table;
}

/**
 * `table` less some of the documents it counted: the bench scores a batch
 * against a background of every other document without rebuilding it.
 */
export function withoutDocuments(
  table: DocumentFrequencies,
  docs: Iterable<TermInput>,
  options: TermOptions = {},
): DocumentFrequencies {
  // A map, not another 8 MB table: the documents taken out are a batch, few.
  const minus = new Map<number, number>();
  let removed = 0;
  for (const d of docs) {
    removed++;
    for (const h of termsOf(d, options)) {
      const slot = h & TABLE_MASK;
      minus.set(slot, (minus.get(slot) ?? 0) + 1);
    }
  }
  return {
    docs: Math.max(0, table.docs - removed),
    dfOfHash: (h) => Math.max(0, table.dfOfHash(h) - (minus.get(h & TABLE_MASK) ?? 0)),
  };
}
