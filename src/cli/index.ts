#!/usr/bin/env node
/**
 * The command-line interface: `npm run -s cli -- <command> [options]`.
 * Each command lives in its own file under ./commands and registers itself.
 */
import { Command } from 'commander';
import * as demo from './commands/demo.js';
import * as digest from './commands/digest.js';
import * as discord from './commands/discord.js';
import * as feeds from './commands/feeds.js';
import * as gather from './commands/gather.js';
import * as group from './commands/group.js';
import * as summarize from './commands/summarize.js';
import type { CliContext } from './context.js';

export function buildProgram(ctx: CliContext): Command {
  const program = new Command()
    .name('hanoi-digest')
    .description('Hà Nội civic-news digest: gather, summarize, compose and deliver')
    .showHelpAfterError()
    .exitOverride();
  for (const mod of [feeds, gather, summarize, group, digest, demo, discord])
    mod.register(program, ctx);
  program
    .command('db')
    .description('database tools')
    .command('copy')
    .description(
      'copy a whole store into another (empty) database and verify the counts; rerunnable',
    )
    .requiredOption('--from <url>', 'source DATABASE_URL, e.g. sqlite:./data/hanoi-digest.db')
    .requiredOption('--to <url>', 'target DATABASE_URL, e.g. postgres://user@host:5432/hanoi')
    .option('--batch <rows>', 'rows per insert (default 1000)')
    .action(async (o: { from: string; to: string; batch?: string }) => {
      const { runDbCopy } = await import('./commands/db.js');
      await runDbCopy(o, ctx);
    });
  return program;
}

async function main(): Promise<void> {
  const { openApp } = await import('../main.js');
  const ctx: CliContext = {
    openApp: (overrides = {}) => openApp({ defaultLogLevel: 'warn', ...overrides }),
    out: process.stdout,
    err: process.stderr,
  };
  const program = buildProgram(ctx);
  try {
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

await main();
