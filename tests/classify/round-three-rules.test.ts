/**
 * Topic and relevance rules added after checking on articles nobody tuned for
 * (issue #11): stories set abroad, quoted names, venues, credits, link lists.
 * Hand-written fixtures with the real config files.
 */
import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../src/digest/classify/index.js';
import { createNewsText } from '../../src/digest/classify/news-text.js';
import { createRelevance, isForeignWord } from '../../src/digest/classify/relevance.js';
import { tokenize } from '../../src/digest/classify/phrase-matcher.js';
import { loadGazetteer, loadTopics } from './helpers.js';

const gazetteer = loadGazetteer();
const classifier = createClassifier({ topics: loadTopics(), gazetteer });
const classify = (title: string, lead: string, body: string) =>
  classifier.classify({ title, lead, body });
const topics = (title: string, lead: string, body: string): string[] =>
  classify(title, lead, body).topics.map((t) => t.id);

describe('a story set abroad', () => {
  it('a mayor abroad sacked for corruption is foreign politics, not party building', () => {
    const t = topics(
      'Trung Quốc: Thị trưởng một thành phố bị cách chức vì tham nhũng',
      'Ông này bị cách chức, khai trừ đảng và bị điều tra vì nhận hối lộ.',
      'Cơ quan kiểm tra kỷ luật cho biết quan chức này vi phạm nghiêm trọng kỷ luật đảng.',
    );
    expect(t).toEqual([]);
  });

  it('an opposition protest abroad is no public-order story', () => {
    expect(
      topics(
        'Phe đối lập Campuchia lại biểu tình phản đối kết quả',
        'Hàng nghìn người biểu tình tập trung tại Phnom Penh, cảnh sát bắt giữ nhiều người.',
        'Công an dựng rào chắn, bắt giữ 20 đối tượng. Phe đối lập kêu gọi biểu tình kéo dài ba ngày.',
      ),
    ).toEqual([]);
  });

  it('reads the setting from the headline, then the sapo', () => {
    const relevance = createRelevance(gazetteer);
    const abroad = (title: string, lead = ''): boolean =>
      relevance.judge([
        { tokens: tokenize(title), weight: 3, role: 'title' },
        { tokens: tokenize(lead), weight: 2, role: 'lead' },
      ]).abroad;
    expect(abroad('Tổng thống Mỹ Donald Trump bị luận tội')).toBe(true);
    expect(abroad('Thủ tướng Nhật Bản Shinzo Abe từ chức')).toBe(true);
    expect(abroad('Bầu cử sớm', 'Cử tri Thái Lan đi bỏ phiếu.')).toBe(true);
    expect(abroad('Khách nói tiếng Nga bị chặt chém ở phố cổ')).toBe(false);
    expect(abroad('Đà Nẵng đón khách Hàn Quốc')).toBe(false);
  });

  it('a given name like "Nga" or "Hà Lan" is a person, not a country', () => {
    const t = topics(
      'Khai trừ đảng bà Nguyễn Thị Nga',
      'Ủy ban Kiểm tra Thành ủy quyết định kỷ luật khai trừ đảng bà Nguyễn Thị Nga, nguyên Phó giám đốc Sở.',
      'Bà Nga vi phạm quy định về kê khai tài sản.',
    );
    expect(t[0]).toBe('xay-dung-dang');
    const relevance = createRelevance(gazetteer);
    const r = relevance.judge([
      { tokens: tokenize('Kỷ luật cảnh cáo bà Trần Thị Hà Lan'), weight: 3, role: 'title' },
    ]);
    expect(r.abroad).toBe(false);
  });

  it('a crime abroad keeps its topic', () => {
    const t = topics(
      'Nhật Bản: Bắt băng nhóm lừa đảo người cao tuổi',
      'Cảnh sát Tokyo đã bắt giữ 12 đối tượng trong đường dây lừa đảo chiếm đoạt tài sản.',
      'Các đối tượng giả danh nhân viên ngân hàng để lừa đảo. Cơ quan điều tra đang mở rộng vụ án.',
    );
    expect(t[0]).toBe('an-ninh-trat-tu');
  });

  it('a domestic headline that names a country in a language ("tiếng Nga") is not set abroad', () => {
    const r = classify(
      'Khách nói tiếng Nga bị chặt chém tiền đánh giày ở phố cổ',
      'Phóng viên vào vai du khách nói tiếng Nga dạo phố cổ Hà Nội.',
      'Video ghi lại trên phố Hàng Dầu (quận Hoàn Kiếm) cho thấy người đánh giày đòi 300 nghìn đồng. ' +
        'Du khách Nga, du khách Nhật Bản và nhiều khách khác từng bị chặt chém như vậy.',
    );
    expect(r.hanoi).toBe(true);
  });
});

