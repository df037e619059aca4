/**
 * Per-feed include/exclude filters, matched like /search: both sides folded
 * (case, diacritics, tone placement, punctuation), whole words only, so
 * "ngap ung" matches "Ngập úng" and "Hoà Bình" matches "hòa bình", and
 * "ha noi" does not match "hanoimoi". Folding also makes "mưa" match "mua",
 * exactly as /search does; an admin who needs the difference writes a longer
 * phrase ("mưa lớn").
 */
import type { FeedFilters } from '../model.js';
import { foldDiacritics } from '../text/index.js';

function folded(s: string): string {
  return ` ${foldDiacritics(s)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
}

export interface FeedFilterMatcher {
  /** Whether an item with this text (title, description, sapo) is kept. */
  keeps(...texts: (string | null | undefined)[]): boolean;
  /** Whether this text holds an exclude phrase (decides before a page is fetched). */
  excludes(...texts: (string | null | undefined)[]): boolean;
}

/** Empty or whitespace-only phrases are ignored; no filters keeps everything. */
export function createFeedFilter(filters: FeedFilters | undefined): FeedFilterMatcher {
  const clean = (list: string[] | undefined): string[] =>
    (list ?? []).map(folded).filter((p) => p.trim().length > 0);
  const include = clean(filters?.include);
  const exclude = clean(filters?.exclude);
  const hayOf = (texts: (string | null | undefined)[]): string =>
    folded(texts.filter(Boolean).join(' \n '));
  return {
    keeps(...texts) {
      if (include.length === 0 && exclude.length === 0) return true;
      const hay = hayOf(texts);
      if (exclude.some((p) => hay.includes(p))) return false;
      return include.length === 0 || include.some((p) => hay.includes(p));
    },
    excludes(...texts) {
      if (exclude.length === 0) return false;
      const hay = hayOf(texts);
      return exclude.some((p) => hay.includes(p));
    },
  };
}

/** Whether a feed has any filter at all. */
export function hasFilters(filters: FeedFilters | undefined): boolean {
  return Boolean(filters && (filters.include.length > 0 || filters.exclude.length > 0));
}

/** Normalizes a filter list from config or a command: NFC, trimmed, no empties, no duplicates. */
export function normalizeFilterList(list: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of list) {
    const p = raw.normalize('NFC').trim().replace(/\s+/gu, ' ');
    if (p && !out.includes(p)) out.push(p);
  }
  return out;
}
