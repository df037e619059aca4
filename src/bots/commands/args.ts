/**
 * Lenient argument parsing shared by the commands. Users type topic names and
 * places with or without diacritics ("giao thong", "Giao thông", "giao-thong"),
 * so everything is compared after folding diacritics and case.
 */
import type { Gazetteer, TopicConfig } from '../../digest/model.js';
import { foldDiacritics } from '../../digest/text/index.js';

export interface TimeOfDay {
  hour: number;
  minute: number;
}

export interface Selection {
  /** Topic ids, in the order given, without duplicates. */
  topics: string[];
  /** Place names as written in the gazetteer. */
  places: string[];
  time: TimeOfDay | null;
  /** Words that matched nothing, as the user typed them. */
  unknown: string[];
}

/** Words that carry no meaning in an argument list ("và", "giờ", "phường"…). */
const FILLERS = new Set([
  'va',
  'and',
  'gio',
  'luc',
  'chu',
  'de',
  'phuong',
  'xa',
  'quan',
  'huyen',
  'thi',
  'tran',
  'o',
  'tai',
]);

export function fold(text: string): string {
  return foldDiacritics(text.normalize('NFC')).toLowerCase().trim();
}

function words(text: string): string[] {
  return fold(text)
    .split(/[\s,;]+/u)
    .filter(Boolean);
}

/** "07:30", "7:30", "7h30", "7h", "07h00" → time; anything else → null. */
export function parseTime(token: string): TimeOfDay | null {
  const m = /^(\d{1,2})(?::(\d{2})|h(\d{2})?)$/iu.exec(token.trim());
  if (!m) return null;
  const hour = Number(m[1]);
  const minute = Number(m[2] ?? m[3] ?? '0');
  if (hour > 23 || minute > 59) return null;
  return { hour, minute };
}

/** A daily time → the 5-field cron the scheduler reads. */
export function timeToCron(t: TimeOfDay): string {
  return `${t.minute} ${t.hour} * * *`;
}

/** A daily cron ("30 7 * * *") → "07:30"; null when the cron is not a plain daily time. */
export function cronToTime(cron: string): string | null {
  const m = /^(\d{1,2}) (\d{1,2}) \* \* \*$/u.exec(cron.trim());
  if (!m) return null;
  return `${m[2]!.padStart(2, '0')}:${m[1]!.padStart(2, '0')}`;
}

interface Candidate {
  words: string[];
  kind: 'topic' | 'place';
  value: string;
}

function candidates(
  topics: TopicConfig[],
  gazetteer: Gazetteer | null,
  places: boolean,
): Candidate[] {
  const out: Candidate[] = [];
  for (const t of topics) {
    out.push({ words: [fold(t.id)], kind: 'topic', value: t.id });
    out.push({ words: fold(t.id).split('-').filter(Boolean), kind: 'topic', value: t.id });
    out.push({ words: words(t.name), kind: 'topic', value: t.id });
  }
  if (places && gazetteer) {
    for (const p of [
      ...gazetteer.wards,
      ...gazetteer.communes,
      ...gazetteer.oldDistricts,
      ...gazetteer.landmarks,
    ]) {
      const w = words(p);
      if (w.length > 0) out.push({ words: w, kind: 'place', value: p.normalize('NFC') });
    }
  }
  // Longest phrases first, so "Hoàn Kiếm" beats a one-word topic id.
  return out.filter((c) => c.words.length > 0).sort((a, b) => b.words.length - a.words.length);
}

/**
 * Parse "giao thông, Hoàn Kiếm 07:30" into topics, places and a time. Matching
 * is greedy, longest phrase first; filler words are skipped; what is left is
 * reported in `unknown` so the caller can answer with usage help.
 */
export function parseSelection(
  args: string,
  topics: TopicConfig[],
  gazetteer: Gazetteer | null,
  options: { places?: boolean; time?: boolean } = {},
): Selection {
  const allowPlaces = options.places ?? true;
  const allowTime = options.time ?? true;
  const raw = args
    .normalize('NFC')
    .split(/[\s,;]+/u)
    .filter(Boolean);
  const folded = raw.map((w) => fold(w));
  const cands = candidates(topics, gazetteer, allowPlaces);
  const sel: Selection = { topics: [], places: [], time: null, unknown: [] };
  let i = 0;
  while (i < folded.length) {
    const word = folded[i]!;
    const time = allowTime ? parseTime(word) : null;
    if (time) {
      sel.time = time;
      i += 1;
      continue;
    }
    const hit = cands.find((c) => c.words.every((w, k) => folded[i + k] === w));
    if (hit) {
      const list = hit.kind === 'topic' ? sel.topics : sel.places;
      if (!list.includes(hit.value)) list.push(hit.value);
      i += hit.words.length;
      continue;
    }
    if (!FILLERS.has(word)) sel.unknown.push(raw[i]!);
    i += 1;
  }
  return sel;
}

/** One topic by id or Vietnamese name, ignoring diacritics; null when none matches. */
export function matchTopic(arg: string, topics: TopicConfig[]): TopicConfig | null {
  const sel = parseSelection(arg, topics, null, { places: false, time: false });
  if (sel.unknown.length > 0 || sel.topics.length !== 1) return null;
  return topics.find((t) => t.id === sel.topics[0]) ?? null;
}