describe('quoted names and venues', () => {
  it('a work title introduced in the body stays a title in a headline that quotes it bare', () => {
    const r = classify(
      "Phạt đơn vị phát hành 'Bữa sáng Hà Nội'",
      'Cục Xuất bản đã xử phạt đơn vị liên kết xuất bản vì những đoạn văn vi phạm.',
      "Cuốn sách 'Bữa sáng Hà Nội' bị thu hồi trên cả nước. Cục Xuất bản, In và Phát hành đình chỉ hoạt động đơn vị này 6 tháng.",
    );
    expect(r.hanoi).toBe(false);
  });

  it('a quoted claim in a headline does not place the story in the city', () => {
    const r = classify(
      "Sự thật bức ảnh 'bé bị bắt cóc ở Hà Nội'",
      'Gia đình cháu bé ở thị xã Ba Đồn, Quảng Bình khẳng định người trong ảnh không phải con mình.',
      'Công an tỉnh Quảng Bình đang truy tìm cháu bé mất tích. Bức ảnh lan truyền trên mạng xã hội.',
    );
    expect(r.hanoi).toBe(false);
  });

  it('a province name that opens a brand ("Thái Bình Green Tower") is no place', () => {
    const r = classify(
      'Cận cảnh sai phạm trên nóc Thái Bình Green Tower',
      'Thành phố yêu cầu xử lý sai phạm trật tự xây dựng tại dự án Thái Bình Green Tower.',
      'Dự án nằm trên phố Minh Khai, quận Hai Bà Trưng. Đội thanh tra xây dựng quận Hai Bà Trưng đã lập biên bản.',
    );
    expect(r.hanoi).toBe(true);
  });

  it('a national ceremony at a city landmark is not city news', () => {
    const r = classify(
      'Trao Giải thưởng Nhà nước về văn học, nghệ thuật',
      'Lễ trao giải do Bộ Văn hóa, Thể thao và Du lịch tổ chức đã diễn ra tại Nhà hát Lớn Hà Nội.',
      'Các tác giả đến từ nhiều tỉnh, thành phố trên cả nước được vinh danh.',
    );
    expect(r.hanoi).toBe(false);
  });

  it('a landmark beside a district in the sapo is still the city', () => {
    const r = classify(
      'Khói bốc lên cạnh nhà hát, nhiều người hoảng loạn',
      'Cảnh sát PCCC quận Hoàn Kiếm đã có mặt cạnh Nhà hát Lớn Hà Nội, Bộ Công an cũng cử người đến.',
      'Đám cháy được dập tắt sau 20 phút, không có thiệt hại về người.',
    );
    expect(r.hanoi).toBe(true);
  });
});

describe('what is not the story', () => {
  it('a credit that is a web address ends there: the glued sentence after it is news', () => {
    const text = createNewsText({ footerMarkers: [], captionMarkers: ['Ảnh:'] });
    const out = text.clean(
      'Tòa nhà nhìn từ trên cao. Ảnh: vidu.com.vn Theo biên bản, chủ đầu tư xây dựng trái phép trên tầng thượng.',
    );
    expect(out).toContain('Theo biên bản, chủ đầu tư xây dựng trái phép');
    expect(out).not.toContain('vidu.com.vn');
    expect(out).not.toContain('Tòa nhà nhìn từ trên cao');
  });

  it('a long paragraph before a credit is news, not a caption', () => {
    const text = createNewsText({ footerMarkers: [], captionMarkers: ['Ảnh:'] });
    const paragraph =
      'Sau khi báo chí phản ánh, thành phố đã có văn bản yêu cầu quận kiểm tra, xử lý dứt điểm các sai phạm về trật tự xây dựng, ' +
      'báo cáo kết quả trước ngày 30, đồng thời xem xét trách nhiệm của các tổ chức, cá nhân liên quan trong việc để xảy ra vi phạm kéo dài nhiều năm.';
    expect(text.clean(`${paragraph} Ảnh: Báo Mẫu.`)).toContain('xem xét trách nhiệm');
  });

  it('an opinion page whose "sapo" lists other columns is read without it', () => {
    const withList = topics(
      'Ngày cuối năm',
      'Tác giả A · Giá vàng tăng mạnh, nhà đầu tư đổ xô mua. 12 Tác giả B · Chợ phiên ngày Tết.',
      'Tôi ngồi nhìn phố, nghĩ về một năm đã qua và những người thân yêu.',
    );
    expect(withList).toEqual([]);
  });

  it('a street cleaner is a job, not an environment story; a farm tractor is not an official car', () => {
    const t = topics(
      'Nữ công nhân môi trường bị hành hung, xe công nông bị đập phá',
      'Một công nhân của Công ty Môi trường đô thị bị đánh ngất xỉu khi đang quét đường, công an đang điều tra.',
      'Đối tượng tấn công đã bị triệu tập. Chiếc xe công nông chở rác cũng bị đập phá.',
    );
    expect(t).toEqual(['an-ninh-trat-tu']);
  });

  it('an unexplained death is public order (LABELS rule 5)', () => {
    expect(
      topics(
        'Nam thanh niên treo cổ bên hồ',
        'Người dân phát hiện một nam thanh niên tử vong bất thường bên bờ hồ.',
        'Lực lượng chức năng đã có mặt khám nghiệm hiện trường.',
      )[0],
    ).toBe('an-ninh-trat-tu');
  });

  it('an ambulance catching fire on the road is traffic and public order, not health', () => {
    const t = topics(
      'Xe cấp cứu bốc cháy khi đang chở bệnh nhân',
      'Chiếc xe cấp cứu chở bệnh nhân bốc cháy dữ dội trên quốc lộ, tài xế kịp đưa mọi người ra ngoài.',
      'Bệnh nhân đang được chuyển viện từ bệnh viện huyện lên tuyến trên. Lực lượng PCCC đã dập tắt đám cháy.',
    );
    expect(t).toContain('giao-thong');
    expect(t).not.toContain('y-te');
  });

  it('police taking part in a policy survey do not add public order to a traffic story', () => {
    const t = topics(
      'Hà Nội có nóng vội cấm xe máy?',
      'Kết quả khảo sát do Công an thành phố thực hiện với cán bộ công an và người dân cho thấy đa số ủng hộ.',
      'Công an thành phố khảo sát 5.000 đối tượng. Theo công an, các đối tượng được hỏi đều đồng tình. ' +
        'Đại diện công an cho biết các đối tượng sống ở nội đô. Sở GTVT sẽ tăng xe buýt, giảm ùn tắc giao thông ' +
        'và hạn chế phương tiện cá nhân trước khi cấm xe máy.',
    );
    expect(t).toEqual(['giao-thong']);
  });

  it('police still make public order when they handle a crime', () => {
    expect(
      topics(
        'Công an bắt đối tượng trộm xe máy trong khu tập thể',
        'Công an quận đã bắt giữ đối tượng trộm cắp 5 xe máy.',
        'Cơ quan điều tra đang mở rộng vụ án.',
      )[0],
    ).toBe('an-ninh-trat-tu');
  });
});

