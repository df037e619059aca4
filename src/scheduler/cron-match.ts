/**
 * A small 5-field cron matcher and the slot math built on it.
 *
 * Why our own: node-cron 4 can tell the *next* run but has no "previous
 * occurrence" API, and catch-up after a restart needs exactly that (which slot
 * did we miss?). The matcher evaluates the expression on wall-clock fields in
 * an IANA zone through `Intl`, so it is right for any zone; Asia/Ho_Chi_Minh
 * has no DST, but a zone with DST works too (a wall time that does not exist
 * on a spring-forward day simply never matches; a repeated one matches twice).
 *
 * Supported syntax: `*`, numbers, ranges `a-b`, steps `*\/n` and `a-b/n`,
 * lists `a,b,c`, month names (jan…dec) and weekday names (sun…sat); weekday 7
 * is Sunday. When both day-of-month and day-of-week are restricted, a day
 * matches if either does (classic cron semantics).
 */

import {
  assertTimezone as assertKnownTimezone,
  InvalidTimezoneError,
  zonedParts as zonedPartsIn,
  type ZonedParts,
} from '../digest/format/text-tools.js';

export class CronExpressionError extends Error {
  override name = 'CronExpressionError';
  constructor(
    message: string,
    readonly expression: string,
    readonly field: string | null = null,
  ) {
    super(message);
  }
}

export class TimezoneError extends Error {
  override name = 'TimezoneError';
  constructor(readonly timezone: string) {
    super(`Unknown IANA time zone "${timezone}" (expected e.g. "Asia/Ho_Chi_Minh")`);
  }
}

export interface ParsedCron {
  expression: string;
  minutes: Set<number>;
  hours: Set<number>;
  daysOfMonth: Set<number>;
  months: Set<number>;
  daysOfWeek: Set<number>;
  /** Whether the field was `*` (unrestricted), for the DOM/DOW "either" rule. */
  domAny: boolean;
  dowAny: boolean;
}

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
  /** Index of names[0]. */
  namesBase?: number;
}

const MONTHS = [
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sep',
  'oct',
  'nov',
  'dec',
] as const;
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS, namesBase: 1 },
  { name: 'day-of-week', min: 0, max: 7, names: WEEKDAYS, namesBase: 0 },
];

const cache = new Map<string, ParsedCron>();

/** Parse a 5-field cron expression; throws `CronExpressionError` naming the bad field. */
export function parseCron(expression: string): ParsedCron {
  const hit = cache.get(expression);
  if (hit) return hit;
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) {
    throw new CronExpressionError(
      `Cron expression "${expression}" must have 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}`,
      expression,
    );
  }
  const sets = parts.map((part, i) => parseField(part, FIELDS[i]!, expression));
  const dow = new Set([...sets[4]!].map((d) => (d === 7 ? 0 : d)));
  const parsed: ParsedCron = {
    expression,
    minutes: sets[0]!,
    hours: sets[1]!,
    daysOfMonth: sets[2]!,
    months: sets[3]!,
    daysOfWeek: dow,
    domAny: parts[2] === '*' || parts[2] === '?',
    dowAny: parts[4] === '*' || parts[4] === '?',
  };
  cache.set(expression, parsed);
  return parsed;
}

