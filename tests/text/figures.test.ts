import { describe, expect, it } from 'vitest';
import type { Figure } from '../../src/digest/model.js';
import {
  figureKey,
  figuresOf,
  findFigures,
  keyFigures,
  parseVietnameseNumber,
} from '../../src/digest/text/figures.js';
import { readSeed, seedAvailable } from '../helpers/corpus.js';

const brief = (text: string): [string, string, number | null][] =>
  findFigures(text).map((f) => [f.kind, f.text, f.value]);
const find = (text: string, t: string): Figure | undefined =>
  findFigures(text).find((f) => f.text === t);

describe('parseVietnameseNumber', () => {
  it('reads dots as thousands and commas as decimals', () => {
    expect(parseVietnameseNumber('10.027')).toBe(10027);
    expect(parseVietnameseNumber('1.200.000')).toBe(1200000);
    expect(parseVietnameseNumber('102,9')).toBe(102.9);
    expect(parseVietnameseNumber('1.200,5')).toBe(1200.5);
    expect(parseVietnameseNumber('2.5')).toBe(2.5);
    expect(parseVietnameseNumber('17-3')).toBeNaN();
  });
});

describe('findFigures', () => {
  it('finds counts with their unit', () => {
    expect(brief('Xã khen thưởng 13 tập thể và hơn 500 hộ dân; kết nạp 10.027 đảng viên.')).toEqual(
      [
        ['count', '13 tập thể', 13],
        ['count', 'hơn 500 hộ dân', 500],
        ['count', '10.027 đảng viên', 10027],
      ],
    );
    expect(find('có 13 tập thể', '13 tập thể')?.unit).toBe('tập thể');
  });

  it('finds percentages and changes', () => {
    expect(brief('đạt 102,9%, tăng 12,9% và giảm 3 phần trăm')).toEqual([
      ['percent', '102,9%', 102.9],
      ['percent', 'tăng 12,9%', 12.9],
      ['percent', 'giảm 3 phần trăm', 3],
    ]);
  });

  it('finds money', () => {
    expect(
      brief('dự án 1.200 tỷ đồng, tài trợ 200.000 USD, phạt 5 triệu đồng, vốn 1,5 nghìn tỷ'),
    ).toEqual([
      ['money', '1.200 tỷ đồng', 1200],
      ['money', '200.000 USD', 200000],
      ['money', '5 triệu đồng', 5],
      ['money', '1,5 nghìn tỷ', 1.5],
    ]);
  });

  it('finds dates, years and periods', () => {
    expect(
      brief(
        'ngày 17-3-2021, ngày 4/2, 17/3/2021, 17.3.2021, năm 2021, giai đoạn 2021-2025, tháng 3/2024, sáng (6/2)',
      ).map((x) => x.slice(0, 2)),
    ).toEqual([
      ['date', 'ngày 17-3-2021'],
      ['date', 'ngày 4/2'],
      ['date', '17/3/2021'],
      ['date', '17.3.2021'],
      ['year', 'năm 2021'],
      ['period', 'giai đoạn 2021-2025'],
      ['date', 'tháng 3/2024'],
      ['date', '6/2'],
    ]);
  });

  it('finds ranges, measures and times', () => {
    expect(
      brief(
        'tăng trưởng 8,5-9%, từ 10 đến 15 ha, 316 km/h, 3,6 giây, 25 ha, 1.500 m2, 35 độ C, 120 mm, lúc 13h30',
      ),
    ).toEqual([
      ['range', '8,5-9%', null],
      ['range', 'từ 10 đến 15 ha', null],
      ['measure', '316 km/h', 316],
      ['measure', '3,6 giây', 3.6],
      ['measure', '25 ha', 25],
      ['measure', '1.500 m2', 1500],
      ['measure', '35 độ C', 35],
      ['measure', '120 mm', 120],
      ['time', '13h30', null],
    ]);
  });

  it('recognises codes, ordinals, phones and law years', () => {
    expect(
      brief('Chương trình số 01-CTr/TU, Nghị quyết 15/NQ-CP, Quyết định 123/QĐ-UBND').map(
        (x) => x[0],
      ),
    ).toEqual(['code', 'code', 'code']);
    expect(
      brief('Đại hội lần thứ XVII, khóa XVI, Đại hội XIII, Phòng PCCC số 6').map((x) =>
        x.slice(0, 2),
      ),
    ).toEqual([
      ['ordinal', 'Đại hội lần thứ XVII'],
      ['ordinal', 'khóa XVI'],
      ['ordinal', 'Đại hội XIII'],
      ['ordinal', 'số 6'],
    ]);
    expect(brief('gọi 0243 825 1234 hoặc 1900 1234').map((x) => x[0])).toEqual(['phone', 'phone']);
    expect(brief('theo Luật Đất đai 2024')).toEqual([['law-year', '2024', 2024]]);
  });

  it('never alters the text: every span is a slice of the input', () => {
    const text =
      'Ngày 4/2, Hà Nội chi 1.200 tỷ đồng cho 25 ha, tăng 12,9% so với năm 2020 (Covid-19, U23).';
    const figs = findFigures(text);
    expect(figs.length).toBeGreaterThan(3);
    for (const f of figs) expect(text.slice(f.start, f.end)).toBe(f.text);
    expect(figs.some((f) => f.text.includes('19') || f.text.includes('23'))).toBe(false);
  });
});

