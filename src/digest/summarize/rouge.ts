/**
 * Syllable-level ROUGE-1/2/L F1, the measure the summaries are judged by.
 * Kept in the core (pure, dependency-free) so tests and the bench share one
 * implementation.
 */
import { syllables } from '../text/index.js';

export interface RougeScores {
  rouge1: number;
  rouge2: number;
  rougeL: number;
}

function f1(overlap: number, candidate: number, reference: number): number {
  if (overlap === 0 || candidate === 0 || reference === 0) return 0;
  const p = overlap / candidate;
  const r = overlap / reference;
  return (2 * p * r) / (p + r);
}

function ngramOverlap(a: string[], b: string[], n: number): [number, number, number] {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= b.length; i++) {
    const k = b.slice(i, i + n).join(' ');
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  let hit = 0;
  for (let i = 0; i + n <= a.length; i++) {
    const k = a.slice(i, i + n).join(' ');
    const c = counts.get(k) ?? 0;
    if (c > 0) {
      hit++;
      counts.set(k, c - 1);
    }
  }
  return [hit, Math.max(0, a.length - n + 1), Math.max(0, b.length - n + 1)];
}

function lcs(a: string[], b: string[]): number {
  let prev = new Array<number>(b.length + 1).fill(0);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      cur[j] =
        a[i - 1] === b[j - 1] ? (prev[j - 1] ?? 0) + 1 : Math.max(prev[j] ?? 0, cur[j - 1] ?? 0);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length] ?? 0;
}

/** ROUGE F1 scores of `candidate` against `reference`, on syllables in matching form. */
export function rouge(candidate: string, reference: string): RougeScores {
  const a = syllables(candidate);
  const b = syllables(reference);
  const [h1, c1, r1] = ngramOverlap(a, b, 1);
  const [h2, c2, r2] = ngramOverlap(a, b, 2);
  return {
    rouge1: f1(h1, c1, r1),
    rouge2: f1(h2, c2, r2),
    rougeL: f1(lcs(a, b), a.length, b.length),
  };
}
