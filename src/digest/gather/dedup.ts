/**
 * Dedup keys, article ids and content hashes: pure functions, so the same
 * item gets the same key however a feed re-dates or re-orders it.
 */
import { createHash } from 'node:crypto';

/** Query parameters that only track the reader; they never change the article. */
const TRACKING =
  /^(?:utm_.*|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|mc_cid|mc_eid|zarsrc|zalo_?src|_ga|_gl|igshid|ref|ref_src|src|source|vn_source|vn_medium|vn_campaign|vn_content|vn_term|s_cid|cmpid|ito|trk|share|at_.*)$/i;

/** Canonical form of an article URL: lowercase host, no fragment, no tracking parameters, no default port. */
export function canonicalizeUrl(raw: string): string {
  const u = new URL(raw);
  u.hash = '';
  u.hostname = u.hostname.toLowerCase();
  if ((u.protocol === 'http:' && u.port === '80') || (u.protocol === 'https:' && u.port === '443'))
    u.port = '';
  const kept = [...u.searchParams].filter(([k]) => !TRACKING.test(k));
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  u.search = '';
  for (const [k, v] of kept) u.searchParams.append(k, v);
  return u.href;
}

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

function normalizeForHash(s: string): string {
  return s.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
}

export interface DedupInput {
  guid: string | null;
  /** The item's URL (from the feed or listing page). */
  url: string;
  /** The page's canonical URL, when extracted. */
  canonicalUrl?: string | null;
  title: string;
  body?: string;
}

/**
 * `guid:` when the feed gives a guid that is not just another article's URL
 * (some feeds put a different article's link in guid), else `url:` of the
 * canonical URL, else `hash:` of the normalized title and body.
 */
export function dedupKey(input: DedupInput): string {
  const guid = input.guid?.trim();
  let itemUrl: string | null = null;
  try {
    itemUrl = canonicalizeUrl(input.canonicalUrl ?? input.url);
  } catch {
    itemUrl = null;
  }
  if (guid) {
    let guidUrl: string | null = null;
    try {
      guidUrl = /^https?:\/\//i.test(guid) ? canonicalizeUrl(guid) : null;
    } catch {
      guidUrl = null;
    }
    // A URL guid is only trusted when it is this article's own URL; then the URL key is the same thing.
    if (!guidUrl) return `guid:${guid}`;
    if (itemUrl && guidUrl === itemUrl) return `url:${itemUrl}`;
  }
  if (itemUrl) return `url:${itemUrl}`;
  return `hash:${sha256(normalizeForHash(`${input.title}\n${input.body ?? ''}`))}`;
}

export interface AssignedKeys {
  /** One key per input, in input order. */
  keys: string[];
  /**
   * Items whose guid was shared with an item of another URL in the same
   * batch: they are keyed by URL instead, and counted so the gather report
   * can say so.
   */
  guidCollisions: number;
}

/**
 * Keys for one feed's items. A guid shared by items with different URLs is
 * not an identity (a broken feed, or a CMS reusing ids): those items are keyed
 * by their URL, so ten articles with one guid stay ten articles instead of one
 * stored and nine silently dropped. Deterministic whatever the item order.
 */
export function assignDedupKeys(inputs: DedupInput[]): AssignedKeys {
  const urlsByGuid = new Map<string, Set<string>>();
  const urlOf = (input: DedupInput): string | null => {
    try {
      return canonicalizeUrl(input.canonicalUrl ?? input.url);
    } catch {
      return null;
    }
  };
  for (const input of inputs) {
    const guid = input.guid?.trim();
    const url = urlOf(input);
    if (!guid || !url) continue;
    const set = urlsByGuid.get(guid) ?? new Set<string>();
    set.add(url);
    urlsByGuid.set(guid, set);
  }
  let guidCollisions = 0;
  const keys = inputs.map((input) => {
    const guid = input.guid?.trim();
    if (guid && (urlsByGuid.get(guid)?.size ?? 0) > 1) {
      guidCollisions++;
      return dedupKey({ ...input, guid: null });
    }
    return dedupKey(input);
  });
  return { keys, guidCollisions };
}

/** Stable article id: the first 16 hex digits of sha256(dedupKey). */
export function articleId(key: string): string {
  return sha256(key).slice(0, 16);
}

/** sha256 of NFC title + lead + body: the summary cache key. */
export function contentHash(title: string, lead: string, body: string): string {
  return sha256(`${title}\n${lead}\n${body}`.normalize('NFC'));
}
