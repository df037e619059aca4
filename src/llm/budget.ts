/**
 * The daily token budget, counted from each completion's `usage` and kept in
 * the store so a restart does not reset it. The day is Hà Nội's day.
 */
import type { Clock, KeyValueStore } from '../digest/ports.js';
import { systemClock } from '../digest/ports.js';

export interface TokenBudget {
  add(tokens: number): Promise<number>;
  used(): Promise<number>;
  exhausted(): Promise<boolean>;
  readonly limit: number;
}

export interface TokenBudgetOptions {
  kv: KeyValueStore;
  /** Tokens per day; 0 disables the LLM entirely. */
  limit: number;
  timezone?: string;
  clock?: Clock;
}

export function dayKey(date: Date, timezone = 'Asia/Ho_Chi_Minh'): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(date);
}

export function createTokenBudget(options: TokenBudgetOptions): TokenBudget {
  const { kv, limit, timezone = 'Asia/Ho_Chi_Minh', clock = systemClock } = options;
  const key = (): string => `llm:tokens:${dayKey(clock.now(), timezone)}`;
  const used = async (): Promise<number> => Number((await kv.get(key())) ?? 0);
  return {
    limit,
    add: (tokens) => kv.increment(key(), tokens),
    used,
    exhausted: async () => (await used()) >= limit,
  };
}
