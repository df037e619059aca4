import { describe, expect, it } from 'vitest';
import {
  composeDigest,
  ComposeOptionsError,
  filterStories,
  storyToItem,
} from '../../src/digest/compose/compose-digest.js';
import { spansFromSummary, truncateSummary } from '../../src/digest/compose/spans.js';
import type { Story, TopicConfig } from '../../src/digest/model.js';

const TOPICS: TopicConfig[] = [
  { id: 'giao-thong', name: 'Giao thông', keywords: [] },
  { id: 'moi-truong', name: 'Môi trường', keywords: [] },
  { id: 'y-te', name: 'Y tế', keywords: [] },
];
const WINDOW = { since: new Date('2026-11-26T00:00:00Z'), until: new Date('2026-11-27T00:00:00Z') };
const base = { date: new Date('2026-11-27T00:00:00Z'), window: WINDOW, topics: TOPICS };

function story(id: string, topics: string[], extra: Partial<Story> = {}): Story {
  return {
    id,
    title: `Tin ${id}`,
    summary: { text: `Tóm tắt ${id}.`, highlights: [], summarizer: 'extractive', model: null },
    sources: [
      {
        articleId: `${id}-a`,
        name: 'VnExpress',
        url: `https://vnexpress.net/${id}.html`,
        publishedAt: null,
      },
    ],
    publishedAt: new Date('2026-11-26T10:00:00Z'),
    topics,
    places: [],
    hanoi: true,
    articleIds: [`${id}-a`],
    ...extra,
  };
}

describe('composeDigest', () => {
  it('writes the Vietnamese header with the weekday and date in Hà Nội time', () => {
    // 2026-11-26T20:00Z is already Friday 27/11 03:00 in Asia/Ho_Chi_Minh
    const doc = composeDigest([], { ...base, date: new Date('2026-11-26T20:00:00Z') });
    expect(doc.header).toBe('Bản tin Hà Nội — Thứ Sáu, 27/11/2026');
    expect(composeDigest([], { ...base, date: new Date('2026-11-29T05:00:00Z') }).header).toBe(
      'Bản tin Hà Nội — Chủ Nhật, 29/11/2026',
    );
    expect(
      composeDigest([], { ...base, date: new Date('2026-11-26T20:00:00Z'), timezone: 'UTC' })
        .header,
    ).toContain('Thứ Năm, 26/11/2026');
  });

  it('orders sections by the configured order, then config order, with "Tin khác" last', () => {
    const doc = composeDigest(
      [
        story('a', ['y-te']),
        story('b', []),
        story('c', ['giao-thong']),
        story('d', ['moi-truong']),
        story('e', ['unknown']),
      ],
      { ...base, sectionOrder: ['moi-truong', 'nope'] },
    );
    expect(doc.sections.map((s) => s.title)).toEqual([
      'Môi trường',
      'Giao thông',
      'Y tế',
      'Tin khác',
    ]);
    expect(doc.sections[3]?.items.map((i) => i.storyId)).toEqual(['b', 'e']);
  });

  it('puts a story once, in its best topic, and never the same story twice', () => {
    const s = story('a', ['moi-truong', 'giao-thong']);
    const sameArticle = story('b', ['giao-thong'], { articleIds: ['a-a'] });
    const doc = composeDigest([s, s, sameArticle], base);
    const ids = doc.sections.flatMap((x) => x.items.map((i) => i.storyId));
    expect(ids).toEqual(['a']);
    expect(doc.sections[0]?.topicId).toBe('moi-truong');
  });

  it('leaves out a page the summarizer found is not an article (tag, listing, author page)', () => {
    const listing = story('tag', ['giao-thong'], {
      summary: { text: '', highlights: [], summarizer: 'extractive', model: null, article: false },
    });
    const doc = composeDigest([listing, story('a', ['giao-thong'])], base);
    expect(doc.sections.flatMap((x) => x.items.map((i) => i.storyId))).toEqual(['a']);
  });

  it('caps items per section and in total', () => {
    const stories = [
      ...Array.from({ length: 8 }, (_, i) => story(`g${i}`, ['giao-thong'])),
      ...Array.from({ length: 8 }, (_, i) => story(`m${i}`, ['moi-truong'])),
    ];
    const doc = composeDigest(stories, { ...base, maxItemsPerSection: 3, maxItems: 5 });
    expect(doc.sections.map((s) => s.items.length)).toEqual([3, 2]);
    expect(doc.counts).toEqual({ items: 5, sources: 1, sections: 2 });
  });

  it('counts items and distinct outlets in the footer with how to change the subscription', () => {
    const two = story('x', ['y-te'], {
      sources: [
        { articleId: 'x1', name: 'Tuổi Trẻ', url: 'https://tuoitre.vn/x', publishedAt: null },
        { articleId: 'x2', name: 'Dân trí', url: 'https://dantri.com.vn/x', publishedAt: null },
      ],
      articleIds: ['x1', 'x2'],
    });
    const doc = composeDigest([story('a', ['y-te']), two], base);
    expect(doc.footer).toBe('2 tin · 3 nguồn · Đổi đăng ký: /settings');
    expect(doc.sections[0]?.items[1]?.sources).toHaveLength(2);
    // The body of an empty digest says there is no news; the footer does not repeat it.
    expect(composeDigest([], base).footer).toBe('Đổi đăng ký: /settings');
  });

  it('rejects bad options with a clear error', () => {
    expect(() => composeDigest([], { ...base, maxItems: 0 })).toThrow(ComposeOptionsError);
    expect(() => composeDigest([], { ...base, timezone: 'Mars/Olympus' })).toThrow(/timezone/);
    expect(() =>
      composeDigest([], { ...base, window: { since: WINDOW.until, until: WINDOW.since } }),
    ).toThrow(/since is after until/);
  });
});

