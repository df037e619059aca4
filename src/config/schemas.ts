/**
 * zod schemas for the YAML files, in the files' own snake_case shape. Field
 * paths in errors therefore match what the operator wrote (`feeds[3].link_selector`).
 * Feed, subscription and schedule entries are strict (an unknown key is
 * most likely a typo); topics and the gazetteer tolerate extra keys because
 * their author annotates them.
 */
import { compile } from 'css-select';
import { z } from 'zod';
import { cronProblem, timezoneProblem } from './cron.js';

const nfcString = z.string().transform((s) => s.normalize('NFC'));
const nonEmpty = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .transform((s) => s.normalize('NFC'));

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

export const httpUrl = z.string().trim().refine(isHttpUrl, 'must be an http or https URL');

export const slugId = z
  .string()
  .regex(
    /^[a-z0-9-]+$/,
    'must contain only lowercase letters a-z, digits and hyphens ([a-z0-9-]+)',
  );

function selectorProblem(sel: string): string | null {
  try {
    compile(sel);
    return null;
  } catch (err) {
    return `is not a valid CSS selector (${(err as Error).message})`;
  }
}

export const cron = z.string().superRefine((s, ctx) => {
  const p = cronProblem(s);
  if (p) ctx.addIssue({ code: 'custom', message: `invalid cron expression ${p}` });
});

export const timezone = z.string().superRefine((s, ctx) => {
  const p = timezoneProblem(s);
  if (p) ctx.addIssue({ code: 'custom', message: p });
});

export const feedEntry = z
  .strictObject({
    id: slugId,
    name: nonEmpty,
    url: httpUrl,
    type: z.enum(['rss', 'page']).default('rss'),
    link_selector: z.string().trim().min(1, 'must not be empty').optional(),
    enabled: z.boolean().default(true),
    /** Words or phrases; matched like /search (diacritics and case ignored, whole words). */
    filters: z
      .strictObject({
        include: z.array(nonEmpty).default([]),
        exclude: z.array(nonEmpty).default([]),
      })
      .optional(),
    /** Set by `feeds check --all` on a connected machine; example entries start unchecked. */
    checked: z.boolean().optional(),
  })
  .superRefine((f, ctx) => {
    if (f.type === 'page' && f.link_selector === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['link_selector'],
        message: 'is required when type is page (a CSS selector for article links)',
      });
    }
    if (f.type === 'rss' && f.link_selector !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['link_selector'],
        message: 'is only used with type: page; remove it or set type: page',
      });
    }
    if (f.link_selector !== undefined) {
      const p = selectorProblem(f.link_selector);
      if (p) ctx.addIssue({ code: 'custom', path: ['link_selector'], message: p });
    }
  });

/** When a failing feed is retried, disabled and announced (see docs/feeds.md). */
export const feedHealthSection = z.strictObject({
  notify_after_failures: z.number().int().min(1).max(1000).default(4),
  disable_after_failures: z.number().int().min(2).max(10_000).default(10),
  disable_after_days: z
    .number()
    .min(3, 'must be at least 3 (a feed is never disabled sooner)')
    .max(365)
    .default(3),
});

/** Where admin notices about feeds go, besides the Telegram admins' private chats. */
export const feedNoticesSection = z.strictObject({
  discord_channel: z
    .union([z.string().regex(/^\d{5,25}$/, 'must be a Discord channel id (digits)'), z.null()])
    .default(null),
  telegram_admins: z.boolean().default(true),
});

export const feedsFile = z.strictObject({
  feeds: z.array(feedEntry).min(1, 'must list at least one feed'),
  health: feedHealthSection.default({
    notify_after_failures: 4,
    disable_after_failures: 10,
    disable_after_days: 3,
  }),
  notices: feedNoticesSection.default({ discord_channel: null, telegram_admins: true }),
});

const stringList = z.array(nfcString).default([]);

/**
 * Chat ids are strings: Discord ids exceed 2^53 and a YAML number would
 * silently lose digits, so only small integers are accepted unquoted.
 */
