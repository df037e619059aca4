/** Hà Nội relevance from the news text only (issue #11, item 3), with the real config files. */
import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../src/digest/classify/index.js';
import { createNewsText } from '../../src/digest/classify/news-text.js';
import { loadGazetteer, loadTopics } from './helpers.js';

const gazetteer = loadGazetteer();
const classifier = createClassifier({ topics: loadTopics(), gazetteer });
const hanoi = (title: string, lead: string, body: string): boolean =>
  classifier.classify({ title, lead, body }).hanoi;

const FOOTER =
  ' Tải ứng dụng Liên hệ Tòa soạn: Tầng 5, số 10 phố Trần Duy Hưng, phường Trung Hòa, quận Cầu Giấy, Hà Nội. Điện thoại: 024 1234 5678.';

describe('what is not news text', () => {
  it("an outlet's footer address does not make a TP.HCM story Hà Nội news", () => {
    const body =
      'Vụ cháy xảy ra rạng sáng tại một căn nhà trên đường Lý Thường Kiệt, quận 10. Lực lượng chữa cháy đã dập tắt đám cháy sau 30 phút. ' +
      'Cơ quan chức năng đang điều tra nguyên nhân.';
    expect(
      hanoi(
        'Cháy nhà trong hẻm, ba người bị thương',
        'Ba người được đưa đi cấp cứu.',
        body + FOOTER,
      ),
    ).toBe(false);
    // Without the footer markers, the same address would count: the cut is what matters.
    const bare = createClassifier({
      topics: loadTopics(),
      gazetteer: { ...gazetteer, footerMarkers: [] },
    });
    expect(bare.classify({ title: 'Cháy nhà', lead: '', body: body + FOOTER }).hanoi).toBe(true);
  });

  it('a photo caption naming Hà Nội is dropped with its credit', () => {
    const text = createNewsText({ footerMarkers: [], captionMarkers: ['Ảnh:'] }).clean(
      'Nắng nóng kéo dài ở Nam Bộ. Người dân đi bộ trên phố Tràng Tiền, Hà Nội. Ảnh: Minh Anh Dự báo còn nóng đến cuối tuần.',
    );
    expect(text).toContain('Nắng nóng kéo dài ở Nam Bộ.');
    expect(text).not.toContain('Hà Nội');
  });

  it('"giờ Hà Nội", "xa lộ Hà Nội" and the Hà Nội–Hải Phòng expressway are not Hà Nội', () => {
    expect(
      hanoi(
        'Máy bay cất cánh lúc 10h30 (9h30 giờ Hà Nội)',
        'Chuyến bay thương mại đầu tiên của hãng diễn ra suôn sẻ tại Thượng Hải.',
        'Máy bay chở 130 hành khách, hạ cánh an toàn ở Bắc Kinh.',
      ),
    ).toBe(false);
    expect(
      hanoi(
        'Tài xế taxi bị cướp trên xa lộ Hà Nội',
        'Công an TP Thủ Đức đang truy bắt nghi phạm.',
        'Vụ việc xảy ra trên xa lộ Hà Nội, đoạn qua phường Hiệp Phú, TP Thủ Đức, TP.HCM.',
      ),
    ).toBe(false);
    expect(
      hanoi(
        'Tai nạn liên hoàn trên cao tốc Hà Nội - Hải Phòng',
        'Ba ô tô va chạm trên đoạn qua tỉnh Hưng Yên.',
        'Cơ quan chức năng tỉnh Hưng Yên đã phân luồng trên cao tốc Hà Nội - Hải Phòng.',
      ),
    ).toBe(false);
  });

  it('a route named after Hà Nội and another province is not the city', () => {
    const text = createNewsText({
      footerMarkers: [],
      captionMarkers: [],
      routeEnds: ['Thanh Hóa', 'Lạng Sơn'],
    });
    expect(text.placeText('Tuyến xe khách Hà Nội - Thanh Hóa tăng chuyến')).not.toContain('Hà Nội');
    expect(text.placeText('Tàu Lạng Sơn – Hà Nội chạy lại')).not.toContain('Hà Nội');
    expect(text.placeText('Thủ đô Hà Nội - Thành phố vì hòa bình')).toContain('Hà Nội');
    expect(
      hanoi(
        'Thêm chuyến xe khách Hà Nội - Thanh Hóa dịp lễ',
        'Nhà xe tăng 20 chuyến mỗi ngày.',
        'Bến xe tỉnh Thanh Hóa cho biết lượng khách tăng 30%.',
      ),
    ).toBe(false);
  });

  it("a person's home address is not where the story happened", () => {
    expect(
      hanoi(
        'Xe khách lật trên đèo, nhiều người bị thương',
        'Vụ tai nạn xảy ra trên quốc lộ 6 qua tỉnh Sơn La.',
        'Tài xế Nguyễn Văn B (trú tại phường Định Công, quận Hoàng Mai, Hà Nội) khai bị mất phanh. Công an tỉnh Sơn La đang điều tra.',
      ),
    ).toBe(false);
    const text = createNewsText({
      footerMarkers: [],
      captionMarkers: [],
      residenceMarkers: ['trú tại'],
    }).withoutResidences('Anh B (trú tại quận Hoàng Mai, Hà Nội) bị thương. Xe lật ở Sơn La.');
    expect(text).not.toContain('Hoàng Mai');
    expect(text).toContain('Xe lật ở Sơn La.');
  });

  it('a national story that names the capital in passing is not Hà Nội news', () => {
    expect(
      hanoi(
        'Bộ Tài chính đề xuất sửa chính sách thuế',
        'Bộ Tài chính vừa trình Chính phủ dự thảo sửa đổi.',
        'Theo đề xuất, các doanh nghiệp trên cả nước sẽ được gia hạn nộp thuế. Tại Hà Nội, hội thảo lấy ý kiến đã diễn ra.',
      ),
    ).toBe(false);
  });
});

