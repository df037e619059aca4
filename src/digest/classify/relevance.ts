/**
 * Hà Nội relevance from place evidence in the news text.
 *
 * Hà Nội evidence (wards, communes, old districts, streets, schools,
 * hospitals, landmarks, city bodies, the bare city name) is weighed against
 * evidence for elsewhere (other provinces, countries) and for national scope
 * ("Chính phủ", "cả nước": Hà Nội as the capital is only the venue). The bare
 * name "Hà Nội" weighs least: national stories name it in passing, while a
 * story that happens in the city names a district, a street or a city body.
 * Names that contain "Hà Nội" but are elsewhere ("xa lộ Hà Nội", "cao tốc
 * Hà Nội - Hải Phòng", "giờ Hà Nội") match as neutral and count for nothing.
 */
import { createPhraseMatcher } from './phrase-matcher.js';
import type { PhraseMatch, Token } from './phrase-matcher.js';
import type { Gazetteer } from '../model.js';

export type PlaceKind =
  | 'ward'
  | 'commune'
  | 'oldDistrict'
  | 'landmark'
  | 'institution'
  | 'city'
  | 'elsewhere'
  | 'abroad'
  | 'national'
  | 'neutral';

interface PlacePayload {
  kind: PlaceKind;
  /** The name as written in the gazetteer, without prefix. */
  name: string;
}

/** Evidence weight of one mention, by kind (before the field weight). */
const PLACE_WEIGHTS: Record<PlaceKind, number> = {
  ward: 3,
  commune: 3,
  institution: 2.5,
  oldDistrict: 1.5,
  landmark: 1.5,
  city: 1,
  elsewhere: 2,
  abroad: 2,
  national: 1.5,
  neutral: 0,
};

/** Kinds in order of preference when one phrase is listed under several. */
const KIND_ORDER: PlaceKind[] = [
  'neutral',
  'ward',
  'commune',
  'institution',
  'landmark',
  'oldDistrict',
  'city',
  'national',
  'elsewhere',
  'abroad',
];

/** The bare names of the city: weak evidence. */
const CITY_NAMES = new Set(
  [
    'Hà Nội',
    'TP Hà Nội',
    'TP. Hà Nội',
    'thành phố Hà Nội',
    'Thủ đô',
    'Thủ đô Hà Nội',
    'Hà thành',
    'HN',
  ].map((s) => s.toLowerCase()),
);

const MAX_MENTIONS_COUNTED = 3;

const NATIONALITY_PREFIXES = [
  'tiếng',
  'chữ',
  'người',
  'khách',
  'du khách',
  'công dân',
  'quốc tịch',
];

/** Kinds that place a story inside the city more firmly than a landmark that may be a venue. */
const FIRM_LOCAL = new Set<PlaceKind>(['ward', 'commune', 'oldDistrict', 'institution']);

export interface RelevanceOptions {
  /** Hà Nội evidence needed (default 3). */
  minHanoiScore?: number;
  /** Other evidence above this multiple of the Hà Nội evidence makes it not Hà Nội news (default 1). */
  elsewhereDominance?: number;
}

export interface RelevanceResult {
  hanoi: boolean;
  places: string[];
  /**
   * The story is set abroad: the headline names a place abroad and no place
   * of Việt Nam (a city, ward or province; national bodies do not count), or
   * names no place while the sapo names only places abroad.
   */
  abroad: boolean;
}

export interface RelevanceField {
  tokens: Token[];
  weight: number;
  /** The title, the sapo or the body: the first two say where the story is. */
  role: 'title' | 'lead' | 'body';
}

export interface Relevance {
  judge(fields: readonly RelevanceField[]): RelevanceResult;
}

