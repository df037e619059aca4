import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/digest/summarize/extractive.js';
import { stripDateline } from '../../src/digest/summarize/clean.js';
import { nonNewsKind } from '../../src/digest/summarize/non-news.js';
import { syllables } from '../../src/digest/text/normalize.js';
import { figuresOf } from '../../src/digest/text/numbers.js';
import { splitSentences } from '../../src/digest/text/sentences.js';
import { topUp } from '../../src/digest/summarize/selection.js';
import { scoredCandidates, titleInfo, type Candidate } from '../../src/digest/summarize/scoring.js';

const LEAD =
  'Bình gas phát nổ khiến một cửa hàng ăn uống trên phố Kim Mã bốc cháy, hai người bị bỏng nhẹ, trưa 16/2.';
const REST = [
  'Lúc đó, nhân viên cửa hàng đang nấu ăn thì nghe tiếng nổ lớn phát ra từ khu bếp phía sau.',
  'Lực lượng cứu hỏa quận Ba Đình điều xe chữa cháy tới hiện trường, dập tắt đám cháy sau đó ít lâu.',
  'Nhiều tài sản bên trong cửa hàng bị thiêu rụi, nguyên nhân vụ việc đang được cơ quan chức năng điều tra.',
];

describe('standfirst: an opening sentence that is a paragraph of its own', () => {
  it('stands alone when a paragraph break follows it (newline)', () => {
    const s = summarize({
      id: 'x',
      title: 'Sự cố cháy nổ giữa trưa ở Ba Đình',
      body: `${LEAD}\n${REST.join(' ')}`,
    });
    expect(s.text).toBe(LEAD);
  });

  it('stands alone when the scraper glued the next paragraph on without a space', () => {
    const s = summarize({
      id: 'x',
      title: 'Sự cố cháy nổ giữa trưa ở Ba Đình',
      body: `${LEAD}${REST.join(' ')}`,
    });
    expect(s.text).toBe(LEAD);
  });

  it('is what makes the lead stand alone (the rule switched off adds sentences)', () => {
    const s = summarize(
      { id: 'x', title: 'Sự cố cháy nổ giữa trưa ở Ba Đình', body: `${LEAD}\n${REST.join(' ')}` },
      { tuning: { standfirst: 0 } },
    );
    expect(s.text.startsWith(LEAD)).toBe(true);
    expect(s.text.length).toBeGreaterThan(LEAD.length);
  });

  it('takes the next opening sentence along when the lead states no figure', () => {
    const lead =
      'Các chuyên gia dự báo giá vàng thế giới tuần này sẽ giảm trong khi nhà đầu tư nhỏ lẻ vẫn kỳ vọng tăng.';
    const next =
      'Giá vàng thế giới chạm mốc cao nhất 2.064,28 USD mỗi ounce vào 31/1 và khép lại trên 2.030 USD mỗi ounce.';
    const s = summarize({
      id: 'x',
      title: 'Dự báo giá vàng tuần này',
      body: `${lead}\n${next} Thị trường chờ quyết định lãi suất của Fed trong tuần tới, theo giới phân tích tài chính.`,
    });
    expect(s.text).toBe(`${lead} ${next}`);
    expect(s.highlights.map((h) => h.text).join(' ')).toContain('2.064,28');
  });
});

describe('reader prompts and glued job titles are not news', () => {
  it('classifies a send-us-your-video prompt and an e-mail line as footer', () => {
    for (const t of [
      'Lê Bình Độc giả chia sẻ Video đến video@example.net hoặc gửi thông tin, câu hỏi tại đây.',
      'Mời bạn đọc gửi bài viết, hình ảnh về cho chúng tôi tại đây.',
    ])
      expect(nonNewsKind(t, syllables(t).length)).toBe('footer');
    const news =
      'Người dân chia sẻ rằng nước sinh hoạt đục suốt một tuần qua tại đây và khu lân cận.';
    expect(nonNewsKind(news, syllables(news).length)).toBeNull();
  });

  it('drops a job title glued to the first sentence, but not a brand', () => {
    expect(stripDateline('Giám đốc Kinh doanhThời gian này là mùa tiệc cuối năm.')).toBe(
      'Thời gian này là mùa tiệc cuối năm.',
    );
    expect(stripDateline('Thạc sĩ ngành quản lýMới đây, Ủy ban đề xuất xử lý.')).toBe(
      'Mới đây, Ủy ban đề xuất xử lý.',
    );
    const brand = 'Chuyên trang PhoneArena cho biết mẫu máy mới sẽ ra mắt.';
    expect(stripDateline(brand)).toBe(brand);
  });
});

describe('topUp', () => {
  const cand = (index: number, text: string): Candidate => ({
    doc: 0,
    index,
    span: index,
    paragraphEnd: false,
    text,
    syl: [],
    content: new Set(),
    values: figuresOf(text),
    score: 0,
  });
  const cands = [
    cand(0, 'Ngày 23-10, thành phố khởi công cầu vượt dài 1.200 mét.'),
    cand(1, 'Cầu có 4 làn xe.'),
    cand(2, 'Người dân mong cầu sớm hoàn thành.'),
  ];

  it('adds the opening sentence with the most figures the summary lacks, while it fits', () => {
    const chosen = [cands[2] as Candidate];
    const have = new Set<string>();
    const used = topUp(cands, chosen, have, (cands[2] as Candidate).text.length, 280, 3);
    expect(chosen.map((c) => c.index)).toEqual([2, 0, 1]);
    expect(used).toBe(chosen.reduce((a, c) => a + c.text.length, 0) + chosen.length - 1);
    expect(have.has('1200')).toBe(true);
  });

  it('adds nothing past maxChars or outside its scope', () => {
    const chosen = [cands[2] as Candidate];
    topUp(cands, chosen, new Set(), (cands[2] as Candidate).text.length, 60, 3);
    expect(chosen.map((c) => c.index)).toEqual([2, 1]);
    const none = [cands[2] as Candidate];
    topUp(cands, none, new Set(), 30, 280, 0);
    expect(none).toHaveLength(1);
  });
});

describe('dated openings', () => {
  it('score a sentence that opens with the event date as a news lead', () => {
    const title = titleInfo('Khởi công cầu vượt');
    const dated = 'Ngày 23-10, thành phố khởi công cầu vượt nút giao Mai Dịch ở phía tây.';
    const plain = 'Thành phố khởi công cầu vượt nút giao Mai Dịch ở phía tây vào ngày 23-10.';
    const score = (t: string): number => {
      const body = `${t} Người dân mong cầu sớm hoàn thành để đi lại thuận tiện hơn.`;
      return (scoredCandidates(splitSentences(body), 0, title, 280, body)[0] as Candidate).score;
    };
    expect(score(dated)).toBeGreaterThan(score(plain));
  });
});
