/**
 * `group --input F.jsonl [--output F.jsonl] [--no-use-lead] [--background F.jsonl]
 *  [--window-hours N]`: same-story grouping of JSONL articles
 * (`{"id","title","body","lead"?,"published"?}` per line; `published` — or
 * `publishedAt` — is ISO 8601, "dd/mm/yyyy hh:mm" or "Thứ tư, 7/2/2024, 23:41
 * (GMT+7)", Hà Nội time when no zone is written). Articles published further
 * apart than the window (default 72 h) are never one story.
 * `--background` names other articles (same JSONL form) whose document
 * frequencies weigh the terms, so that the grouping of a small batch does not
 * depend on the batch alone (the news service uses the store's recent
 * articles the same way); without it, the batch's own frequencies are used.
 * Writes `{"id","group"}` per valid input line, in input order; `group` is
 * the id of the group's first article in the input, so it is stable for a
 * given input. Malformed lines are reported like `summarize` does.
 * Grouping needs the whole batch, so the input is read before anything is written.
 */
import type { Command } from 'commander';
import { createDocumentFrequencies, groupStories } from '../../digest/group/index.js';
import type { GroupableArticle, GroupOptions } from '../../digest/group/index.js';
import type { CliContext } from '../context.js';
import { CliOptionError, MalformedInputError, openOutput, readJsonlArticles } from './summarize.js';

export interface GroupCommandOptions {
  input: string;
  output?: string;
  useLead: boolean;
  /** JSONL articles counted for document frequencies only. */
  background?: string;
  /** Publication window in hours (default 72). */
  windowHours?: number;
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
  const options: GroupOptions = { useLead: opts.useLead };
  if (opts.windowHours !== undefined) options.windowHours = opts.windowHours;
  if (opts.background !== undefined) {
    const table = createDocumentFrequencies([], { maxBodySyllables: 1000 });
    let skipped = 0;
    await readJsonlArticles(
      opts.background,
      (a) => table.add(opts.useLead ? a : { title: a.title, body: a.body }),
      () => skipped++,
    );
    if (skipped > 0) ctx.err.write(`--background: ${skipped} malformed line(s) skipped\n`);
    options.background = table;
  }
  const groupOf = new Map<string, string>();
  for (const members of groupStories(articles, options)) {
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
    // The sapo is the article's own text and names its event, so it is read by
    // default; `--no-use-lead` groups on title and body alone.
    .option('--use-lead', 'read the "lead" field (the default)', true)
    .option('--no-use-lead', 'ignore the "lead" field')
    .option('--background <file>', 'JSONL articles whose document frequencies weigh the terms')
    .option('--window-hours <n>', 'publication window in hours (default 72)')
    .action(
      async (o: {
        input: string;
        output?: string;
        useLead: boolean;
        background?: string;
        windowHours?: string;
      }) => {
        const opts: GroupCommandOptions = { input: o.input, useLead: o.useLead };
        if (o.output !== undefined) opts.output = o.output;
        if (o.background !== undefined) opts.background = o.background;
        if (o.windowHours !== undefined) {
          const h = Number(o.windowHours);
          if (!(h > 0))
            throw new CliOptionError('--window-hours', 'expected a positive number of hours');
          opts.windowHours = h;
        }
        await runGroup(ctx, opts);
      },
    );
}
