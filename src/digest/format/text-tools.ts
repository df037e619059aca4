/**
 * Small, platform-neutral text helpers every renderer shares: zone-aware date
 * parts, safe cutting (never inside a surrogate pair, preferably at a word
 * boundary) and link checks. Kept here so Telegram, Discord, the terminal and
 * the preview cut and date things the same way.
 */
import type { TextSpan } from '../model.js';
import { HanoiDigestError } from '../errors.js';

export const DEFAULT_TIMEZONE = 'Asia/Ho_Chi_Minh';
export const ELLIPSIS = '…';

/** A timezone name that Intl does not know. */
export class InvalidTimezoneError extends HanoiDigestError {
  override name = 'InvalidTimezoneError';
  constructor(readonly timezone: string) {
    super(`"${timezone}" is not a known IANA time zone (e.g. Asia/Ho_Chi_Minh)`);
  }
}

export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: timezone,
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        weekday: 'short',
        hourCycle: 'h23',
      });
    } catch {
      throw new InvalidTimezoneError(timezone);
    }
    formatters.set(timezone, f);
  }
  return f;
}

/** Throws `InvalidTimezoneError` for a zone Intl does not know. */
export function assertTimezone(timezone: string): void {
  formatterFor(timezone);
}

export function zonedParts(date: Date, timezone: string = DEFAULT_TIMEZONE): ZonedParts {
  const parts = formatterFor(timezone).formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? '';
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    hour: Number(get('hour')) % 24,
    minute: Number(get('minute')),
    weekday: WEEKDAYS[get('weekday')] ?? 0,
  };
}

const VI_WEEKDAYS = [
  'Chủ Nhật',
  'Thứ Hai',
  'Thứ Ba',
  'Thứ Tư',
  'Thứ Năm',
  'Thứ Sáu',
  'Thứ Bảy',
] as const;

export function vietnameseWeekday(weekday: number): string {
  return VI_WEEKDAYS[weekday] ?? 'Chủ Nhật';
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** "Thứ Sáu, 27/11/2026" in the zone. */
export function formatVietnameseDate(date: Date, timezone: string = DEFAULT_TIMEZONE): string {
  const p = zonedParts(date, timezone);
  return `${vietnameseWeekday(p.weekday)}, ${pad(p.day)}/${pad(p.month)}/${p.year}`;
}

/** "07:30 27/11" in the zone: the publication time shown next to an item's sources. */
export function formatItemTime(date: Date | null, timezone: string = DEFAULT_TIMEZONE): string {
  if (!date || Number.isNaN(date.getTime())) return '';
  const p = zonedParts(date, timezone);
  return `${pad(p.hour)}:${pad(p.minute)} ${pad(p.day)}/${pad(p.month)}`;
}

/** Only http(s) links are rendered as links; anything else (javascript:, data:, junk) is text. */
export function safeHttpUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (!parsed.hostname) return null;
  // Credentials in a link are never legitimate for a news source and can disguise the real host.
  parsed.username = '';
  parsed.password = '';
  // `href` percent-encodes spaces, quotes and angle brackets: safe inside an attribute or `<…>`.
  return parsed.href;
}

/** Index ≤ `at` that does not split a surrogate pair. */
function safeIndex(s: string, at: number): number {
  if (at <= 0) return 0;
  if (at >= s.length) return s.length;
  const c = s.charCodeAt(at);
  // A low surrogate at `at` means `at - 1` is its high half: cut before the pair.
  return c >= 0xdc00 && c <= 0xdfff ? at - 1 : at;
}

/**
 * Cut `s` to at most `max` UTF-16 code units including the ellipsis, at a word
 * boundary when one is reasonably close, never inside a surrogate pair.
 */
export function cutText(s: string, max: number, ellipsis: string = ELLIPSIS): string {
  if (s.length <= max) return s;
  const room = max - ellipsis.length;
  if (room <= 0) return ellipsis.slice(0, Math.max(0, max));
  let end = safeIndex(s, room);
  const space = s.lastIndexOf(' ', end);
  if (space > room * 0.6) end = space;
  return s.slice(0, end).trimEnd() + ellipsis;
}

/** Total text length of spans, in UTF-16 code units. */
export function spansLength(spans: readonly TextSpan[]): number {
  let n = 0;
  for (const s of spans) n += s.text.length;
  return n;
}

/**
 * Cut spans to at most `max` code units (ellipsis included), at a word boundary
 * where possible. A highlighted figure is never cut in half: it is dropped
 * whole if it does not fit.
 */
export function cutSpans(
  spans: readonly TextSpan[],
  max: number,
  ellipsis: string = ELLIPSIS,
): TextSpan[] {
  if (spansLength(spans) <= max) return spans.map((s) => ({ ...s }));
  const room = Math.max(0, max - ellipsis.length);
  const out: TextSpan[] = [];
  let used = 0;
  for (const span of spans) {
    if (used + span.text.length <= room) {
      out.push({ ...span });
      used += span.text.length;
      continue;
    }
    if (!span.highlight) {
      const left = room - used;
      let end = safeIndex(span.text, left);
      const space = span.text.lastIndexOf(' ', end);
      if (space >= 0 && (space > left * 0.6 || used > 0)) end = space;
      const part = span.text.slice(0, end).trimEnd();
      if (part) out.push({ text: part, highlight: false });
    }
    break;
  }
  // `used <= room = max - ellipsis.length`, so appending the ellipsis stays within `max`.
  const last = out[out.length - 1];
  if (last && !last.highlight) last.text = last.text.trimEnd() + ellipsis;
  else out.push({ text: ellipsis, highlight: false });
  return out.filter((s) => s.text.length > 0);
}

/** Plain text of spans. */
export function spansText(spans: readonly TextSpan[]): string {
  return spans.map((s) => s.text).join('');
}

/** Titles and names on one line: every run of whitespace (newlines, tabs) becomes one space. */
export function oneLine(s: string): string {
  return s.replace(/\s+/gu, ' ').trim();
}

/**
 * Remove C0/C1 control characters except newline and tab: they are invalid in
 * HTML, can be rejected by chat APIs, and in a terminal could move the cursor.
 */
export function stripControls(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if ((c < 0x20 && c !== 0x0a && c !== 0x09) || (c >= 0x7f && c <= 0x9f)) continue;
    out += ch;
  }
  return out;
}
