import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { App } from '../../app/index.js';
import { createPublishers, loadDigestRenderers } from '../../app/index.js';
import { renderDiscordDigest } from '../../bots/discord/render.js';
import { renderTelegramDigest } from '../../bots/telegram/render.js';
import { createDeliveryWorker, createDigestRunner } from '../../delivery/index.js';
import { renderJson } from '../../digest/format/index.js';
import { renderPreviewHtml } from '../../web/index.js';
import { renderTerminal } from '../../digest/format/index.js';
import type { DigestDocument } from '../../digest/model.js';
import type { CliContext } from '../context.js';
import { gatherWithProgress } from './gather.js';

export interface DigestJobOptions {
  /** How far back the digest looks (default 24 h). */
  sinceMs: number;
  topics: string[];
  outDir: string;
  gather: boolean;
  dryRun: boolean;
  /** ANSI bold in the terminal rendering. */
  color: boolean;
  /** Discord files as embeds JSON instead of Markdown content. */
  discordEmbeds?: boolean;
}

export interface DigestJobResult {
  doc: DigestDocument;
  files: { telegram: string[]; discord: string[]; json: string; preview: string };
  delivered: { enqueued: number; sent: number; failed: number } | null;
}

/** "24h", "90m", "2d", "3600s" → milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)?$/i.exec(text.trim());
  if (!m) throw new Error(`invalid duration "${text}" (examples: 24h, 90m, 2d)`);
  const unit = (m[2] ?? 'h').toLowerCase();
  const mult = unit === 's' ? 1e3 : unit === 'm' ? 60e3 : unit === 'h' ? 3600e3 : 86400e3;
  return Number(m[1]) * mult;
}

const pad = (n: number): string => String(n).padStart(3, '0');

/**
 * The main job: gather (optional), compose, render every format to files,
 * print the terminal rendering, and deliver unless it is a dry run.
 */
export async function runDigestJob(
  app: App,
  opts: DigestJobOptions,
  io: { out: NodeJS.WritableStream; err: NodeJS.WritableStream },
): Promise<DigestJobResult> {
  const known = new Set(app.config.topics.map((t) => t.id));
  const unknown = opts.topics.filter((t) => !known.has(t));
  if (unknown.length)
    throw new Error(
      `--topics: unknown topic ${unknown.map((t) => `"${t}"`).join(', ')}; use ids from topics.yaml: ${[...known].join(', ')}`,
    );
  if (opts.gather) await gatherWithProgress(app, {}, io);
  const until = new Date();
  const since = new Date(until.getTime() - opts.sinceMs);
  const doc = await app.news.digest({
    since,
    until,
    ...(opts.topics.length ? { filters: { topics: opts.topics } } : {}),
  });

  const outDir = resolve(opts.outDir);
  await rm(join(outDir, 'telegram'), { recursive: true, force: true });
  await rm(join(outDir, 'discord'), { recursive: true, force: true });
  await mkdir(join(outDir, 'telegram'), { recursive: true });
  await mkdir(join(outDir, 'discord'), { recursive: true });
  const telegram = renderTelegramDigest(doc);
  const discord = renderDiscordDigest(doc, { mode: opts.discordEmbeds ? 'embeds' : 'content' });
  const files: DigestJobResult['files'] = {
    telegram: [],
    discord: [],
    json: join(outDir, 'digest.json'),
    preview: join(outDir, 'preview.html'),
  };
  for (const [i, c] of telegram.entries()) {
    if (c.kind !== 'telegram') continue;
    const f = join(outDir, 'telegram', `${pad(i + 1)}.html`);
    await writeFile(f, c.html + '\n');
    files.telegram.push(f);
  }
  for (const [i, c] of discord.entries()) {
    if (c.kind !== 'discord') continue;
    const asJson = Boolean(c.embeds?.length);
    const f = join(outDir, 'discord', `${pad(i + 1)}.${asJson ? 'json' : 'md'}`);
    await writeFile(f, asJson ? JSON.stringify(c, null, 2) + '\n' : (c.content ?? '') + '\n');
    files.discord.push(f);
  }
  await writeFile(files.json, renderJson(doc) + '\n');
  await writeFile(files.preview, renderPreviewHtml(doc));

  io.out.write(renderTerminal(doc, { color: opts.color }) + '\n');

  let delivered: DigestJobResult['delivered'] = null;
  if (!opts.dryRun) delivered = await deliverNow(app, io);
  return { doc, files, delivered };
}

