/** Small hand-made digests for the renderer unit tests (our own text, not corpus text). */
import type { DigestDocument, DigestItem } from '../../src/digest/model.js';

export function item(n: number, overrides: Partial<DigestItem> = {}): DigestItem {
  return {
    storyId: `s${n}`,
    title: `Hà Nội thông xe cầu vượt số ${n}`,
    summary: [
      { text: 'Cầu dài ', highlight: false },
      { text: '1,2 km', highlight: true },
      { text: ', tổng vốn ', highlight: false },
      { text: '1.200 tỷ đồng', highlight: true },
      { text: '.', highlight: false },
    ],
    sources: [
      { name: 'VnExpress', url: `https://vnexpress.net/cau-${n}.html` },
      { name: 'Tuổi Trẻ', url: `https://tuoitre.vn/cau-${n}.htm` },
    ],
    publishedAt: new Date('2026-11-27T00:30:00Z'),
    ...overrides,
  };
}

export function doc(sections: { title: string; items: DigestItem[] }[]): DigestDocument {
  const items = sections.reduce((n, s) => n + s.items.length, 0);
  return {
    header: 'Bản tin Hà Nội — Thứ Sáu, 27/11/2026',
    date: new Date('2026-11-27T00:00:00Z'),
    window: { since: new Date('2026-11-26T00:00:00Z'), until: new Date('2026-11-27T00:00:00Z') },
    sections: sections.map((s, i) => ({ topicId: `t${i}`, title: s.title, items: s.items })),
    footer: `${items} tin · 2 nguồn · Đổi đăng ký: /settings`,
    counts: { items, sources: 2, sections: sections.length },
  };
}