describe('compound events an editor files under two topics (alsoWhen)', () => {
  it('a forest fire is environment and public order', () => {
    const t = topics(
      'Cháy rừng phòng hộ ở huyện Sóc Sơn',
      'Đám cháy rừng thiêu rụi nhiều hecta rừng thông, lực lượng chức năng đang khống chế.',
      'Hàng trăm người được huy động dập lửa trong đêm.',
    );
    expect(t.slice(0, 2)).toEqual(['moi-truong', 'an-ninh-trat-tu']);
  });

  it('a BOT toll story is traffic first, then economy (first: true)', () => {
    const t = topics(
      'Thu chênh hơn 50 triệu đồng mỗi ngày tại trạm BOT',
      'Nhiều tài xế phản ánh trạm thu phí BOT trên quốc lộ thu chênh hàng chục triệu đồng mỗi ngày so với doanh thu báo cáo.',
      'Doanh nghiệp BOT cho biết sẽ rà soát doanh thu và giá vé.',
    );
    expect(t[0]).toBe('giao-thong');
    expect(t).toContain('kinh-te-gia-ca');
  });

  it('a voter meeting adds elections after the issue it is about', () => {
    const t = topics(
      'Chủ tịch thành phố: Không chặt hạ thêm cây xanh cổ thụ',
      'Trả lời ý kiến cử tri quận Hoàn Kiếm, Chủ tịch UBND thành phố cho biết sẽ không chặt hạ cây xanh cổ thụ trên các tuyến phố.',
      'Thành phố sẽ rà soát hàng cây xanh, thay thế cây đổ gãy sau mưa bão.',
    );
    expect(t[0]).toBe('moi-truong');
    expect(t).toContain('bau-cu');
  });

  it('a road crash is traffic first even when a prosecution leads the headline', () => {
    const t = topics(
      'Khởi tố, tạm giam tài xế gây tai nạn trên cao tốc',
      'Cơ quan điều tra đã khởi tố vụ án, bắt tạm giam tài xế xe khách gây tai nạn làm 3 người chết.',
      'Chiếc xe khách chạy quá tốc độ đã tông vào đuôi xe tải. Cơ quan công an đang điều tra.',
    );
    expect(t.slice(0, 2)).toEqual(['giao-thong', 'an-ninh-trat-tu']);
  });

  it('a reorder-only rule never adds its topic', () => {
    expect(
      topics(
        'Khởi tố đối tượng lừa đảo sau va chạm trên mạng xã hội',
        'Cơ quan điều tra khởi tố, bắt tạm giam đối tượng lừa đảo chiếm đoạt 2 tỷ đồng.',
        'Đối tượng lập nhiều tài khoản giả để lừa đảo.',
      ),
    ).not.toContain('giao-thong');
  });

  it('a companion phrase never makes the first topic of a story with none', () => {
    expect(topics('Cử tri', '', '')).toEqual([]);
  });
});

describe('isForeignWord', () => {
  it('tells English and brand words from Vietnamese syllables', () => {
    for (const w of ['green', 'city', 'tower', 'plaza', 'resort', 'group'])
      expect(isForeignWord(w), w).toBe(true);
    for (const w of ['nghiêng', 'thanh', 'quận', 'gươm', 'dương', 'khuyến'])
      expect(isForeignWord(w), w).toBe(false);
  });
});
