/**
 * `summarize --input F.jsonl [--output F.jsonl] [--max-chars N] [--use-lead]
 *  [--config DIR] [--summarizer extractive|llm]`
 *
 * A stable contract used for independent checks: one JSON object per input
 * line (`{"id","title","body","lead"?}`) in, one line per valid input, in the
 * same order, out:
 * `{"id","summary","highlights":[{"start","end","text","kind"}],"topics":[…],"hanoi","summarizer"}`,
 * plus `"article": false` (and an empty summary) for a page that is not an
 * article: a tag, listing or author page.
 * A malformed line is reported on stderr with its line number and skipped;
 * the rest is processed, and the command fails (exit 1) at the end.
 * No database is opened: only topics.yaml, gazetteer.yaml and figure-units.yaml are read.
 */
import { constants, createReadStream, createWriteStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { loadConfig } from '../../config/index.js';
import { createClassifier } from '../../digest/classify/index.js';
import type { Classifier } from '../../digest/classify/index.js';
import type { Gazetteer, Summarizer, SummaryInput, TopicConfig } from '../../digest/model.js';
import type { FigureUnits } from '../../digest/text/index.js';
import { createExtractiveSummarizer } from '../../digest/summarize/index.js';
import { parseFeedDate } from '../../digest/gather/index.js';
import type { CliContext } from '../context.js';
import { HanoiDigestError } from '../../digest/errors.js';

/** One valid input line. */
export interface JsonlArticle {
  id: string;
  title: string;
  body: string;
  lead?: string;
  publishedAt?: Date | null;
}

/** Some input lines were malformed: they were reported one by one, and the command fails at the end. */
export class MalformedInputError extends HanoiDigestError {
  override readonly name = 'MalformedInputError';
  constructor(readonly lines: number[]) {
    super(
      `${lines.length} malformed input line(s) skipped: ${lines.slice(0, 10).join(', ')}${lines.length > 10 ? ', …' : ''}`,
    );
  }
}

/** A command option with a bad value (e.g. `--max-chars abc`). */
export class CliOptionError extends HanoiDigestError {
  override readonly name = 'CliOptionError';
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(`${option}: ${message}`);
  }
}

export function positiveInt(option: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) {
      throw new CliOptionError(
        option,
        `must be a positive whole number, got ${JSON.stringify(value)}`,
      );
    }
    return n;
  };
}

/** Why a parsed line is not an article, or null when it is one. */
function articleProblem(v: unknown): string | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'expected a JSON object';
  const o = v as Record<string, unknown>;
  for (const key of ['id', 'title', 'body'] as const) {
    if (!(key in o)) return `missing "${key}"`;
  }
  if (typeof o['id'] !== 'string' || !o['id'].trim()) return '"id" must be a non-empty string';
  if (typeof o['title'] !== 'string') return '"title" must be a string';
  if (typeof o['body'] !== 'string') return '"body" must be a string';
  if ('lead' in o && o['lead'] !== null && typeof o['lead'] !== 'string')
    return '"lead" must be a string';
  return null;
}

/** "2024-02-07T23:41:00Z" or "23/10/2013 16:12" (Hà Nội time); anything else is unknown. */
/**
 * `publishedAt`/`published`: ISO 8601, or the outlets' own forms
 * ("dd/mm/yyyy hh:mm", "Thứ tư, 7/2/2024, 23:41 (GMT+7)"), by the one date
 * parser the gatherer uses (Hà Nội time when no zone is written).
 */
function parseTime(v: unknown): Date | null {
  return typeof v === 'string' ? parseFeedDate(v) : null;
}

/**
 * Reads a JSONL file line by line (streaming: inputs may be large), calling
 * `onArticle` for each valid line and `onBad` for each malformed one.
 * Blank lines are not inputs and are skipped silently.
 */
