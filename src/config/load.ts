/**
 * `loadConfig(dir)`: reads and validates every YAML file of CONFIG_DIR. It
 * either returns a complete `LoadedConfig` or throws a `ConfigError` naming
 * the file, the field and the problem; it never writes anything, so a bad
 * file changes nothing.
 */
import { dirname, join, resolve } from 'node:path';
import type { z } from 'zod';
import type { FeedConfig, Gazetteer, TopicConfig } from '../digest/model.js';
import { DEFAULT_FIGURE_UNITS, type FigureUnits } from '../digest/text/index.js';
import { ConfigError, formatPath } from './errors.js';
import type { ConfigIssue } from './errors.js';
import {
  feedsFile,
  figureUnitsFile,
  gazetteerFile,
  schedulesFile,
  subscriptionsFile,
  topicsList,
} from './schemas.js';
import { normalizeFilterList } from '../digest/gather/index.js';
import type {
  ConfiguredSubscription,
  FeedOperationsConfig,
  LoadedConfig,
  ScheduleConfig,
} from './types.js';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readYaml } from './yaml-source.js';
import type { YamlSource } from './yaml-source.js';

export const CONFIG_FILES = {
  feeds: 'feeds.yaml',
  topics: 'topics.yaml',
  gazetteer: 'gazetteer.yaml',
  subscriptions: 'subscriptions.yaml',
  schedules: 'schedules.yaml',
  figureUnits: 'figure-units.yaml',
} as const;

function toIssue(src: YamlSource, path: readonly PropertyKey[], message: string): ConfigIssue {
  const line = src.lineOf(path);
  const issue: ConfigIssue = { path: formatPath(path), message };
  if (line !== undefined) issue.line = line;
  return issue;
}

function zodIssues(
  src: YamlSource,
  error: z.ZodError,
  prefix: readonly PropertyKey[],
): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const issue of error.issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push(toIssue(src, [...path, key], 'unknown key (a typo?)'));
    } else if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) {
      out.push(toIssue(src, path, `is required (${issue.expected})`));
    } else if (issue.code === 'invalid_type') {
      out.push(
        toIssue(
          src,
          path,
          `must be ${issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}`,
        ),
      );
    } else if (issue.code === 'invalid_value') {
      out.push(
        toIssue(
          src,
          path,
          `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`,
        ),
      );
    } else {
      out.push(toIssue(src, path, issue.message));
    }
  }
  return out;
}

function validate<S extends z.ZodType>(
  src: YamlSource,
  schema: S,
  data: unknown,
  prefix: readonly PropertyKey[] = [],
): z.output<S> {
  const res = schema.safeParse(data);
  if (!res.success) throw new ConfigError(src.file, zodIssues(src, res.error, prefix));
  return res.data;
}

function duplicates(
  src: YamlSource,
  ids: string[],
  path: (i: number) => PropertyKey[],
  what: string,
): ConfigIssue[] {
  const seen = new Map<string, number>();
  const out: ConfigIssue[] = [];
  ids.forEach((id, i) => {
    const first = seen.get(id);
    if (first === undefined) seen.set(id, i);
    else
      out.push(
        toIssue(
          src,
          path(i),
          `duplicate ${what} "${id}" (first used at ${formatPath(path(first))})`,
        ),
      );
  });
  return out;
}

function fail(src: YamlSource, issues: ConfigIssue[]): void {
  if (issues.length > 0) throw new ConfigError(src.file, issues);
}

async function loadFeeds(
  file: string,
): Promise<{ feeds: FeedConfig[]; operations: FeedOperationsConfig }> {
  const src = (await readYaml(file, false)) as YamlSource;
  const parsed = validate(src, feedsFile, src.data);
  fail(
    src,
    duplicates(
      src,
      parsed.feeds.map((f) => f.id),
      (i) => ['feeds', i, 'id'],
      'feed id',
    ),
  );
  const feeds = parsed.feeds.map((f) => {
    const feed: FeedConfig = {
      id: f.id,
      name: f.name,
      url: f.url,
      type: f.type,
      enabled: f.enabled,
    };
    if (f.link_selector !== undefined) feed.linkSelector = f.link_selector;
    if (f.filters && (f.filters.include.length || f.filters.exclude.length))
      feed.filters = {
        include: normalizeFilterList(f.filters.include),
        exclude: normalizeFilterList(f.filters.exclude),
      };
    return feed;
  });
  return {
    feeds,
    operations: {
      notifyAfterFailures: parsed.health.notify_after_failures,
      disableAfterFailures: parsed.health.disable_after_failures,
      disableAfterDays: parsed.health.disable_after_days,
      discordChannelId: parsed.notices.discord_channel,
      telegramAdmins: parsed.notices.telegram_admins,
    },
  };
}

