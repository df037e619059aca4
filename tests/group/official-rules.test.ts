/**
 * Officials and meeting days are no evidence of one event: a city's chairman
 * speaks on several stories at one morning meeting, so his office and name in
 * two headlines, or the meeting's day, do not make the two one story.
 */
import { describe, expect, it } from 'vitest';
import { agreesOnEvent, eventSignature, groupStories } from '../../src/digest/group/index.js';
import type { GroupableArticle } from '../../src/digest/group/index.js';
import { officialNames } from '../../src/digest/group/officials.js';

const sig = (title: string, lead = '', body = '') => eventSignature({ title, lead, body });

describe('headline subject', () => {
  /** Two stories of one meeting whose headlines both open with the chairman: only the subjects differ. */
  const MEETING =
    'Chủ tịch UBND thành phố Trịnh Văn Hưng chủ trì cuộc họp giao ban với giám đốc các sở, ban, ngành. ' +
    'Ông Trịnh Văn Hưng giao các sở báo cáo kết quả trước cuối tháng.';
  const story = (id: string, subject: string, detail: string): GroupableArticle => ({
    id,
    title: `Chủ tịch UBND TP Trịnh Văn Hưng: ${subject}`,
    lead: `Chủ tịch UBND TP Trịnh Văn Hưng yêu cầu ${subject.toLowerCase()}.`,
    body: `${MEETING} ${detail}`,
  });
  const speakers = story(
    'speakers',
    'Bỏ loa phát thanh cơ sở',
    'Duy trì loa phát thanh tốn mấy trăm triệu đồng mỗi năm ở mỗi phường mà ít người nghe.',
  );
  const principal = story(
    'principal',
    'Điều chuyển hiệu trưởng che giấu tai nạn',
    'Hiệu trưởng bị điều chuyển trong khi chờ cơ quan điều tra kết luận vụ học sinh gãy chân.',
  );

  it('keeps apart two stories whose headlines share only the speaking official', () => {
    expect(groupStories([speakers, principal])).toEqual([['speakers'], ['principal']]);
  });

  it('still joins two tellings of one story that open with the same official', () => {
    const retold: GroupableArticle = {
      ...speakers,
      id: 'retold',
      title: 'Chủ tịch thành phố Trịnh Văn Hưng đề nghị bỏ loa phát thanh cơ sở',
    };
    expect(groupStories([speakers, retold])).toEqual([['speakers', 'retold']]);
  });
});

describe('officials as shared names', () => {
  const leadWith = (person: string, act: string) =>
    sig(`Đề nghị ${act}`, `${person} yêu cầu ${act}.`);

  it('counts no official whom both headlines/leads name: he is the speaker of both', () => {
    expect(
      agreesOnEvent(
        leadWith('Chủ tịch thành phố Trịnh Văn Hưng', 'bỏ loa phát thanh'),
        leadWith('Chủ tịch Trịnh Văn Hưng', 'điều chuyển hiệu trưởng'),
      ),
    ).toBe(false);
    // A person named with no office is who the story is about: shared, it counts.
    expect(
      agreesOnEvent(
        leadWith('Bà Trịnh Thị Hoa', 'bỏ loa phát thanh'),
        leadWith('Bà Trịnh Thị Hoa', 'điều chuyển hiệu trưởng'),
      ),
    ).toBe(true);
  });

  it('reads the official after an institution or before the office title', () => {
    expect(
      sig('Họp giao ban', 'Giám đốc Sở GD&ĐT Hà Nội Lê Văn Hưng báo cáo vụ việc.').officials,
    ).toEqual(new Set(['lê văn hưng']));
    expect(sig('Họp giao ban', 'Ông Lê Văn Hưng, Giám đốc Sở GD&ĐT cho biết.').officials).toEqual(
      new Set(['lê văn hưng']),
    );
    // "thành phố" before the chairman's name makes no city of him.
    expect(
      sig('Họp giao ban', 'Chủ tịch thành phố Lê Văn Hưng chủ trì.').head.get('province'),
    ).toBe(undefined);
    // A general in an obituary holds a rank, not a civil office.
    expect(sig('Tin buồn', 'Thượng tướng Trịnh Khắc Điền từ trần.').officials).toEqual(new Set());
  });

  it('still counts an official named in one lead and only in the other body (an interview and a report quoting it)', () => {
    const interview = leadWith('Bộ trưởng Trịnh Thị Hoa', 'giảm nghèo bền vững');
    const report = sig(
      'Giảm nghèo cần chính sách mới',
      'Nhiều hộ thoát nghèo lại tái nghèo sau vài năm.',
      'Theo Bộ trưởng Trịnh Thị Hoa, chính sách giảm nghèo sẽ được điều chỉnh.',
    );
    expect(agreesOnEvent(interview, report)).toBe(true);
  });
});

describe('a shared day', () => {
  const briefing = sig(
    'Điều chuyển hiệu trưởng che giấu tai nạn',
    'Tại phiên họp giao ban sáng 6/2, thành phố yêu cầu điều chuyển hiệu trưởng.',
  );

  it('does not link two stories when one only mentions the other headline day in its body', () => {
    const beating = sig(
      'Báo cáo vụ cô giáo đánh trẻ',
      'Thành phố yêu cầu báo cáo vụ cô giáo mầm non đánh trẻ.',
      'Cuộc họp giao ban diễn ra sáng 6/2 với các sở, ngành.',
    );
    expect(agreesOnEvent(briefing, beating)).toBe(false);
  });

  it('links two reports whose headlines/leads both give the day', () => {
    const other = sig(
      'Hiệu trưởng bị điều chuyển',
      'Sáng 6/2, phiên họp giao ban quyết định điều chuyển hiệu trưởng.',
    );
    expect(agreesOnEvent(briefing, other)).toBe(true);
  });

  it('a place named after a person, after "phường" or "xã", is no official', () => {
    expect([...officialNames('Chủ tịch UBND phường Nguyễn Du cho biết', () => false)]).toEqual([]);
    expect([...officialNames('Chủ tịch UBND xã Đồng Tâm Lê Đình Kình nói', () => false)]).toEqual([
      'lê đình kình',
    ]);
  });
});
