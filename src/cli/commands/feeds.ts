/**
 * `feeds list | check <id|url> | add <url> | remove <id> | pause <id> | resume <id>`
 * (and, in feeds-io.ts, `restore`, `rename`, `filter`, `import`, `export`, `check --all`).
 * Each error says what failed and the one fix that applies, and is printed
 * once (by the CLI's top level), never also as a report line.
 * The command logic lives in exported functions that take their dependencies
 * (feed store, gatherer, output), so tests run them without building the app.
 */
import type { Command } from 'commander';
import { compile } from 'css-select';
import type { FailureInfo } from '../../digest/gather/index.js';
import { feedIdFromUrl, noItemsFailure } from '../../digest/gather/index.js';
import type { FeedCheckReport, Gatherer } from '../../digest/gather/index.js';
import type { FeedConfig, FeedType } from '../../digest/model.js';
import type { FeedListing, FeedStore } from '../../digest/ports.js';
import type { CliContext } from '../context.js';
import { HanoiDigestError } from '../../digest/errors.js';
import * as io from './feeds-io.js';
import { listFeeds } from './feeds-list.js';

export { listFeeds };

/** A feeds command refused or failed; the CLI prints the message and exits 1. */
export class FeedCommandError extends HanoiDigestError {
  override readonly name = 'FeedCommandError';
  constructor(
    message: string,
    readonly feedId: string | null = null,
  ) {
    super(message);
  }
}

export interface FeedsDeps {
  feeds: FeedStore;
  gatherer: Pick<Gatherer, 'check'>;
  out: NodeJS.WritableStream;
}

export interface FeedSourceOptions {
  type?: string;
  selector?: string;
}

export interface AddFeedOptions extends FeedSourceOptions {
  id?: string;
  name?: string;
}

const ID_RE = /^[a-z0-9-]+$/;

/** The one fix for a failed check, by failure kind (the reason itself is the Vietnamese text). */
export function cliFix(failure: FailureInfo, type: FeedType): string {
  switch (failure.kind) {
    case 'not-found':
    case 'gone':
      return 'open the address in a browser; the outlet may have moved its feed';
    case 'forbidden':
      return 'the outlet refuses bots; try its listing page with --type page --selector "<CSS>"';
    case 'rate-limited':
      return 'wait a while and try again';
    case 'server-error':
    case 'timeout':
      return 'the outlet is down or slow; try again later';
    case 'blocked':
      return "use the outlet's public address (for a local test server: FETCH_ALLOW_PRIVATE=host:port)";
    case 'bad-url':
      return 'give an http:// or https:// address';
    case 'too-large':
      return 'use the RSS address or a smaller listing page, or raise FETCH_MAX_BYTES';
    case 'redirect':
      return 'open it in a browser and use the address it ends at';
    case 'refused':
      return 'check the host and port: nothing answers there';
    case 'dns':
      return 'check the spelling of the host name';
    case 'network':
      return "check this machine's network connection";
    case 'not-a-feed':
      return 'if it is an HTML listing page, add it with --type page --selector "<CSS for article links>"';
    case 'no-items':
      return type === 'page'
        ? 'no link matched: check --selector against the page'
        : 'the feed is empty: check the address';
    default:
      return 'try again; if it keeps failing, run with LOG_LEVEL=debug and report it';
  }
}

function failureOf(report: FeedCheckReport): FailureInfo {
  return report.failure ?? noItemsFailure();
}

function when(d: Date | null): string {
  return d ? `${d.toISOString().slice(0, 16).replace('T', ' ')}Z` : '-';
}

function parseUrl(text: string): URL {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new FeedCommandError(
      `"${text}" is not a URL. Fix: give the full address, starting with http:// or https://`,
    );
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new FeedCommandError(
      `"${text}" is not an http or https URL. Fix: use the outlet's http:// or https:// address`,
    );
  return u;
}

function parseSource(opts: FeedSourceOptions): { type: FeedType; linkSelector?: string } {
  const type = opts.type ?? (opts.selector ? 'page' : 'rss');
  if (type !== 'rss' && type !== 'page')
    throw new FeedCommandError(`--type "${type}" is unknown. Fix: use --type rss or --type page`);
  if (type === 'page' && !opts.selector)
    throw new FeedCommandError(
      '--type page needs --selector. Fix: add --selector "<CSS selector for article links>"',
    );
  if (type === 'rss' && opts.selector)
    throw new FeedCommandError(
      '--selector is only used with --type page. Fix: add --type page, or drop --selector',
    );
  if (!opts.selector) return { type };
  try {
    compile(opts.selector);
  } catch (err) {
    throw new FeedCommandError(
      `--selector "${opts.selector}" is not a valid CSS selector (${(err as Error).message}). Fix: test it in the browser's console with document.querySelectorAll`,
    );
  }
  return { type, linkSelector: opts.selector };
}

/** Feed ids derived from a URL: the same rule as OPML import. */
export { feedIdFromUrl };

async function originOf(feeds: FeedStore, id: string): Promise<'config' | 'admin' | null> {
  const list = feeds.listWithOrigin ? await feeds.listWithOrigin() : null;
  return list?.find((f) => f.id === id)?.origin ?? null;
}