export async function readJsonlArticles(
  file: string,
  onArticle: (article: JsonlArticle, line: number) => Promise<void> | void,
  onBad: (line: number, problem: string) => void,
): Promise<void> {
  try {
    await access(file, constants.R_OK);
  } catch (err) {
    throw new CliOptionError(
      '--input',
      `cannot read ${file} (${(err as { code?: string }).code ?? String(err)})`,
    );
  }
  const input = createReadStream(file, { encoding: 'utf8' });
  const rl = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  for await (const raw of rl) {
    n++;
    const line = n === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (!line.trim()) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (err) {
      onBad(n, `not valid JSON (${err instanceof Error ? err.message : String(err)})`);
      continue;
    }
    const problem = articleProblem(parsed);
    if (problem) {
      onBad(n, problem);
      continue;
    }
    const o = parsed as Record<string, unknown>;
    const article: JsonlArticle = {
      id: o['id'] as string,
      title: o['title'] as string,
      body: o['body'] as string,
    };
    if (typeof o['lead'] === 'string') article.lead = o['lead'];
    const published = parseTime(o['publishedAt'] ?? o['published']);
    if (published) article.publishedAt = published;
    await onArticle(article, n);
  }
}

/** What a summarizer factory gets; the LLM summarizer registers one under 'llm'. */
export interface SummarizerFactoryContext {
  ctx: CliContext;
  maxChars: number;
  useLead: boolean;
  configDir: string;
  /** The units lexicon from `figure-units.yaml` (the core's default when absent). */
  figureUnits?: FigureUnits;
}

/** A summarizer, and what to release when the run ends (the LLM one holds the app's store). */
export type CliSummarizer = Summarizer & { close?(): Promise<void> };

export type SummarizerFactory = (
  c: SummarizerFactoryContext,
) => Promise<CliSummarizer> | CliSummarizer;

/**
 * `--summarizer llm`: the OpenAI-compatible path from the environment, with
 * the extractive summarizer as its fallback, its cache and token budget in the
 * app's store. Each output line says `llm` or `extractive-fallback`.
 */
const llmFactory: SummarizerFactory = async ({ ctx, useLead, configDir }) => {
  const app = await ctx.openApp({ configDir });
  if (!app.env.OPENAI_API_KEY && !app.env.OPENAI_BASE_URL) {
    await app.close();
    throw new CliOptionError(
      '--summarizer',
      'llm needs OPENAI_API_KEY or OPENAI_BASE_URL (see README: LLM summaries)',
    );
  }
  const { createLlmSummarizerFromEnv } = await import('../../llm/index.js');
  const llm = createLlmSummarizerFromEnv(app.env, {
    fallback: createExtractiveSummarizer({ useLead }),
    stores: app.stores,
    logger: app.logger,
    useLead,
  });
  return {
    name: llm.name,
    summarize: (input, options) => llm.summarize(input, options),
    close: async () => {
      const st = llm.stats();
      ctx.err.write(
        `llm: ${st.llm} accepted, ${st.fallback} fell back ${JSON.stringify(st.reasons)}, ${st.cached} from cache\n`,
      );
      await app.close();
    },
  };
};

const summarizerFactories = new Map<string, SummarizerFactory>([
  [
    'extractive',
    ({ useLead, figureUnits }) =>
      createExtractiveSummarizer({ useLead, ...(figureUnits ? { units: figureUnits } : {}) }),
  ],
  ['llm', llmFactory],
]);

/** The hook for other summarizers (`--summarizer llm`): register a factory under its name. */
export function registerSummarizer(name: string, factory: SummarizerFactory): void {
  summarizerFactories.set(name, factory);
}

export interface SummarizeCommandOptions {
  input: string;
  output?: string;
  maxChars: number;
  useLead: boolean;
  config: string;
  summarizer: string;
}

/** Topics and gazetteer through the config loader (validated); other config files must be valid too. */
async function loadReadingConfig(
  dir: string,
): Promise<{ topics: TopicConfig[]; gazetteer: Gazetteer; figureUnits?: FigureUnits }> {
  const config = await loadConfig(dir);
  return {
    topics: config.topics,
    gazetteer: config.gazetteer,
    ...(config.figureUnits ? { figureUnits: config.figureUnits } : {}),
  };
}

function isTty(stream: NodeJS.WritableStream): boolean {
  return (stream as { isTTY?: boolean }).isTTY === true;
}

