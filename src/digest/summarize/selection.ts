/**
 * Sentence selection steps shared by the single-document and group
 * summaries: the MMR-style greedy pick (redundancy against what is already
 * chosen) and the figure top-up (opening sentences that bring figures the
 * summary lacks, while they fit the reader's budget).
 */
import { overlapShare, type Candidate } from './scoring.js';

/** Redundancy penalty of the MMR selection. */
export const REDUNDANCY = 0.9;

/** Greedy MMR selection of sentences within `maxChars`; returns them in reading order. */
export function select(cands: Candidate[], maxChars: number, targetChars: number): Candidate[] {
  const chosen: Candidate[] = [];
  let used = 0;
  const pool = [...cands].sort((a, b) => b.score - a.score);
  for (;;) {
    if (chosen.length > 0 && used >= Math.min(maxChars, targetChars)) break;
    let pick: Candidate | null = null;
    let pickScore = -Infinity;
    for (const c of pool) {
      if (chosen.includes(c)) continue;
      const extra = c.text.length + (chosen.length ? 1 : 0);
      if (chosen.length > 0 && used + extra > maxChars) continue;
      let sim = 0;
      for (const d of chosen) sim = Math.max(sim, overlapShare(c.content, d.content));
      const s = c.score - REDUNDANCY * sim;
      if (s > pickScore) {
        pickScore = s;
        pick = c;
      }
    }
    if (!pick || (chosen.length > 0 && pickScore < 0)) break;
    chosen.push(pick);
    used += pick.text.length + (chosen.length > 1 ? 1 : 0);
  }
  return chosen.sort((a, b) => a.doc - b.doc || a.index - b.index);
}

/**
 * Figure top-up: opening sentences (the first `scope`) whose figures the summary still lacks
 * (dates included: a sapo dates its news) are added, most new figures first, while they fit the
 * reader's budget. `chosen` and `have` are extended in place; returns the new length.
 */
export function topUp(
  cands: Candidate[],
  chosen: Candidate[],
  have: Set<string>,
  used: number,
  maxChars: number,
  scope: number,
): number {
  for (let added = 0; added < 3; added++) {
    let pick: Candidate | undefined;
    let pickNew = 0;
    for (const c of cands.slice(0, scope)) {
      if (chosen.includes(c) || used + 1 + c.text.length > maxChars) continue;
      let fresh = 0;
      for (const v of c.values) if (!have.has(v)) fresh++;
      if (fresh > pickNew) {
        pick = c;
        pickNew = fresh;
      }
    }
    if (!pick) break;
    for (const v of pick.values) have.add(v);
    chosen.push(pick);
    used += 1 + pick.text.length;
  }
  return used;
}
