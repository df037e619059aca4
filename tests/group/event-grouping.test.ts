/**
 * Grouping by event, not by theme: a made-up day of Hà Nội news (./fixtures)
 * where fires, weather forecasts, murders, matches, crashes, BRT stories and
 * admissions in two cities sit next to each other, plus the rules one by one.
 */
import { describe, expect, it } from 'vitest';
import {
  contradictions,
  createDocumentFrequencies,
  eventSignature,
  groupStories,
  groupStoriesDetailed,
  termHash,
  withoutDocuments,
} from '../../src/digest/group/index.js';
import type { GroupableArticle } from '../../src/digest/group/index.js';
import { DAY, expectedStories } from './fixtures/hanoi-day.js';

const sorted = (groups: string[][]): string[][] =>
  groups.map((g) => [...g].sort()).sort((a, b) => (a[0] as string).localeCompare(b[0] as string));

const byId = (id: string): GroupableArticle => {
  const a = DAY.find((d) => d.id === id);
  if (!a) throw new Error(`no fixture ${id}`);
  return a;
};

describe('a day of Hà Nội news', () => {
  it('makes one story per event: same-kind events (fires, murders, matches, crashes, admissions) stay apart', () => {
    expect(sorted(groupStories(DAY))).toEqual(sorted(expectedStories(DAY)));
  });

  it('gives the same stories with a background built from other articles', () => {
    const batch = DAY.filter((_, i) => i % 3 !== 2);
    const background = createDocumentFrequencies(DAY.filter((_, i) => i % 3 === 2));
    expect(sorted(groupStories(batch, { background }))).toEqual(sorted(expectedStories(batch)));
  });

  it('groups a pair the same way alone and inside the whole day when the IDF has a background', () => {
    const background = createDocumentFrequencies(DAY);
    const alone = groupStories([byId('crash1-a'), byId('crash1-b')], {
      background: withoutDocuments(background, [byId('crash1-a'), byId('crash1-b')]),
    });
    expect(alone).toEqual([['crash1-a', 'crash1-b']]);
    const all = groupStories(DAY, { background: withoutDocuments(background, DAY) });
    expect(all).toContainEqual(['crash1-a', 'crash1-b']);
  });

  it('never merges a Đà Nẵng story with the same story in Hà Nội, even with the same wording', () => {
    const groups = groupStories([byId('admit1-a'), byId('admit2-a')]);
    expect(groups).toEqual([['admit1-a'], ['admit2-a']]);
  });

  it('keeps the same theme months apart in separate stories (weather, BRT)', () => {
    expect(groupStories([byId('weather1-a'), byId('weather2-a')])).toHaveLength(2);
    expect(groupStories([byId('brt1-a'), byId('brt2-a')])).toHaveLength(2);
  });

  it('keeps undated forecasts apart by their figures and dates', () => {
    const undated = [byId('weather1-a'), byId('weather2-a')].map((a) => ({
      ...a,
      publishedAt: null,
    }));
    expect(groupStories(undated)).toHaveLength(2);
  });
});

describe('publication window', () => {
  const twin = (id: string, publishedAt: Date | null, fetchedAt?: Date): GroupableArticle => ({
    ...byId('fire1-b'),
    id,
    publishedAt,
    ...(fetchedAt ? { fetchedAt } : {}),
  });
  const t0 = new Date('2024-03-12T10:00:00Z');
  const plus = (h: number): Date => new Date(t0.getTime() + h * 3_600_000);

  it('joins the same story within 72 h and not beyond by default', () => {
    expect(groupStories([twin('x', t0), twin('y', plus(70))])).toHaveLength(1);
    expect(groupStories([twin('x', t0), twin('y', plus(74))])).toHaveLength(2);
  });

  it('takes the window from the options', () => {
    expect(groupStories([twin('x', t0), twin('y', plus(30))], { windowHours: 24 })).toHaveLength(2);
  });

  it('uses the fetch time when the publication time is unknown', () => {
    expect(groupStories([twin('x', t0), twin('y', null, plus(100))])).toHaveLength(2);
    expect(groupStories([twin('x', t0), twin('y', null, plus(10))])).toHaveLength(1);
  });
});

