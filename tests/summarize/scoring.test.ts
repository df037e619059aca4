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

  it('drops a leading "Theo …," attribution, but keeps sentences it would gut', () => {
    const s = 'Theo Sở Y tế Hà Nội, thành phố ghi nhận 1.245 ca sốt xuất huyết trong tuần qua.';
    expect(compressSentence(s)).toBe('Thành phố ghi nhận 1.245 ca sốt xuất huyết trong tuần qua.');
    expect(compressSentence('Theo ông An, đúng vậy.')).toBe('Theo ông An, đúng vậy.');
    expect(compressSentence('Ông An cho biết, đúng vậy.')).toBe('Ông An cho biết, đúng vậy.');
  });

  it('drops a "mặc dù …, nhưng" concession and parenthetical asides', () => {
    expect(
      compressSentence(
        'Theo Ban Tổ chức Thành ủy Hà Nội, năm 2021, mặc dù chịu ảnh hưởng của đại dịch Covid-19, nhưng công tác phát triển đảng viên của Đảng bộ thành phố vẫn vượt kế hoạch đề ra.',
      ),
    ).toBe(
      'Năm 2021, công tác phát triển đảng viên của Đảng bộ thành phố vẫn vượt kế hoạch đề ra.',
    );
    expect(
      compressSentence(
        'Hai tổ chức nhân quyền (Human Rights Watch – HRW) công bố báo cáo về 10 vụ tấn công.',
      ),
    ).toBe('Hai tổ chức nhân quyền công bố báo cáo về 10 vụ tấn công.');
    // A parenthesis glued to a number is left alone: removing it could join two numbers.
    expect(compressSentence('Tỷ lệ đạt 5(6) phần trăm theo báo cáo của thành phố.')).toBe(
      'Tỷ lệ đạt 5(6) phần trăm theo báo cáo của thành phố.',
    );
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
  it('never glues an opening clause with "…": whole sentences only', () => {
    const s = summarize({
      id: 'f1',
      title: 'Phe đối lập Campuchia lại biểu tình phản đối kết quả bầu cử',
      body: [
        'Ngày 23-10, hàng nghìn người xuống đường ở Phnom Penh, mang theo biểu ngữ và cờ, hô vang khẩu hiệu suốt buổi sáng.',
        'Phe đối lập Campuchia lại tổ chức biểu tình phản đối kết quả bầu cử quốc hội, yêu cầu điều tra độc lập các sai phạm bầu cử.',
        'Cảnh sát được triển khai dày đặc quanh khu vực trung tâm thủ đô.',
      ].join(' '),
    });
    expect(s.text).not.toContain('…');
    expect(s.text).toContain(
      'Phe đối lập Campuchia lại tổ chức biểu tình phản đối kết quả bầu cử quốc hội, yêu cầu điều tra độc lập các sai phạm bầu cử.',
    );
    // Dates stay in the text but are never highlighted.
    expect(s.highlights.map((h) => h.kind)).not.toContain('date');
  });

  it('brings in the sentence carrying the counts and percentages the opening states', () => {
    const s = summarize({
      id: 'f2',
      title: 'Hà Nội kết nạp hơn 10.000 đảng viên mới',
      body: [
        'Theo Ban Tổ chức Thành ủy Hà Nội, năm 2021, mặc dù chịu ảnh hưởng của đại dịch Covid-19, nhưng công tác phát triển đảng viên của Đảng bộ thành phố Hà Nội vẫn vượt kế hoạch đề ra.',
        'Cụ thể, toàn Đảng bộ đã kết nạp được 10.027 so với chỉ tiêu kế hoạch (9.744 đảng viên), đạt 102,9%, tăng 12,9% so với năm 2020.',
        'Cùng với số lượng, chất lượng đảng viên cũng là mối quan tâm hàng đầu của Thành ủy Hà Nội và các cấp ủy trực thuộc.',
      ].join(' '),
    });
    const bold = s.highlights.map((h) => h.text);
    for (const f of ['10.027', '102,9%', '12,9%'])
      expect(
        bold.some((b) => b.includes(f)),
        f,
      ).toBe(true);
    expect(bold.some((b) => /2020|2021/.test(b))).toBe(false);
  });
});

describe.skipIf(!corpusAvailable())('quality against the sapo over ../shared/corpus', () => {
  const leadN = (body: string, n: number, max = 280): string =>
    cutAtClause(
      splitSentences(stripDateline(body))
        .slice(0, n)
        .map((s) => s.text)
        .join(' '),
      max,
    );
  // Pages the summarizer calls not articles (tag, listing, author pages) get no summary and are
  // left out, as in the bench. The margin over best-of(Lead-1, Lead-2) is held at +2 on a and b;
  // on c (short sapos) it is below that at the 180-character floor, so c is held to beating
  // Lead-3 cut to the same length (see bench/summarize.bench.ts for all figures).
  it.each(Object.keys(CORPUS_SETS))(
    'beats Lead-1, Lead-2 and length-matched Lead-3 on ROUGE-L on set %s',
    (set) => {
      const docs = loadCorpus(set as keyof typeof CORPUS_SETS);
      let ours = 0;
      let l1 = 0;
      let l2 = 0;
      let l3 = 0;
      let n = 0;
      for (const d of docs) {
        const ref = stripDateline(d.lead);
        const s = summarize({ id: d.id, title: d.title, body: d.body });
        if (s.article === false) continue;
        n++;
        ours += rouge(s.text, ref).rougeL;
        l1 += rouge(leadN(d.body, 1), ref).rougeL;
        l2 += rouge(leadN(d.body, 2), ref).rougeL;
        l3 += rouge(leadN(d.body, 3, s.text.length), ref).rougeL;
      }
      expect(n).toBeGreaterThan(docs.length * 0.9);
      const overLead12 = (100 * (ours - Math.max(l1, l2))) / n;
      expect(overLead12).toBeGreaterThan(set === 'c' ? -1 : 2);
      expect((100 * (ours - l3)) / n).toBeGreaterThan(1);
    },
  );
});
