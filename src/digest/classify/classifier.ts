/**
 * Topics and Hà Nội relevance, from keyword and place-name matches.
 *
 * Both come from two phrase tries built once per classifier (topics, places)
 * and one pass over the title, lead and body. Hits in the title weigh more
 * than hits in the body, because a headline names what the story is about
 * while a body also mentions context ("như ở TP.HCM…").
 *
 * Relevance: Hà Nội evidence (institutions, "phường/xã …", old districts,
 * landmarks, "Hà Nội") against evidence for elsewhere (other provinces,
 * countries). An article is Hà Nội news when it has enough Hà Nội evidence
 * and the elsewhere evidence does not dominate it, or when its title names a
 * Hà Nội place and no other place.
 */
import type { Classification, Gazetteer, TopicConfig, TopicScore } from '../model.js';
import { createPhraseMatcher, tokenize } from './phrase-matcher.js';
import type { PhraseEntry, PhraseMatch, Token } from './phrase-matcher.js';

export interface ClassifiableArticle {
  title: string;
  lead?: string;
  body: string;
}

export interface Classifier {
  classify(article: ClassifiableArticle): Classification;
}

export interface ClassifierOptions {
  topics: TopicConfig[];
  gazetteer: Gazetteer;
  /** Weight of a hit in the title, the lead and the body (default 3, 2, 1). */
  fieldWeights?: { title?: number; lead?: number; body?: number };
  /** A topic is kept when its score (0..1) reaches this (default 0.6). */
  minTopicScore?: number;
  /** …and is at least this share of the best topic's score (default 0.6). */
  relativeTopicScore?: number;
  /** At most this many topics per article (default 3). */
  maxTopics?: number;
  /** Hà Nội evidence needed to call an article Hà Nội news (default 2). */
  minHanoiScore?: number;
  /** Elsewhere evidence above this multiple of the Hà Nội evidence makes it not Hà Nội news (default 1.5). */
  elsewhereDominance?: number;
}

export type PlaceKind =
  'ward' | 'commune' | 'oldDistrict' | 'landmark' | 'institution' | 'elsewhere';

interface TopicPayload {
  topic: string;
  keyword: string;
  weight: number;
}

/**
 * Phrases that contain a keyword without meaning it ("đánh giá" is not a price,
 * "lá vàng" is not gold). They are matched like keywords, so the longest match
 * swallows the keyword, and then count for no topic.
 */
const BLOCKERS = [
  'đánh giá',
  'giá trị',
  'đáng giá',
  'cái giá',
  'bằng mọi giá',
  'vô giá',
  'màu vàng',
  'lá vàng',
  'sao vàng',
  'cờ đỏ sao vàng',
  'thời kỳ vàng',
  'cơ hội vàng',
  'giờ vàng',
  'tuần lễ vàng',
  'đâm chồi',
  'sự thật',
];
const BLOCKED = '';

interface PlacePayload {
  kind: PlaceKind;
  /** The name as written in the gazetteer, without prefix. */
  name: string;
}

/** Evidence weight of one place mention, by kind (before the field weight). */
const PLACE_WEIGHTS: Record<PlaceKind, number> = {
  ward: 2,
  commune: 2,
  institution: 2,
  oldDistrict: 1.5,
  landmark: 1.5,
  elsewhere: 2,
};

/** The same name mentioned again adds less: the 1st..4th mention count fully, then nothing. */
const MAX_MENTIONS_COUNTED = 4;

/** Maps the raw keyword evidence to 0..1; raw 4 ≈ 0.55. */
const TOPIC_SCORE_SCALE = 5;

