/**
 * Publication dates as outlets actually write them. Vietnam has one offset
 * (+07:00, no DST), which is assumed whenever a date carries no zone.
 */

const VN_OFFSET = '+07:00';
const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};
const ZONES: Record<string, string> = {
  gmt: '+00:00',
  ut: '+00:00',
  utc: '+00:00',
  z: '+00:00',
  ict: '+07:00',
  est: '-05:00',
  edt: '-04:00',
  cst: '-06:00',
  cdt: '-05:00',
  mst: '-07:00',
  mdt: '-06:00',
  pst: '-08:00',
  pdt: '-07:00',
};

const pad = (n: number | string, w = 2): string => String(n).padStart(w, '0');

/** "+07", "+0700", "+07:00", "GMT", "GMT+7" → "+07:00"; null when unknown. */
function normalizeZone(zone: string | undefined): string | null {
  if (!zone) return VN_OFFSET;
  const z = zone.trim().toLowerCase();
  if (z in ZONES) return ZONES[z] ?? null;
  const m = /^(?:gmt|utc)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(z);
  if (!m) return null;
  return `${m[1]}${pad(m[2] ?? '0')}:${m[3] ?? '00'}`;
}

function build(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  zone: string | null,
): Date | null {
  if (!zone || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  const date = new Date(`${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${zone}`);
  return Number.isNaN(date.getTime()) ? null : date;
}

function fullYear(y: string): number {
  const n = Number(y);
  return y.length <= 2 ? (n < 70 ? 2000 + n : 1900 + n) : n;
}

/**
 * Parses RFC 822 (`+07`, `+0700`, `+07:00`, GMT), ISO 8601, the US-style local
 * `10/8/2026 1:38:00 PM` (month first whenever AM/PM is present: that is
 * ASP.NET's en-US format, used by Tuổi Trẻ) and Vietnamese day-first forms
 * (`Thứ tư, 7/2/2024, 23:41 (GMT+7)`, `07/02/2024 23:41`, `7-2-2024`).
 * Returns null rather than guessing when nothing matches.
 */
export function parseFeedDate(input: string | null | undefined): Date | null {
  if (!input) return null;
  const s = input.replace(/\s+/g, ' ').trim();
  if (!s) return null;

  let m =
    /^(?:[a-z]{3},? )?(\d{1,2}) ([a-z]{3})[a-z]* (\d{2,4}) (\d{1,2}):(\d{2})(?::(\d{2}))? ?([a-z]{1,4}|[+-]\d{2}(?::?\d{2})?)?$/i.exec(
      s,
    );
  if (m) {
    const mo = MONTHS[(m[2] ?? '').toLowerCase()];
    if (!mo) return null;
    return build(
      fullYear(m[3] ?? ''),
      mo,
      Number(m[1]),
      Number(m[4]),
      Number(m[5]),
      Number(m[6] ?? 0),
      normalizeZone(m[7] ?? 'gmt'),
    );
  }

  m =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)? ?(z|[+-]\d{2}(?::?\d{2})?)?$/i.exec(
      s,
    );
  if (m) {
    return build(
      Number(m[1]),
      Number(m[2]),
      Number(m[3]),
      Number(m[4] ?? 0),
      Number(m[5] ?? 0),
      Number(m[6] ?? 0),
      normalizeZone(m[7]),
    );
  }

  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))? ?([ap]\.?m\.?)$/i.exec(s);
  if (m) {
    let h = Number(m[4]);
    if (h < 1 || h > 12) return null;
    const pm = (m[7] ?? '').toLowerCase().startsWith('p');
    if (pm && h < 12) h += 12;
    if (!pm && h === 12) h = 0;
    return build(
      Number(m[3]),
      Number(m[1]),
      Number(m[2]),
      h,
      Number(m[5]),
      Number(m[6] ?? 0),
      VN_OFFSET,
    );
  }

  // Vietnamese, day first: optional weekday ("Thứ tư,", "Chủ nhật,"), then the date and time in either order.
  const vn = s.replace(/^(?:thứ [^\s,]+|chủ nhật),? ?/iu, '');
  const zoneMatch = /\(?(gmt ?[+-] ?\d{1,2}(?::?\d{2})?)\)?/i.exec(vn);
  const zone = normalizeZone(zoneMatch?.[1]?.replace(/\s/g, ''));
  const date = /(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})/.exec(vn);
  if (date) {
    const time = /(\d{1,2})[:h](\d{2})(?::(\d{2}))?/.exec(vn.replace(date[0], ' '));
    return build(
      Number(date[3]),
      Number(date[2]),
      Number(date[1]),
      Number(time?.[1] ?? 0),
      Number(time?.[2] ?? 0),
      Number(time?.[3] ?? 0),
      zone,
    );
  }
  const fallback = Date.parse(s);
  return Number.isNaN(fallback) ? null : new Date(fallback);
}
