/** The news service: what bots, the scheduler and the CLI ask the core for. */
import type { Article, DigestDocument, Story, SubscriptionFilters, TopicConfig } from '../model.js';

export interface ComposeOptions {
  /** Window start; default `until - 24h`. */
  since?: Date;
  /** Window end (the slot); default now. */
  until?: Date;
  filters?: Partial<SubscriptionFilters>;
  maxItemsPerSection?: number;
  maxItems?: number;
  summaryMaxChars?: number;
  /** Only Hà Nội civic stories (default true). */
  hanoiOnly?: boolean;
  /**
   * The footer's "how to change the subscription" hint for this digest; '' for
   * none. Default: the service's. Only chats, where commands work, want it:
   * channel posts and web pages pass ''.
   */
  footerHint?: string;
}

export interface TopicCount {
  topic: TopicConfig;
  count: number;
}

export interface NewsService {
  /** Stories in a window: analysed (summary, topics), grouped, newest first. */
  stories(options?: ComposeOptions): Promise<Story[]>;
  /** Compose a digest. Cached per (window, filters) so a fan-out composes once. */
  digest(options?: ComposeOptions): Promise<DigestDocument>;
  latest(n: number): Promise<Story[]>;
  /** Matches ignoring diacritics and tone placement, including ward/commune names. */
  search(query: string, limit?: number): Promise<Story[]>;
  /**
   * Per topic, how many items `digest({ since, until, filters: { topics: [id] } })`
   * shows; default window: the last `windowHours` up to now.
   */
  topicCounts(since?: Date, until?: Date): Promise<TopicCount[]>;
  topics(): TopicConfig[];
  /** Forget composed digests and story lists (after gathering added articles). */
  clearCache?(): void;
  /**
   * Analyse (summarize, classify, save) just these articles, so a gathering
   * tick pays for what it found and nothing else; returns how many were new.
   */
  analyse?(articles: Article[]): Promise<number>;
}
