/**
 * Summaries written by an OpenAI-compatible model, behind the guard, with the
 * extractive summarizer as the floor: any failure (API error, timeout,
 * malformed answer, a figure not in the source, English, a link, the daily
 * budget spent) ends in the extractive summary, labelled
 * `extractive-fallback`, never in a wrong one.
 */
import { createHash } from 'node:crypto';
import type OpenAI from 'openai';
import type {
  Highlight,
  Summarizer,
  SummarizeOptions,
  Summary,
  SummaryInput,
} from '../digest/model.js';
import type { Logger, SummaryCache } from '../digest/ports.js';
import { silentLogger } from '../digest/ports.js';
import { createLimiter } from '../digest/gather/index.js';
import { findFigures, keyFigures } from '../digest/text/index.js';
import type { TokenBudget } from './budget.js';
import { checkSummary } from './guard.js';
import {
  parseAnswer,
  retryMessage,
  SUMMARY_JSON_SCHEMA,
  systemPrompt,
  userMessage,
} from './prompt.js';
import { HanoiDigestError } from '../digest/errors.js';

export interface LlmSummarizerOptions {
  client: OpenAI;
  model: string;
  /** What answers when the model cannot: the extractive summarizer. */
  fallback: Summarizer;
  cache?: SummaryCache;
  budget?: TokenBudget;
  /** Token cap on every completion (default 400). */
  maxOutputTokens?: number;
  /** Calls in flight at once (default 4). */
  concurrency?: number;
  /** Per-call timeout (default 30 s). */
  timeoutMs?: number;
  /**
   * `auto` asks for a JSON schema and drops to plain text for the rest of the
   * process when the server rejects `response_format` (Ollama, llama.cpp
   * builds without it). `off` never asks.
   */
  structuredOutput?: 'auto' | 'off';
  /** Give the model the sapo too (production: yes; evaluation against the sapo: no). Default true. */
  useLead?: boolean;
  logger?: Logger;
}

export interface LlmStats {
  llm: number;
  fallback: number;
  cached: number;
  retries: number;
  /** Why summaries fell back, by reason code. */
  reasons: Record<string, number>;
}

export interface LlmSummarizer extends Summarizer {
  stats(): LlmStats;
  /** One Vietnamese line for admins: budget use, and why summaries fell back. */
  status(): Promise<string>;
}

