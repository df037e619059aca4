/**
 * Group summaries for stories of several articles, made once per set of
 * article contents, and made late: a story can be built with its
 * representative article's summary and get the group summary only when it is
 * shown (a digest shows ~30 stories of thousands; /latest and /search a few).
 */
import { truncateSummary } from './spans.js';
import type { Article, Story, Summarizer, Summary } from '../model.js';
import type { Logger } from '../ports.js';

export interface StorySummaries {
  /** The group summary of `members` (cached), or `fallback` for one article or on failure. */
  groupSummary(members: Article[], maxChars: number, fallback: Summary): Promise<Summary>;
  /** Leave `story` with `base` for now; `finishSummaries` gives it the group summary. */
  defer(story: Story, members: Article[], base: Summary, maxChars: number): void;
  /** Gives each deferred story of `list` its group summary, in place; the others are left alone. */
  finishSummaries(list: readonly Story[]): Promise<void>;
}

export function createStorySummaries(summarizer: Summarizer, logger: Logger): StorySummaries {
  const cache = new Map<string, Summary>();
  const pending = new WeakMap<Story, { members: Article[]; base: Summary; maxChars: number }>();

  async function groupSummary(
    members: Article[],
    maxChars: number,
    fallback: Summary,
  ): Promise<Summary> {
    if (members.length < 2 || !summarizer.summarizeGroup) return fallback;
    const key = `${maxChars}:${members
      .map((a) => a.contentHash)
      .sort()
      .join(',')}`;
    const cached = cache.get(key);
    if (cached) return cached;
    try {
      const inputs = members.map((a) => ({ id: a.id, title: a.title, lead: a.lead, body: a.body }));
      const summary = await summarizer.summarizeGroup(inputs, { maxChars });
      if (cache.size > 5000) cache.clear();
      cache.set(key, summary);
      return summary;
    } catch (err) {
      logger.warn(
        { err, articles: members.map((a) => a.id) },
        'group summary failed; using the representative article summary',
      );
      return fallback;
    }
  }

  return {
    groupSummary,
    defer(story, members, base, maxChars) {
      pending.set(story, { members, base, maxChars });
    },
    async finishSummaries(list) {
      for (const story of list) {
        const p = pending.get(story);
        if (!p) continue;
        let summary = await groupSummary(p.members, p.maxChars, p.base);
        if (summary.text.length > p.maxChars) summary = truncateSummary(summary, p.maxChars);
        story.summary = summary;
        pending.delete(story);
      }
    },
  };
}
