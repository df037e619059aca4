import { describe, expect, it } from 'vitest';
import { checkSummary, unsupportedFigures } from '../../src/llm/guard.js';

const source =
  'Hà Nội kết nạp 10.027 đảng viên, đạt 102,9% kế hoạch, tăng 12,9% so với năm 2020. Thành phố chi 1.200 tỷ đồng cho dự án.';

describe('the LLM guard', () => {
  it('accepts figures written the same way or normalized (10.027 = 10027, 12,9% = 12,9 %)', () => {
    expect(
      unsupportedFigures('Hà Nội kết nạp 10027 đảng viên, tăng 12,9 % so với năm 2020.', source),
    ).toEqual([]);
    expect(
      checkSummary('Hà Nội kết nạp 10.027 đảng viên, đạt 102,9% kế hoạch.', source, 280),
    ).toEqual({ ok: true, failures: [] });
  });

  it('rejects a changed number, a number not in the source, and a changed unit', () => {
    expect(unsupportedFigures('Số đảng viên tăng 15% so với năm 2020.', source).join()).toContain(
      '15%',
    );
    expect(unsupportedFigures('Thành phố có 500 dự án mới.', source).join()).toContain('500');
    // 102,9 exists, but as a percentage: "102,9 tỷ đồng" is not in the source.
    expect(unsupportedFigures('Thành phố chi 102,9 tỷ đồng.', source)).not.toEqual([]);
  });

  it('rejects English, overlong text, links, markup and mentions, naming each failure', () => {
    const codes = (s: string, max = 280): string[] =>
      checkSummary(s, source, max).failures.map((f) => f.code);
    expect(codes('Hanoi admitted many new party members this year.')).toContain('not-vietnamese');
    expect(codes('Hà Nội kết nạp 10.027 đảng viên mới trong năm qua.', 20)).toContain('too-long');
    expect(codes('Hà Nội kết nạp 10.027 đảng viên, xem tại https://x.vn/a')).toContain('url');
    expect(codes('Hà Nội kết nạp <b>10.027</b> đảng viên mới.')).toContain('markup');
    expect(codes('Hà Nội kết nạp **10.027** đảng viên mới.')).toContain('markup');
    expect(codes('@everyone Hà Nội kết nạp 10.027 đảng viên mới.')).toContain('mention');
    expect(codes('   ')).toEqual(['empty']);
  });

  it('gives the model a Vietnamese instruction naming the bad figure', () => {
    const r = checkSummary('Số đảng viên tăng 15% so với năm 2020.', source, 280);
    expect(r.ok).toBe(false);
    expect(r.failures[0]!.instruction).toContain('15%');
    expect(r.failures[0]!.instruction).toMatch(/không có trong bài báo/);
  });
});

describe('the guard never accepts a figure as part of a longer one', () => {
  it('does not take "15%" from "115%" or "12 tỷ đồng" from "112 tỷ đồng"', () => {
    // 15 and 12 occur as values ("15 người", "12 đơn vị"), but never as a percentage or an amount of money.
    const src =
      'Doanh thu đạt 115% kế hoạch, tương đương 112 tỷ đồng, có 15 người và 12 đơn vị tham gia.';
    expect(unsupportedFigures('Doanh thu đạt 15% kế hoạch.', src)).not.toEqual([]);
    expect(unsupportedFigures('Doanh thu tương đương 12 tỷ đồng.', src)).not.toEqual([]);
    expect(
      unsupportedFigures('Doanh thu đạt 115% kế hoạch, tương đương 112 tỷ đồng.', src),
    ).toEqual([]);
  });
});