/** A call that did not give a usable answer. */
export class LlmCallError extends HanoiDigestError {
  override name = 'LlmCallError';
  constructor(
    readonly reason: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

type ChatMessage = OpenAI.Chat.Completions.ChatCompletionMessageParam;

function cacheKey(model: string, maxChars: number, inputs: SummaryInput[]): string {
  const h = createHash('sha256');
  h.update(`${model}\u0000${maxChars}`);
  for (const i of inputs) h.update(`\u0000${i.title}\u0000${i.body}`.normalize('NFC'));
  return h.digest('hex');
}

/** Highlights are recomputed on the accepted text: the key figures it carries. */
export function highlightsOf(text: string, title?: string): Highlight[] {
  return keyFigures(text, findFigures(text), title ? { title } : {}).map((f) => ({
    start: f.start,
    end: f.end,
    text: f.text,
    kind: f.kind,
  }));
}

function apiReason(err: unknown): string {
  const e = err as { status?: number; name?: string; constructor?: { name?: string } };
  if (typeof e.status === 'number') return `http-${e.status}`;
  const name = e.constructor?.name ?? e.name ?? 'error';
  if (/Timeout/i.test(name)) return 'timeout';
  if (/Connection/i.test(name)) return 'connection';
  return 'api-error';
}

export function createLlmSummarizer(options: LlmSummarizerOptions): LlmSummarizer {
  const {
    client,
    model,
    fallback,
    cache,
    budget,
    maxOutputTokens = 400,
    concurrency = 4,
    timeoutMs = 30_000,
    logger = silentLogger,
    useLead = true,
  } = options;
  let structured = (options.structuredOutput ?? 'auto') === 'auto';
  const limiter = createLimiter(concurrency);
  const stats: LlmStats = { llm: 0, fallback: 0, cached: 0, retries: 0, reasons: {} };

  async function complete(messages: ChatMessage[]): Promise<string> {
    const request = async (withSchema: boolean): Promise<OpenAI.Chat.Completions.ChatCompletion> =>
      client.chat.completions.create(
        {
          model,
          messages,
          max_tokens: maxOutputTokens,
          temperature: 0.2,
          ...(withSchema
            ? {
                response_format: { type: 'json_schema' as const, json_schema: SUMMARY_JSON_SCHEMA },
              }
            : {}),
        },
        { timeout: timeoutMs, maxRetries: 1 },
      );
    let completion: OpenAI.Chat.Completions.ChatCompletion;
    try {
      completion = await request(structured);
    } catch (err) {
      const status = (err as { status?: number }).status;
      if (
        structured &&
        status === 400 &&
        /response_format|json_schema|structured/i.test(String((err as Error).message))
      ) {
        structured = false;
        logger.info(
          { model },
          'llm server does not support structured output; asking for plain JSON text',
        );
        completion = await request(false);
      } else {
        throw new LlmCallError(
          apiReason(err),
          `chat completion failed: ${(err as Error).message}`,
          { cause: err },
        );
      }
    }
    const used = completion.usage?.total_tokens ?? 0;
    if (budget && used > 0) await budget.add(used);
    const content = completion.choices?.[0]?.message?.content;
    if (typeof content !== 'string' || !content.trim())
      throw new LlmCallError('empty-answer', 'the model returned no content');
    return content;
  }

  async function fallBack(
    inputs: SummaryInput[],
    opts: SummarizeOptions | undefined,
    reason: string,
    detail: string,
  ): Promise<Summary> {
    stats.fallback++;
    stats.reasons[reason] = (stats.reasons[reason] ?? 0) + 1;
    logger.warn(
      { reason, detail, ids: inputs.map((i) => i.id) },
      'llm summary rejected; using the extractive summary',
    );
    const base =
      inputs.length > 1 && fallback.summarizeGroup
        ? await fallback.summarizeGroup(inputs, opts)
        : await fallback.summarize(inputs[0]!, opts);
    return { ...base, summarizer: 'extractive-fallback', model: null };
  }

  async function run(inputs: SummaryInput[], opts: SummarizeOptions | undefined): Promise<Summary> {
    const maxChars = opts?.maxChars ?? 280;
    const key = cacheKey(model, maxChars, inputs);
    const hit = cache ? await cache.get(key, `llm:${model}`) : null;
    if (hit) {
      stats.cached++;
      return hit;
    }
    if (budget && (await budget.exhausted())) {
      return fallBack(inputs, opts, 'budget', 'the daily token budget is spent');
    }
    const source = inputs
      .map((i) => `${i.title}\n${useLead ? (i.lead ?? '') : ''}\n${i.body}`)
      .join('\n');
    const messages: ChatMessage[] = [
      { role: 'system', content: systemPrompt(maxChars) },
      { role: 'user', content: userMessage(inputs, useLead) },
    ];
    return limiter.run(async () => {
      for (let attempt = 1; attempt <= 2; attempt++) {
        let content: string;
        try {
          content = await complete(messages);
        } catch (err) {
          const reason = err instanceof LlmCallError ? err.reason : 'api-error';
          return fallBack(inputs, opts, reason, (err as Error).message);
        }
        const answer = parseAnswer(content);
        const verdict = answer
          ? checkSummary(answer.summary, source, maxChars)
          : {
              ok: false,
              failures: [
                {
                  code: 'malformed',
                  detail: 'malformed answer',
                  instruction: 'Câu trả lời không đúng định dạng JSON yêu cầu.',
                },
              ],
            };
        if (answer && verdict.ok) {
          const summary: Summary = {
            text: answer.summary,
            highlights: highlightsOf(answer.summary, inputs[0]?.title),
            summarizer: 'llm',
            model,
          };
          stats.llm++;
          if (cache) await cache.set(key, `llm:${model}`, summary);
          return summary;
        }
        const reason = verdict.failures.map((f) => f.code).join('+');
        if (attempt === 2)
          return fallBack(inputs, opts, reason, verdict.failures.map((f) => f.detail).join('; '));
        stats.retries++;
        logger.info(
          { reason, ids: inputs.map((i) => i.id) },
          'llm summary failed the guard; retrying once',
        );
        messages.push(
          { role: 'assistant', content },
          { role: 'user', content: retryMessage(verdict.failures.map((f) => f.instruction)) },
        );
      }
      /* c8 ignore next */
      return fallBack(inputs, opts, 'unreachable', 'loop ended');
    });
  }

  return {
    name: 'llm',
    summarize: (input, opts) => run([input], opts),
    summarizeGroup: (inputs, opts) => run(inputs, opts),
    stats: () => ({ ...stats, reasons: { ...stats.reasons } }),
    async status() {
      const used = budget ? await budget.used() : null;
      const spent = budget ? used! >= budget.limit : false;
      const parts = [`mô hình ${model}`];
      if (budget) parts.push(`đã dùng ${used} / ${budget.limit} token hôm nay`);
      if (spent) parts.push('hết ngân sách nên đang dùng tóm tắt trích xuất');
      const reasons = Object.entries(stats.reasons)
        .map(([r, n]) => `${r} ×${n}`)
        .join(', ');
      if (stats.fallback > 0)
        parts.push(`${stats.fallback} bản chuyển sang tóm tắt trích xuất (${reasons})`);
      return parts.join('; ') + '.';
    },
  };
}
