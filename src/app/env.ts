/**
 * The environment, validated. Only `src/app/open-app.ts` passes `process.env` here;
 * everything else receives the parsed `Env`.
 */
import { z } from 'zod';
import { HanoiDigestError } from '../digest/errors.js';

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
    .regex(
      /^(sqlite:|postgres(ql)?:\/\/)/,
      'must start with sqlite: or postgres:// (postgres://user:pass@host:5432/db[?schema=name])',
    )
    .default('sqlite:./data/hanoi-digest.db'),

  /** What this instance runs (`npm start -- --role …` wins): all, gather, deliver or bots. */
  ROLE: z.enum(['all', 'gather', 'deliver', 'bots']).default('all'),
  /** Names this instance in leases and metrics (default host:pid:random). */
  INSTANCE_ID: z.string().optional(),
  /** Serve /healthz and /metrics on this port (unset = not served; 0 = any free port). */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** How long a claimed outbox row or feed stays with an instance that went silent. */
  LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /**
   * The delivery budget per bot token (default 25/s, under Telegram's ~30/s).
   * On PostgreSQL it is one budget shared by every deliver instance.
   */
  SEND_RATE_PER_SECOND: z.coerce.number().positive().max(1000).default(25),
  /**
   * Discord requests a second per bot token (default 40, under Discord's global
   * 50/s). On PostgreSQL it is one budget shared by every deliver instance, as
   * is each channel's 5 messages per 5 s.
   */
  DISCORD_SEND_RATE_PER_SECOND: z.coerce.number().positive().max(50).default(40),
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
  /** Politeness: requests in flight to one host, and least ms between two starts to one host. */
  FETCH_PER_HOST_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  FETCH_PER_HOST_MIN_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  /** `production` requires a FETCH_USER_AGENT with a contact (outlets must be able to reach the operator). */
  NODE_ENV: z.string().optional(),

  /** Overrides of config/schedules.yaml (unset = the file's value). */
  GATHER_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(1440).optional(),
  DIGEST_WINDOW_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 7)
    .optional(),
  CATCHUP_GRACE_HOURS: z.coerce.number().min(0).max(72).optional(),
  /** A digest of at most this many stories folds one-item sections into "Tin khác"; 0 = never. */
  DIGEST_FOLD_SECTIONS_UP_TO: z.coerce.number().int().min(0).max(1000).default(12),

  /** The web site: off unless WEB_PORT is set (0 = any free port). */
  WEB_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  WEB_HOST: z.string().min(1).default('127.0.0.1'),
  /** Absolute URL the site is reached at, for the feeds' links (default: the request's Host). */
  WEB_PUBLIC_URL: z.url().optional(),
  /** Opens /quan-tri (bearer header or login form); unset = the admin page is off. */
  ADMIN_WEB_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
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

export class EnvError extends HanoiDigestError {
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
  const uaProblem = userAgentProblem(result.data);
  if (uaProblem) throw new EnvError([{ variable: 'FETCH_USER_AGENT', message: uaProblem }]);
  return result.data;
}

/** A contact an outlet's webmaster can use: a URL or an e-mail address. */
const CONTACT_RE = /(https?:\/\/[^\s)]+|mailto:[^\s)]+|[^\s@()]+@[^\s@()]+\.[a-z]{2,})/iu;

/**
 * In production the crawler must say who runs it: outlets rate-limit or block
 * anonymous bots, and a contact lets them ask instead. The bundled default
 * names the project, not the operator, so it does not count.
 */
export function userAgentProblem(env: Pick<Env, 'NODE_ENV' | 'FETCH_USER_AGENT'>): string | null {
  if (env.NODE_ENV !== 'production') return null;
  const ua = env.FETCH_USER_AGENT?.trim();
  if (!ua)
    return 'required when NODE_ENV=production, with a contact URL or e-mail, e.g. "hanoi-digest/0.1 (+https://example.vn/lien-he)"';
  if (!CONTACT_RE.test(ua))
    return `"${ua}" has no contact: add a URL or e-mail, e.g. "${ua} (+https://example.vn/lien-he)"`;
  return null;
}

export { bool as envBool };