/** Opens the output (a file, or the context's stdout) and returns a line writer that respects backpressure. */
export function openOutput(
  ctx: CliContext,
  file: string | undefined,
): { write(line: string): Promise<void>; close(): Promise<void> } {
  const out: NodeJS.WritableStream = file ? createWriteStream(file, { encoding: 'utf8' }) : ctx.out;
  let failed: Error | null = null;
  const onError = (e: unknown): void => {
    failed = e instanceof Error ? e : new Error(String(e));
  };
  out.on('error', onError);
  return {
    async write(line) {
      if (failed) throw failed;
      if (!out.write(`${line}\n`)) await once(out, 'drain');
    },
    async close() {
      if (!file) return;
      out.end();
      await once(out, 'finish');
      if (failed) throw failed;
    },
  };
}

export async function runSummarize(ctx: CliContext, opts: SummarizeCommandOptions): Promise<void> {
  const factory = summarizerFactories.get(opts.summarizer);
  if (!factory) {
    throw new CliOptionError(
      '--summarizer',
      `unknown summarizer "${opts.summarizer}" (available: ${[...summarizerFactories.keys()].join(', ')})`,
    );
  }
  const { topics, gazetteer, figureUnits } = await loadReadingConfig(opts.config);
  const classifier: Classifier = createClassifier({ topics, gazetteer });
  const summarizer = await factory({
    ctx,
    maxChars: opts.maxChars,
    useLead: opts.useLead,
    configDir: opts.config,
    ...(figureUnits ? { figureUnits } : {}),
  });
  const output = openOutput(ctx, opts.output);
  const bad: number[] = [];
  const progress = isTty(ctx.err);
  let done = 0;
  try {
    await readJsonlArticles(
      opts.input,
      async (a) => {
        const input: SummaryInput = { id: a.id, title: a.title, body: a.body };
        // The lead is the reference summary in evaluation data: only read it when asked to.
        if (opts.useLead && a.lead !== undefined) input.lead = a.lead;
        const summary = await summarizer.summarize(input, { maxChars: opts.maxChars });
        // Topics and place are read from the published sapo as an editor would: it is
        // the summary's reference, not the classifier's, so it is always read here.
        const c = classifier.classify(a.lead !== undefined ? { ...input, lead: a.lead } : input);
        await output.write(
          JSON.stringify({
            id: a.id,
            summary: summary.text,
            highlights: summary.highlights.map((h) => ({
              start: h.start,
              end: h.end,
              text: h.text,
              kind: h.kind,
            })),
            topics: c.topics.map((t) => t.id),
            hanoi: c.hanoi,
            summarizer: summary.summarizer,
            // Only for a page that is not an article (tag, listing, author page): its summary is empty.
            ...(summary.article === false ? { article: false } : {}),
          }),
        );
        done++;
        if (progress && done % 1000 === 0) ctx.err.write(`summarized ${done} articles…\n`);
      },
      (line, problem) => {
        bad.push(line);
        ctx.err.write(`line ${line}: ${problem}; skipped\n`);
      },
    );
  } finally {
    await output.close();
    await summarizer.close?.();
  }
  if (bad.length > 0) throw new MalformedInputError(bad);
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('summarize')
    .description(
      'Summarize, classify and check Hà Nội relevance of JSONL articles ({"id","title","body","lead"?} per line)',
    )
    .requiredOption('--input <file>', 'JSONL input file')
    .option('--output <file>', 'JSONL output file (default: stdout)')
    .option('--max-chars <n>', 'summary length cap in characters', positiveInt('--max-chars'), 280)
    .option(
      '--use-lead',
      'summarize from the "lead" field too (ignored otherwise: it is the reference summary in evaluation data; topics and Hà Nội relevance always read it)',
      false,
    )
    .option('--config <dir>', 'config directory with topics.yaml and gazetteer.yaml', './config')
    .option(
      '--summarizer <name>',
      'summarizer to use (extractive, or llm when configured)',
      'extractive',
    )
    .action(
      async (o: {
        input: string;
        output?: string;
        maxChars: number;
        useLead: boolean;
        config: string;
        summarizer: string;
      }) => {
        const opts: SummarizeCommandOptions = {
          input: o.input,
          maxChars: o.maxChars,
          useLead: o.useLead,
          config: o.config,
          summarizer: o.summarizer,
        };
        if (o.output !== undefined) opts.output = o.output;
        await runSummarize(ctx, opts);
      },
    );
}
