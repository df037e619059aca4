/**
 * `db copy --from URL --to URL`: copy a whole store into another database
 * (SQLite → PostgreSQL when outgrowing one machine). Rerunnable: rows already
 * there are left alone; the counts of every table are verified at the end.
 */
import type { Command } from 'commander';
import { copyDatabase } from '../../app/index.js';
import type { CliContext } from '../context.js';

export interface DbCopyOptions {
  from: string;
  to: string;
  batch?: string;
}

export async function runDbCopy(
  o: DbCopyOptions,
  ctx: Pick<CliContext, 'out' | 'err'>,
): Promise<void> {
  const batch = o.batch ? Number(o.batch) : undefined;
  if (batch !== undefined && (!Number.isInteger(batch) || batch < 1))
    throw new Error(`--batch must be a positive integer, got "${o.batch}"`);
  const report = await copyDatabase(o.from, o.to, {
    ...(batch ? { batchSize: batch } : {}),
    onProgress: (table, copied, total) => ctx.err.write(`${table}: ${copied}/${total}\n`),
  });
  const width = Math.max(5, ...report.tables.map((t) => t.table.length));
  ctx.out.write(
    `${'table'.padEnd(width)}  ${'source'.padStart(8)}  ${'inserted'.padStart(8)}  ${'target'.padStart(8)}\n`,
  );
  for (const t of report.tables)
    ctx.out.write(
      `${t.table.padEnd(width)}  ${String(t.source).padStart(8)}  ${String(t.inserted).padStart(8)}  ${String(t.target).padStart(8)}\n`,
    );
  const rows = report.tables.reduce((n, t) => n + t.source, 0);
  ctx.out.write(`verified: ${report.tables.length} tables, ${rows} rows, counts equal\n`);
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('db')
    .description('database tools: copy a whole store into another database (SQLite → PostgreSQL)')
    .command('copy')
    .description(
      'copy a whole store into another (empty) database and verify the counts; rerunnable',
    )
    .requiredOption('--from <url>', 'source DATABASE_URL, e.g. sqlite:./data/hanoi-digest.db')
    .requiredOption('--to <url>', 'target DATABASE_URL, e.g. postgres://user@host:5432/hanoi')
    .option('--batch <rows>', 'rows per insert (default 1000)')
    .action(async (o: DbCopyOptions) => {
      await runDbCopy(o, ctx);
    });
}
