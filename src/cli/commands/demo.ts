import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { writeDemoConfig } from '../../demo/index.js';
import { loadSampleSet, startDemoServer } from '../../demo/index.js';
import type { CliContext } from '../context.js';
import { runDigestJob } from './digest.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const SAMPLES = join(repoRoot, 'fixtures', 'demo', 'articles.json');

/** The seed article from ../shared/seeds, when this checkout sits beside it. */
async function findSeed(explicit?: string): Promise<string | null> {
  if (explicit) return readFile(explicit, 'utf8');
  const dir = join(repoRoot, '..', 'shared', 'seeds');
  if (!existsSync(dir)) return null;
  const file = (await readdir(dir)).filter((f) => f.endsWith('.txt')).sort()[0];
  return file ? readFile(join(dir, file), 'utf8') : null;
}

export interface DemoOptions {
  out: string;
  seed?: string;
  color: boolean;
}

/**
 * The main job on embedded defaults: a loopback server with the sample feeds,
 * a fresh SQLite file, gather → summarize → group → compose → render, printed
 * and written to files. No token, no network.
 */
export async function runDemo(ctx: CliContext, opts: DemoOptions): Promise<{ preview: string }> {
  const outDir = resolve(opts.out);
  await mkdir(outDir, { recursive: true });
  const dbFile = join(outDir, 'demo.db');
  for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) await rm(f, { force: true });

  const seedText = await findSeed(opts.seed);
  const server = await startDemoServer({ samples: await loadSampleSet(SAMPLES), seedText });
  const configDir = await mkdtemp(join(tmpdir(), 'hanoi-digest-demo-'));
  try {
    await writeDemoConfig(configDir, server.feeds);
    ctx.err.write(
      `demo: serving ${server.articleCount} sample articles from ${server.feeds.length} outlets at ${server.baseUrl}` +
        (seedText
          ? ' (with the seed article)'
          : ' (seed article not found beside the repo; skipped)') +
        '\n',
    );
    const app = await ctx.openApp({
      configDir,
      databaseUrl: `sqlite:${dbFile}`,
      env: { FETCH_ALLOW_PRIVATE: server.hostPort },
    });
    try {
      const res = await runDigestJob(
        app,
        {
          sinceMs: 24 * 3_600_000,
          topics: [],
          outDir,
          gather: true,
          dryRun: true,
          color: opts.color,
        },
        ctx,
      );
      const rel = relative(process.cwd(), res.files.preview) || res.files.preview;
      ctx.err.write(
        `\ndemo: ${res.doc.counts.items} stories from ${res.doc.counts.sources} sources in ${res.doc.counts.sections} sections\n` +
          `demo: Telegram chunks in ${join(outDir, 'telegram')}, Discord chunks in ${join(outDir, 'discord')}, JSON in ${res.files.json}\n` +
          `demo: open the preview in a browser: ${rel}\n`,
      );
      return { preview: res.files.preview };
    } finally {
      await app.close();
    }
  } finally {
    await server.close();
    await rm(configDir, { recursive: true, force: true });
  }
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .description(
      'Run the main job offline: sample Hà Nội feeds served on 127.0.0.1, a fresh SQLite file, the digest printed and previewed',
    )
    .option('--out <dir>', 'where to write the database, chunks and preview', 'out/demo')
    .option('--seed <file>', 'the seed article text (default: ../shared/seeds/*.txt when present)')
    .action(async (o: { out: string; seed?: string }) => {
      await runDemo(ctx, {
        out: o.out,
        ...(o.seed ? { seed: o.seed } : {}),
        color: Boolean((ctx.out as NodeJS.WriteStream).isTTY),
      });
    });
}
