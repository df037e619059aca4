/**
 * `feeds list`: every feed with its type, state, next try and origin, then
 * its URL, last error (plain Vietnamese, as admins see it in /feeds) and
 * filters on their own lines.
 */
import type { FeedConfig, FeedState } from '../../digest/model.js';
import type { FeedListing } from '../../digest/ports.js';
import type { FeedsDeps } from './feeds.js';

function when(d: Date | null): string {
  return d ? `${d.toISOString().slice(0, 16).replace('T', ' ')}Z` : '-';
}

function stateText(f: FeedConfig, st: FeedState | null, now: Date): string {
  if (!f.enabled) return 'paused';
  if (st?.disabledAt) return `disabled ${when(st.disabledAt)}`;
  if (st && st.consecutiveFailures > 0)
    return `failing since ${when(st.failingSince ?? st.lastAttemptAt ?? now)} (${st.consecutiveFailures}x)`;
  if (st?.lastSuccessAt) return `ok ${when(st.lastSuccessAt)}`;
  return 'not fetched yet';
}

function originText(f: FeedListing): string {
  if (f.origin === 'admin') return 'admin';
  const word = (k: string): string =>
    k === 'enabled' ? (f.enabled ? 'resumed' : 'paused') : k === 'name' ? 'renamed' : k;
  return f.overridden?.length
    ? `feeds.yaml + admin (${f.overridden.map(word).join(', ')})`
    : 'feeds.yaml';
}

/**
 * Every feed: id, type, state, next try, origin, then its URL, last error
 * (plain Vietnamese, as admins see it in /feeds) and filters on their own lines.
 */
export async function listFeeds(deps: FeedsDeps, now: Date = new Date()): Promise<void> {
  const feeds: FeedListing[] = deps.feeds.listWithOrigin
    ? await deps.feeds.listWithOrigin()
    : (await deps.feeds.list()).map((f) => ({ ...f, origin: 'admin' as const }));
  if (feeds.length === 0) {
    deps.out.write('no feeds (add one with `feeds add <url>` or list them in config/feeds.yaml)\n');
    return;
  }
  const width = Math.max(4, ...feeds.map((f) => f.id.length));
  const rows: string[][] = [['id', 'type', 'state', 'next try', 'origin']];
  const extra: string[][] = [[]];
  for (const f of feeds) {
    const st = f.removed ? null : await deps.feeds.getState(f.id);
    const next =
      f.removed || !f.enabled || st?.disabledAt
        ? '-'
        : st?.nextAttemptAt && st.nextAttemptAt > now
          ? when(st.nextAttemptAt)
          : 'next run';
    rows.push([
      f.id,
      f.type,
      f.removed ? 'removed by admin' : stateText(f, st, now),
      next,
      originText(f),
    ]);
    const lines = [`url: ${f.url}`];
    if (st?.lastError && st.consecutiveFailures > 0) lines.push(`last error: ${st.lastError}`);
    if (f.filters?.include.length) lines.push(`include: ${f.filters.include.join(' | ')}`);
    if (f.filters?.exclude.length) lines.push(`exclude: ${f.filters.exclude.join(' | ')}`);
    extra.push(lines);
  }
  const widths = [width, 4, Math.max(5, ...rows.map((r) => r[2]!.length)), 17];
  rows.forEach((r, i) => {
    const cells = r.map((c, j) => (j < widths.length ? c.padEnd(widths[j]!) : c));
    deps.out.write(`${cells.join('  ').trimEnd()}\n`);
    for (const l of extra[i] ?? []) deps.out.write(`${' '.repeat(width + 2)}${l}\n`);
  });
}