async function loadTopics(file: string): Promise<TopicConfig[]> {
  const src = (await readYaml(file, false)) as YamlSource;
  const wrapped =
    typeof src.data === 'object' &&
    src.data !== null &&
    !Array.isArray(src.data) &&
    'topics' in src.data;
  const prefix = wrapped ? ['topics'] : [];
  const list = validate(
    src,
    topicsList,
    wrapped ? (src.data as { topics: unknown }).topics : src.data,
    prefix,
  );
  fail(
    src,
    duplicates(
      src,
      list.map((t) => t.id),
      (i) => [...prefix, i, 'id'],
      'topic id',
    ),
  );
  // A phrase under two lists of one topic would count twice (strong and weak).
  fail(
    src,
    list.flatMap((t, i) => {
      const seen = new Map<string, string>();
      const out: ConfigIssue[] = [];
      for (const key of ['keywords', 'agencyKeywords', 'weakKeywords'] as const)
        (t[key] ?? []).forEach((phrase, k) => {
          const norm = phrase.normalize('NFC').toLowerCase();
          const first = seen.get(norm);
          if (first !== undefined && first !== key)
            out.push(toIssue(src, [...prefix, i, key, k], `"${phrase}" is also under ${first}`));
          else seen.set(norm, key);
        });
      return out;
    }),
  );
  // A typo in `alsoWhen.after` would silently switch a rule off.
  const known = new Set(list.map((t) => t.id));
  fail(
    src,
    list.flatMap((t, i) =>
      (t.alsoWhen ?? []).flatMap((rule, r) =>
        (rule.after ?? []).flatMap((id, k) =>
          known.has(id)
            ? []
            : [toIssue(src, [...prefix, i, 'alsoWhen', r, 'after', k], `unknown topic id "${id}"`)],
        ),
      ),
    ),
  );
  return list.map((t) => {
    const topic: TopicConfig = { id: t.id, name: t.name, keywords: t.keywords };
    if (t.places !== undefined) topic.places = t.places;
    if (t.weakKeywords !== undefined) topic.weakKeywords = t.weakKeywords;
    if (t.negativeKeywords !== undefined) topic.negativeKeywords = t.negativeKeywords.flat();
    if (t.excludeAbroad !== undefined) topic.excludeAbroad = t.excludeAbroad;
    if (t.agencyKeywords !== undefined) topic.agencyKeywords = t.agencyKeywords;
    if (t.alsoWhen !== undefined)
      topic.alsoWhen = t.alsoWhen.map((r) => ({
        phrases: r.phrases,
        ...(r.after ? { after: r.after } : {}),
        ...(r.first ? { first: true } : {}),
      }));
    if (t.abroadNegativeKeywords !== undefined)
      topic.abroadNegativeKeywords = t.abroadNegativeKeywords.flat();
    return topic;
  });
}

async function loadGazetteer(file: string): Promise<Gazetteer> {
  const src = (await readYaml(file, false)) as YamlSource;
  const g = validate(src, gazetteerFile, src.data);
  return {
    wards: g.wards,
    communes: g.communes,
    oldDistricts: g.oldDistricts ?? [],
    landmarks: g.landmarks ?? [],
    institutions: g.institutions ?? [],
    elsewhere: g.elsewhere ?? [],
    abroad: g.abroad ?? [],
    streets: g.streets ?? [],
    schools: g.schools ?? [],
    hospitals: g.hospitals ?? [],
    oldWards: g.oldWards ?? [],
    notHanoi: g.notHanoi ?? [],
    national: g.national ?? [],
    footerMarkers: g.footerMarkers ?? [],
    captionMarkers: g.captionMarkers ?? [],
    residenceMarkers: g.residenceMarkers ?? [],
  };
}

/** The units lexicon: each list given replaces the bundled one (NFC, as the text it is matched against). */
export async function loadFigureUnits(file: string): Promise<FigureUnits> {
  const src = await readYaml(file, true);
  if (!src) return DEFAULT_FIGURE_UNITS;
  const u = validate(src, figureUnitsFile, src.data ?? {});
  const out: FigureUnits = { ...DEFAULT_FIGURE_UNITS };
  for (const key of Object.keys(out) as (keyof FigureUnits)[]) {
    const list = u[key];
    if (list) out[key] = list.map((w) => w.normalize('NFC'));
  }
  return out;
}

