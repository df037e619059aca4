/**
 * `group --input F.jsonl [--output F.jsonl] [--use-lead]`: same-story grouping
 * of JSONL articles (`{"id","title","body","lead"?,"publishedAt"?}` per line).
 * Writes `{"id","group"}` per valid input line, in input order; `group` is
 * the id of the group's first article in the input, so it is stable for a
 * given input. Malformed lines are reported like `summarize` does.
 * Grouping needs the whole batch, so the input is read before anything is written.
 */
import type { Command } from 'commander';
import { groupStories } from '../../digest/group/index.js';
import type { GroupableArticle } from '../../digest/group/index.js';
import type { CliContext } from '../context.js';
import { MalformedInputError, openOutput, readJsonlArticles } from './summarize.js';

export interface GroupCommandOptions {
  input: string;
  output?: string;
  useLead: boolean;
}

export async function runGroup(ctx: CliContext, opts: GroupCommandOptions): Promise<void> {
  const articles: GroupableArticle[] = [];
  const bad: number[] = [];
  const seen = new Map<string, number>();
  await readJsonlArticles(
    opts.input,
    (a, line) => {
      const first = seen.get(a.id);
      if (first !== undefined) {
        bad.push(line);
        ctx.err.write(
          `line ${line}: duplicate id ${JSON.stringify(a.id)} (first on line ${first}); skipped\n`,
        );
        return;
      }
      seen.set(a.id, line);
      const g: GroupableArticle = {
        id: a.id,
        title: a.title,
        body: a.body,
        publishedAt: a.publishedAt ?? null,
      };
      if (opts.useLead && a.lead !== undefined) g.lead = a.lead;
      articles.push(g);
    },
    (line, problem) => {
      bad.push(line);
      ctx.err.write(`line ${line}: ${problem}; skipped\n`);
    },
  );
  const groupOf = new Map<string, string>();
  for (const members of groupStories(articles, { useLead: opts.useLead })) {
    const id = members[0] as string;
    for (const m of members) groupOf.set(m, id);
  }
  const output = openOutput(ctx, opts.output);
  try {
    for (const a of articles)
      await output.write(JSON.stringify({ id: a.id, group: groupOf.get(a.id) ?? a.id }));
  } finally {
    await output.close();
  }
  if (bad.length > 0) throw new MalformedInputError(bad);
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('group')
    .description('Group JSONL articles that report the same story; writes {"id","group"} per line')
    .requiredOption('--input <file>', 'JSONL input file')
    .option('--output <file>', 'JSONL output file (default: stdout)')
    .option('--use-lead', 'also read the "lead" field', false)
    .action(async (o: { input: string; output?: string; useLead: boolean }) => {
      const opts: GroupCommandOptions = { input: o.input, useLead: o.useLead };
      if (o.output !== undefined) opts.output = o.output;
      await runGroup(ctx, opts);
    });
}
