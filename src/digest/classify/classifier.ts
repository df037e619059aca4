/**
 * Topics and Hà Nội relevance, from keyword and place-name matches.
 *
 * Topics come from one phrase trie built per classifier and one pass over the
 * title, the sapo and the body. The headline and the sapo say what a story is
 * about, while a body also mentions context ("như ở TP.HCM…", "dự án…"), so
 * hits there weigh more, the opening of the body less and the rest least.
 * A topic's weak keywords ("dự án", "chung cư") count only next to a strong
 * one; a negative keyword in the headline or sapo ("hội đàm", "showbiz")
 * rules the topic out. A second or third topic must be named in the
 * headline or sapo and come close to the first. Of the kept topics, the one
 * the title itself names most leads (an editor files a story by its headline).
 *
 * Relevance reads the news text only (footer, captions, people's home
 * addresses and route names left out, see `news-text.ts`) and is judged in
 * `relevance.ts`.
 */
import type { Classification, Gazetteer, TopicConfig, TopicScore } from '../model.js';
import { createNewsText } from './news-text.js';
import { createPhraseMatcher, tokenize } from './phrase-matcher.js';
import type { PhraseEntry, Token } from './phrase-matcher.js';
import { createRelevance } from './relevance.js';

export type { PlaceKind } from './relevance.js';

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
  /** Weight of a hit in the title, the lead, the body's opening and the rest (default 3, 2, 1.5, 0.5). */
  fieldWeights?: { title?: number; lead?: number; body?: number; rest?: number };
  /** Syllables of the body that count as its opening (default 150). */
  openingTokens?: number;
  /** A topic is kept when its score (0..1) reaches this (default 0.55). */
  minTopicScore?: number;
  /** …and, after the first, is at least this share of the best topic's score (default 0.4). */
  relativeTopicScore?: number;
  /** A first topic that the headline and sapo do not name needs this score (default 0.7). */
  bodyOnlyScore?: number;
  /** A further topic needs this share of the first one's headline/sapo evidence (default 0.3)… */
  relativeHeadEvidence?: number;
  /** …and at least this much of it (default 2: one keyword in the sapo, or a title word). */
  minSecondHeadEvidence?: number;
  /** At most this many topics per article (default 3). */
  maxTopics?: number;
  /** Hà Nội evidence needed to call an article Hà Nội news (default 3). */
  minHanoiScore?: number;
  /** Other-place evidence above this multiple of the Hà Nội evidence makes it not Hà Nội news (default 1). */
  elsewhereDominance?: number;
}

type Role = 'strong' | 'agency' | 'weak' | 'negative' | 'abroadNegative';

interface TopicPayload {
  topic: string;
  keyword: string;
  weight: number;
  role: Role;
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
  // Job titles and vehicle names: a street cleaner is not an environment story,
  // a farm tractor ("xe công nông") is not an official car.
  'công nhân môi trường',
  'công nhân vệ sinh môi trường',
  'xe công nông',
  // An urban-services company ("Công ty Môi trường đô thị") is an employer, not the environment.
  'công ty môi trường',
];
const BLOCKED = '';

/** Maps the raw keyword evidence to 0..1. */
const TOPIC_SCORE_SCALE = 5;

interface Field {
  tokens: Token[];
  weight: number;
  head: boolean;
  title?: boolean;
}

