import { describe, expect, it } from 'vitest';
import { cutAtClause } from '../../src/digest/summarize/cut.js';
import { stripDateline, stripPhotoNotes } from '../../src/digest/summarize/clean.js';
import {
  SummarizeInputError,
  createExtractiveSummarizer,
  summarize,
  summarizeGroup,
} from '../../src/digest/summarize/extractive.js';
import { rouge } from '../../src/digest/summarize/rouge.js';
import type { Summary, SummaryInput } from '../../src/digest/model.js';
import { corpusAvailable, loadAllCorpus, loadClusters, loadCorpus } from '../helpers/corpus.js';

const NUMBER_TOKEN = /\d+(?:[.,]\d+)*/g;

function expectHighlightsMatch(s: Summary): void {
  for (const h of s.highlights) expect(s.text.slice(h.start, h.end)).toBe(h.text);
}

const article: SummaryInput = {
  id: 'a1',
  title: 'Hà Nội kết nạp hơn 10.000 đảng viên mới',
  body: [
    '(HNM) - Theo Ban Tổ chức Thành ủy Hà Nội, năm 2021 công tác phát triển đảng viên vượt kế hoạch.',
    'Toàn Đảng bộ đã kết nạp được 10.027 đảng viên, đạt 102,9% kế hoạch, tăng 12,9% so với năm 2020.',
    'Ảnh minh họa.',
    '“Chúng tôi rất vui.” Ông Nguyễn Văn An nói.',
    'Thành ủy cũng chỉ đạo xây dựng đề án nâng cao chất lượng đảng viên trong năm tới.',
    'Theo HNM',
  ].join('\n\n'),
};