export function createRelevance(g: Gazetteer, options: RelevanceOptions = {}): Relevance {
  const minHanoi = options.minHanoiScore ?? 3;
  const dominance = options.elsewhereDominance ?? 1;
  const entries: { phrase: string; payload: PlacePayload }[] = [];
  const add = (phrase: string, kind: PlaceKind, name: string): void => {
    entries.push({ phrase, payload: { kind, name } });
  };
  // Wards and communes only with their prefix: many of them are also streets, people or words.
  for (const w of g.wards) add(`phường ${w}`, 'ward', w);
  for (const c of g.communes) add(`xã ${c}`, 'commune', c);
  for (const w of g.oldWards ?? [])
    for (const prefix of ['phường', 'xã', 'thị trấn']) add(`${prefix} ${w}`, 'ward', w);
  for (const d of g.oldDistricts) {
    add(d, 'oldDistrict', d);
    for (const prefix of ['quận', 'huyện', 'thị xã']) add(`${prefix} ${d}`, 'oldDistrict', d);
  }
  for (const l of g.landmarks) add(l, 'landmark', l);
  for (const s of g.streets ?? []) add(s, 'landmark', s);
  for (const s of g.schools ?? []) add(s, 'landmark', s);
  for (const h of g.hospitals ?? []) add(h, 'landmark', h);
  for (const i of g.institutions)
    add(i, CITY_NAMES.has(i.toLowerCase()) ? 'city' : 'institution', i);
  for (const e of g.elsewhere) add(e, 'elsewhere', e);
  for (const a of g.abroad ?? []) {
    add(a, 'abroad', a);
    // "tiếng Nga", "du khách Nhật Bản": a language or a nationality, not where the story is.
    for (const prefix of NATIONALITY_PREFIXES) add(`${prefix} ${a}`, 'neutral', a);
  }
  for (const n of g.national ?? []) add(n, 'national', n);
  for (const n of g.notHanoi ?? []) add(n, 'neutral', n);
  const matcher = createPhraseMatcher(entries);

  return {
    judge(fields) {
      let hanoiScore = 0;
      let otherScore = 0;
      let nationalScore = 0;
      // Per title/lead: mentions of the city, of a place inside it, and of elsewhere.
      const head = {
        title: { hanoi: 0, local: 0, elsewhere: 0, abroad: 0, firm: 0, national: 0 },
        lead: { hanoi: 0, local: 0, elsewhere: 0, abroad: 0, firm: 0, national: 0 },
      };
      const mentions = new Map<string, number>();
      const places: string[] = [];
      for (const { tokens, weight, role } of fields) {
        const h = role === 'body' ? null : head[role];
        for (const m of matcher.match(tokens)) {
          const p = pickPlace(m);
          if (p.kind === 'neutral') continue;
          // "Hòa Bình Green City": a province's name that opens a brand. (Abroad,
          // a capitalised word after the country is its leader: "Mỹ Donald Trump".)
          const next = tokens[m.index + m.length];
          if (p.kind === 'elsewhere' && next?.cap && isForeignWord(next.key)) continue;
          // "bà Nguyễn Thị Nga", "Trần Thị Hà Lan": a given name after two capitalised
          // syllables of a person's name, not the country.
          if (p.kind === 'abroad' && tokens[m.index - 1]?.cap && tokens[m.index - 2]?.cap) continue;
          const key = `${p.kind}:${p.name}`;
          const seen = (mentions.get(key) ?? 0) + 1;
          mentions.set(key, seen);
          const w = seen > MAX_MENTIONS_COUNTED ? 0 : PLACE_WEIGHTS[p.kind] * weight;
          const other = p.kind === 'elsewhere' || p.kind === 'abroad' || p.kind === 'national';
          if (other) otherScore += w;
          else hanoiScore += w;
          if (p.kind === 'national') nationalScore += w;
          if (h && p.kind === 'abroad') h.abroad++;
          if (h && p.kind === 'national') h.national++;
          if (h && FIRM_LOCAL.has(p.kind)) h.firm++;
          if (h && (p.kind === 'elsewhere' || p.kind === 'abroad')) h.elsewhere++;
          else if (h && !other) {
            h.hanoi++;
            if (p.kind !== 'city') h.local++;
          }
          if (!other && p.kind !== 'institution' && p.kind !== 'city' && !places.includes(p.name))
            places.push(p.name);
        }
      }
      // A title that places the story in Hà Nội and nowhere else decides, unless
      // the story is national in scope and the title names only the city; a
      // sapo decides only when it names a place inside the city.
      const t = head.title;
      const titleDecides =
        t.hanoi > 0 && t.elsewhere === 0 && (t.local > 0 || nationalScore <= hanoiScore);
      // A landmark next to a national body in the sapo is a venue ("lễ trao giải … do
      // Bộ … tổ chức tại Nhà hát Lớn"): it decides only beside a ward, district or city body.
      const l = head.lead;
      const leadDecides =
        l.local > 0 && l.elsewhere === 0 && t.elsewhere === 0 && (l.national === 0 || l.firm > 0);
      const hanoi =
        titleDecides ||
        leadDecides ||
        (hanoiScore >= minHanoi && otherScore <= hanoiScore * dominance);
      const domestic = (f: typeof t): number => f.hanoi + f.elsewhere - f.abroad;
      const lead = head.lead;
      const abroad =
        (t.abroad > 0 && domestic(t) === 0) ||
        (t.hanoi + t.elsewhere === 0 && lead.abroad > 0 && domestic(lead) === 0);
      return { hanoi, places, abroad };
    },
  };
}

/** A Vietnamese syllable without tone marks: onset, one to three vowels, coda. */
const VI_SYLLABLE =
  /^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aăâeêioôơuưy]{1,3}(?:ch|nh|ng|[cmnpt])?$/u;

/**
 * A word no Vietnamese syllable can be ("green", "city", "tower"): an English
 * or brand word. Tone marks are ignored; the check is on letters only.
 */
export function isForeignWord(word: string): boolean {
  const w = word.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC').replace(/đ/g, 'd');
  if (!/^\p{L}+$/u.test(w)) return false;
  if (/[fjwz]/.test(w)) return true;
  if (/^c[eiy]/.test(w)) return true;
  return !VI_SYLLABLE.test(w);
}

function pickPlace(m: PhraseMatch<PlacePayload>): PlacePayload {
  let best = m.payloads[0] as PlacePayload;
  for (const p of m.payloads)
    if (KIND_ORDER.indexOf(p.kind) < KIND_ORDER.indexOf(best.kind)) best = p;
  return best;
}
