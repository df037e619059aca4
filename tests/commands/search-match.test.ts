import { describe, expect, it } from 'vitest';
import {
  buildHaystack,
  markItem,
  markMatches,
  matchRanges,
  matchStories,
} from '../../src/digest/compose/search.js';
import { story } from './fakes.js';

const hit = (text: string, q: string): string[] =>
  matchRanges(text, q).map(([a, b]) => text.slice(a, b));

describe('search matching: whole syllables, in order', () => {
  it('"thanh tra" does not match syllables that are apart ("Thanh Hóa … trả xe")', () => {
    expect(hit('Thanh Hóa: tài xế phải trả xe cho chủ', 'thanh tra')).toEqual([]);
    expect(hit('Thanh tra Sở Xây dựng vào cuộc', 'thanh tra')).toEqual(['Thanh tra']);
  });

  it('a query without diacritics ignores them; one with diacritics does not', () => {
    expect(hit('Mưa lớn gây ngập úng phố Huế', 'ngap ung')).toEqual(['ngập úng']);
    expect(hit('Giá trà xanh tăng', 'trả')).toEqual([]);
    expect(hit('Người thuê phải trả xe', 'trả')).toEqual(['trả']);
    // Tone placement and case do not matter with diacritics either.
    expect(hit('Tình hình HOÀ BÌNH ổn định', 'hòa bình')).toEqual(['HOÀ BÌNH']);
  });

  it('matches whole syllables only and never across sentence punctuation', () => {
    expect(hit('Hàng Bài, Hàng Bạc', 'ha')).toEqual([]);
    expect(hit('Tổ chức thanh. Tra cứu tiếp', 'thanh tra')).toEqual([]);
    expect(hit('Tuyến Cát Linh - Hà Đông', 'linh ha dong')).toEqual(['Linh - Hà Đông']);
  });

  it('ranks title matches first and drops stories where the words are only scattered', () => {
    const a = story('a', 'Thanh Hóa: khách trả xe muộn', ['giao-thong']);
    const b = story('b', 'Sở Xây dựng công bố kết luận', ['quy-hoach']);
    b.summary.text = 'Kết luận thanh tra dự án chậm tiến độ.';
    const c = story('c', 'Thanh tra giao thông ra quân', ['giao-thong']);
    const hay = (s: typeof a) => buildHaystack(s, []);
    expect(matchStories([a, b, c], hay, 'thanh tra').map((s) => s.id)).toEqual(['c', 'b']);
  });
});

describe('marking matches', () => {
  it('splits spans at the matches, keeps figure highlights and the text', () => {
    const spans = [
      { text: 'Đoàn thanh tra ghi nhận ', highlight: false },
      { text: '12 tỷ đồng', highlight: true },
      { text: ' sai phạm; Thanh tra TP kiến nghị.', highlight: false },
    ];
    const out = markMatches(spans, 'thanh tra');
    expect(out.map((s) => s.text).join('')).toBe(spans.map((s) => s.text).join(''));
    expect(out.filter((s) => s.match).map((s) => s.text)).toEqual(['thanh tra', 'Thanh tra']);
    expect(out.find((s) => s.text === '12 tỷ đồng')?.highlight).toBe(true);
  });

  it('marks the title of an item through titleSpans', () => {
    const item = markItem(
      {
        storyId: 'x',
        title: 'Kết luận thanh tra dự án',
        summary: [{ text: 'Không liên quan.', highlight: false }],
        sources: [],
        publishedAt: null,
      },
      'thanh tra',
    );
    expect(item.titleSpans?.filter((s) => s.match).map((s) => s.text)).toEqual(['thanh tra']);
    expect(item.summary.some((s) => s.match)).toBe(false);
  });
});