describe('figureKey and figuresOf', () => {
  it('compare figures by value', () => {
    expect(figureKey('10.027')).toBe(figureKey('10027'));
    expect(figureKey('Tăng 12,9 %')).toBe(figureKey('tăng 12,9%'));
    expect(figuresOf('10.027 người').has(figureKey('10027'))).toBe(true);
    expect([...figuresOf('17.3.2021 và 8,5-9%')].sort()).toEqual(['17', '2021', '3', '8.5', '9']);
    expect(figuresOf('không có số')).toEqual(new Set());
  });
});

describe('keyFigures', () => {
  const text =
    'Năm 2021, Hà Nội chi 1.200 tỷ đồng, tăng 12,9%, theo Nghị quyết 15/NQ-CP, đường dây nóng 1900 1234, Đại hội lần thứ XVII; có 3 lần họp.';
  it('ranks amounts first, caps and returns text order', () => {
    const keys = keyFigures(text, findFigures(text), { cap: 2 });
    expect(keys.map((f) => f.text)).toEqual(['1.200 tỷ đồng', 'tăng 12,9%']);
  });
  it('never returns codes, ordinals or phones', () => {
    const keys = keyFigures(text, findFigures(text), { cap: 20 });
    expect(keys.some((f) => ['code', 'ordinal', 'phone', 'law-year'].includes(f.kind))).toBe(false);
  });
  it('ranks a figure repeated in the title higher', () => {
    const t = 'Ngày 4/2 có 25 ha bị ngập và 316 km/h gió.';
    expect(keyFigures(t, findFigures(t), { cap: 1 }).map((f) => f.text)).toEqual(['25 ha']);
    expect(
      keyFigures(t, findFigures(t), { cap: 1, title: 'Gió 316 km/h' }).map((f) => f.text),
    ).toEqual(['316 km/h']);
  });
});

describe.skipIf(!seedAvailable())('figures of the seed article', () => {
  const page = seedAvailable() ? readSeed() : '';
  // The seed is a saved page: its first line is the title, the rest the article and the outlet's other news.
  const title = page.split('\n')[0] ?? '';
  const seed = page.slice(title.length);
  const figs = findFigures(seed);
  it('finds 10.027, 9.744, 102,9%, 12,9%, 17-3-2021 and 2021-2025 with their values', () => {
    const byText = (t: string): Figure | undefined => figs.find((f) => f.text.includes(t));
    expect(byText('10.027')?.value).toBe(10027);
    expect(byText('9.744')?.value).toBe(9744);
    expect(byText('102,9%')).toMatchObject({ kind: 'percent', value: 102.9 });
    expect(byText('12,9%')).toMatchObject({ kind: 'percent', value: 12.9 });
    expect(byText('17-3-2021')?.kind).toBe('date');
    expect(byText('2021-2025')?.kind).toBe('period');
    expect(byText('01-CTr/TU')?.kind).toBe('code');
    expect(byText('lần thứ XVII')?.kind).toBe('ordinal');
  });
  it('makes the amounts key, and never a date, a period, the code or the ordinal', () => {
    const keys = keyFigures(seed, figs, { title, cap: 8 }).map((f) => f.text);
    for (const t of ['10.027', '9.744', '102,9%', '12,9%']) {
      expect(
        keys.some((k) => k.includes(t)),
        t,
      ).toBe(true);
    }
    for (const t of ['01-CTr/TU', 'XVII', '17-3-2021', '2021-2025', '2021'])
      expect(
        keys.some((k) => k.includes(t)),
        t,
      ).toBe(false);
    // With the default cap the amounts come first.
    const top = keyFigures(seed, figs, { title }).map((f) => f.text);
    expect(top).toHaveLength(4);
    for (const t of ['10.027', '9.744', '102,9%', '12,9%'])
      expect(
        top.some((k) => k.includes(t)),
        t,
      ).toBe(true);
  });
});

