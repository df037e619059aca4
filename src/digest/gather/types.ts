/** The gatherer's contract: feeds in, clean articles stored. */
import type { FeedConfig, FeedItem } from '../model.js';
import type { FailureInfo } from './failure.js';

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
  /** Why the feed failed, when it did (plain Vietnamese). */
  error: string | null;
  /** Items dropped by the feed's include/exclude filters. */
  filtered?: number;
  /** Not fetched this run: waiting after failures, or disabled. */
  skipped?: 'backoff' | 'disabled';
  /** With `skipped: 'backoff'`: the next try. */
  nextAttemptAt?: Date;
}

/** A change in a feed's health that admins are told about. */
export interface FeedHealthEvent {
  kind: 'failing' | 'disabled' | 'recovered';
  feed: FeedConfig;
  /** Failures in a row (for `recovered`: before the success). */
  failures: number;
  failingSince: Date;
  /** The last failure (null for `recovered`). */
  failure: FailureInfo | null;
  /** The next try (null once disabled or recovered). */
  nextAttemptAt: Date | null;
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
  /** Plain-Vietnamese reasons. */
  errors: string[];
  /** The failure, with its kind and advice, when the check failed. */
  failure?: FailureInfo;
}

export interface Gatherer {
  gather(options?: GatherOptions): Promise<GatherReport>;
  /** Fetch once and report, storing nothing (CLI `feeds check`, admin `/addfeed`). */
  check(
    feed: Pick<FeedConfig, 'url' | 'type'> & { linkSelector?: string },
  ): Promise<FeedCheckReport>;
}
