/**
 * The site's data: the digest of a calendar day and one topic's recent items,
 * composed through the news service from the stored articles (no table of
 * their own: a day's digest is what the service composes for that day's
 * window, and the service caches compositions).
 */
import type { NewsService } from '../digest/compose/index.js';
import type { DigestDocument, DigestItem, TopicConfig } from '../digest/model.js';
import { systemClock, type Clock } from '../digest/ports.js';
import { dayKeyOf, dayWindow, shiftDay } from './days.js';

export interface DigestArchiveOptions {
  news: Pick<NewsService, 'digest' | 'topics'>;
  timezone: string;
  clock?: Clock;
  /** How many days a topic page looks back, today included (default 3). */
  topicDays?: number;
  /** Items on a topic page (default 40). */
  topicItems?: number;
  /**
   * How long a past day's digest is kept (default 1 h). Its window is closed,
   * so it only changes if old articles are back-filled; the feeds read 14 days
   * at once and must not compose them all again every few minutes.
   */
  pastDayTtlMs?: number;
}

export interface TopicDigest {
  topic: TopicConfig;
  since: Date;
  until: Date;
  items: DigestItem[];
  counts: DigestDocument['counts'];
}

export interface DigestArchive {
  readonly timezone: string;
  todayKey(): string;
  /** Whether a day key is today or earlier (later days have no digest yet). */
  isPublished(key: string): boolean;
  /** The digest of a day; today's runs to the end of the current minute. Null for a bad or future day. */
  day(key: string): Promise<DigestDocument | null>;
  /** The `n` days before today, newest first. */
  pastDays(n: number): string[];
  topic(id: string): Promise<TopicDigest | null>;
  /** Forget kept past days. */
  clearCache(): void;
}

const MINUTE = 60_000;

export function createDigestArchive(options: DigestArchiveOptions): DigestArchive {
  const { news, timezone } = options;
  const clock = options.clock ?? systemClock;
  const topicDays = options.topicDays ?? 3;
  const topicItems = options.topicItems ?? 40;
  // Rounded up to the minute: a stable window (and cache key) for a minute.
  const nowRounded = (): Date => new Date(Math.ceil((clock.now().getTime() + 1) / MINUTE) * MINUTE);
  const todayKey = (): string => dayKeyOf(clock.now(), timezone);
  const pastTtl = options.pastDayTtlMs ?? 3_600_000;
  const past = new Map<string, { at: number; doc: Promise<DigestDocument> }>();

  return {
    timezone,
    todayKey,
    isPublished: (key) => dayWindow(key, timezone) !== null && key <= todayKey(),
    async day(key) {
      const w = dayWindow(key, timezone);
      if (!w || key > todayKey()) return null;
      const now = nowRounded();
      if (w.until.getTime() > now.getTime())
        return news.digest({ since: w.since, until: now, footerHint: '' });
      const at = clock.now().getTime();
      const hit = past.get(key);
      if (hit && at - hit.at < pastTtl) return hit.doc;
      if (past.size > 400) past.clear();
      const doc = news.digest({ since: w.since, until: w.until, footerHint: '' });
      past.set(key, { at, doc });
      doc.catch(() => past.delete(key));
      return doc;
    },
    pastDays(n) {
      const today = todayKey();
      return Array.from({ length: n }, (_, i) => shiftDay(today, -(i + 1)));
    },
    clearCache() {
      past.clear();
    },
    async topic(id) {
      const topic = news.topics().find((t) => t.id === id);
      if (!topic) return null;
      const first = dayWindow(shiftDay(todayKey(), -(topicDays - 1)), timezone);
      const until = nowRounded();
      const since = first?.since ?? new Date(until.getTime() - topicDays * 24 * 60 * MINUTE);
      const doc = await news.digest({
        since,
        until,
        filters: { topics: [id] },
        maxItems: topicItems,
        maxItemsPerSection: topicItems,
        footerHint: '',
      });
      // Every item carries the topic; sections only said which topic was its best.
      const items = doc.sections.flatMap((s) => s.items);
      items.sort((a, b) => (b.publishedAt?.getTime() ?? 0) - (a.publishedAt?.getTime() ?? 0));
      return { topic, since, until, items, counts: doc.counts };
    },
  };
}
