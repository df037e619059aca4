/**
 * The port through which gathering reads the web. The core does no network
 * I/O itself: the composition root passes a `Fetcher` (the safe fetcher of
 * `src/fetch`, which refuses private addresses, caps sizes and times, and
 * keeps per-host limits); tests may pass a fake.
 */
export interface FetchRequest {
  /** Validators from the previous fetch, for a conditional GET. */
  etag?: string | null;
  lastModified?: string | null;
  accept?: string;
  signal?: AbortSignal;
}

export interface FetchResult {
  /** The URL requested. */
  url: string;
  /** The URL the body came from, after redirects. */
  finalUrl: string;
  status: number;
  /** true on 304 Not Modified: `body` is empty. */
  notModified: boolean;
  body: Uint8Array;
  contentType: string | null;
  etag: string | null;
  lastModified: string | null;
}

export interface Fetcher {
  fetch(url: string, req?: FetchRequest): Promise<FetchResult>;
  close(): Promise<void>;
}