describe('storyToItem and spans', () => {
  it('turns highlights into spans and re-finds a highlight with wrong offsets', () => {
    const s = story('a', [], {
      summary: {
        text: 'Vốn 1.200 tỷ đồng, tăng 12,9%.',
        highlights: [
          { start: 4, end: 17, text: '1.200 tỷ đồng', kind: 'money' },
          { start: 0, end: 3, text: '12,9%', kind: 'percent' }, // wrong offsets
          { start: 0, end: 3, text: 'không có', kind: 'number' }, // not in the text
        ],
        summarizer: 'llm',
        model: 'x',
      },
    });
    expect(storyToItem(s).summary).toEqual([
      { text: 'Vốn ', highlight: false },
      { text: '1.200 tỷ đồng', highlight: true },
      { text: ', tăng ', highlight: false },
      { text: '12,9%', highlight: true },
      { text: '.', highlight: false },
    ]);
  });

  it('spans always concatenate back to the summary text', () => {
    const summary = {
      text: 'abc 10% def 10%',
      highlights: [
        { start: 12, end: 15, text: '10%', kind: 'percent' as const },
        { start: 4, end: 7, text: '10%', kind: 'percent' as const },
      ],
      summarizer: 'extractive' as const,
      model: null,
    };
    expect(
      spansFromSummary(summary)
        .map((x) => x.text)
        .join(''),
    ).toBe(summary.text);
  });

  it('truncateSummary keeps whole sentences and only the highlights inside', () => {
    const t = truncateSummary(
      {
        text: 'Câu một có 5 ý. Câu hai dài hơn nhiều với 7 ý nữa.',
        highlights: [
          { start: 11, end: 12, text: '5', kind: 'number' },
          { start: 42, end: 43, text: '7', kind: 'number' },
        ],
        summarizer: 'extractive',
        model: null,
      },
      30,
    );
    expect(t.text).toBe('Câu một có 5 ý.');
    expect(t.highlights.map((h) => h.text)).toEqual(['5']);
  });
});

describe('filterStories', () => {
  const stories = [
    story('a', ['giao-thong'], { title: 'Ngập úng ở phố Huế', places: ['Hai Bà Trưng'] }),
    story('b', ['moi-truong'], {
      title: 'Ô nhiễm không khí tăng',
      summary: {
        text: 'Chỉ số AQI ở phường Hoàn Kiếm vượt 150.',
        highlights: [],
        summarizer: 'extractive',
        model: null,
      },
    }),
    story('c', ['y-te'], { title: 'Bệnh viện Thuỷ Lợi mở khoa mới' }),
  ];
  const ids = (xs: Story[]): string[] => xs.map((s) => s.id);

  it('keeps everything with empty filters', () => {
    expect(ids(filterStories(stories, {}))).toEqual(['a', 'b', 'c']);
  });
  it('filters by topic ids', () => {
    expect(ids(filterStories(stories, { topics: ['y-te', 'giao-thong'] }))).toEqual(['a', 'c']);
  });
  it('matches keywords ignoring diacritics, case and tone placement, on whole words', () => {
    expect(ids(filterStories(stories, { keywords: ['ngap ung'] }))).toEqual(['a']);
    expect(ids(filterStories(stories, { keywords: ['thủy lợi'] }))).toEqual(['c']); // "Thuỷ" vs "Thủy"
    expect(ids(filterStories(stories, { keywords: ['ngap u'] }))).toEqual([]);
  });
  it('matches places in Story.places or in the text', () => {
    expect(ids(filterStories(stories, { places: ['hai ba trung'] }))).toEqual(['a']);
    expect(ids(filterStories(stories, { places: ['Hoàn Kiếm'] }))).toEqual(['b']);
  });
  it('drops stories with an excluded keyword', () => {
    expect(ids(filterStories(stories, { excludeKeywords: ['O NHIEM'] }))).toEqual(['a', 'c']);
  });
});
