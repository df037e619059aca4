import { describe, expect, it } from 'vitest';
import { DEFAULT_FIGURE_UNITS } from '../../src/digest/text/figure-units.js';
import { findFigures, keyFigures } from '../../src/digest/text/figures.js';
import { summarize } from '../../src/digest/summarize/extractive.js';

const highlighted = (text: string, cap = 10): string[] =>
  keyFigures(text, findFigures(text), { cap }).map((f) => f.text);
const kindOf = (text: string, t: string): string | undefined =>
  findFigures(text).find((f) => f.text === t)?.kind;

describe('a highlight is a whole figure phrase', () => {
  it('takes the complete counted noun or unit from the lexicon', () => {
    expect(highlighted('Vụ sập giàn giáo làm 1 nữ công nhân bị thương.')).toEqual([
      '1 nữ công nhân',
    ]);
    expect(highlighted('Căn hộ rộng 15 mét vuông được bán với giá cao.')).toEqual(['15 mét vuông']);
    expect(highlighted('Hà Nội kết nạp 10.027 đảng viên mới trong năm.')).toEqual([
      '10.027 đảng viên mới',
    ]);
    expect(highlighted('Có 500 hộ gia đình được hỗ trợ.')).toEqual(['500 hộ gia đình']);
    expect(highlighted('Lực lượng chức năng giải cứu 3 chiếc xe máy.')).toEqual(['3 chiếc xe máy']);
  });

  it('reads a measure after a multiplier, and no measure in a grade or century name', () => {
    expect(highlighted('Nga cung cấp thêm 10 triệu tấn dầu thô mỗi năm.')).toEqual([
      '10 triệu tấn',
    ]);
    expect(highlighted('Thí sinh thi vào lớp 10 năm học 2017-2018; thế kỷ 21 mở ra.')).toEqual([]);
    expect(highlighted('Xe ô tô con BKS 29 - 494.63 chở 4 người bị nạn.')).toEqual(['4 người']);
  });

  it('never ends inside a compound it does not know: the number stands alone', () => {
    // "người ủng hộ" is not in the lexicon: "120 người" could cut it, so only the number is bold.
    expect(highlighted('Có 120 người ủng hộ kế hoạch này.')).toEqual(['120']);
    // Before a boundary word the head noun alone is a whole phrase.
    expect(highlighted('Vụ cháy làm 12 người bị thương.')).toEqual(['12 người']);
  });

  it('never bolds dates, times or years, which stay in the text', () => {
    const text =
      'Sáng 16.6, lúc 9 giờ 30, ngày 15 tháng 3 năm 2021 và tối 30-10, thành phố đón 2.000 khách; giai đoạn 2021-2025 tăng 12%.';
    const bold = highlighted(text);
    expect(bold).toEqual(['2.000 khách', 'tăng 12%']);
    expect(kindOf(text, 'lúc 9 giờ 30')).toBeUndefined();
    expect(findFigures(text).some((f) => f.kind === 'time')).toBe(true);
  });

  it('never takes model numbers, house numbers, plates, phones, time zones or codes for figures', () => {
    const text = [
      'Điện thoại Lumia 1520 chạy Windows 8 có giá 10 triệu đồng.',
      'Cửa hàng ở nhà 45 phố Huế, số 12 Lý Thái Tổ.',
      'Xe mang biển kiểm soát 29A-123.45 và 30E 678.90 bị giữ.',
      'Đường dây nóng 0243 825 1234; cập nhật 17:09 (GMT+7).',
      'Văn bản số 01-CTr/TU, lần thứ XVII.',
    ].join(' ');
    expect(highlighted(text)).toEqual(['10 triệu đồng']);
  });

  it('never finds a figure inside a mention, a channel link, a URL or an e-mail address', () => {
    const text =
      '<@123456789> và <#987654321> chia sẻ https://hanoimoi.vn/bai-viet-2024-15.html, www.example.com/a/2023 hoặc tin24@baomoi.com: 35 hộ dân được hỗ trợ.';
    const figs = findFigures(text);
    for (const f of figs) {
      const inside = [
        '<@123456789>',
        '<#987654321>',
        'https://hanoimoi.vn/bai-viet-2024-15.html',
        'www.example.com/a/2023',
        'tin24@baomoi.com',
      ].some((opaque) => {
        const at = text.indexOf(opaque);
        return f.start < at + opaque.length && f.end > at && f.kind !== 'code';
      });
      expect(inside, f.text).toBe(false);
    }
    expect(highlighted(text)).toEqual(['35 hộ dân']);
    const s = summarize({ id: 'm', title: 'Hỗ trợ hộ dân', body: text });
    for (const h of s.highlights) expect(h.text).toBe('35 hộ dân');
  });

  it('reads the lexicon it is given (config/figure-units.yaml), not a fixed list', () => {
    const text = 'Đoàn kiểm tra 7 tiểu thương trong chợ.';
    expect(highlighted(text)).toEqual([]);
    const units = { ...DEFAULT_FIGURE_UNITS, countedNouns: ['tiểu thương'] };
    const figs = findFigures(text, { units });
    expect(keyFigures(text, figs).map((f) => f.text)).toEqual(['7 tiểu thương']);
  });
});

describe('spansFromSummary', () => {
  it('never bolds inside a mention or a URL, even when a highlight points there', async () => {
    const { spansFromSummary } = await import('../../src/digest/compose/spans.js');
    const text = 'Xem <@2024> và https://hanoimoi.vn/2024 — năm nay có 2024 hộ dân được hỗ trợ.';
    const spans = spansFromSummary({
      text,
      highlights: [
        { start: 5, end: 9, text: '2024', kind: 'number' },
        { start: 0, end: 0, text: '2024', kind: 'number' },
      ],
      summarizer: 'llm',
      model: 'x',
    });
    expect(spans.map((s) => s.text).join('')).toBe(text);
    expect(spans.filter((s) => s.highlight).map((s) => s.text)).toEqual(['2024']);
    // The one bold "2024" is the count, after the mention and the URL.
    const before = spans
      .slice(
        0,
        spans.findIndex((s) => s.highlight),
      )
      .map((s) => s.text);
    expect(before.join('')).toBe('Xem <@2024> và https://hanoimoi.vn/2024 — năm nay có ');
  });
});
