/**
 * `feeds restore | rename | filter | import | export | check --all`: the
 * feed commands that go beyond one fetch. Like feeds.ts, the logic is in
 * exported functions taking their dependencies, so tests call them directly.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { feedsToOpml, OpmlError, parseOpml, planImport } from '../../digest/gather/index.js';
import { normalizeFilterList } from '../../digest/gather/index.js';
import type { FeedConfig } from '../../digest/model.js';
import { cliFix, FeedCommandError, noSuchFeed, type FeedsDeps } from './feeds.js';

export async function restoreFeed(deps: FeedsDeps, id: string): Promise<void> {
  if (!deps.feeds.restore || !(await deps.feeds.restore(id))) {
    const f = (await deps.feeds.listWithOrigin?.())?.find((x) => x.id === id);
    if (!f) throw noSuchFeed('restore', id);
    throw new FeedCommandError(
      `feeds restore: "${id}" has no admin change to undo. Fix: none needed; ${f.origin === 'admin' ? 'it was added by an admin, not listed in feeds.yaml' : 'it is as feeds.yaml says'}`,
      id,
    );
  }
  deps.out.write(`restored feed "${id}" to what feeds.yaml says\n`);
}

export async function renameFeed(deps: FeedsDeps, id: string, name: string): Promise<void> {
  const clean = name.normalize('NFC').trim().replace(/\s+/gu, ' ');
  if (!clean)
    throw new FeedCommandError(
      'feeds rename: the new name is empty. Fix: give a name in quotes',
      id,
    );
  if (!deps.feeds.rename || !(await deps.feeds.rename(id, clean))) throw noSuchFeed('rename', id);
  deps.out.write(`renamed feed "${id}" to "${clean}"\n`);
}

export interface FilterOptions {
  include?: string;
  exclude?: string;
  clear?: boolean;
}

const splitList = (v: string | undefined): string[] => normalizeFilterList((v ?? '').split(','));

export async function setFeedFilter(deps: FeedsDeps, id: string, o: FilterOptions): Promise<void> {
  const feed = await deps.feeds.get(id);
  if (!feed) throw noSuchFeed('filter', id);
  if (!deps.feeds.setFilters)
    throw new FeedCommandError('feeds filter: this store cannot keep filters. Fix: use SQLite', id);
  if (o.clear) {
    await deps.feeds.setFilters(id, null);
    deps.out.write(`cleared the filters of "${id}"\n`);
    return;
  }
  if (o.include === undefined && o.exclude === undefined) {
    const f = feed.filters;
    deps.out.write(
      f
        ? `${id}: include ${f.include.join(' | ') || '-'}; exclude ${f.exclude.join(' | ') || '-'}\n`
        : `${id}: no filters (every item is kept)\n`,
    );
    return;
  }
  const filters = {
    include: o.include === undefined ? (feed.filters?.include ?? []) : splitList(o.include),
    exclude: o.exclude === undefined ? (feed.filters?.exclude ?? []) : splitList(o.exclude),
  };
  await deps.feeds.setFilters(id, filters);
  deps.out.write(
    `filters of "${id}": include ${filters.include.join(' | ') || '-'}; exclude ${filters.exclude.join(' | ') || '-'}\n`,
  );
}

export async function exportFeeds(deps: FeedsDeps): Promise<void> {
  deps.out.write(feedsToOpml(await deps.feeds.list()));
}

/** Shows what an OPML file would change; applies it with `yes`. */
export async function importFeeds(deps: FeedsDeps, file: string, yes: boolean): Promise<void> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new FeedCommandError(
      `feeds import: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'}). Fix: check the path`,
    );
  }
  let plan;
  try {
    const existing = deps.feeds.listWithOrigin
      ? await deps.feeds.listWithOrigin()
      : await deps.feeds.list();
    plan = planImport(parseOpml(text), existing);
  } catch (err) {
    if (err instanceof OpmlError)
      throw new FeedCommandError(
        `feeds import: ${file} is not OPML we can read: ${err.message}. Fix: export it again from your reader`,
      );
    throw err;
  }
  const line = (verb: string, f: FeedConfig): string =>
    `  ${verb.padEnd(9)} ${f.id}  ${f.type}  ${f.url}${f.enabled ? '' : '  (paused)'}\n`;
  for (const f of plan.add) deps.out.write(line('add', f));
  for (const f of plan.update) deps.out.write(line('update', f));
  for (const f of plan.unchanged) deps.out.write(line('unchanged', f));
  for (const s of plan.skipped) deps.out.write(`  skip      ${s.outline}: ${s.problem}\n`);
  const summary = `${plan.add.length} to add, ${plan.update.length} to update, ${plan.unchanged.length} unchanged, ${plan.skipped.length} skipped`;
  if (!yes) {
    deps.out.write(
      `${summary}\n${plan.add.length + plan.update.length ? 'nothing changed yet: run again with --yes to apply\n' : ''}`,
    );
    return;
  }
  for (const f of [...plan.add, ...plan.update]) await deps.feeds.upsert(f, 'admin');
  deps.out.write(`imported: ${summary}\n`);
}

/**
 * Checks every feed: the stored ones, or those of a feeds YAML file. With a
 * file, each entry's `checked:` is set to the outcome (comments kept), which
 * is how config/feeds.example.yaml loses its "unchecked" marks.
 */
export async function checkAllFeeds(deps: FeedsDeps, file?: string): Promise<void> {
  let feeds: FeedConfig[];
  let doc: ReturnType<typeof parseDocument> | null = null;
  if (file) {
    doc = parseDocument(await readFile(file, 'utf8'));
    const raw = (doc.toJS() as { feeds?: Record<string, unknown>[] }).feeds ?? [];
    feeds = raw.map((f) => ({
      id: String(f['id']),
      name: String(f['name'] ?? f['id']),
      url: String(f['url']),
      type: f['type'] === 'page' ? 'page' : 'rss',
      enabled: f['enabled'] !== false,
      ...(typeof f['link_selector'] === 'string' ? { linkSelector: f['link_selector'] } : {}),
    }));
  } else {
    feeds = await deps.feeds.list();
  }
  let failed = 0;
  const width = Math.max(4, ...feeds.map((f) => f.id.length));
  for (const [i, f] of feeds.entries()) {
    const r = await deps.gatherer.check({
      url: f.url,
      type: f.type,
      ...(f.linkSelector ? { linkSelector: f.linkSelector } : {}),
    });
    const okay = r.itemCount > 0;
    if (!okay) failed += 1;
    const why = r.failure ?? null;
    deps.out.write(
      `${f.id.padEnd(width)}  ${okay ? `ok      ${r.itemCount} items` : `FAILED  ${why?.text ?? 'không tìm thấy bài nào'} — fix: ${why ? cliFix(why, f.type) : 'check the address'}`}\n`,
    );
    doc?.setIn(['feeds', i, 'checked'], okay);
  }
  if (doc && file) await writeFile(file, doc.toString());
  deps.out.write(
    `${feeds.length - failed} of ${feeds.length} feeds ok${file ? `; marked in ${file}` : ''}\n`,
  );
  if (failed > 0)
    throw new FeedCommandError(
      `feeds check --all: ${failed} feed(s) failed. Fix: apply the fix shown on each FAILED line`,
    );
}
