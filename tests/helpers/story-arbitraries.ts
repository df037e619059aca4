/**
 * fast-check arbitraries for stories and digests full of hostile text: HTML,
 * entities, Discord mentions and Markdown, emoji (surrogate pairs), control
 * characters, bad URLs and very long titles. Used by the renderer property tests.
 */
import fc from 'fast-check';
import { composeDigest } from '../../src/digest/compose/compose-digest.js';
import type { DigestDocument, Highlight, Story, TopicConfig } from '../../src/digest/model.js';

export const NASTY = [
  '<script>alert(1)</script>',
  '<b>',
  '</a>',
  '&',
  '&amp;',
  '&lt;',
  '&#128512;',
  '&bogus;',
  '"quoted"',
  "it's",
  '@everyone',
  '@here',
  '<@123456789012345678>',
  '<@&987654321>',
  '<#1234567890>',
  '<@!42>',
  '**bold**',
  '__under__',
  '~~strike~~',
  '`code`',
  '```block```',
  '||spoiler||',
  '> quote',
  '# heading',
  '-# subtext',
  '- item',
  '1. list',
  '[link](https://evil.example)',
  '\\',
  '😀',
  '👨‍👩‍👧',
  '🇻🇳',
  '\u200b',
  '\n',
  '\t',
  'javascript:alert(1)',
] as const;

export const WORDS = [
  'Hà Nội',
  'ngập úng',
  'phường Hoàn Kiếm',
  'xã Sóc Sơn',
  'UBND thành phố',
  'giao thông',
  'đường sắt đô thị',
  'tăng 12,9%',
  '1.200 tỷ đồng',
  'Thủy',
  'khoẻ',
  'quy hoạch',
  'người dân',
] as const;

export const URLS = [
  'https://vnexpress.net/ha-noi-1.html',
  'http://tuoitre.vn/a?b=1&c="2"<x>',
  'https://example.com/@everyone',
  'https://example.com/path)with)parens',
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'tg://resolve?domain=x',
  'ftp://old.example/file',
  'not a url',
  '',
] as const;

export const TOPICS: TopicConfig[] = [
  { id: 'giao-thong', name: 'Giao thông', keywords: ['giao thông'] },
  { id: 'moi-truong', name: 'Môi trường <&>', keywords: ['ô nhiễm'] },
  { id: 'do-thi', name: 'Đô thị @everyone', keywords: ['quy hoạch'] },
];

const fragment = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 3, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
);

/** Hostile text of a few words. */
export const hostileText = (maxWords = 12): fc.Arbitrary<string> =>
  fc.array(fragment, { minLength: 1, maxLength: maxWords }).map((xs) => xs.join(' '));

/** Titles: mostly short, sometimes 5,000 characters. */
export const titleArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: hostileText(10) },
  {
    weight: 1,
    arbitrary: hostileText(6).map((t) =>
      t.repeat(Math.ceil(5000 / Math.max(1, t.length))).slice(0, 5000),
    ),
  },
);

/** A summary with highlights on code-point boundaries. */
export const summaryArb = fc
  .tuple(
    hostileText(40),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 8 })), { maxLength: 4 }),
    fc.boolean(),
  )
  .map(([base, marks, long]) => {
    const text = long
      ? base.repeat(Math.ceil(6000 / Math.max(1, base.length))).slice(0, 6000)
      : base;
    const points = Array.from(text);
    const offsets: number[] = [0];
    for (const p of points) offsets.push((offsets[offsets.length - 1] ?? 0) + p.length);
    const highlights: Highlight[] = [];
    let after = 0;
    for (const [s, len] of marks.sort((a, b) => a[0] - b[0])) {
      const startCp = points.length ? Math.max(after, s % points.length) : 0;
      const endCp = Math.min(points.length, startCp + len);
      if (startCp >= endCp) continue;
      const start = offsets[startCp] ?? 0;
      const end = offsets[endCp] ?? text.length;
      highlights.push({ start, end, text: text.slice(start, end), kind: 'number' });
      after = endCp;
    }
    return { text, highlights, summarizer: 'extractive' as const, model: null };
  });

let counter = 0;
export const storyArb: fc.Arbitrary<Story> = fc
  .record({
    title: titleArb,
    summary: summaryArb,
    sources: fc.array(fc.record({ name: hostileText(3), url: fc.constantFrom(...URLS) }), {
      minLength: 1,
      maxLength: 9,
    }),
    publishedAt: fc.option(
      fc.date({
        min: new Date('2026-01-01T00:00:00Z'),
        max: new Date('2026-12-31T00:00:00Z'),
        noInvalidDate: true,
      }),
    ),
    topics: fc.subarray(['giao-thong', 'moi-truong', 'do-thi', 'unknown-topic']),
  })
  .map((r) => {
    const id = `story-${++counter}`;
    return {
      id,
      title: r.title,
      summary: r.summary,
      sources: r.sources.map((s, i) => ({
        articleId: `${id}-a${i}`,
        name: s.name,
        url: s.url,
        publishedAt: r.publishedAt,
      })),
      publishedAt: r.publishedAt,
      topics: r.topics,
      places: [],
      hanoi: true,
      articleIds: r.sources.map((_s, i) => `${id}-a${i}`),
    };
  });

export function digestOf(stories: Story[]): DigestDocument {
  return composeDigest(stories, {
    date: new Date('2026-11-27T00:00:00Z'),
    window: { since: new Date('2026-11-26T00:00:00Z'), until: new Date('2026-11-27T00:00:00Z') },
    topics: TOPICS,
    maxItems: 1000,
    maxItemsPerSection: 1000,
  });
}

export const digestArb = (minItems: number, maxItems: number): fc.Arbitrary<DigestDocument> =>
  fc.array(storyArb, { minLength: minItems, maxLength: maxItems }).map(digestOf);
