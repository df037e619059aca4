/**
 * Stories → the platform-neutral `DigestDocument`. Pure: no I/O, no clock
 * (the date comes in), so the same stories always give the same document and
 * every renderer can be tested from a hand-made one.
 */
import { spansFromSummary } from './spans.js';
import { foldDiacritics, matchKey } from '../text/index.js';
import { assertTimezone, DEFAULT_TIMEZONE, formatVietnameseDate } from '../format/index.js';
import type {
  DigestDocument,
  DigestItem,
  DigestSection,
  Story,
  SubscriptionFilters,
  TopicConfig,
} from '../model.js';
import { HanoiDigestError } from '../errors.js';

/** The catch-all section's id and title: stories with no configured topic. */
export const OTHER_SECTION_ID = 'khac';
export const OTHER_SECTION_TITLE = 'Tin khác';
export const DEFAULT_FOOTER_HINT = 'Đổi đăng ký: /settings';

export interface ComposeDigestOptions {
  /** The moment the digest is for (the slot). */
  date: Date;
  window: { since: Date; until: Date };
  topics: TopicConfig[];
  /** Topic ids in section order; topics not listed follow in config order, "Tin khác" last. */
  sectionOrder?: string[];
  /** Default 5. */
  maxItemsPerSection?: number;
  /** Default 30. */
  maxItems?: number;
  /** IANA zone of the header date; default Asia/Ho_Chi_Minh. */
  timezone?: string;
  /** How to change the subscription; default "Đổi đăng ký: /settings". */
  footerHint?: string;
  /**
   * A short digest (at most this many stories) is not scattered over one-item
   * sections: see `foldSmallSections`. 0 (the default) turns it off.
   */
  foldSmallSectionsUpTo?: number;
  /**
   * The topics asked for (a topic digest, a subscription's topics): a story
   * with several topics lands under the first asked one it has, so
   * `/digest giao-thong` shows only the "Giao thông" section.
   */
  focusTopics?: readonly string[];
}

/** Bad options: the message names the option and the value. */
export class ComposeOptionsError extends HanoiDigestError {
  override name = 'ComposeOptionsError';
  constructor(
    readonly option: string,
    readonly value: unknown,
    reason: string,
  ) {
    super(`Invalid digest option ${option}=${JSON.stringify(value)}: ${reason}`);
  }
}

function assertCount(option: string, value: number): void {
  if (!Number.isInteger(value) || value < 1)
    throw new ComposeOptionsError(option, value, 'expected an integer ≥ 1');
}

function assertDate(option: string, value: Date): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new ComposeOptionsError(option, String(value), 'expected a valid Date');
  }
}

/**
 * One story as a digest item: summary spans with the figures highlighted, and
 * each outlet listed once, linking its first article in the story (the story's
 * sources come best article first). Three articles of one outlet in a story
 * are one source to a reader: "Tin Thủ đô · Tin Thủ đô · Tin Thủ đô" is noise.
 */
