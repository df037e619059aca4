/**
 * The one cron dialect of the project: node-cron 4's own. Config validation,
 * the scheduler and catch-up all ask node-cron, so an expression that loads
 * is one that schedules (three in-house parsers used to disagree, and a
 * subscription that passed validation was silently never delivered).
 *
 * One rule on top of node-cron: five fields only. node-cron also takes a
 * leading seconds field, but a digest slot is a whole minute, so a seconds
 * field would only fire the same slot several times.
 */
import cron from 'node-cron';
import { assertTimezone, InvalidTimezoneError } from '../digest/format/index.js';

/** null when node-cron accepts `expr` as a 5-field expression, else what is wrong. */
export function cronProblem(expr: string): string | null {
  const fields = expr.trim().split(/\s+/).filter(Boolean);
  if (fields.length !== 5) {
    return `"${expr}" has ${fields.length} field(s); expected 5 (minute hour day-of-month month day-of-week), e.g. "0 7 * * *"`;
  }
  const result = cron.validateDetailed(expr.trim());
  if (result.valid) return null;
  const why = result.errors.map((e) => e.message).join('; ');
  return `"${expr}": ${why || 'node-cron rejects it'}`;
}

/** null when `zone` is an IANA time zone this runtime knows, else what is wrong. */
export function timezoneProblem(zone: string): string | null {
  try {
    assertTimezone(zone);
    return null;
  } catch (err) {
    if (err instanceof InvalidTimezoneError) return err.message;
    throw err;
  }
}
