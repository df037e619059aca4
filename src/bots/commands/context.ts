/**
 * What every command group receives, plus small helpers to build `Reply`
 * values. Kept apart from the dispatcher so each group file stays small and
 * testable on its own.
 */
import type { NewsService } from '../../digest/compose/index.js';
import type { Gatherer } from '../../digest/gather/index.js';
import type { Gazetteer, TopicConfig } from '../../digest/model.js';
import type {
  Clock,
  FeedStore,
  KeyValueStore,
  Logger,
  SubscriptionStore,
} from '../../digest/ports.js';
import type { Reply, ReplyButton, ReplyLine } from './types.js';

export interface CommandDefaults {
  /** Cron for a new subscription (default "0 7 * * *"). */
  schedule: string;
  /** IANA zone for schedules and "today" (default "Asia/Ho_Chi_Minh"). */
  timezone: string;
}

export interface CommandContext {
  news: NewsService;
  subscriptions: SubscriptionStore;
  feeds: FeedStore;
  /** Settings set by command (the Discord admin channel); null when the host gives none. */
  kv: KeyValueStore | null;
  gatherer: Pick<Gatherer, 'check'>;
  topics: TopicConfig[];
  gazetteer: Gazetteer | null;
  defaults: CommandDefaults;
  clock: Clock;
  logger: Logger;
  /** Called after any subscription change so the scheduler can reload its jobs. */
  subscriptionsChanged(): void;
  /** `/digest` window length in hours. */
  digestWindowHours: number;
  /**
   * `/digest` rounds the window end down to this many minutes, so repeated
   * requests within the same few minutes hit the news service's cache instead
   * of composing again.
   */
  digestRoundMinutes: number;
  /** How summaries are being written, for admins (null when there is nothing to say). */
  summarizerStatus(): Promise<string | null>;
}

/** A plain line. */
export function line(...parts: (string | { bold: string })[]): ReplyLine {
  return parts
    .filter((p) => (typeof p === 'string' ? p.length > 0 : p.bold.length > 0))
    .map((p) =>
      typeof p === 'string' ? { text: p, highlight: false } : { text: p.bold, highlight: true },
    );
}

export function bold(text: string): { bold: string } {
  return { bold: text };
}

export function reply(kind: Reply['kind'], lines: ReplyLine[], buttons?: ReplyButton[][]): Reply {
  const r: Reply = { kind, lines };
  if (buttons && buttons.length > 0) r.buttons = buttons;
  return r;
}

export function ok(...lines: ReplyLine[]): Reply {
  return reply('ok', lines);
}

/** Usage help for a bad argument: what went wrong, then the usage and an example. */
export function usage(problem: string, usageText: string, example: string): Reply {
  return reply('usage', [
    line(problem),
    line('Cách dùng: ', bold(usageText)),
    line('Ví dụ: ', example),
  ]);
}

export function refused(message: string): Reply {
  return reply('refused', [line(message)]);
}

export const ERROR_TEXT = 'Đã có lỗi, vui lòng thử lại sau.';

/** Vietnamese date and time in a zone, e.g. "27/11 07:05". */
export function formatDateTime(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')}/${get('month')} ${get('hour')}:${get('minute')}`;
}

/** Midnight of `date`'s calendar day in `timeZone`, as an instant. */
export function startOfDay(date: Date, timeZone: string): Date {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? '0');
  // The zone's wall clock read as if it were UTC, minus the real instant, is the zone's offset.
  const wallAsUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  const offsetMs = wallAsUtc - Math.floor(date.getTime() / 1000) * 1000;
  return new Date(Date.UTC(get('year'), get('month') - 1, get('day')) - offsetMs);
}
