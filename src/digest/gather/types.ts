/** The gatherer's contract: feeds in, clean articles stored. */
import type { FeedConfig, FeedItem } from '../model.js';

export interface FeedRunReport {
  feedId: string;
  /** Articles stored as new (fresh) in this run. */
  new: number;
  /** Items already stored, or stored as seen backlog. */
  seen: number;
  /** Items (or the feed itself) that failed. */
  failed: number;
  /**
   * Items sharing a guid with an item of another URL in the same fetch,
   * kept apart by URL (optional: absent means none).
   */
  guidCollisions?: number;
  /** true when the server answered 304 Not Modified. */
  notModified: boolean;
  ms: number;
  /** Why the feed failed, when it did. */
  error: string | null;
}

export interface GatherReport {
  feeds: FeedRunReport[];
  startedAt: Date;
  finishedAt: Date;
}

export interface GatherProgress {
  feedId: string;
  done: number;
  total: number;
  report: FeedRunReport;
}

export interface GatherOptions {
  /** Only these feeds (default: every enabled feed). */
  feedIds?: string[];
  onProgress?: (p: GatherProgress) => void;
  signal?: AbortSignal;
}

export interface FeedCheckReport {
  url: string;
  /** Detected format: rss, atom, rdf, or page. */
  format: 'rss' | 'atom' | 'rdf' | 'page' | null;
  title: string | null;
  itemCount: number;
  newest: FeedItem | null;
  errors: string[];
}

export interface Gatherer {
  gather(options?: GatherOptions): Promise<GatherReport>;
  /** Fetch once and report, storing nothing (CLI `feeds check`, admin `/addfeed`). */
  check(
    feed: Pick<FeedConfig, 'url' | 'type'> & { linkSelector?: string },
  ): Promise<FeedCheckReport>;
}