describe('numbers that are part of a name', () => {
  const highlighted = (text: string): string[] =>
    keyFigures(text, findFigures(text), { cap: 10 }).map((f) => f.text);

  it.each([
    ['Khởi công đường Vành đai 4 và mở rộng Vành đai 3.', ['Vành đai 4', 'Vành đai 3']],
    ['Tuyến metro số 2 đoạn Nam Thăng Long - Trần Hưng Đạo.', ['số 2']],
    ['Đội Cảnh sát giao thông số 6 đã lập biên bản.', ['số 6']],
    ['Thí sinh thi vào lớp 10 công lập năm nay.', ['lớp 10']],
    ['Người dân quận 1 đi theo Quốc lộ 1A và đường 32.', ['quận 1', 'Quốc lộ 1A', 'đường 32']],
  ])('%s is an ordinal, never highlighted', (text, names) => {
    const ordinals = findFigures(text)
      .filter((f) => f.kind === 'ordinal')
      .map((f) => f.text);
    expect(ordinals).toEqual(names);
    for (const n of names) expect(highlighted(text).some((h) => h.includes(n))).toBe(false);
  });

  it('does not read "Vành đai 3 đoạn qua" as a count of 3 đoạn', () => {
    const text = 'Cầu cạn Vành đai 3 đoạn qua quận Hoàng Mai bị hư hỏng.';
    expect(findFigures(text).some((f) => f.kind === 'count')).toBe(false);
    expect(highlighted(text)).toEqual([]);
  });

  it('keeps the quota a count while the grade stays a name', () => {
    const text = 'Hà Nội tuyển 6.000 chỉ tiêu lớp 10 công lập.';
    expect(brief(text)).toEqual([
      ['count', '6.000 chỉ tiêu', 6000],
      ['ordinal', 'lớp 10', null],
    ]);
    expect(highlighted(text)).toEqual(['6.000 chỉ tiêu']);
  });

  it('still reads a measure after a name word as a figure ("đường 5 km" is no name)', () => {
    expect(find('Con đường 5 km được trải nhựa.', '5 km')?.kind).toBe('measure');
    expect(find('tổng số 500 hộ được hỗ trợ', '500 hộ')?.kind).toBe('count');
  });
});

describe('units of counts and measures', () => {
  it('keeps a classifier as the unit, not the word after it', () => {
    const f = find('Hà Nội ghi nhận 1.245 ca sốt xuất huyết.', '1.245 ca');
    expect(f?.kind).toBe('count');
    expect(f?.unit).toBe('ca');
    expect(find('có 12 người bị thương', '12 người')?.unit).toBe('người');
  });

  it('keeps known two-word units whole', () => {
    expect(find('hơn 500 hộ dân', 'hơn 500 hộ dân')?.unit).toBe('hộ dân');
    expect(find('cấm 20 tuyến phố', '20 tuyến phố')?.unit).toBe('tuyến phố');
    expect(find('10.027 đảng viên', '10.027 đảng viên')?.unit).toBe('đảng viên');
  });

  it('reads a rate unit as one measure', () => {
    const f = find('Hồ xả 90 m3/giây xuống hạ du.', '90 m3/giây');
    expect(f?.kind).toBe('measure');
    expect(f?.unit).toBe('m3/giây');
    expect(f?.value).toBe(90);
    expect(find('tàu chạy 316 km/h', '316 km/h')?.unit).toBe('km/h');
  });
});

describe('counted administrative units', () => {
  it('counts "30 phường" without swallowing the verb after it ("tổ chức")', () => {
    const f = findFigures('Hà Nội có 30 phường tổ chức hội nghị, 75 xã tham gia.');
    expect(f.map((x) => [x.text, x.unit])).toEqual(
      expect.arrayContaining([
        ['30 phường', 'phường'],
        ['75 xã', 'xã'],
      ]),
    );
  });
});
