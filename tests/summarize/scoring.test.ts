import { describe, expect, it } from 'vitest';
import { compressSentence, stripPhotoNotes } from '../../src/digest/summarize/clean.js';
import { summarize } from '../../src/digest/summarize/extractive.js';
import { cutAtClause } from '../../src/digest/summarize/cut.js';
import { stripDateline } from '../../src/digest/summarize/clean.js';
import { rouge } from '../../src/digest/summarize/rouge.js';
import { figureOpening, scoredCandidates, titleInfo } from '../../src/digest/summarize/scoring.js';
import { splitSentences } from '../../src/digest/text/sentences.js';
import { figuresOf } from '../../src/digest/text/numbers.js';
import { CORPUS_SETS, corpusAvailable, loadCorpus } from '../helpers/corpus.js';

const scores = (title: string, body: string): { text: string; score: number }[] =>
  scoredCandidates(splitSentences(body), 0, titleInfo(title), 280).map((c) => ({
    text: c.text,
    score: c.score,
  }));

describe('compressSentence', () => {
  it('drops a leading attribution of reported speech', () => {
    expect(
      compressSentence(
        'Giám đốc Sở Xây dựng Nguyễn Văn An cho biết, thành phố sẽ cải tạo 20 tuyến phố trong năm nay.',
      ),
    ).toBe('Thành phố sẽ cải tạo 20 tuyến phố trong năm nay.');
    expect(compressSentence('Ông An nhấn mạnh: các quận phải hoàn thành trước ngày 30-6.')).toBe(
      'Các quận phải hoàn thành trước ngày 30-6.',
    );
  });

  it('drops a leading connective and a closing source credit', () => {
    expect(
      compressSentence('Tuy nhiên, mưa lớn vẫn gây ngập nhiều tuyến phố nội đô, theo Reuters.'),
    ).toBe('Mưa lớn vẫn gây ngập nhiều tuyến phố nội đô.');
    expect(compressSentence('Hai nước đã ký 12 thỏa thuận hợp tác kinh tế, AFP đưa tin.')).toBe(
      'Hai nước đã ký 12 thỏa thuận hợp tác kinh tế.',
    );
  });

  it('keeps a leading "Theo …," (sapos keep it) and sentences it would gut', () => {
    const s = 'Theo Sở Y tế, Hà Nội ghi nhận 1.245 ca sốt xuất huyết trong tuần.';
    expect(compressSentence(s)).toBe(s);
    expect(compressSentence('Ông An cho biết, đúng vậy.')).toBe('Ông An cho biết, đúng vậy.');
  });

  it('never cuts or joins a number token', () => {
    const s = 'Bà Lan cho biết, 10.027 đảng viên đạt 102,9% kế hoạch, theo Ban Tổ chức.';
    const out = compressSentence(s);
    expect(out).toBe('10.027 đảng viên đạt 102,9% kế hoạch.');
    for (const v of figuresOf(out)) expect(figuresOf(s).has(v)).toBe(true);
  });
});

describe('stripPhotoNotes', () => {
  it('stops a glued caption credit before "Theo …"', () => {
    expect(
      stripPhotoNotes(
        'Người biểu tình tại thủ đô sáng nay - Ảnh: AFP Theo Hãng tin AFP, phe đối lập tuyên bố biểu tình ba ngày.',
      ),
    ).toBe('Theo Hãng tin AFP, phe đối lập tuyên bố biểu tình ba ngày.');
  });
});

describe('figureOpening', () => {
  it('takes the opening clauses up to the first figure, extending a bare date', () => {
    const o = figureOpening(
      'Ngày 23-10, hàng nghìn người ủng hộ phe đối lập lại xuống đường biểu tình, kéo dài ba ngày.',
    );
    expect(o?.text).toBe(
      'Ngày 23-10, hàng nghìn người ủng hộ phe đối lập lại xuống đường biểu tình',
    );
    expect([...(o?.values ?? [])]).toEqual(['23', '10']);
  });

  it('gives nothing when no clause carries a figure, or the opening is too long', () => {
    expect(figureOpening('Trời mưa to, nhiều tuyến phố ngập sâu.')).toBeNull();
    expect(figureOpening('Hà Nội có 30 quận huyện.')).toBeNull();
    const long = `${'Thành phố '.repeat(20)}có 30 quận, huyện và thị xã.`;
    expect(figureOpening(long)).toBeNull();
  });
});

describe('scoredCandidates', () => {
  const title = 'Hà Nội cấm xe tải trên 20 tuyến phố nội đô';
  it('ranks a sentence that restates the headline above a quote, a caption or a follow-up', () => {
    const body = [
      '“Chúng tôi sẽ làm quyết liệt,” ông An nói.',
      'Ảnh minh họa',
      'UBND thành phố Hà Nội vừa quyết định cấm xe tải lưu thông trên 20 tuyến phố nội đô từ tháng 3.',
      'Tuy nhiên, nhiều doanh nghiệp vận tải cho rằng cần có lộ trình phù hợp hơn.',
    ].join('\n');
    const ranked = scores(title, body).sort((a, b) => b.score - a.score);
    expect(ranked[0]?.text).toMatch(/^UBND thành phố Hà Nội vừa quyết định cấm xe tải/);
    expect(ranked.some((r) => r.text === 'Ảnh minh họa')).toBe(false);
  });
});

describe('summarize with the figures an article leads with', () => {
  it('brings in the opening clause of an earlier sentence carrying a figure the pick lacks', () => {
    const s = summarize({
      id: 'f1',
      title: 'Phe đối lập Campuchia lại biểu tình phản đối kết quả bầu cử',
      body: [
        'Ngày 23-10, hàng nghìn người xuống đường ở Phnom Penh, mang theo biểu ngữ và cờ, hô vang khẩu hiệu suốt buổi sáng.',
        'Phe đối lập Campuchia lại tổ chức biểu tình phản đối kết quả bầu cử quốc hội, yêu cầu điều tra độc lập các sai phạm bầu cử.',
        'Cảnh sát được triển khai dày đặc quanh khu vực trung tâm thủ đô.',
      ].join(' '),
    });
    expect(s.text).toBe(
      'Ngày 23-10, hàng nghìn người xuống đường ở Phnom Penh… Phe đối lập Campuchia lại tổ chức biểu tình phản đối kết quả bầu cử quốc hội, yêu cầu điều tra độc lập các sai phạm bầu cử.',
    );
    expect(s.highlights.map((h) => h.text)).toContain('Ngày 23-10');
  });
});

describe.skipIf(!corpusAvailable())('quality against the sapo over ../shared/corpus', () => {
  const leadN = (body: string, n: number): string =>
    cutAtClause(
      splitSentences(stripDateline(body))
        .slice(0, n)
        .map((s) => s.text)
        .join(' '),
      280,
    );
  it.each(Object.keys(CORPUS_SETS))(
    'beats the better of Lead-1 and Lead-2 on ROUGE-L by 2+ points on set %s',
    (set) => {
      const docs = loadCorpus(set as keyof typeof CORPUS_SETS);
      let ours = 0;
      let l1 = 0;
      let l2 = 0;
      for (const d of docs) {
        const ref = stripDateline(d.lead);
        ours += rouge(summarize({ id: d.id, title: d.title, body: d.body }).text, ref).rougeL;
        l1 += rouge(leadN(d.body, 1), ref).rougeL;
        l2 += rouge(leadN(d.body, 2), ref).rougeL;
      }
      expect((100 * (ours - Math.max(l1, l2))) / docs.length).toBeGreaterThan(2);
    },
  );
});