export function storyToItem(story: Story): DigestItem {
  const seen = new Set<string>();
  const sources: DigestItem['sources'] = [];
  for (const s of story.sources) {
    const outlet = matchKey(s.name);
    const key = outlet ? `name:${outlet}` : `url:${s.url || s.articleId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    sources.push({ name: s.name, url: s.url });
  }
  return {
    storyId: story.id,
    title: story.title,
    summary: spansFromSummary(story.summary),
    sources,
    publishedAt: story.publishedAt,
  };
}

/** The search form padded with spaces, so a key matches whole words only ("ha" never matches "hanoi"). */
export function searchForm(s: string): string {
  return ` ${foldDiacritics(s)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
}

/** Does the folded `haystack` (from `searchForm`) contain `needle` as whole words? */
export function containsFolded(haystack: string, needle: string): boolean {
  const key = searchForm(needle);
  return key.trim().length > 0 && haystack.includes(key);
}

function storyHaystack(story: Story): string {
  return searchForm([story.title, story.summary.text, ...story.places].join(' \n '));
}

/**
 * A subscription's filters. Topics match ids; places match `Story.places` or
 * the text; keywords match the title and summary. Place and keyword matching
 * ignore case, diacritics and tone placement ("ngap ung" = "Ngập úng", "hoà" = "hòa").
 */
export function filterStories(
  stories: readonly Story[],
  filters: Partial<SubscriptionFilters> = {},
): Story[] {
  const topics = new Set(filters.topics ?? []);
  const places = (filters.places ?? []).filter((p) => p.trim());
  const keywords = (filters.keywords ?? []).filter((k) => k.trim());
  const excluded = (filters.excludeKeywords ?? []).filter((k) => k.trim());
  return stories.filter((story) => {
    if (topics.size > 0 && !story.topics.some((t) => topics.has(t))) return false;
    if (places.length === 0 && keywords.length === 0 && excluded.length === 0) return true;
    const hay = storyHaystack(story);
    if (places.length > 0 && !places.some((p) => containsFolded(hay, p))) return false;
    if (keywords.length > 0 && !keywords.some((k) => containsFolded(hay, k))) return false;
    if (excluded.some((k) => containsFolded(hay, k))) return false;
    return true;
  });
}

function sectionIds(
  topics: readonly TopicConfig[],
  order: readonly string[] | undefined,
): string[] {
  const known = new Set(topics.map((t) => t.id));
  const ids: string[] = [];
  for (const id of order ?? []) if (known.has(id) && !ids.includes(id)) ids.push(id);
  for (const t of topics) if (!ids.includes(t.id)) ids.push(t.id);
  return ids;
}

/**
 * Short digests read better in a few sections than in many one-item ones.
 * A story alone in its section first moves to another of its topics that
 * already has stories (the biggest); stories still alone then fold into
 * "Tin khác", when that gives it at least two and a topic section stays.
 * Order inside a section stays the input order.
 */
export function foldSmallSections(
  buckets: Map<string, Story[]>,
  order: readonly string[],
  inputIndex: ReadonlyMap<Story, number>,
): void {
  const size = (id: string): number => buckets.get(id)?.length ?? 0;
  const byInput = (a: Story, b: Story): number =>
    (inputIndex.get(a) ?? 0) - (inputIndex.get(b) ?? 0);
  for (const id of order) {
    const list = buckets.get(id);
    if (id === OTHER_SECTION_ID || !list || list.length !== 1) continue;
    const story = list[0] as Story;
    let best: string | null = null;
    for (const t of story.topics) {
      if (t !== id && t !== OTHER_SECTION_ID && order.includes(t) && size(t) > size(best ?? ''))
        best = t;
    }
    if (!best) continue;
    buckets.get(best)?.push(story);
    buckets.get(best)?.sort(byInput);
    buckets.delete(id);
  }
  const alone = order.filter((id) => id !== OTHER_SECTION_ID && size(id) === 1);
  // Folding everything into "Tin khác" would only lose the topics: some section must stay.
  const staying = order.some((id) => id !== OTHER_SECTION_ID && size(id) > 1);
  if (!staying || alone.length + size(OTHER_SECTION_ID) < 2) return;
  const other = [...(buckets.get(OTHER_SECTION_ID) ?? [])];
  for (const id of alone) {
    other.push(...(buckets.get(id) ?? []));
    buckets.delete(id);
  }
  buckets.set(OTHER_SECTION_ID, other.sort(byInput));
}

function footerText(items: number, sources: number, hint: string): string {
  // An empty digest says "no news" in its body (every renderer does); the footer keeps just the hint.
  if (items === 0) return hint || '0 tin';
  const counts = `${items} tin · ${sources} nguồn`;
  return hint ? `${counts} · ${hint}` : counts;
}

/**
 * Build the digest. Each story lands once, in its best topic (the first of
 * `story.topics` that is asked for in `focusTopics`, else the first that is
 * configured) or in "Tin khác"; stories keep their
 * input order (newest first from the news service) inside a section.
 */
export function composeDigest(
  stories: readonly Story[],
  options: ComposeDigestOptions,
): DigestDocument {
  assertDate('date', options.date);
  assertDate('window.since', options.window.since);
  assertDate('window.until', options.window.until);
  if (options.window.since.getTime() > options.window.until.getTime()) {
    throw new ComposeOptionsError(
      'window',
      { since: options.window.since, until: options.window.until },
      'since is after until',
    );
  }
  const maxPerSection = options.maxItemsPerSection ?? 5;
  const maxItems = options.maxItems ?? 30;
  assertCount('maxItemsPerSection', maxPerSection);
  assertCount('maxItems', maxItems);
  const timezone = options.timezone ?? DEFAULT_TIMEZONE;
  try {
    assertTimezone(timezone);
  } catch {
    throw new ComposeOptionsError('timezone', timezone, 'unknown IANA timezone');
  }

  const topicById = new Map(options.topics.map((t) => [t.id, t]));
  const focus = (options.focusTopics ?? []).filter((t) => topicById.has(t));
  const buckets = new Map<string, Story[]>();
  const inputIndex = new Map<Story, number>();
  const seenStories = new Set<string>();
  const seenArticles = new Set<string>();
  for (const story of stories) {
    // Never the same story twice: by id, and by any article already shown in another story.
    if (seenStories.has(story.id) || story.articleIds.some((a) => seenArticles.has(a))) continue;
    // A tag, listing or author page the summarizer recognised is not news: never an item.
    if (story.summary.article === false) continue;
    seenStories.add(story.id);
    inputIndex.set(story, inputIndex.size);
    for (const a of story.articleIds) seenArticles.add(a);
    const best =
      story.topics.find((t) => focus.includes(t)) ??
      story.topics.find((t) => topicById.has(t)) ??
      OTHER_SECTION_ID;
    const list = buckets.get(best) ?? [];
    list.push(story);
    buckets.set(best, list);
  }

  const order = [...sectionIds(options.topics, options.sectionOrder), OTHER_SECTION_ID];
  const foldUpTo = options.foldSmallSectionsUpTo ?? 0;
  if (!Number.isInteger(foldUpTo) || foldUpTo < 0)
    throw new ComposeOptionsError('foldSmallSectionsUpTo', foldUpTo, 'expected an integer ≥ 0');
  // A topic digest keeps the asked topics' sections whatever its size.
  const fold = foldUpTo > 0 && focus.length === 0 && inputIndex.size <= foldUpTo;
  if (fold) foldSmallSections(buckets, order, inputIndex);

  const sections: DigestSection[] = [];
  let total = 0;
  for (const id of order) {
    const list = buckets.get(id);
    if (!list || total >= maxItems) continue;
    // Folding must not cost a short digest its stories: "Tin khác" then holds them all.
    const cap =
      fold && id === OTHER_SECTION_ID ? Math.max(maxPerSection, list.length) : maxPerSection;
    const take = list.slice(0, Math.min(cap, maxItems - total));
    total += take.length;
    sections.push({
      topicId: id,
      title: topicById.get(id)?.name ?? OTHER_SECTION_TITLE,
      items: take.map(storyToItem),
    });
  }

  const outlets = new Set<string>();
  for (const section of sections)
    for (const item of section.items) for (const s of item.sources) outlets.add(s.name);
  return {
    header: `Bản tin Hà Nội — ${formatVietnameseDate(options.date, timezone)}`,
    date: options.date,
    window: { since: options.window.since, until: options.window.until },
    sections,
    footer: footerText(total, outlets.size, options.footerHint ?? DEFAULT_FOOTER_HINT),
    counts: { items: total, sources: outlets.size, sections: sections.length },
  };
}