export function createClassifier(options: ClassifierOptions): Classifier {
  const fw = { title: 3, lead: 2, body: 1, ...options.fieldWeights };
  const minTopicScore = options.minTopicScore ?? 0.5;
  const relative = options.relativeTopicScore ?? 0.6;
  const maxTopics = options.maxTopics ?? 3;
  const minHanoi = options.minHanoiScore ?? 2;
  const dominance = options.elsewhereDominance ?? 1.5;

  const topicEntries: PhraseEntry<TopicPayload>[] = [];
  for (const t of options.topics) {
    for (const k of new Set(t.keywords)) {
      const n = tokenize(k).length;
      // Longer phrases are more specific: "ùn tắc giao thông" says more than "đâm".
      topicEntries.push({
        phrase: k,
        payload: { topic: t.id, keyword: k, weight: Math.min(2.5, 1 + 0.5 * (n - 1)) },
      });
    }
    for (const p of new Set(t.places ?? []))
      topicEntries.push({ phrase: p, payload: { topic: t.id, keyword: p, weight: 1.5 } });
  }
  for (const b of BLOCKERS)
    topicEntries.push({ phrase: b, payload: { topic: BLOCKED, keyword: b, weight: 0 } });
  const topicMatcher = createPhraseMatcher(topicEntries);

  const g = options.gazetteer;
  const placeEntries: PhraseEntry<PlacePayload>[] = [];
  const add = (phrase: string, kind: PlaceKind, name: string): void => {
    placeEntries.push({ phrase, payload: { kind, name } });
  };
  // Wards and communes only with their prefix: many are also streets, people or words.
  for (const w of g.wards) add(`phường ${w}`, 'ward', w);
  for (const c of g.communes) add(`xã ${c}`, 'commune', c);
  for (const d of g.oldDistricts) {
    add(d, 'oldDistrict', d);
    for (const prefix of ['quận', 'huyện', 'thị xã']) add(`${prefix} ${d}`, 'oldDistrict', d);
  }
  for (const l of g.landmarks) add(l, 'landmark', l);
  for (const i of g.institutions) add(i, 'institution', i);
  for (const e of g.elsewhere) add(e, 'elsewhere', e);
  const placeMatcher = createPhraseMatcher(placeEntries);

  return {
    classify(article) {
      const fields: [Token[], number][] = [
        [tokenize(article.title), fw.title],
        [tokenize(article.body), fw.body],
      ];
      if (article.lead) fields.push([tokenize(article.lead), fw.lead]);

      // Topics: per (topic, keyword) evidence, then log-damped so one repeated word cannot carry a topic.
      const evidence = new Map<string, Map<string, number>>();
      for (const [tokens, weight] of fields) {
        for (const m of topicMatcher.match(tokens)) {
          for (const p of m.payloads) {
            if (p.topic === BLOCKED) continue;
            let perKeyword = evidence.get(p.topic);
            if (!perKeyword) evidence.set(p.topic, (perKeyword = new Map()));
            perKeyword.set(p.keyword, (perKeyword.get(p.keyword) ?? 0) + p.weight * weight);
          }
        }
      }
      const scored: TopicScore[] = [];
      for (const [topic, perKeyword] of evidence) {
        let raw = 0;
        for (const v of perKeyword.values()) raw += Math.log2(1 + v);
        scored.push({ id: topic, score: round(1 - Math.exp(-raw / TOPIC_SCORE_SCALE)) });
      }
      scored.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
      const best = scored[0]?.score ?? 0;
      const topics = scored
        .filter((t) => t.score >= minTopicScore && t.score >= best * relative)
        .slice(0, maxTopics);

      // Relevance.
      let hanoiScore = 0;
      let elsewhereScore = 0;
      let titleHanoi = 0;
      let titleElsewhere = 0;
      const mentions = new Map<string, number>();
      const places: string[] = [];
      fields.forEach(([tokens, weight], field) => {
        for (const m of placeMatcher.match(tokens)) {
          const p = pickPlace(m);
          const key = `${p.kind}:${p.name}`;
          const seen = (mentions.get(key) ?? 0) + 1;
          mentions.set(key, seen);
          if (seen > MAX_MENTIONS_COUNTED) continue;
          const w = PLACE_WEIGHTS[p.kind] * weight;
          if (p.kind === 'elsewhere') elsewhereScore += w;
          else hanoiScore += w;
          if (field === 0 && p.kind === 'elsewhere') titleElsewhere++;
          else if (field === 0) titleHanoi++;
          if (p.kind !== 'elsewhere' && p.kind !== 'institution' && !places.includes(p.name))
            places.push(p.name);
        }
      });
      // A headline that names Hà Nội and nowhere else decides on its own: the body of a
      // weather or regional story lists many provinces without being about them.
      const titleDecides = titleHanoi > 0 && titleElsewhere === 0;
      const hanoi =
        titleDecides || (hanoiScore >= minHanoi && elsewhereScore <= hanoiScore * dominance);
      return { topics, hanoi, places };
    },
  };
}

/** Kinds in order of preference when one phrase is listed under several (a ward named like its old district). */
const KIND_ORDER: PlaceKind[] = [
  'ward',
  'commune',
  'institution',
  'landmark',
  'oldDistrict',
  'elsewhere',
];

function pickPlace(m: PhraseMatch<PlacePayload>): PlacePayload {
  let best = m.payloads[0] as PlacePayload;
  for (const p of m.payloads)
    if (KIND_ORDER.indexOf(p.kind) < KIND_ORDER.indexOf(best.kind)) best = p;
  return best;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
