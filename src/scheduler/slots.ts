/**
 * Slot math on node-cron's own matcher, so catch-up reads a schedule exactly
 * as the scheduler fires it. node-cron 4 tells the next run but has no
 * "previous occurrence", so the previous slot is found by walking back minute
 * by minute; the walk never goes further than the caller's window (the
 * catch-up grace window), which bounds its cost.
 */
import cron from 'node-cron';
import { cronProblem } from '../config/index.js';
import { assertTimezone } from '../digest/format/index.js';
import { HanoiDigestError } from '../digest/errors.js';

export class CronExpressionError extends HanoiDigestError {
  override readonly name = 'CronExpressionError';
  constructor(
    message: string,
    readonly expression: string,
  ) {
    super(message);
  }
}

const MINUTE = 60_000;

export function floorMinute(date: Date): Date {
  return new Date(Math.floor(date.getTime() / MINUTE) * MINUTE);
}

/**
 * Throws `CronExpressionError` (or `InvalidTimezoneError`) unless the
 * schedule is one the project accepts: the same check config loading runs.
 */
export function assertSchedule(expression: string, timezone: string): void {
  const problem = cronProblem(expression);
  if (problem) throw new CronExpressionError(`invalid cron expression ${problem}`, expression);
  assertTimezone(timezone);
}

/** node-cron's matcher for `expression` in `timezone`: does the minute of `date` fire? */
export function createSlotMatcher(expression: string, timezone: string): (date: Date) => boolean {
  assertSchedule(expression, timezone);
  // createTask parses with node-cron's own parser and does not start a timer;
  // the task is only kept for its matcher, then destroyed (which unregisters it).
  const task = cron.createTask(expression, () => undefined, { timezone });
  const match = (date: Date): boolean => task.match(floorMinute(date));
  void task.destroy();
  return match;
}

/**
 * The latest slot `s` with `now - windowMs <= s <= now` (seconds dropped), or
 * null when none fires in that window.
 */
export function previousSlot(
  expression: string,
  timezone: string,
  now: Date,
  windowMs: number,
): Date | null {
  const matches = createSlotMatcher(expression, timezone);
  const stop = now.getTime() - windowMs;
  for (let t = floorMinute(now).getTime(); t >= stop; t -= MINUTE) {
    if (matches(new Date(t))) return new Date(t);
  }
  return null;
}

/**
 * The next slot strictly after `after` (default: now). With `after`, the
 * matcher walks forward minute by minute over at most `windowMs` (default
 * 24 h) and returns null past it: callers only ask how long a digest stays
 * fresh, which is capped well below a day.
 */
export function nextSlot(
  expression: string,
  timezone: string,
  after?: Date,
  windowMs = 24 * 60 * MINUTE,
): Date | null {
  if (after) {
    const matches = createSlotMatcher(expression, timezone);
    const start = floorMinute(after).getTime() + MINUTE;
    for (let t = start; t <= after.getTime() + windowMs; t += MINUTE) {
      if (matches(new Date(t))) return new Date(t);
    }
    return null;
  }
  assertSchedule(expression, timezone);
  const task = cron.createTask(expression, () => undefined, { timezone });
  try {
    return task.getNextRuns(1)[0] ?? null;
  } finally {
    void task.destroy();
  }
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
