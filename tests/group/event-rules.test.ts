/**
 * The event rules added after reading grouping errors on Hà Nội news: a
 * headline must be told in the other article, place words stay on their
 * line, labels and institutions are no event facts, and a disagreement on
 * places alone yields to the same rare name on the same day.
 */
import { describe, expect, it } from 'vitest';
import { agreements, eventSignature, groupStories } from '../../src/digest/group/index.js';
import type { GroupableArticle } from '../../src/digest/group/index.js';

const sig = (title: string, lead = '', body = '') => eventSignature({ title, lead, body });

/** Two stories raised at one city meeting: the meeting's words and day are shared, the subjects are not. */
const MEETING =
  'Phiên họp giao ban của UBND thành phố với giám đốc các sở, ban, ngành diễn ra sáng 6/2. ' +
  'Các sở được giao báo cáo kết quả trước cuối tháng để thành phố xem xét quyết định.';
const speakers: GroupableArticle = {
  id: 'speakers',
  title: 'Đề xuất bỏ hệ thống loa phát thanh cơ sở',
  lead: 'Tại phiên họp giao ban sáng 6/2, lãnh đạo thành phố yêu cầu đánh giá lại loa phát thanh cơ sở.',
  body: `${MEETING} Duy trì loa phát thanh tốn mấy trăm triệu đồng mỗi năm ở mỗi phường mà chất lượng thông tin thấp.`,
};
const principal: GroupableArticle = {
  id: 'principal',
  title: 'Điều chuyển hiệu trưởng che giấu tai nạn học sinh',
  lead: 'Tại phiên họp giao ban sáng 6/2, lãnh đạo thành phố yêu cầu điều chuyển hiệu trưởng đã che giấu vụ tai nạn.',
  body: `${MEETING} Hiệu trưởng bị điều chuyển trong khi chờ cơ quan điều tra kết luận vụ học sinh gãy chân.`,
};

describe('headline cover', () => {
  it('keeps two stories of one meeting apart: neither headline is told in the other article', () => {
    expect(groupStories([speakers, principal])).toEqual([['speakers'], ['principal']]);
    // Without the headline check the shared meeting text joins them: the test can fail.
    expect(groupStories([speakers, principal], { headlineCover: 0 })).toEqual([
      ['speakers', 'principal'],
    ]);
  });

  it('still joins disjoint headlines that share a rare name, as an obituary and a tribute do', () => {
    const notice: GroupableArticle = {
      id: 'notice',
      title: 'Tin buồn',
      lead: 'Thượng tướng Trịnh Khắc Điền từ trần lúc 9 giờ ngày 22/10 tại Quân y viện, hưởng thọ 89 tuổi.',
      body: 'Lễ viếng Thượng tướng Trịnh Khắc Điền tổ chức tại Nhà tang lễ Quốc gia. Lễ truy điệu và lễ an táng tổ chức sau đó.',
    };
    const tribute = (name: string): GroupableArticle => ({
      id: 'tribute',
      title: 'Vĩnh biệt vị tướng của núi rừng miền tây',
      lead: `Thượng tướng ${name} đã ra đi, để lại bao thương nhớ cho đồng đội một thời chiến đấu nơi núi rừng.`,
      body: `Lễ viếng Thượng tướng ${name} tổ chức tại Nhà tang lễ Quốc gia. Đồng đội nhớ về vị tướng từ trần ở tuổi 89 sau một đời chiến đấu.`,
    });
    expect(groupStories([notice, tribute('Trịnh Khắc Điền')])).toEqual([['notice', 'tribute']]);
    // Another general: no shared name, and "Tin buồn" is told nowhere in the tribute.
    expect(groupStories([notice, tribute('Vương Đình Lạc')])).toEqual([['notice'], ['tribute']]);
  });
});