export function createClassifier(options: ClassifierOptions): Classifier {
  const fw = { title: 3, lead: 2, body: 1.5, rest: 0.5, ...options.fieldWeights };
  const opening = options.openingTokens ?? 150;
  const minTopicScore = options.minTopicScore ?? 0.55;
  const relative = options.relativeTopicScore ?? 0.4;
  const maxTopics = options.maxTopics ?? 3;
  const bodyOnlyScore = options.bodyOnlyScore ?? 0.7;
  const relativeHead = options.relativeHeadEvidence ?? 0.3;
  const minSecondHead = options.minSecondHeadEvidence ?? 2;
  const g = options.gazetteer;
  const newsText = createNewsText({
    footerMarkers: g.footerMarkers ?? [],
    captionMarkers: g.captionMarkers ?? [],
    residenceMarkers: g.residenceMarkers ?? [],
    routeEnds: [...g.elsewhere, ...(g.abroad ?? [])],
  });
  const relevance = createRelevance(g, {
    ...(options.minHanoiScore !== undefined ? { minHanoiScore: options.minHanoiScore } : {}),
    ...(options.elsewhereDominance !== undefined
      ? { elsewhereDominance: options.elsewhereDominance }
      : {}),
  });

  const topicEntries: PhraseEntry<TopicPayload>[] = [];
  const push = (topic: string, keyword: string, weight: number, role: Role): void => {
    topicEntries.push({ phrase: keyword, payload: { topic, keyword, weight, role } });
  };
  for (const t of options.topics) {
    // Longer phrases are more specific: "ùn tắc giao thông" says more than "đâm".
    const byLength = (k: string): number => Math.min(2.5, 1 + 0.5 * (tokenize(k).length - 1));
    for (const k of new Set(t.keywords)) push(t.id, k, byLength(k), 'strong');
    for (const p of new Set(t.places ?? [])) push(t.id, p, 1.5, 'strong');
    for (const k of new Set(t.agencyKeywords ?? [])) push(t.id, k, byLength(k), 'agency');
    for (const k of new Set(t.weakKeywords ?? [])) push(t.id, k, 1, 'weak');
    for (const k of new Set((t.negativeKeywords ?? []).flat())) push(t.id, k, 0, 'negative');
    for (const k of new Set((t.abroadNegativeKeywords ?? []).flat()))
      push(t.id, k, 0, 'abroadNegative');
  }
  for (const b of BLOCKERS) push(BLOCKED, b, 0, 'strong');
  const topicMatcher = createPhraseMatcher(topicEntries);
  // Compound-event rules: phrase → (topic, required earlier topics).
  const companionMatcher = createPhraseMatcher(
    options.topics.flatMap((t) =>
      (t.alsoWhen ?? []).flatMap((rule) =>
        rule.phrases.map((phrase) => ({
          phrase,
          payload: { topic: t.id, after: rule.after ?? [], first: rule.first === true },
        })),
      ),
    ),
  );
  const excludedAbroad = new Set(options.topics.filter((t) => t.excludeAbroad).map((t) => t.id));

  /**
   * Adds the topics that compound-event phrases in the headline or sapo call
   * for; returns the topic a `first` rule says leads, if any.
   */
  function addCompanions(
    topics: TopicScore[],
    fields: readonly Field[],
    scored: readonly TopicScore[],
    vetoed: ReadonlySet<string>,
  ): string | null {
    let leader: string | null = null;
    for (const f of fields) {
      if (!f.head) continue;
      for (const m of companionMatcher.match(f.tokens))
        for (const c of m.payloads) {
          if (vetoed.has(c.topic)) continue;
          if (c.after.length > 0 && !topics.some((t) => c.after.includes(t.id))) continue;
          const kept = topics.some((t) => t.id === c.topic);
          if (!kept && topics.length >= maxTopics) continue;
          if (!kept)
            topics.push({
              id: c.topic,
              score: scored.find((s) => s.id === c.topic)?.score ?? minTopicScore,
            });
          if (c.first && leader === null) leader = c.topic;
        }
    }
    return leader;
  }

  return {
    classify(input) {
      // A "sapo" that is a list of the author's other pieces ("Tên · Tiêu đề. 24 Tên · …",
      // on opinion pages) says nothing of this story: read the article without it.
      const article = isLinkList(input.lead) ? { ...input, lead: '' } : input;
      const titleTokens = tokenize(article.title);
      const indexPage = isNamePage(titleTokens);
      const bodyText = newsText.clean(article.body);
      const body = tokenize(bodyText);
      const fields: Field[] = [
        { tokens: titleTokens, weight: fw.title, head: true, title: true },
        { tokens: body.slice(0, opening), weight: fw.body, head: false },
        { tokens: body.slice(opening), weight: fw.rest, head: false },
      ];
      if (article.lead)
        fields.push({ tokens: tokenize(article.lead), weight: fw.lead, head: true });

      const works = newsText.workTitles([article.title, article.lead ?? '', bodyText]);
      const verdict = relevance.judge([
        {
          tokens: tokenize(newsText.placeText(article.title, works, true)),
          weight: 3,
          role: 'title',
        },
        ...(article.lead
          ? [
              {
                tokens: tokenize(newsText.placeText(article.lead, works)),
                weight: 2,
                role: 'lead' as const,
              },
            ]
          : []),
        { tokens: tokenize(newsText.placeText(bodyText, works)), weight: 1, role: 'body' },
      ]);
      const strong = new Map<string, Map<string, number>>();
      const weak = new Map<string, Map<string, number>>();
      const headEvidence = new Map<string, number>();
      // Head evidence other than the acting body's name: what a further topic needs.
      const coreHead = new Map<string, number>();
      const titleEvidence = new Map<string, number>();
      // A story set abroad: foreign politics is none of the civic topics.
      const vetoed = new Set<string>(verdict.abroad ? excludedAbroad : []);
      for (const { tokens, weight, head, title } of fields) {
        for (const m of topicMatcher.match(tokens)) {
          for (const p of m.payloads) {
            if (p.topic === BLOCKED) continue;
            if (p.role === 'negative' || p.role === 'abroadNegative') {
              if (head && (p.role === 'negative' || verdict.abroad)) vetoed.add(p.topic);
              continue;
            }
            const into = p.role === 'weak' ? weak : strong;
            let perKeyword = into.get(p.topic);
            if (!perKeyword) into.set(p.topic, (perKeyword = new Map()));
            perKeyword.set(p.keyword, (perKeyword.get(p.keyword) ?? 0) + p.weight * weight);
            const counts = p.role === 'strong' || p.role === 'agency';
            if (head && counts)
              headEvidence.set(p.topic, (headEvidence.get(p.topic) ?? 0) + p.weight * weight);
            if (head && p.role === 'strong')
              coreHead.set(p.topic, (coreHead.get(p.topic) ?? 0) + p.weight * weight);
            if (title && counts)
              titleEvidence.set(p.topic, (titleEvidence.get(p.topic) ?? 0) + p.weight);
          }
        }
      }
      const scored: (TopicScore & { head: number })[] = [];
      for (const [topic, perKeyword] of strong) {
        if (vetoed.has(topic)) continue;
        let raw = 0;
        // Log-damped per keyword, so one repeated word cannot carry a topic.
        for (const v of perKeyword.values()) raw += Math.log2(1 + v);
        for (const v of weak.get(topic)?.values() ?? []) raw += Math.log2(1 + v);
        scored.push({
          id: topic,
          score: round(1 - Math.exp(-raw / TOPIC_SCORE_SCALE)),
          head: headEvidence.get(topic) ?? 0,
        });
      }
      // The headline's subject first: a topic the headline or sapo names goes
      // before one the body only mentions.
      scored.sort(
        (a, b) =>
          Number(b.head > 0) - Number(a.head > 0) || b.score - a.score || a.id.localeCompare(b.id),
      );
      const first = scored[0];
      const topics: TopicScore[] = [];
      const firstOk =
        first !== undefined &&
        first.score >= minTopicScore &&
        (first.head > 0 || first.score >= bodyOnlyScore);
      if (first && firstOk && !indexPage) {
        topics.push({ id: first.id, score: first.score });
        for (const t of scored.slice(1)) {
          if (topics.length >= maxTopics) break;
          const core = coreHead.get(t.id) ?? 0;
          if (
            core >= first.head * relativeHead &&
            core >= minSecondHead &&
            t.score >= minTopicScore &&
            t.score >= first.score * relative
          )
            topics.push({ id: t.id, score: t.score });
        }
      }

      const leader = topics.length > 0 ? addCompanions(topics, fields, scored, vetoed) : null;

      // Which topics are kept is decided above; which one leads is the
      // headline's subject: the kept topic the title itself names most, unless
      // an editor's rule names it (a road crash is traffic first).
      if (topics.length > 1) {
        const te = (id: string): number => titleEvidence.get(id) ?? 0;
        const best =
          topics.find((t) => t.id === leader) ??
          topics.reduce((x, y) => (te(y.id) > te(x.id) ? y : x));
        topics.splice(topics.indexOf(best), 1);
        topics.unshift(best);
      }
      return { topics, hanoi: verdict.hanoi, places: verdict.places };
    },
  };
}

/**
 * An author or tag page: a title that is only a name ("Nguyễn Văn A -
 * VnExpress"), every syllable capitalised and no figure. Its body is a list of
 * other stories, so whatever topic it shows is borrowed (LABELS.md rule 13).
 */
function isNamePage(title: readonly Token[]): boolean {
  return (
    title.length >= 2 && title.length <= 6 && title.every((t) => t.cap && !/\p{N}/u.test(t.key))
  );
}

/** Two or more "·" separators: a list of links, not a sapo. */
function isLinkList(lead: string | undefined): boolean {
  return (lead?.split('·').length ?? 0) > 2;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