/** Deliver the current slot to every active subscription, then drain the outbox once. */
async function deliverNow(
  app: App,
  io: { err: NodeJS.WritableStream },
): Promise<NonNullable<DigestJobResult['delivered']>> {
  const { publishers, missing } = await createPublishers(app, { consoleOut: io.err });
  for (const p of missing)
    io.err.write(`note: no token for ${p}: its chunks are printed instead of sent\n`);
  const subs = await app.stores.subscriptions.list({ state: 'active' });
  // The slot is the end of the current minute, so what was just gathered is inside the window.
  const slot = new Date(Math.ceil((Date.now() + 1) / 60_000) * 60_000);
  const runner = createDigestRunner({
    // Deliveries reach channels as well as chats: no "/settings" hint there.
    news: { ...app.news, digest: (o) => app.news.digest({ ...o, footerHint: '' }) },
    subscriptions: app.stores.subscriptions,
    outbox: app.stores.outbox,
    renderers: await loadDigestRenderers(),
    logger: app.logger,
    windowHours: app.config.schedules.digestWindowHours,
  });
  const report = await runner.runSlot(slot, subs);
  const worker = createDeliveryWorker({
    outbox: app.stores.outbox,
    subscriptions: app.stores.subscriptions,
    publishers,
    logger: app.logger,
  });
  const drained = await worker.drain();
  io.err.write(
    `delivered to ${subs.length} subscription(s): ${report.enqueuedRows} chunk(s) queued, ${drained.sent} sent, ${drained.failed} failed, ${drained.retried} to retry\n`,
  );
  return { enqueued: report.enqueuedRows, sent: drained.sent, failed: drained.failed };
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('digest')
    .description(
      'Gather, compose and render the digest; deliver it to the configured subscriptions unless --dry-run',
    )
    .option('--config <dir>', 'config directory (default: $CONFIG_DIR or ./config)')
    .option('--since <duration>', 'how far back to look, e.g. 24h, 90m, 2d', '24h')
    .option('--topics <ids>', 'only these topic ids, comma-separated', '')
    .option(
      '--out <dir>',
      'where to write telegram/, discord/, digest.json and preview.html',
      'out',
    )
    .option('--no-gather', 'do not fetch feeds first; use what is stored')
    .option('--dry-run', 'print and write files only; send nothing')
    .option('--embeds', 'write Discord chunks as embeds (JSON) instead of Markdown content')
    .action(
      async (o: {
        config?: string;
        since: string;
        topics: string;
        out: string;
        gather: boolean;
        dryRun?: boolean;
        embeds?: boolean;
      }) => {
        const sinceMs = parseDuration(o.since);
        const app = await ctx.openApp(o.config ? { configDir: o.config } : {});
        try {
          const res = await runDigestJob(
            app,
            {
              sinceMs,
              topics: o.topics
                .split(',')
                .map((t) => t.trim())
                .filter(Boolean),
              outDir: o.out,
              gather: o.gather,
              dryRun: Boolean(o.dryRun),
              color: Boolean((ctx.out as NodeJS.WriteStream).isTTY),
              discordEmbeds: Boolean(o.embeds),
            },
            ctx,
          );
          ctx.err.write(
            `wrote ${res.files.telegram.length} Telegram and ${res.files.discord.length} Discord chunk(s), ${res.files.json} and the preview: ${res.files.preview}\n`,
          );
        } finally {
          await app.close();
        }
      },
    );
}
