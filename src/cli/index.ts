#!/usr/bin/env node
/**
 * The command-line interface: `npm run -s cli -- <command> [options]`.
 * Each command lives in its own file under ./commands and registers itself.
 *
 * Only the command being run is imported (discord.js, the store and the
 * gatherer are heavy): the other commands appear as one-line stubs, so
 * `--help` lists them all at almost no cost. `cli <command> --help` loads that
 * command, whose own help lists its options.
 */
import { pathToFileURL } from 'node:url';
import { Command } from 'commander';
import type { CliContext } from './context.js';

interface CommandModule {
  register(program: Command, ctx: CliContext): void;
}

/** Name → loader and the one-line summary shown by `--help` (a test keeps it in step). */
export const COMMANDS: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
  feeds: {
    summary:
      'list, check, add, remove, pause, resume, restore, rename, filter, import and export feeds',
    load: () => import('./commands/feeds.js'),
  },
  gather: {
    summary: 'fetch all enabled feeds and store new articles',
    load: () => import('./commands/gather.js'),
  },
  summarize: {
    summary:
      'Summarize, classify and check Hà Nội relevance of JSONL articles ({"id","title","body","lead"?} per line)',
    load: () => import('./commands/summarize.js'),
  },
  group: {
    summary: 'Group JSONL articles that report the same story; writes {"id","group"} per line',
    load: () => import('./commands/group.js'),
  },
  digest: {
    summary:
      'Gather, compose and render the digest; deliver it to the configured subscriptions unless --dry-run',
    load: () => import('./commands/digest.js'),
  },
  demo: {
    summary:
      'Run the main job offline: sample Hà Nội feeds served on 127.0.0.1, a fresh SQLite file, the digest printed and previewed',
    load: () => import('./commands/demo.js'),
  },
  discord: { summary: 'Discord bot tools', load: () => import('./commands/discord.js') },
  db: {
    summary: 'database tools: copy a whole store into another database (SQLite → PostgreSQL)',
    load: () => import('./commands/db.js'),
  },
};

/** The command `argv` runs (`help <name>` counts as `<name>`), or null. */
export function commandIn(argv: readonly string[]): string | null {
  const args = argv.slice(2);
  const first = args.findIndex((a) => !a.startsWith('-'));
  if (first < 0) return null;
  const name = args[first] === 'help' ? args[first + 1] : args[first];
  return name && name in COMMANDS ? name : null;
}

/**
 * The program for `argv`: the command it runs is loaded and registered in
 * full; the others are stubs with their summary. `load: 'all'` registers
 * every command (tests that inspect the whole program).
 */
export async function buildProgram(
  ctx: CliContext,
  argv: readonly string[] = process.argv,
  options: { load?: 'needed' | 'all' } = {},
): Promise<Command> {
  const program = new Command()
    .name('hanoi-digest')
    .description('Hà Nội civic-news digest: gather, summarize, compose and deliver')
    .showHelpAfterError()
    .exitOverride();
  const wanted = commandIn(argv);
  for (const [name, entry] of Object.entries(COMMANDS)) {
    if (options.load === 'all' || name === wanted) (await entry.load()).register(program, ctx);
    else program.command(name).description(entry.summary);
  }
  return program;
}

async function main(): Promise<void> {
  const ctx: CliContext = {
    openApp: async (overrides = {}) => {
      const { openApp } = await import('../app/index.js');
      return openApp({ defaultLogLevel: 'warn', ...overrides });
    },
    out: process.stdout,
    err: process.stderr,
  };
  try {
    const program = await buildProgram(ctx);
    await program.parseAsync(process.argv);
  } catch (err) {
    const e = err as { code?: string; exitCode?: number };
    if (typeof e.code === 'string' && e.code.startsWith('commander.')) {
      process.exitCode = e.exitCode ?? 1;
      return;
    }
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}

const isEntry = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isEntry) await main();