describe('the extended gazetteer', () => {
  it('finds old communes and districts: xã Tân Triều, huyện Thanh Trì', () => {
    const r = classifier.classify({
      title: 'Người dân phản ánh mùi hôi từ bãi tập kết rác',
      lead: 'Bãi tập kết rác tự phát ở xã Tân Triều, huyện Thanh Trì gây ô nhiễm.',
      body: 'Nhiều hộ dân sống gần bãi rác cho biết mùi hôi bốc lên mỗi tối.',
    });
    expect(r.hanoi).toBe(true);
    expect(r.places).toContain('Tân Triều');
  });

  it('a book or song titled after Hà Nội is not the city', () => {
    expect(
      hanoi(
        'Tái bản cuốn sách “Miếng ngon Hà Nội” nhân dịp kỷ niệm ngày sinh tác giả',
        'Nhà xuất bản giới thiệu ấn bản mới của tác phẩm “Miếng ngon Hà Nội” tại TP.HCM.',
        'Buổi ra mắt có phần trình diễn ca khúc "Hà Nội mùa thu" và giao lưu với độc giả ở TP.HCM.',
      ),
    ).toBe(false);
  });

  it('"cách Hà Nội 50 km" is a distance mark, and a national venue hosts national news', () => {
    expect(
      hanoi(
        'Ngôi làng nuôi rắn cách Hà Nội 50 km',
        'Nghề nuôi rắn giúp nhiều hộ dân khá giả.',
        'Người dân trong làng nuôi rắn từ nhiều năm nay.',
      ),
    ).toBe(false);
    expect(
      hanoi(
        'Lễ kỷ niệm long trọng tại Hội trường Ba Đình',
        'Lãnh đạo Đảng, Nhà nước dự buổi lễ.',
        'Đại biểu các bộ, ngành trung ương tham dự.',
      ),
    ).toBe(false);
  });

  it('a city court or city fire police acting is Hà Nội news', () => {
    expect(
      hanoi(
        'Lĩnh 12 năm tù vì cướp tài sản của người quen',
        'TAND TP Hà Nội tuyên phạt bị cáo tại phiên tòa sơ thẩm.',
        'HĐXX nhận định hành vi của bị cáo là nguy hiểm cho xã hội.',
      ),
    ).toBe(true);
    expect(
      hanoi(
        'Cháy kho hàng, hàng trăm mét vuông bị thiêu rụi',
        'Cảnh sát PCCC TP Hà Nội điều 5 xe chữa cháy tới hiện trường.',
        'Không có thiệt hại về người.',
      ),
    ).toBe(true);
  });

  it('finds a street (Lê Văn Lương), a school (THPT Phan Đình Phùng) and Mỹ Đình', () => {
    expect(
      hanoi(
        'Xe buýt nhanh BRT va chạm xe máy trên đường Lê Văn Lương',
        'Một người bị thương nhẹ.',
        'Vụ va chạm khiến giao thông ùn ứ khoảng 20 phút.',
      ),
    ).toBe(true);
    expect(
      hanoi(
        'Học sinh THPT Phan Đình Phùng giành huy chương vàng',
        'Em đạt điểm cao nhất đoàn.',
        'Nhà trường tổ chức lễ vinh danh.',
      ),
    ).toBe(true);
    expect(
      hanoi(
        'Ùn tắc kéo dài quanh sân vận động',
        'Hàng nghìn cổ động viên đổ về Mỹ Đình trước giờ bóng lăn.',
        'Nhiều tuyến phố quanh sân bị cấm xe từ 17h.',
      ),
    ).toBe(true);
  });
});
