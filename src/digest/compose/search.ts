/**
 * /search over stories. Both sides are folded (case, diacritics and tone
 * placement removed, punctuation to spaces), so "ngap ung" finds "Ngập úng"
 * and "hoa binh" finds "Hòa Bình" / "Hoà Bình". The haystack is the story's
 * title, summary and places plus its articles' full text, so a ward or
 * commune named only in a body is found too. Whole words only.
 */
import { searchForm } from './compose-digest.js';
import type { Article, Story } from '../model.js';

export function buildHaystack(story: Story, members: readonly Article[]): string {
  const parts = [story.title, story.summary.text, ...story.places];
  for (const m of members) parts.push(m.title, m.lead, m.body);
  return searchForm(parts.join(' \n '));
}

/**
 * Stories matching `query`, best first: the whole phrase in the title, then
 * the whole phrase anywhere, then every word somewhere; newest first within a
 * rank (the input order).
 */
export function matchStories(
  stories: readonly Story[],
  haystackOf: (s: Story) => string,
  query: string,
): Story[] {
  const phrase = searchForm(query);
  const words = phrase.trim().split(' ').filter(Boolean);
  if (words.length === 0) return [];
  const ranked: { story: Story; rank: number; index: number }[] = [];
  stories.forEach((story, index) => {
    const hay = haystackOf(story);
    let rank: number;
    if (searchForm(story.title).includes(phrase)) rank = 0;
    else if (hay.includes(phrase)) rank = 1;
    else if (words.every((w) => hay.includes(` ${w} `))) rank = 2;
    else return;
    ranked.push({ story, rank, index });
  });
  ranked.sort((a, b) => a.rank - b.rank || a.index - b.index);
  return ranked.map((r) => r.story);
}
