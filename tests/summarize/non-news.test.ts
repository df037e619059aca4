import { describe, expect, it } from 'vitest';
import {
  looksLikeArticle,
  nonNewsKind,
  stripGluedCredit,
} from '../../src/digest/summarize/non-news.js';
import { summarize } from '../../src/digest/summarize/extractive.js';
import { syllables } from '../../src/digest/text/normalize.js';

const kind = (s: string, last = false): string | null => nonNewsKind(s, syllables(s).length, last);

describe('nonNewsKind', () => {
  it.each([
    ['Tải ứng dụng', 'app'],
    ['Thời sự Chủ nhật, 18/2/2024, 17:09 (GMT+7) Tải ứng dụng Liên hệ', 'app'],
    ['Chủ nhật, 18/2/2024, 17:09 (GMT+7)', 'timestamp'],
    ['Tầng 10, Tòa A FPT Tower, số 10 Phạm Văn Bạch, Cầu Giấy, Hà Nội.', 'address'],
    ['Hotline: 0983.970.780 - Email: toasoan@baomoi.vn.', 'phone'],
    ['Liên hệ', 'footer'],
    ['Liên hệ quảng cáo và hợp tác truyền thông với tòa soạn báo.', 'footer'],
    ['© Bản quyền thuộc về báo điện tử Hà Nội Mới, ghi rõ nguồn khi phát hành.', 'footer'],
    ['Chia sẻ Facebook Zalo', 'share'],
    ['Một số hình ảnh PV ghi lại tại hiện trường vụ cháy sáng nay.', 'photo-set'],
    ['Ảnh: Kiên Trung.', 'caption'],
    ['Ảnh minh họa', 'caption'],
    ['PV: Xin ông cho biết kế hoạch của thành phố trong thời gian tới?', 'question'],
    ['Vậy kế hoạch của thành phố trong thời gian tới là gì?', 'question'],
    ['Xem thêm: Hà Nội cấm xe tải trên 20 tuyến phố nội đô', 'related'],
    ['Quý 2 lãi gần 100 tỷ đồng, tăng 33% cùng kỳ năm trước Xem tiếp', 'related'],
    ['Bài và ảnh: Minh Châu', 'byline'],
    ['NHỮNG CON SỐ ẤN TƯỢNG', 'subheading'],
  ])('%s → %s', (s, k) => {
    expect(kind(s)).toBe(k);
  });

  it('leaves news sentences alone, including ones that mention photos or contacts in passing', () => {
    for (const s of [
      'UBND TP Hà Nội vừa quyết định cấm xe tải trên 20 tuyến phố nội đô từ tháng 3.',
      'Ca sĩ đăng loạt ảnh mới trên mạng xã hội và nhận hơn 10.000 lượt thích.',
      'Người dân có thể liên hệ với phường để được hỗ trợ thủ tục cấp giấy phép.',
      'Nhạc sĩ đăng ký bản quyền cho 12 ca khúc mới sáng tác trong năm nay.',
    ])
      expect(kind(s), s).toBeNull();
  });

  it('takes a "Theo …" credit at the end of a body for a byline', () => {
    expect(kind('Theo VnExpress', true)).toBe('subheading');
    expect(kind('Theo Thông tấn xã Việt Nam.', true)).toBe('byline');
  });
});

describe('stripGluedCredit', () => {
  it('removes a photo or video credit glued before the sentence', () => {
    expect(stripGluedCredit('Ảnh Cường Ngô Ngày 16.6, hàng nghìn người đổ về phố đi bộ.')).toBe(
      'Ngày 16.6, hàng nghìn người đổ về phố đi bộ.',
    );
    expect(
      stripGluedCredit('Ảnh: Bộ Quốc phòngLễ phục K08 cơ bản giống quân phục thường dùng.'),
    ).toBe('Lễ phục K08 cơ bản giống quân phục thường dùng.');
    expect(stripGluedCredit('Ảnh hưởng của bão số 3 khiến 20 hộ dân mất nhà.')).toBe(
      'Ảnh hưởng của bão số 3 khiến 20 hộ dân mất nhà.',
    );
  });
});

describe('looksLikeArticle', () => {
  const shape = { newsSentences: 5, newsChars: 900, sentences: 6 };
  it('detects tag, listing and author pages', () => {
    expect(looksLikeArticle('Tag: giao thông Hà Nội', '', shape)).toBe(false);
    expect(looksLikeArticle('Tin tức Trung Quốc mới nhất trên VnExpress', '', shape)).toBe(false);
    expect(
      looksLikeArticle(
        'Ngô Tú Ngân',
        'Luật sưTốt nghiệp Đại học Luật. Bài mớiTôi gặp vợ chồng ông Ba. Tản vănMùa hè năm ấy.',
        shape,
      ),
    ).toBe(false);
    const lines = Array.from(
      { length: 8 },
      (_, i) => `Tin số ${i + 1} về giao thông Hà Nội\n${i + 1} giờ trước`,
    );
    expect(
      looksLikeArticle('Giao thông', lines.join('\n'), {
        newsSentences: 0,
        newsChars: 0,
        sentences: 16,
      }),
    ).toBe(false);
  });

  it('keeps articles whose title merely starts like a listing', () => {
    expect(
      looksLikeArticle('Tin mới thời tiết 13/5: Cuối tuần Hà Nội có mưa dông', '', shape),
    ).toBe(true);
    expect(looksLikeArticle('Hà Nội cấm xe tải trên 20 tuyến phố', 'Một câu.', shape)).toBe(true);
    expect(looksLikeArticle('Tin mới nhất vụ cháy chung cư mini ở Thanh Xuân', '', shape)).toBe(
      true,
    );
  });
});

describe('summarize on a raw body full of chrome', () => {
  it('summarises only the news, whatever page the body came from', () => {
    const body = [
      'Thời sự Chủ nhật, 18/2/2024, 17:09 (GMT+7)',
      'Chia sẻ Facebook Zalo',
      'Ảnh Cường Ngô Ngày 16.6, UBND TP Hà Nội quyết định cấm xe tải trên 20 tuyến phố nội đô từ tháng 3 để giảm ùn tắc.',
      'Một số hình ảnh PV ghi lại tại các tuyến phố sáng nay.',
      'PV: Người dân nghĩ gì về quyết định này?',
      'Theo Sở Giao thông vận tải, lượng xe tải vào nội đô đã tăng 12% so với cùng kỳ năm trước, gây áp lực lớn lên hạ tầng.',
      'Tải ứng dụng',
      'Liên hệ',
      'Tầng 10, Tòa A FPT Tower, số 10 Phạm Văn Bạch, Cầu Giấy, Hà Nội.',
      'Hotline: 0983.970.780',
    ].join('\n');
    const s = summarize({ id: 'c1', title: 'Hà Nội cấm xe tải trên 20 tuyến phố nội đô', body });
    expect(s.article).not.toBe(false);
    expect(s.text).toContain('UBND TP Hà Nội quyết định cấm xe tải');
    expect(s.text).not.toMatch(
      /GMT|Chia sẻ|Một số hình ảnh|PV:|Tải ứng dụng|Liên hệ|Tầng 10|Hotline|Ảnh Cường Ngô/,
    );
    expect(s.highlights.map((h) => h.text)).toContain('trên 20 tuyến phố');
  });
});