describe('signature reading', () => {
  it('does not read a place across the line between headline and lead', () => {
    const s = sig(
      'Hà Nội tạm dừng lấy ý kiến về loa phường',
      'Sở Thông tin cho biết hệ thống có dấu hiệu bất thường.',
    );
    expect(s.head.get('ward')).toBeUndefined();
    // Within a line it still does.
    expect(sig('Cháy nhà ở phường Định Công').head.get('ward')).toEqual(new Set(['định công']));
  });

  it('cuts a province off the person named after it', () => {
    const s = sig('Họp giao ban', 'Chủ tịch UBND TP Hà Nội Nguyễn Văn Bình yêu cầu báo cáo.');
    expect(s.head.get('province')).toEqual(new Set(['hà nội']));
  });

  it('reads a year, a grade or a route number as a label, not a figure', () => {
    const s = sig(
      'Thi vào lớp 10 căng thẳng',
      'Cấm xe máy từ năm 2030 trên tuyến 32 diễn ra thế nào',
    );
    expect([...s.head.keys()].filter((k) => k.startsWith('n:'))).toEqual([]);
    expect(sig('Tuyển 6.500 giáo viên coi thi').head.get('n:giáo')).toEqual(new Set(['6500']));
  });

  it('reads a day and month printed with spaces round the dash after a word of the day', () => {
    expect(sig('Diễn tập cứu nạn', 'Sáng nay 23 - 10, tại huyện Ba Vì.').head.get('date')).toEqual(
      new Set(['23/10']),
    );
    expect(sig('Diễn tập cứu nạn (23 - 10)').head.get('date')).toEqual(new Set(['23/10']));
    // Elsewhere the same shape is a range of a figure, not a date.
    expect(sig('Mỗi đội có từ 5 - 7 người tham gia').head.get('date')).toBeUndefined();
  });

  it('a range followed by a unit or a counted noun is no date, even after a word of the day', () => {
    expect(
      sig('Rét đậm', 'Nhiệt độ đêm nay 9 - 11 độ ở vùng núi.').head.get('date'),
    ).toBeUndefined();
    expect(
      sig('Ngộ độc thực phẩm', 'Hôm qua 3-4 người nhập viện.').head.get('date'),
    ).toBeUndefined();
    expect(sig('Rét đậm', 'Sáng nay 9 - 11, trời rét đậm.').head.get('date')).toEqual(
      new Set(['9/11']),
    );
  });

  it('reads an acronym in a name whole, not cut to its first letter', () => {
    const names = sig('Sở GD&ĐT Hà Nội kiểm tra trường', 'Ông Lê Văn Hưng cho biết.').head.get(
      'name',
    );
    expect(names).toContain('sở gd&đt hà nội');
    expect(names).not.toContain('sở g');
  });

  it('reads a hyphenated one-word name inside a sentence, as it does a plain one', () => {
    expect(sig('Người hâm mộ chờ đón T-ara trước khách sạn').head.get('name')).toEqual(
      new Set(['t ara']),
    );
    expect(sig('Người hâm mộ chờ đón Bigbang trước khách sạn').head.get('name')).toEqual(
      new Set(['bigbang']),
    );
  });

  it('reads no province in a region named after a plural ("các tỉnh Đồng bằng Bắc Bộ")', () => {
    expect(sig('Mưa lớn ở các tỉnh Đồng bằng Bắc Bộ').head.get('province')).toBeUndefined();
    // Provinces listed after a plural are still read by their names.
    expect(sig('Mưa lớn ở các tỉnh Bắc Ninh, Bắc Giang').head.get('province')).toEqual(
      new Set(['bắc ninh', 'bắc giang']),
    );
  });

  it('counts a shared person, never a shared office, as agreement', () => {
    const office = (lead: string) => sig('Kiểm tra trường mầm non', lead);
    expect(agreements(office('Sở Giáo dục kiểm tra ngay.'), office('Sở Giáo dục vào cuộc.'))).toBe(
      0,
    );
    expect(
      agreements(office('Bà Lê Thị Hạnh kiểm tra ngay.'), office('Bà Lê Thị Hạnh vào cuộc.')),
    ).toBe(1);
  });
});

describe('places against a shared name and day', () => {
  const drill = (id: string, place: string, day: string): GroupableArticle => ({
    id,
    title: `Diễn tập ARDEX ứng phó thảm họa tại ${place}`,
    lead: `Ngày ${day}, cuộc diễn tập ARDEX ứng phó thảm họa của các nước ASEAN diễn ra tại ${place}, Hà Nội.`,
    body: 'Hơn hai nghìn người cùng hàng trăm phương tiện tham gia diễn tập cứu hộ, cứu nạn, sơ tán dân và cứu trợ nhân đạo sau siêu bão giả định.',
  });

  it('joins reports that name neighbouring districts when both headlines name the same rare name and day', () => {
    expect(
      groupStories([drill('a', 'huyện Ba Vì', '23/10'), drill('b', 'thị xã Sơn Tây', '23/10')]),
    ).toEqual([['a', 'b']]);
  });

  /** A report whose headline and lead place and date nothing: its body names the town next door. */
  const scenario = (day: string): GroupableArticle => ({
    id: 'scenario',
    title: 'Diễn tập ARDEX của các nước ASEAN ứng phó thảm họa',
    lead: 'Sau khi siêu bão giả định đổ bộ, mưa lớn gây ngập sâu, nhiều hộ dân cần sơ tán và cứu trợ khẩn cấp.',
    body: `Cuộc diễn tập ARDEX ứng phó thảm họa diễn ra ngày ${day} tại thị xã Sơn Tây với hơn hai nghìn người cùng hàng trăm phương tiện tham gia cứu hộ, cứu nạn, sơ tán dân và cứu trợ nhân đạo.`,
  });

  it('joins a report placed only in its body when the headlines share a rare name and the day matches', () => {
    expect(groupStories([drill('a', 'huyện Ba Vì', '23/10'), scenario('23/10')])).toEqual([
      ['a', 'scenario'],
    ]);
  });

  it('keeps the body-placed report apart on another day', () => {
    expect(groupStories([drill('a', 'huyện Ba Vì', '23/10'), scenario('26/10')])).toHaveLength(2);
  });

  it('keeps them apart on different days: the place disagreement then stands', () => {
    expect(
      groupStories([drill('a', 'huyện Ba Vì', '23/10'), drill('b', 'thị xã Sơn Tây', '26/10')]),
    ).toHaveLength(2);
  });
});