describe('event signatures', () => {
  const sig = (title: string, lead = '', body = '') => eventSignature({ title, lead, body });

  it('finds districts, wards, streets, provinces, figures and dates', () => {
    const s = sig(
      'Cháy nhà 4 tầng trên phố Định Công, quận Hoàng Mai',
      'Ngày 13/3, 5 người được giải cứu ở phường Định Công; TP.HCM và Đà Nẵng cũng có cháy.',
    );
    expect(s.head.get('district')).toEqual(new Set(['hoàng mai']));
    expect(s.head.get('ward')).toEqual(new Set(['định công']));
    expect(s.head.get('street')).toEqual(new Set(['định công']));
    expect(s.head.get('province')).toEqual(new Set(['hồ chí minh', 'đà nẵng']));
    expect(s.head.get('n:tầng')).toEqual(new Set(['4']));
    expect(s.head.get('n:người')).toEqual(new Set(['5']));
    expect(s.head.get('date')).toEqual(new Set(['13/3']));
  });

  it('reads "thành phố" as the city, not a street, and "500 nghìn hộp" as 500.000 hộp', () => {
    const s = sig('Khai giảng ở thành phố Cần Thơ', 'Tặng 500 nghìn hộp sữa cho học sinh');
    expect(s.head.get('street')).toBeUndefined();
    expect(s.head.get('province')).toEqual(new Set(['cần thơ']));
    expect(s.head.get('n:hộp')).toEqual(new Set(['500000']));
    expect(contradictions(s, sig('Tặng 500.000 hộp sữa cho học sinh'))).toEqual([]);
  });

  it('contradicts on different districts, figures, dates and match scores', () => {
    expect(
      contradictions(sig('Cháy xưởng ở huyện Thanh Trì'), sig('Cháy xưởng ở huyện Đông Anh')),
    ).toEqual(['district']);
    expect(
      contradictions(
        sig('Tai nạn liên hoàn, 2 người chết'),
        sig('Tai nạn liên hoàn, 7 người chết'),
      ),
    ).toEqual(['n:người']);
    expect(contradictions(sig('Ngày 5/2, mưa rét'), sig('Ngày 3/6, mưa rét'))).toEqual(['date']);
    expect(
      contradictions(sig('Hà Nội FC thắng 2-1 ở vòng 14'), sig('Hà Nội FC thắng 3-0 ở vòng 14')),
    ).toEqual(['score']);
  });

  it('does not contradict where outlets differ only in rounding, the reporting day or detail', () => {
    // Rounded figures, a day between the event and the report.
    expect(
      contradictions(
        sig('1.563 sinh viên chưa được thi', 'Ngày 20/10, trường thông báo'),
        sig('Khoảng 1.500 sinh viên chờ thi', 'Sáng 21/10, trường cho biết'),
      ),
    ).toEqual([]);
    // One names the district, the other the ward inside its text: no contradiction.
    expect(
      contradictions(
        sig('Cháy ở quận Cầu Giấy'),
        sig('Cháy ở phường Dịch Vọng', '', 'Phường Dịch Vọng thuộc quận Cầu Giấy.'),
      ),
    ).toEqual([]);
    // A value of one headline found anywhere in the other's text is agreement.
    expect(
      contradictions(
        sig('Cháy xưởng, 2 người bị thương'),
        sig('Cháy xưởng, 3 người phải sơ tán', '', 'Hai trong số đó, 2 người bị thương nhẹ.'),
      ),
    ).toEqual([]);
  });
});

describe('Hà Nội districts without a place word', () => {
  const sig = (title: string, lead = '', body = '') => eventSignature({ title, lead, body });

  it('reads a district named alone, not a bridge, a mountain or a person of that name', () => {
    expect(sig('Cháy hiệu sách tại Hà Đông, Hà Nội').head.get('district')).toEqual(
      new Set(['hà đông']),
    );
    expect(sig('Cháy kho ở KCN (Sóc Sơn)').head.get('district')).toEqual(new Set(['sóc sơn']));
    expect(sig('Sửa cầu Long Biên').head.get('district')).toBeUndefined();
    expect(sig('Du lịch núi Ba Vì').head.get('district')).toBeUndefined();
    expect(sig('Ông Nguyễn Hoàng Mai phát biểu').head.get('district')).toBeUndefined();
  });

  it('contradicts when one headline places the event where the other text never does', () => {
    // The second names its district only in the body, and a different one.
    expect(
      contradictions(
        sig('Cháy rụi hiệu sách tại Hà Đông'),
        sig('Cháy kho xe máy lúc nửa đêm', '', 'Vụ cháy ở khu công nghiệp thuộc huyện Sóc Sơn.'),
      ),
    ).toEqual(['district']);
    // The same district in the other's body, or no district there at all: no contradiction.
    expect(
      contradictions(
        sig('Cháy rụi hiệu sách tại Hà Đông'),
        sig('Cháy hiệu sách lúc chiều', '', 'Cửa hàng ở phố Phùng Hưng, quận Hà Đông.'),
      ),
    ).toEqual([]);
    expect(
      contradictions(
        sig('Cháy rụi hiệu sách tại Hà Đông'),
        sig('Cháy hiệu sách lúc chiều', '', 'Cửa hàng ở phố Phùng Hưng.'),
      ),
    ).toEqual([]);
  });
});

