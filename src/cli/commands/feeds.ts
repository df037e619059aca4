/**
 * `feeds list | check <id|url> | add <url> | remove <id> | pause <id> | resume <id>`.
 * The command logic lives in exported functions that take their dependencies
 * (feed store, gatherer, output), so tests run them without building the app.
 */
import type { Command } from 'commander';
import { compile } from 'css-select';
import type { FeedCheckReport, Gatherer } from '../../digest/gather/index.js';
import type { FeedConfig, FeedType } from '../../digest/model.js';
import type { FeedStore } from '../../digest/ports.js';
import type { CliContext } from '../context.js';
import { HanoiDigestError } from '../../digest/errors.js';

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

function when(d: Date | null): string {
  return d ? `${d.toISOString().slice(0, 16).replace('T', ' ')}Z` : '-';
}

function parseUrl(text: string): URL {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new FeedCommandError(`"${text}" is not a URL (expected http:// or https://)`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new FeedCommandError(`"${text}" is not an http or https URL`);
  return u;
}

function parseSource(opts: FeedSourceOptions): { type: FeedType; linkSelector?: string } {
  const type = opts.type ?? (opts.selector ? 'page' : 'rss');
  if (type !== 'rss' && type !== 'page')
    throw new FeedCommandError(`--type must be rss or page, not "${type}"`);
  if (type === 'page' && !opts.selector)
    throw new FeedCommandError('--type page needs --selector "<CSS selector for article links>"');
  if (type === 'rss' && opts.selector)
    throw new FeedCommandError('--selector is only used with --type page');
  if (!opts.selector) return { type };
  try {
    compile(opts.selector);
  } catch (err) {
    throw new FeedCommandError(
      `--selector "${opts.selector}" is not a valid CSS selector (${(err as Error).message})`,
    );
  }
  return { type, linkSelector: opts.selector };
}

/** "https://www.vietnamplus.vn/rss/xahoi-150.rss" → "vietnamplus-vn-rss-xahoi-150". */
export function feedIdFromUrl(url: string): string {
  const u = new URL(url);
  let path = u.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // keep the encoded form; the slug below drops the % signs
  }
  const raw = `${u.hostname.replace(/^www\./, '')}${path}`
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .replace(/\.(rss|xml|html?|aspx?|php)$/, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return raw.slice(0, 60).replace(/-+$/, '') || 'feed';
}

async function originOf(feeds: FeedStore, id: string): Promise<'config' | 'admin' | null> {
  const list = feeds.listWithOrigin ? await feeds.listWithOrigin() : null;
  return list?.find((f) => f.id === id)?.origin ?? null;
}

export async function listFeeds(deps: FeedsDeps): Promise<void> {
  const feeds: (FeedConfig & { origin?: string })[] = deps.feeds.listWithOrigin
    ? await deps.feeds.listWithOrigin()
    : await deps.feeds.list();
  if (feeds.length === 0) {
    deps.out.write('no feeds (add one with `feeds add <url>` or list them in config/feeds.yaml)\n');
    return;
  }
  const width = Math.max(4, ...feeds.map((f) => f.id.length));
  deps.out.write(
    `${'id'.padEnd(width)}  type  enabled  origin  last success        failures  last error\n`,
  );
  for (const f of feeds) {
    const state = await deps.feeds.getState(f.id);
    const origin = f.origin ?? '-';
    deps.out.write(
      `${f.id.padEnd(width)}  ${f.type.padEnd(4)}  ${(f.enabled ? 'yes' : 'no').padEnd(7)}  ${origin.padEnd(6)}  ` +
        `${when(state?.lastSuccessAt ?? null).padEnd(17)}  ${String(state?.consecutiveFailures ?? 0).padStart(8)}  ${state?.lastError ?? '-'}\n`,
    );
  }
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
      `no feed with id "${idOrUrl}" (and it is not a URL); see \`feeds list\``,
      idOrUrl,
    );
  }
  const report = await deps.gatherer.check(target);
  printReport(deps.out, report);
  if (report.itemCount === 0) {
    throw new FeedCommandError(
      `${target.url}: no items found${report.errors.length ? `: ${report.errors.join('; ')}` : ''}`,
      stored?.id ?? null,
    );
  }
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
      `--id "${id}" must contain only lowercase letters a-z, digits and hyphens`,
      id,
    );
  if (await deps.feeds.get(id))
    throw new FeedCommandError(
      `a feed with id "${id}" already exists; choose another with --id`,
      id,
    );
  const same = (await deps.feeds.list()).find((f) => f.url === href);
  if (same) throw new FeedCommandError(`${href} is already stored as feed "${same.id}"`, same.id);

  const report = await deps.gatherer.check({ url: href, ...source });
  if (report.itemCount === 0) {
    printReport(deps.out, report);
    throw new FeedCommandError(
      `refusing to add ${href}: no items found${report.errors.length ? ` (${report.errors.join('; ')})` : ''}` +
        (source.type === 'rss'
          ? '; if it is an HTML listing page, use --type page --selector "<CSS>"'
          : '; check --selector'),
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

export async function removeFeed(deps: FeedsDeps, id: string): Promise<void> {
  const origin = await originOf(deps.feeds, id);
  if (!(await deps.feeds.remove(id)))
    throw new FeedCommandError(`no feed with id "${id}"; see \`feeds list\``, id);
  deps.out.write(`removed feed "${id}" (its stored articles are kept)\n`);
  if (origin === 'config')
    deps.out.write(
      `note: "${id}" is listed in feeds.yaml and comes back at the next start unless you remove it there\n`,
    );
}

export async function setFeedEnabled(deps: FeedsDeps, id: string, enabled: boolean): Promise<void> {
  if (!(await deps.feeds.setEnabled(id, enabled)))
    throw new FeedCommandError(`no feed with id "${id}"; see \`feeds list\``, id);
  deps.out.write(`${enabled ? 'resumed' : 'paused'} feed "${id}"\n`);
  if ((await originOf(deps.feeds, id)) === 'config') {
    deps.out.write(
      `note: "${id}" is listed in feeds.yaml; set enabled: ${enabled} there to make this survive a restart\n`,
    );
  }
}

type ConfigOpt = { config?: string };

export function register(program: Command, ctx: CliContext): void {
  const feeds = program
    .command('feeds')
    .description('list, check, add, remove, pause and resume feeds');

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
    .command('check <id-or-url>')
    .description('fetch a stored feed or a URL once and report what it holds (stores nothing)')
    .option('--type <type>', 'rss or page (for a URL)')
    .option('--selector <css>', 'CSS selector for article links (for --type page)')
    .option(...configOption)
    .action((idOrUrl: string, o: ConfigOpt & FeedSourceOptions) =>
      withDeps(o, (d) => checkFeed(d, idOrUrl, o)),
    );

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
