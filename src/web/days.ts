/**
 * Calendar days in the digest's zone (Asia/Ho_Chi_Minh by default): the
 * archive's unit. A day page shows the news that arrived between the zone's
 * midnights, so "27/11" means the same day to a reader in Hà Nội wherever the
 * server runs.
 */
import { formatVietnameseDate, zonedParts } from '../digest/format/index.js';

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const p2 = (n: number): string => String(n).padStart(2, '0');

/** "2026-11-27" → its parts, or null when it is not a real calendar date. */
export function parseDayKey(key: string): { year: number; month: number; day: number } | null {
  const m = DAY_RE.exec(key);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day)
    return null;
  return { year, month, day };
}

/** The zone's calendar day of a moment: "2026-11-27". */
export function dayKeyOf(date: Date, timezone: string): string {
  const p = zonedParts(date, timezone);
  return `${p.year}-${p2(p.month)}-${p2(p.day)}`;
}

/** The instant of midnight starting a day in the zone (two passes handle offset changes). */
export function zonedMidnight(year: number, month: number, day: number, timezone: string): Date {
  const wall = Date.UTC(year, month - 1, day);
  let t = wall;
  for (let i = 0; i < 2; i++) {
    const p = zonedParts(new Date(t), timezone);
    const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
    t -= shown - wall;
  }
  return new Date(t);
}

/** The day's window: its midnight to the last millisecond before the next one. */
export function dayWindow(key: string, timezone: string): { since: Date; until: Date } | null {
  const p = parseDayKey(key);
  if (!p) return null;
  const since = zonedMidnight(p.year, p.month, p.day, timezone);
  const next = new Date(Date.UTC(p.year, p.month - 1, p.day + 1));
  const end = zonedMidnight(
    next.getUTCFullYear(),
    next.getUTCMonth() + 1,
    next.getUTCDate(),
    timezone,
  );
  return { since, until: new Date(end.getTime() - 1) };
}

/** The day before or after a day key. */
export function shiftDay(key: string, days: number): string {
  const p = parseDayKey(key);
  if (!p) throw new RangeError(`not a day key: ${key}`);
  const d = new Date(Date.UTC(p.year, p.month - 1, p.day + days));
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`;
}

/** "Thứ Sáu, 27/11/2026" for a day key. */
export function dayLabel(key: string, timezone: string): string {
  const w = dayWindow(key, timezone);
  return w ? formatVietnameseDate(w.since, timezone) : key;
}