async function loadSchedules(file: string, topics: TopicConfig[]): Promise<ScheduleConfig> {
  const src = await readYaml(file, true);
  const s = src ? validate(src, schedulesFile, src.data) : null;
  const d = s ?? validate({ file, data: {}, lineOf: () => undefined }, schedulesFile.unwrap(), {});
  const known = new Set(topics.map((t) => t.id));
  if (src && d.section_order) {
    fail(
      src,
      d.section_order.flatMap((id, i) =>
        known.has(id)
          ? []
          : [toIssue(src, ['section_order', i], `unknown topic id "${id}" (not in topics.yaml)`)],
      ),
    );
  }
  return {
    gatherIntervalMinutes: d.gather_interval_minutes,
    defaultDigestCron: d.default_digest_cron,
    timezone: d.timezone,
    catchUpGraceHours: d.catch_up_grace_hours,
    digestWindowHours: d.digest_window_hours,
    // Without an explicit order, sections follow topics.yaml.
    sectionOrder: d.section_order ?? topics.map((t) => t.id),
    maxItemsPerSection: d.max_items_per_section,
    maxItems: d.max_items,
    summaryMaxChars: d.summary_max_chars,
  };
}

async function loadSubscriptions(
  file: string,
  topics: TopicConfig[],
  schedules: ScheduleConfig,
): Promise<ConfiguredSubscription[]> {
  const src = await readYaml(file, true);
  if (!src) return [];
  const list = validate(src, subscriptionsFile, src.data)?.subscriptions ?? [];
  const known = new Set(topics.map((t) => t.id));
  fail(src, [
    ...duplicates(
      src,
      list.map((s) => s.id),
      (i) => ['subscriptions', i, 'id'],
      'subscription id',
    ),
    ...duplicates(
      src,
      list.map((s) => `${s.platform}:${s.chat_id}`),
      (i) => ['subscriptions', i, 'chat_id'],
      'target',
    ),
    ...list.flatMap((s, i) =>
      s.topics.flatMap((t, j) =>
        known.has(t)
          ? []
          : [
              toIssue(
                src,
                ['subscriptions', i, 'topics', j],
                `unknown topic id "${t}" (known: ${[...known].join(', ')})`,
              ),
            ],
      ),
    ),
  ]);
  return list.map((s) => ({
    id: s.id,
    target: { platform: s.platform, chatId: s.chat_id },
    filters: {
      topics: s.topics,
      places: s.places,
      keywords: s.keywords,
      excludeKeywords: s.exclude_keywords,
    },
    schedule: s.schedule ?? schedules.defaultDigestCron,
    timezone: s.timezone ?? schedules.timezone,
    enabled: s.enabled,
  }));
}

/** The config folder shipped with the project: the defaults for topics and the gazetteer. */
export const BUNDLED_CONFIG_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'config',
);

/** `dir/name` when present, else the bundled default (a CONFIG_DIR may hold only feeds.yaml). */
function withDefault(dir: string, name: string): string {
  const own = join(dir, name);
  return existsSync(own) ? own : join(BUNDLED_CONFIG_DIR, name);
}

/**
 * Loads CONFIG_DIR: `feeds.yaml` is required; `topics.yaml` and
 * `gazetteer.yaml` fall back to the bundled ones when the folder has none;
 * `schedules.yaml` (defaults) and `subscriptions.yaml` (none) are optional;
 * `figure-units.yaml` falls back to the bundled file, then to the core's lists.
 */
export async function loadConfig(dir: string): Promise<LoadedConfig> {
  const { feeds, operations: feedOperations } = await loadFeeds(join(dir, CONFIG_FILES.feeds));
  const topics = await loadTopics(withDefault(dir, CONFIG_FILES.topics));
  const gazetteer = await loadGazetteer(withDefault(dir, CONFIG_FILES.gazetteer));
  const schedules = await loadSchedules(join(dir, CONFIG_FILES.schedules), topics);
  const subscriptions = await loadSubscriptions(
    join(dir, CONFIG_FILES.subscriptions),
    topics,
    schedules,
  );
  const figureUnits = await loadFigureUnits(withDefault(dir, CONFIG_FILES.figureUnits));
  return { dir, feeds, feedOperations, topics, gazetteer, subscriptions, schedules, figureUnits };
}