describe('merging', () => {
  it('never merges two articles that contradict, however similar their words', () => {
    const a = byId('admit1-a');
    const b: GroupableArticle = {
      ...a,
      id: 'copy',
      title: a.title.replace('Hà Nội', 'Đà Nẵng'),
      lead: (a.lead ?? '').replace('Hà Nội', 'Đà Nẵng'),
      body: a.body.replace(/Hà Nội/g, 'Đà Nẵng'),
    };
    const r = groupStoriesDetailed([a, b]);
    expect(r.candidatePairs).toBe(1);
    expect(r.groups).toEqual([['admit1-a'], ['copy']]);
    expect(groupStories([a, b], { eventCheck: false })).toEqual([['admit1-a', 'copy']]);
  });

  it('keeps two fires in Hà Nội apart when they share only fire words and Hà Nội, and joins one fire told twice', () => {
    const shop: GroupableArticle = {
      id: 'shop',
      title: 'Cháy rụi hiệu sách lúc rạng sáng',
      lead: 'Một vụ cháy đã thiêu rụi toàn bộ hàng hóa bên trong một hiệu sách lớn ở Hà Nội.',
      body: 'Ngọn lửa bùng lên lúc rạng sáng, lan nhanh khiến toàn bộ hàng hóa bị thiêu rụi. Lực lượng cảnh sát phòng cháy chữa cháy có mặt dập lửa. Nguyên nhân vụ cháy đang được điều tra.',
    };
    const bike: GroupableArticle = {
      id: 'bike',
      title: 'Xe máy bất ngờ bốc cháy khi đang chạy',
      lead: 'Đang lưu thông ở Hà Nội, một người phụ nữ tá hỏa khi thấy khói bốc lên từ xe máy.',
      body: 'Ngọn lửa bùng lên nhanh chóng, thiêu rụi chiếc xe. Người dân dùng bình chữa cháy dập lửa nhưng không kịp. Nguyên nhân vụ cháy đang được điều tra.',
    };
    const background = createDocumentFrequencies(DAY.filter((a) => !a.id.startsWith('fire1-')));
    // Default options: both name only Hà Nội, which most other articles name too.
    expect(groupStories([shop, bike], { background })).toEqual([['shop'], ['bike']]);
    // Without the agreement check (nor the headline check, which also parts
    // them) their words alone join them: the test can fail.
    const alone = { background, headlineCover: 0 };
    expect(groupStories([shop, bike], { ...alone, agreementThreshold: 0 })).toHaveLength(1);
    // With "Hà Nội" counted as agreement (nothing is common), they join too.
    expect(groupStories([shop, bike], { ...alone, commonShare: 1 })).toHaveLength(1);
    // The same fire told twice shares rarer places, figures or dates: it still joins.
    expect(groupStories([byId('fire1-a'), byId('fire1-b')], { background })).toEqual([
      ['fire1-a', 'fire1-b'],
    ]);
  });

  it('hashes terms the same way for the background and the batch', () => {
    const table = createDocumentFrequencies([byId('fire1-a')]);
    expect(table.df('xưởng gỗ')).toBe(1);
    expect(table.dfOfHash(termHash('xưởng gỗ'))).toBe(1);
    expect(table.df('bến xe')).toBe(0);
    const less = withoutDocuments(table, [byId('fire1-a')]);
    expect(less.docs).toBe(0);
    expect(less.dfOfHash(termHash('xưởng gỗ'))).toBe(0);
  });
});
