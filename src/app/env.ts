/**
 * The environment, validated. Only `src/main.ts` passes `process.env` here;
 * everything else receives the parsed `Env`.
 */
import { z } from 'zod';

const bool = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');
/**
 * A comma/space separated list of numeric ids. Every entry is checked, so a
 * typo (`TELEGRAM_ADMIN_IDS=abc`) stops the start with the variable and the
 * bad value named, instead of silently leaving the bot without admins.
 */
function idList(kind: string, pattern: RegExp) {
  return z.string().transform((v, ctx) => {
    const ids = v.split(/[\s,;]+/).filter(Boolean);
    for (const id of ids) {
      if (!pattern.test(id)) {
        ctx.addIssue({
          code: 'custom',
          message: `"${id}" is not a ${kind} (value: "${v}")`,
        });
      }
    }
    return ids;
  });
}
/** Telegram user and chat ids: integers (chats may be negative). */
const telegramIds = idList('Telegram numeric id', /^-?\d{1,20}$/);
/** Discord snowflakes: 17 to 20 digits. */
const discordIds = idList('Discord snowflake id (17-20 digits)', /^\d{17,20}$/);

export const envSchema = z.object({
  CONFIG_DIR: z.string().min(1).default('./config'),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:|postgres(ql)?:\/\/)/, 'must start with sqlite: or postgres://')
    .default('sqlite:./data/hanoi-digest.db'),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),

  /** Allow fetching loopback/private addresses: "1" for all, or a comma list of host[:port]. */
  FETCH_ALLOW_PRIVATE: z.string().default(''),
  FETCH_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
  FETCH_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(5 * 1024 * 1024),
  FETCH_USER_AGENT: z.string().optional(),

  /** Overrides of config/schedules.yaml (unset = the file's value). */
  GATHER_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(1440).optional(),
  DIGEST_WINDOW_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 7)
    .optional(),
  CATCHUP_GRACE_HOURS: z.coerce.number().min(0).max(72).optional(),
  /** How long an undelivered digest stays worth sending after its slot (capped by the next slot). */
  DELIVERY_MAX_AGE_HOURS: z.coerce.number().positive().max(168).default(12),

  TELEGRAM_BOT_TOKEN: z.string().optional(),
  TELEGRAM_API_ROOT: z.url().default('https://api.telegram.org'),
  TELEGRAM_ADMIN_IDS: telegramIds.default([]),
  TELEGRAM_WEBHOOK_URL: z.url().optional(),
  TELEGRAM_WEBHOOK_SECRET: z.string().optional(),
  TELEGRAM_WEBHOOK_PORT: z.coerce.number().int().min(1).max(65535).default(8080),

  DISCORD_BOT_TOKEN: z.string().optional(),
  DISCORD_APPLICATION_ID: z.string().optional(),
  DISCORD_API_BASE: z.url().default('https://discord.com/api'),
  DISCORD_ADMIN_IDS: discordIds.default([]),

  SUMMARIZER: z.enum(['auto', 'llm', 'extractive']).default('auto'),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.url().optional(),
  OPENAI_MODEL: z.string().default('gpt-4o-mini'),
  OPENAI_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  OPENAI_MAX_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  LLM_DAILY_TOKEN_BUDGET: z.coerce.number().int().min(0).default(200_000),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  override name = 'EnvError';
  constructor(readonly issues: { variable: string; message: string }[]) {
    super('Invalid environment:\n' + issues.map((i) => `  ${i.variable}: ${i.message}`).join('\n'));
  }
}

/** Parse an environment record; empty strings count as unset. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(source)) if (v !== undefined && v !== '') cleaned[k] = v;
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((i) => ({ variable: i.path.join('.'), message: i.message })),
    );
  }
  return result.data;
}

export { bool as envBool };