function printReport(out: NodeJS.WritableStream, r: FeedCheckReport): void {
  out.write(`url:     ${r.url}\n`);
  out.write(`format:  ${r.format ?? 'unknown'}\n`);
  out.write(`title:   ${r.title ?? '-'}\n`);
  out.write(`items:   ${r.itemCount}\n`);
  if (r.newest)
    out.write(
      `newest:  ${r.newest.title} (${when(r.newest.publishedAt)})\n         ${r.newest.url}\n`,
    );
  for (const e of r.errors) out.write(`error:   ${e}\n`);
}

/** Fetches a stored feed (by id) or a URL once, storing nothing; throws when it yields no items. */
export async function checkFeed(
  deps: FeedsDeps,
  idOrUrl: string,
  opts: FeedSourceOptions = {},
): Promise<FeedCheckReport> {
  const stored = await deps.feeds.get(idOrUrl);
  let target: Pick<FeedConfig, 'url' | 'type'> & { linkSelector?: string };
  if (stored) {
    target = {
      url: stored.url,
      type: stored.type,
      ...(stored.linkSelector ? { linkSelector: stored.linkSelector } : {}),
    };
  } else if (/^[a-z][a-z0-9+.-]*:/i.test(idOrUrl)) {
    target = { url: parseUrl(idOrUrl).href, ...parseSource(opts) };
  } else {
    throw new FeedCommandError(
      `feeds check: no feed with id "${idOrUrl}" (and it is not a URL). Fix: pick an id from \`feeds list\`, or give a URL`,
      idOrUrl,
    );
  }
  const report = await deps.gatherer.check(target);
  if (report.itemCount === 0) {
    const f = failureOf(report);
    throw new FeedCommandError(
      `feeds check: ${target.url} failed: ${f.text}. Fix: ${cliFix(f, target.type)}`,
      stored?.id ?? null,
    );
  }
  printReport(deps.out, report);
  return report;
}

/** Checks the URL once (same safety rules as gathering) and stores it as an admin feed. */
export async function addFeed(
  deps: FeedsDeps,
  url: string,
  opts: AddFeedOptions = {},
): Promise<FeedConfig> {
  const href = parseUrl(url).href;
  const source = parseSource(opts);
  const id = opts.id ?? feedIdFromUrl(href);
  if (!ID_RE.test(id))
    throw new FeedCommandError(
      `feeds add: --id "${id}" is not a valid id. Fix: use only lowercase letters a-z, digits and hyphens`,
      id,
    );
  // The URL first: when it is already stored, another --id would only be refused again.
  const all = deps.feeds.listWithOrigin
    ? await deps.feeds.listWithOrigin()
    : await deps.feeds.list();
  const same = all.find((f) => f.url === href);
  if (same)
    throw new FeedCommandError(
      `feeds add: ${href} is already stored as feed "${same.id}". Fix: ${(same as FeedListing).removed ? `bring it back with \`feeds restore ${same.id}\`` : `nothing to add; see \`feeds list\``}`,
      same.id,
    );
  if (all.some((f) => f.id === id)) {
    let n = 2;
    while (all.some((f) => f.id === `${id}-${n}`)) n += 1;
    throw new FeedCommandError(
      `feeds add: the id "${id}" is taken by another feed. Fix: add --id ${id}-${n}`,
      id,
    );
  }

  const report = await deps.gatherer.check({ url: href, ...source });
  if (report.itemCount === 0) {
    const f = failureOf(report);
    throw new FeedCommandError(
      `feeds add: ${href} failed: ${f.text}. Fix: ${cliFix(f, source.type)}`,
      id,
    );
  }
  const name = (opts.name ?? report.title ?? new URL(href).hostname).trim().normalize('NFC');
  const feed: FeedConfig = { id, name, url: href, ...source, enabled: true };
  await deps.feeds.upsert(feed, 'admin');
  deps.out.write(
    `added feed "${id}" (${name}): ${report.itemCount} items, format ${report.format ?? 'unknown'}\n`,
  );
  return feed;
}

export function noSuchFeed(cmd: string, id: string): FeedCommandError {
  return new FeedCommandError(
    `feeds ${cmd}: there is no feed "${id}". Fix: pick an id from \`feeds list\``,
    id,
  );
}

export async function removeFeed(deps: FeedsDeps, id: string): Promise<void> {
  const origin = await originOf(deps.feeds, id);
  if (!(await deps.feeds.remove(id))) throw noSuchFeed('remove', id);
  deps.out.write(`removed feed "${id}" (its stored articles are kept)\n`);
  if (origin === 'config')
    deps.out.write(
      `note: "${id}" is listed in feeds.yaml; it stays removed across restarts until \`feeds restore ${id}\`\n`,
    );
}

