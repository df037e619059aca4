/**
 * Network fetching, outside the core: the safe fetcher (undici with a DNS
 * guard against private addresses, size and time caps, per-host limits) that
 * implements the core's `Fetcher` port.
 */
export { createSafeFetcher, DEFAULT_USER_AGENT } from './safe-fetch.js';
export type { SafeFetcher, SafeFetchOptions } from './safe-fetch.js';
export { blockedReason } from './address-guard.js';