const chatId = z.unknown().transform((v, ctx): string => {
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  ctx.addIssue({
    code: 'custom',
    message:
      typeof v === 'number'
        ? 'is a number too large to be exact in YAML; quote it ("1234567890123456789")'
        : v === undefined
          ? 'is required (a quoted chat or channel id)'
          : 'must be a quoted chat or channel id, e.g. "@channel" or "-1001234567890"',
  });
  return z.NEVER;
});

export const subscriptionEntry = z.strictObject({
  id: slugId,
  platform: z.enum(['telegram', 'discord', 'console']),
  chat_id: chatId,
  topics: z.array(z.string()).default([]),
  places: stringList,
  keywords: stringList,
  exclude_keywords: stringList,
  schedule: cron.optional(),
  timezone: timezone.optional(),
  enabled: z.boolean().default(true),
});

export const subscriptionsFile = z
  .strictObject({ subscriptions: z.array(subscriptionEntry).nullable().default([]) })
  .nullable();

const positiveInt = z.number().int('must be a whole number').positive('must be greater than 0');

export const schedulesFile = z
  .strictObject({
    gather_interval_minutes: positiveInt.max(1440, 'must be at most 1440 (one day)').default(15),
    default_digest_cron: cron.default('0 7 * * *'),
    timezone: timezone.default('Asia/Ho_Chi_Minh'),
    catch_up_grace_hours: z.number().min(0, 'must not be negative').default(6),
    digest_window_hours: z.number().positive('must be greater than 0').default(24),
    section_order: z.array(z.string()).optional(),
    max_items_per_section: positiveInt.default(5),
    max_items: positiveInt.default(30),
    summary_max_chars: positiveInt.min(40, 'must be at least 40').default(280),
  })
  .nullable();

export const topicEntry = z.looseObject({
  id: slugId,
  name: nonEmpty,
  keywords: z.array(nonEmpty).min(1, 'must list at least one keyword'),
  places: z.array(nonEmpty).optional(),
  weakKeywords: z.array(nonEmpty).optional(),
  /** Nested lists are flattened, so a YAML anchor can share one list across topics. */
  negativeKeywords: z.array(z.union([nonEmpty, z.array(nonEmpty)])).optional(),
  excludeAbroad: z.boolean().optional(),
  agencyKeywords: z.array(nonEmpty).optional(),
  alsoWhen: z
    .array(
      z.strictObject({
        phrases: z.array(nonEmpty).min(1, 'must list at least one phrase'),
        after: z.array(slugId).optional(),
        /** The topic leads when the rule fires (a road crash is traffic first). */
        first: z.boolean().optional(),
      }),
    )
    .optional(),
  abroadNegativeKeywords: z.array(z.union([nonEmpty, z.array(nonEmpty)])).optional(),
});

/** The topic list (the loader accepts it at the top level or under `topics:`). */
export const topicsList = z.array(topicEntry).min(1, 'must list at least one topic');

const placeList = z.array(nonEmpty).nullable().default([]);

export const gazetteerFile = z.looseObject({
  wards: z.array(nonEmpty),
  communes: z.array(nonEmpty),
  oldDistricts: placeList,
  landmarks: placeList,
  institutions: placeList,
  elsewhere: placeList,
  abroad: placeList,
  streets: placeList,
  schools: placeList,
  hospitals: placeList,
  oldWards: placeList,
  notHanoi: placeList,
  national: placeList,
  footerMarkers: placeList,
  captionMarkers: placeList,
  residenceMarkers: placeList,
});

const wordList = z.array(z.string().trim().min(1, 'must not be empty'));
/** `figure-units.yaml`: each list replaces the bundled one; lists left out keep it. */
export const figureUnitsFile = z.strictObject({
  multipliers: wordList.optional(),
  currencies: wordList.optional(),
  measures: wordList.optional(),
  classifiers: wordList.optional(),
  countedNouns: wordList.optional(),
  compoundHeads: wordList.optional(),
  modifiers: wordList.optional(),
  boundaries: wordList.optional(),
});