export async function setFeedEnabled(deps: FeedsDeps, id: string, enabled: boolean): Promise<void> {
  if (!(await deps.feeds.setEnabled(id, enabled)))
    throw noSuchFeed(enabled ? 'resume' : 'pause', id);
  deps.out.write(`${enabled ? 'resumed' : 'paused'} feed "${id}"\n`);
  if (!enabled && (await originOf(deps.feeds, id)) === 'config') {
    deps.out.write(
      `note: "${id}" is listed in feeds.yaml; it stays paused across restarts until \`feeds resume ${id}\`\n`,
    );
  }
}

type ConfigOpt = { config?: string };

export function register(program: Command, ctx: CliContext): void {
  const feeds = program
    .command('feeds')
    .description(
      'list, check, add, remove, pause, resume, restore, rename, filter, import and export feeds',
    );

  async function withDeps(o: ConfigOpt, run: (deps: FeedsDeps) => Promise<unknown>): Promise<void> {
    const app = await ctx.openApp(o.config ? { configDir: o.config } : {});
    try {
      await run({ feeds: app.stores.feeds, gatherer: app.gatherer, out: ctx.out });
    } finally {
      await app.close();
    }
  }
  const configOption = [
    '--config <dir>',
    'configuration directory (default: CONFIG_DIR or ./config)',
  ] as const;

  feeds
    .command('list')
    .description(
      'every feed with its type, state, last success, consecutive failures and last error',
    )
    .option(...configOption)
    .action((o: ConfigOpt) => withDeps(o, (d) => listFeeds(d)));

  feeds
    .command('check [id-or-url]')
    .description('fetch a stored feed or a URL once and report what it holds (stores nothing)')
    .option('--type <type>', 'rss or page (for a URL)')
    .option('--selector <css>', 'CSS selector for article links (for --type page)')
    .option('--all', 'check every stored feed (or every feed of --file)')
    .option(
      '--file <feeds.yaml>',
      "with --all: check this file's feeds and mark each checked: true/false",
    )
    .option(...configOption)
    .action(
      (
        idOrUrl: string | undefined,
        o: ConfigOpt & FeedSourceOptions & { all?: boolean; file?: string },
      ) => {
        if (o.all) return withDeps(o, (d) => io.checkAllFeeds(d, o.file));
        if (!idOrUrl)
          throw new FeedCommandError(
            'feeds check: no feed given. Fix: name a feed id or URL, or pass --all',
          );
        return withDeps(o, (d) => checkFeed(d, idOrUrl, o));
      },
    );

  feeds
    .command('restore <id>')
    .description('undo every admin change to a feeds.yaml feed (removal, pause, name, filters)')
    .option(...configOption)
    .action((id: string, o: ConfigOpt) => withDeps(o, (d) => io.restoreFeed(d, id)));

  feeds
    .command('rename <id> <name>')
    .description('change the outlet name shown to readers')
    .option(...configOption)
    .action((id: string, name: string, o: ConfigOpt) =>
      withDeps(o, (d) => io.renameFeed(d, id, name)),
    );

  feeds
    .command('filter <id>')
    .description(
      'show or set include/exclude words (comma-separated; case and diacritics ignored, whole words)',
    )
    .option('--include <words>', 'keep only items with one of these, e.g. "Hà Nội,giao thông"')
    .option('--exclude <words>', 'drop items with any of these, e.g. "bóng đá"')
    .option('--clear', 'remove the filters')
    .option(...configOption)
    .action((id: string, o: ConfigOpt & io.FilterOptions) =>
      withDeps(o, (d) => io.setFeedFilter(d, id, o)),
    );

  feeds
    .command('import <file>')
    .description('import feeds from an OPML file: shows what would change; --yes applies it')
    .option('--yes', 'apply the import')
    .option(...configOption)
    .action((file: string, o: ConfigOpt & { yes?: boolean }) =>
      withDeps(o, (d) => io.importFeeds(d, file, Boolean(o.yes))),
    );

  feeds
    .command('export')
    .description('print every feed as OPML 2.0 (feeds export > feeds.opml)')
    .option(...configOption)
    .action((o: ConfigOpt) => withDeps(o, (d) => io.exportFeeds(d)));

  feeds
    .command('add <url>')
    .description('check a feed once, then store it as an admin feed')
    .option('--type <type>', 'rss (default) or page')
    .option('--selector <css>', 'CSS selector for article links (required with --type page)')
    .option('--id <id>', 'feed id, [a-z0-9-]+ (default: derived from the URL)')
    .option('--name <name>', 'outlet name shown to readers (default: the feed title)')
    .option(...configOption)
    .action((url: string, o: ConfigOpt & AddFeedOptions) => withDeps(o, (d) => addFeed(d, url, o)));

  feeds
    .command('remove <id>')
    .description('remove a feed (its stored articles are kept)')
    .option(...configOption)
    .action((id: string, o: ConfigOpt) => withDeps(o, (d) => removeFeed(d, id)));

  feeds
    .command('pause <id>')
    .description('stop fetching a feed')
    .option(...configOption)
    .action((id: string, o: ConfigOpt) => withDeps(o, (d) => setFeedEnabled(d, id, false)));

  feeds
    .command('resume <id>')
    .description('fetch a paused feed again')
    .option(...configOption)
    .action((id: string, o: ConfigOpt) => withDeps(o, (d) => setFeedEnabled(d, id, true)));
}
