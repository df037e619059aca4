/**
 * A 5-field cron validator (minute hour day-of-month month day-of-week), the
 * subset node-cron accepts. It lives here because the config layer may not
 * import node-cron, and a bad schedule must be caught when the file loads,
 * not when the scheduler first tries it.
 */

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
  },
  // 0 and 7 are both Sunday.
  { name: 'day of week', min: 0, max: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

const FULL_NAMES: Record<string, string> = {
  jan: 'january',
  feb: 'february',
  mar: 'march',
  apr: 'april',
  may: 'may',
  jun: 'june',
  jul: 'july',
  aug: 'august',
  sep: 'september',
  oct: 'october',
  nov: 'november',
  dec: 'december',
  sun: 'sunday',
  mon: 'monday',
  tue: 'tuesday',
  wed: 'wednesday',
  thu: 'thursday',
  fri: 'friday',
  sat: 'saturday',
};

function value(token: string, spec: FieldSpec): number | string {
  if (/^\d+$/.test(token)) {
    const n = Number(token);
    return n >= spec.min && n <= spec.max
      ? n
      : `${spec.name} value ${token} is outside ${spec.min}-${spec.max}`;
  }
  const lower = token.toLowerCase();
  const i = spec.names?.findIndex((n) => lower === n || lower === FULL_NAMES[n]) ?? -1;
  if (i >= 0) return spec.min === 1 ? i + 1 : i;
  return `"${token}" is not a valid ${spec.name}`;
}

function checkField(field: string, spec: FieldSpec): string | null {
  for (const part of field.split(',')) {
    const m = /^([^/]+)(?:\/(\d+))?$/.exec(part);
    if (!m || !m[1]) return `"${part}" is not a valid ${spec.name} entry`;
    const [, range, step] = m;
    if (step !== undefined && Number(step) < 1)
      return `step "/${step}" in the ${spec.name} field must be at least 1`;
    if (range === '*') continue;
    const bounds = range.split('-');
    if (bounds.length > 2) return `"${range}" is not a valid ${spec.name} range`;
    const values = bounds.map((b) => value(b, spec));
    const bad = values.find((v) => typeof v === 'string');
    if (typeof bad === 'string') return bad;
    if (values.length === 2 && (values[0] as number) > (values[1] as number))
      return `${spec.name} range "${range}" runs backwards`;
  }
  return null;
}

/** null when `expr` is a valid 5-field cron expression, else what is wrong. */
export function cronProblem(expr: string): string | null {
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== 5) {
    return `"${expr}" has ${fields.length} field(s); expected 5 (minute hour day-of-month month day-of-week), e.g. "0 7 * * *"`;
  }
  for (let i = 0; i < 5; i++) {
    const problem = checkField(fields[i] ?? '', FIELDS[i] as FieldSpec);
    if (problem) return `"${expr}": ${problem}`;
  }
  return null;
}

/** null when `zone` is an IANA time zone this runtime knows, else what is wrong. */
export function timezoneProblem(zone: string): string | null {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return null;
  } catch {
    return `"${zone}" is not a known IANA time zone (e.g. Asia/Ho_Chi_Minh)`;
  }
}
