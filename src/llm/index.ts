/**
 * The LLM path, built from the parsed environment. The composition root calls
 * `createLlmSummarizerFromEnv` only when `SUMMARIZER` asks for it.
 */
import OpenAI from 'openai';
import type { Summarizer } from '../digest/model.js';
import type { Logger, Stores } from '../digest/ports.js';
import { createTokenBudget } from './budget.js';
import { createLlmSummarizer, type LlmSummarizer } from './llm-summarizer.js';

export { createLlmSummarizer, highlightsOf, LlmCallError } from './llm-summarizer.js';
export type { LlmStats, LlmSummarizer, LlmSummarizerOptions } from './llm-summarizer.js';
export { checkSummary, unsupportedFigures } from './guard.js';
export { createTokenBudget, dayKey } from './budget.js';
export type { TokenBudget } from './budget.js';

export interface LlmEnv {
  OPENAI_API_KEY?: string | undefined;
  OPENAI_BASE_URL?: string | undefined;
  OPENAI_MODEL: string;
  OPENAI_TIMEOUT_MS: number;
  OPENAI_MAX_CONCURRENCY: number;
  LLM_DAILY_TOKEN_BUDGET: number;
}

export function createLlmSummarizerFromEnv(
  env: LlmEnv,
  deps: {
    fallback: Summarizer;
    stores: Pick<Stores, 'kv' | 'summaries'>;
    logger?: Logger;
    useLead?: boolean;
  },
): LlmSummarizer {
  const client = new OpenAI({
    // Local servers (Ollama, vLLM, llama.cpp) accept any key; the SDK insists on one.
    apiKey: env.OPENAI_API_KEY ?? 'not-needed',
    ...(env.OPENAI_BASE_URL ? { baseURL: env.OPENAI_BASE_URL } : {}),
    timeout: env.OPENAI_TIMEOUT_MS,
    maxRetries: 1,
  });
  return createLlmSummarizer({
    client,
    model: env.OPENAI_MODEL,
    fallback: deps.fallback,
    cache: deps.stores.summaries,
    budget: createTokenBudget({ kv: deps.stores.kv, limit: env.LLM_DAILY_TOKEN_BUDGET }),
    concurrency: env.OPENAI_MAX_CONCURRENCY,
    timeoutMs: env.OPENAI_TIMEOUT_MS,
    useLead: deps.useLead ?? true,
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
}
