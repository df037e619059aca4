/**
 * `gather [--config DIR] [--feed ID...]`: fetch every enabled feed (or the
 * named ones) and print one line per feed: new, seen and failed counts and the
 * time taken. Progress goes to stderr so stdout stays a clean report.
 */
import type { Command } from 'commander';
import type { App } from '../../app/index.js';
import type { FeedRunReport, GatherReport } from '../../digest/gather/index.js';
import type { CliContext } from '../context.js';

export interface GatherIo {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}

/** One report line, e.g. "vnexpress-thoi-su  new 3  seen 27  failed 0  1.2 s". */
export function formatFeedLine(r: FeedRunReport, width = 24): string {
  const secs = `${(r.ms / 1000).toFixed(1)} s`;
  const shared = r.guidCollisions
    ? `  (${r.guidCollisions} items shared a guid; kept apart by URL)`
    : '';
  const status = r.skipped
    ? r.skipped === 'disabled'
      ? '  (disabled after failing for days; `feeds resume` to retry)'
      : `  (backing off until ${r.nextAttemptAt?.toISOString().slice(0, 16).replace('T', ' ') ?? '?'}Z)`
    : r.notModified
      ? '  (not modified)'
      : r.error
        ? `  error: ${r.error}`
        : r.filtered
          ? `  (${r.filtered} filtered out)`
          : '';
  return `${r.feedId.padEnd(width)}  new ${String(r.new).padStart(3)}  seen ${String(r.seen).padStart(3)}  failed ${String(r.failed).padStart(2)}  ${secs.padStart(7)}${status}${shared}`;
}

/**
 * Runs the gatherer with a progress line on stderr (also used by `digest --gather`).
 * Prints the per-feed lines and a total to `io.out`.
 */
export async function gatherWithProgress(
  app: App,
  opts: { feedIds?: string[] },
  io: GatherIo,
): Promise<GatherReport> {
  const tty = (io.err as { isTTY?: boolean }).isTTY === true;
  const report = await app.gatherer.gather({
    ...(opts.feedIds?.length ? { feedIds: opts.feedIds } : {}),
    onProgress: (p) => {
      const line = `[${p.done}/${p.total}] ${p.feedId}: ${p.report.error ? 'failed' : `${p.report.new} new`}`;
      io.err.write(tty ? `\r\x1b[K${line}${p.done === p.total ? '\n' : ''}` : `${line}\n`);
    },
  });
  const width = Math.max(8, ...report.feeds.map((f) => f.feedId.length));
  for (const f of report.feeds) io.out.write(`${formatFeedLine(f, width)}\n`);
  const sum = (k: 'new' | 'seen' | 'failed'): number => report.feeds.reduce((n, f) => n + f[k], 0);
  const secs = ((report.finishedAt.getTime() - report.startedAt.getTime()) / 1000).toFixed(1);
  io.out.write(
    `total: ${report.feeds.length} feeds, new ${sum('new')}, seen ${sum('seen')}, failed ${sum('failed')}, ${secs} s\n`,
  );
  return report;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('gather')
    .description('fetch all enabled feeds and store new articles')
    .option('--config <dir>', 'configuration directory (default: CONFIG_DIR or ./config)')
    .option('--feed <id...>', 'only these feed ids')
    .action(async (o: { config?: string; feed?: string[] }) => {
      const app = await ctx.openApp(o.config ? { configDir: o.config } : {});
      try {
        if (o.feed?.length) {
          const ids = new Set((await app.stores.feeds.list()).map((f) => f.id));
          const unknown = o.feed.filter((id) => !ids.has(id));
          if (unknown.length)
            throw new Error(
              `--feed: no feed with id ${unknown.map((id) => `"${id}"`).join(', ')}; run \`feeds list\` for the ids`,
            );
        }
        const report = await gatherWithProgress(app, o.feed ? { feedIds: o.feed } : {}, ctx);
        if (report.feeds.length > 0 && report.feeds.every((f) => f.error)) process.exitCode = 1;
      } finally {
        await app.close();
      }
    });
}