describe('cutAtClause', () => {
  it('keeps short text whole', () => {
    expect(cutAtClause('Một câu ngắn.', 50)).toBe('Một câu ngắn.');
  });
  it('cuts at a clause boundary and ends with an ellipsis', () => {
    const s =
      'Thành phố đã kết nạp 10.027 đảng viên mới, đạt 102,9% kế hoạch, tăng mạnh so với năm trước đó.';
    const cut = cutAtClause(s, 70);
    expect(cut.length).toBeLessThanOrEqual(70);
    expect(cut).toBe('Thành phố đã kết nạp 10.027 đảng viên mới, đạt 102,9% kế hoạch…');
  });
  it('never cuts inside a word or a number', () => {
    const s = 'Kết nạp 10.027 đảng viên mới trong năm nay';
    for (let max = 5; max < s.length; max++) {
      const cut = cutAtClause(s, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      const head = cut.replace(/…$/, '');
      expect(s.startsWith(head)).toBe(true);
      // The cut falls on a space in the original.
      if (head) expect([' ', undefined]).toContain(s[head.length]);
    }
  });
});

describe('cleaning', () => {
  it('strips datelines', () => {
    for (const d of [
      '(PNTĐ) - ',
      '(HNM) - ',
      'TTO - ',
      'ANTĐ - ',
      'VOV.VN - ',
      'Hà Nội - ',
      '( Doanh nghiệp ) - ',
    ]) {
      expect(stripDateline(`${d}Sáng nay, trời mưa.`)).toBe('Sáng nay, trời mưa.');
    }
    expect(stripDateline('Hà NộiChủ tịch nước dự lễ.')).toBe('Chủ tịch nước dự lễ.');
    expect(stripDateline('Chuyên trang PhoneArena vừa đưa tin.')).toBe(
      'Chuyên trang PhoneArena vừa đưa tin.',
    );
    expect(stripDateline('Ông Nguyễn Văn An - Giám đốc Sở nói.')).toBe(
      'Ông Nguyễn Văn An - Giám đốc Sở nói.',
    );
  });
  it('strips photo notes', () => {
    expect(stripPhotoNotes('Biểu tình tại Phnom Penh (Ảnh: Đỗ Tuấn Anh) diễn ra ôn hòa.')).toBe(
      'Biểu tình tại Phnom Penh diễn ra ôn hòa.',
    );
  });
});

describe('summarize', () => {
  it('returns an extractive summary within maxChars with matching highlights', () => {
    const s = summarize(article);
    expect(s.summarizer).toBe('extractive');
    expect(s.model).toBeNull();
    expect(s.text.length).toBeLessThanOrEqual(280);
    expect(s.text).toContain('10.027');
    expect(s.text).not.toMatch(/^\(HNM\)|Ảnh minh họa|^“/);
    expect(s.highlights.map((h) => h.text)).toEqual(
      expect.arrayContaining(['10.027 đảng viên', '102,9%']),
    );
    expectHighlightsMatch(s);
  });

  it('cuts a long first sentence at a clause boundary', () => {
    const s = summarize(article, { maxChars: 40 });
    expect(s.text.length).toBeLessThanOrEqual(40);
    expect(s.text.endsWith('…')).toBe(true);
    expectHighlightsMatch(s);
  });

  it('uses the sapo when allowed, without its dateline', () => {
    const s = summarize(
      { ...article, lead: 'TTO - Hà Nội vượt kế hoạch kết nạp đảng viên.' },
      { useLead: true },
    );
    expect(s.text).toBe('Hà Nội vượt kế hoạch kết nạp đảng viên.');
  });

  it('falls back to the title when the body has no usable sentence', () => {
    expect(summarize({ id: 'x', title: 'Tin ngắn', body: '' }).text).toBe('Tin ngắn');
  });

  it('rejects bad input with a clear error', () => {
    expect(() => summarize({ id: 'x', title: 'a', body: 3 } as unknown as SummaryInput)).toThrow(
      SummarizeInputError,
    );
    expect(() => summarize(article, { maxChars: 0 })).toThrow(/maxChars/);
    expect(() => summarizeGroup([])).toThrow(SummarizeInputError);
  });

  it('is exposed behind the Summarizer seam', async () => {
    const summarizer = createExtractiveSummarizer();
    expect(summarizer.name).toBe('extractive');
    expect(await summarizer.summarize(article)).toEqual(summarize(article));
    const g = await summarizer.summarizeGroup?.([article, { ...article, id: 'a2' }], {
      maxChars: 200,
    });
    expect(g?.text.length).toBeLessThanOrEqual(200);
  });
});

describe.skipIf(!corpusAvailable())('summarize over ../shared/corpus', () => {
  const docs = corpusAvailable() ? loadAllCorpus() : [];

  it('keeps every summary within maxChars, with highlights matching their text', () => {
    expect(docs.length).toBeGreaterThan(0);
    for (const maxChars of [280, 160]) {
      for (const d of docs) {
        const s = summarize({ id: d.id, title: d.title, body: d.body }, { maxChars });
        expect(s.text.length, d.id).toBeLessThanOrEqual(maxChars);
        // A tag, listing or author page gets no summary at all.
        if (s.article === false) expect(s.text, d.id).toBe('');
        else expect(s.text.length, d.id).toBeGreaterThan(0);
        expectHighlightsMatch(s);
      }
    }
  });

  it('never writes a number that is not in the source (title + body)', () => {
    for (const maxChars of [280, 120]) {
      for (const d of docs) {
        const source = `${d.title}\n${d.body}`;
        const s = summarize({ id: d.id, title: d.title, body: d.body }, { maxChars });
        for (const m of s.text.matchAll(NUMBER_TOKEN)) {
          expect(source.includes(m[0]), `${d.id}: "${m[0]}" in "${s.text}"`).toBe(true);
        }
      }
    }
  });

  it('beats the first sentence on ROUGE-L against the sapo over set a', () => {
    const a = loadCorpus('a');
    let ours = 0;
    let lead1 = 0;
    for (const d of a) {
      const s = summarize({ id: d.id, title: d.title, body: d.body }).text;
      const first = cutAtClause(d.body.split(/(?<=\.)\s/)[0] ?? '', 280);
      ours += rouge(s, d.lead).rougeL;
      lead1 += rouge(first, d.lead).rougeL;
    }
    expect(ours).toBeGreaterThan(lead1);
  });

  it('summarizes b clusters within maxChars and faithfully', () => {
    const byId = new Map(loadCorpus('b').map((d) => [d.id, d]));
    for (const c of loadClusters()) {
      const members = c.doc_ids.flatMap((id) => {
        const d = byId.get(id);
        return d ? [{ id: d.id, title: d.title, body: d.body }] : [];
      });
      if (members.length === 0) continue;
      const s = summarizeGroup(members);
      expect(s.text.length).toBeLessThanOrEqual(280);
      const source = members.map((m) => `${m.title}\n${m.body}`).join('\n');
      for (const m of s.text.matchAll(NUMBER_TOKEN)) expect(source.includes(m[0]), m[0]).toBe(true);
      expectHighlightsMatch(s);
    }
  });
});
