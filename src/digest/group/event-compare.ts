/**
 * Comparing two event signatures (./event-signature.ts): where they
 * contradict (places, figures, dates that cannot be one event's) and on
 * which kinds they agree (a rare value of one headline/lead told in the
 * other article).
 */
import type { EventSignature } from './event-signature.js';
import { namesOfficial } from './officials.js';

/**
 * Whether two values of one kind can be the same fact. Figures within 10 %
 * of each other (outlets round: "1.563 sinh viên" and "1.500 sinh viên",
 * magnitudes from two agencies) and dates a day apart (the event's day and
 * the day it was reported) meet; names, scores and ordinals must be equal.
 */
function close(kind: string, a: string, b: string): boolean {
  if (a === b) return true;
  if (kind.startsWith('n:')) {
    const x = Number(a);
    const y = Number(b);
    return Math.abs(x - y) <= 0.1 * Math.max(Math.abs(x), Math.abs(y));
  }
  if (kind === 'date') return Math.abs(dayNumber(a) - dayNumber(b)) <= 1;
  return false;
}

function dayNumber(dm: string): number {
  const [d, m] = dm.split('/');
  return Number(m) * 31 + Number(d);
}

function meets(
  kind: string,
  values: ReadonlySet<string>,
  other: ReadonlySet<string> | undefined,
): boolean {
  if (!other) return false;
  for (const v of values) {
    if (other.has(v)) return true;
    if (kind.startsWith('n:') || kind === 'date')
      for (const w of other) if (close(kind, v, w)) return true;
  }
  return false;
}

/**
 * The kinds on which two articles contradict (empty: they may be one event).
 * A kind contradicts when both headlines/leads name values of it and neither
 * article's values occur anywhere in the other's text.
 */
export function contradictions(a: EventSignature, b: EventSignature): string[] {
  const out: string[] = [];
  for (const [kind, va] of a.head) {
    // Names only agree: two outlets name different people and bodies in one story.
    if (kind === 'name') continue;
    const vb = b.head.get(kind);
    if (!vb) continue;
    if (meets(kind, va, b.all.get(kind)) || meets(kind, vb, a.all.get(kind))) continue;
    out.push(kind);
  }
  // Where it happened, one-sided: one headline/lead puts the event in a
  // district the other text never names, while that text names only other
  // districts, none of which the first mentions. An outlet may leave the
  // district out of its headline; it does not move the event.
  for (const kind of ONE_SIDED_KINDS) {
    if (out.includes(kind)) continue;
    if (placedElsewhere(kind, a, b) || placedElsewhere(kind, b, a)) out.push(kind);
  }
  return out;
}

const ONE_SIDED_KINDS = ['district'];

function placedElsewhere(kind: string, a: EventSignature, b: EventSignature): boolean {
  const va = a.head.get(kind);
  const vb = b.all.get(kind);
  if (!va || !vb) return false;
  return !meets(kind, va, vb) && !meets(kind, vb, a.all.get(kind));
}

/**
 * How many kinds two articles agree on: a value of the headline/lead of one
 * occurs in the other. `common` marks values too frequent to identify an
 * event ("hà nội" in Hà Nội news); they do not count.
 */
export function agreements(
  a: EventSignature,
  b: EventSignature,
  common: (kind: string, value: string) => boolean = () => false,
): number {
  return agreedKinds(a, b, common).length;
}

/**
 * Whether two articles agree on something that singles out one event: a
 * rare name, place or figure that one headline/lead names and the other
 * tells, or a day that both headlines/leads give. A day named in one lead
 * and only in passing in the other's body is shared by every story of one
 * meeting (the city's morning briefing on a school accident and on a
 * kindergarten's beating); two reports of one session both lead with it.
 */
export function agreesOnEvent(
  a: EventSignature,
  b: EventSignature,
  common: (kind: string, value: string) => boolean = () => false,
): boolean {
  return (
    agreedKinds(a, b, common).some((k) => k !== 'date') ||
    agreedKinds(a, b, common, 'head').includes('date')
  );
}

/**
 * Names of institutions ("Sở Giáo dục…", "Bộ Y tế", "UBND…", "Công an…"):
 * the same offices act in many of a city's stories, so sharing one says
 * nothing about the event. People, places and figures do.
 */
const INSTITUTION_RE =
  /^(?:sở|bộ|ủy|ubnd|hđnd|uỷ|công an|cục|tổng cục|viện|ban|hội|đảng|tòa|thành ủy|quận ủy|chính phủ|quốc hội|trường|bệnh viện|phòng|trung tâm|cảnh sát|ngân hàng|nhà xuất bản|công ty)(?: |$)/u;

/**
 * Whether name `v` of one headline/lead is an official whom the other
 * headline/lead names too: the speaker of both, as a city's chairman leads
 * every story of his morning meeting. That says nothing about which story
 * each tells. Named in one lead and only in the other's body, the official
 * still links them (an interview and a report that quotes it).
 */
function speaksInBoth(v: string, own: EventSignature, other: EventSignature): boolean {
  for (const officials of [own.officials, other.officials])
    for (const o of officials ?? [])
      if (namesOfficial(v, o))
        for (const w of other.head.get('name') ?? []) if (namesOfficial(w, o)) return true;
  return false;
}

/** The kinds `agreements` counts. */
export function agreedKinds(
  a: EventSignature,
  b: EventSignature,
  common: (kind: string, value: string) => boolean = () => false,
  part: 'head' | 'all' = 'all',
): string[] {
  const counted: string[] = [];
  const side = (x: EventSignature, y: EventSignature): void => {
    for (const [kind, vx] of x.head) {
      if (counted.includes(kind)) continue;
      const rare = [...vx].filter(
        (v) =>
          !common(kind, v) &&
          !(kind === 'name' && (INSTITUTION_RE.test(v) || speaksInBoth(v, x, y))),
      );
      if (rare.length && meets(kind, new Set(rare), y[part].get(kind))) counted.push(kind);
    }
  };
  side(a, b);
  side(b, a);
  return counted;
}