function parseField(part: string, spec: FieldSpec, expression: string): Set<number> {
  const out = new Set<number>();
  const fail = (why: string): never => {
    throw new CronExpressionError(
      `Cron expression "${expression}": bad ${spec.name} field "${part}": ${why}`,
      expression,
      spec.name,
    );
  };
  for (const item of part.split(',')) {
    if (item === '') fail('empty list item');
    const [rangePart, stepPart, extra] = item.split('/');
    if (extra !== undefined) fail('more than one "/"');
    let step = 1;
    if (stepPart !== undefined) {
      if (!/^\d+$/.test(stepPart) || Number(stepPart) === 0)
        fail(`step "${stepPart}" must be a positive integer`);
      step = Number(stepPart);
    }
    let lo: number;
    let hi: number;
    if (rangePart === '*' || rangePart === '?') {
      lo = spec.min;
      hi = spec.name === 'day-of-week' ? 6 : spec.max;
    } else {
      const bounds = rangePart!.split('-');
      if (bounds.length > 2) fail('bad range');
      lo = value(bounds[0]!, spec, fail);
      hi =
        bounds.length === 2
          ? value(bounds[1]!, spec, fail)
          : stepPart !== undefined
            ? spec.max
            : lo;
      if (hi < lo) fail(`range ${lo}-${hi} is reversed`);
    }
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

function value(token: string, spec: FieldSpec, fail: (why: string) => never): number {
  const lower = token.toLowerCase();
  if (spec.names) {
    const idx = spec.names.indexOf(lower as never);
    if (idx >= 0) return idx + (spec.namesBase ?? 0);
  }
  if (!/^\d+$/.test(token)) return fail(`"${token}" is not a number`);
  const n = Number(token);
  if (n < spec.min || n > spec.max) fail(`${n} is outside ${spec.min}-${spec.max}`);
  return n;
}

/** Wall-clock fields of an instant in a zone (the core's zone-aware date parts). */
export type { ZonedParts };

/** Runs `f`, turning the core's `InvalidTimezoneError` into the scheduler's `TimezoneError`. */
function inZone<T>(timezone: string, f: () => T): T {
  try {
    return f();
  } catch (error) {
    if (error instanceof InvalidTimezoneError) throw new TimezoneError(timezone);
    throw error;
  }
}

/** Throws `TimezoneError` for a zone `Intl` does not know. */
export function assertTimezone(timezone: string): void {
  inZone(timezone, () => assertKnownTimezone(timezone));
}

export function zonedParts(date: Date, timezone: string): ZonedParts {
  return inZone(timezone, () => zonedPartsIn(date, timezone));
}

function dayMatches(cron: ParsedCron, p: ZonedParts): boolean {
  if (!cron.months.has(p.month)) return false;
  const dom = cron.daysOfMonth.has(p.day);
  const dow = cron.daysOfWeek.has(p.weekday);
  if (cron.domAny && cron.dowAny) return true;
  if (cron.domAny) return dow;
  if (cron.dowAny) return dom;
  return dom || dow;
}

/** Whether the minute containing `date` is a slot of `expression` in `timezone`. */
export function matchesCron(expression: string, timezone: string, date: Date): boolean {
  const cron = parseCron(expression);
  const p = zonedParts(date, timezone);
  return cron.minutes.has(p.minute) && cron.hours.has(p.hour) && dayMatches(cron, p);
}

const MINUTE = 60_000;
/** How far back/forward a search goes before giving up (covers Feb 29 schedules). */
const SEARCH_LIMIT_MS = 8 * 366 * 24 * 60 * MINUTE;

function floorMinute(date: Date): number {
  return Math.floor(date.getTime() / MINUTE) * MINUTE;
}

/**
 * The latest slot at or before `now` (the scheduled minute, seconds dropped),
 * or null when none exists within eight years.
 */
export function previousSlot(expression: string, timezone: string, now: Date): Date | null {
  const cron = parseCron(expression);
  const stop = now.getTime() - SEARCH_LIMIT_MS;
  let t = floorMinute(now);
  while (t >= stop) {
    const p = zonedParts(new Date(t), timezone);
    // Skip a whole wall-clock hour when the hour or the day cannot match:
    // stepping back `minute + 1` minutes lands on :59 of the previous hour.
    if (!cron.hours.has(p.hour) || !dayMatches(cron, p)) {
      t -= (p.minute + 1) * MINUTE;
      continue;
    }
    if (cron.minutes.has(p.minute)) return new Date(t);
    t -= MINUTE;
  }
  return null;
}

/** The first slot strictly after `after`, or null when none within eight years. */
export function nextSlot(expression: string, timezone: string, after: Date): Date | null {
  const cron = parseCron(expression);
  const stop = after.getTime() + SEARCH_LIMIT_MS;
  let t = floorMinute(after) + MINUTE;
  while (t <= stop) {
    const p = zonedParts(new Date(t), timezone);
    if (!cron.hours.has(p.hour) || !dayMatches(cron, p)) {
      t += (60 - p.minute) * MINUTE;
      continue;
    }
    if (cron.minutes.has(p.minute)) return new Date(t);
    t += MINUTE;
  }
  return null;
}

/**
 * Slots `s` with `from < s <= to`, oldest first, at most `limit` of them
 * (default 10,000, so a wide range with `* * * * *` cannot run away).
 */
export function slotsBetween(
  expression: string,
  timezone: string,
  from: Date,
  to: Date,
  limit = 10_000,
): Date[] {
  const out: Date[] = [];
  let cursor = from;
  while (out.length < limit) {
    const next = nextSlot(expression, timezone, cursor);
    if (!next || next.getTime() > to.getTime()) break;
    out.push(next);
    cursor = next;
  }
  return out;
}

/**
 * A cron expression running every `minutes` minutes. Only intervals that
 * divide an hour or a day evenly can be written in cron; others are refused.
 */
export function everyMinutesExpression(minutes: number): string {
  if (!Number.isInteger(minutes) || minutes <= 0) {
    throw new CronExpressionError(
      `Interval must be a positive whole number of minutes, got ${minutes}`,
      String(minutes),
    );
  }
  if (minutes === 1) return '* * * * *';
  if (minutes < 60 && 60 % minutes === 0) return `*/${minutes} * * * *`;
  if (minutes % 60 === 0 && 24 % (minutes / 60) === 0)
    return minutes === 1440 ? '0 0 * * *' : `0 */${minutes / 60} * * *`;
  throw new CronExpressionError(
    `An interval of ${minutes} minutes cannot be written as cron; use a divisor of 60 or a whole number of hours dividing 24`,
    String(minutes),
  );
}
