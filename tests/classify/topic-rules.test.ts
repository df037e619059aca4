/** Topics that mean what an editor means (issue #11, item 2), with the real config files. */
import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../src/digest/classify/index.js';
import { loadGazetteer, loadTopics } from './helpers.js';

const classifier = createClassifier({ topics: loadTopics(), gazetteer: loadGazetteer() });
const topics = (title: string, lead: string, body: string): string[] =>
  classifier.classify({ title, lead, body }).topics.map((t) => t.id);

describe('negative and weak cues', () => {
  it('"dự án", "chung cư", "tuyến đường" alone do not make urban planning', () => {
    const t = topics(
      'Hà Nội mưa lớn, nhiều nơi ngập sâu',
      'Mưa lớn kéo dài khiến nhiều tuyến đường ngập úng.',
      'Cư dân một chung cư ở quận Hoàng Mai cho biết nước ngập tới nửa bánh xe. Một dự án thoát nước đang được triển khai. ' +
        'Nhiều tuyến đường ngập sâu, xe chết máy hàng loạt.',
    );
    expect(t[0]).toBe('moi-truong');
    expect(t).not.toContain('quy-hoach-do-thi');
  });

  it('"thủ tướng", "quốc hội" on a diplomatic visit are not party building, nor any topic', () => {
    const t = topics(
      'Chủ tịch Thượng viện nước bạn kết thúc chuyến thăm chính thức Việt Nam',
      'Trong chuyến thăm, đoàn đã hội đàm với Chủ tịch Quốc hội và hội kiến Thủ tướng.',
      'Hai bên nhất trí tăng cường hợp tác kinh tế, thương mại, giáo dục và văn hóa. Đoàn cũng thăm Văn Miếu.',
    );
    expect(t).toEqual([]);
  });

  it('foreign politics and war go to "Tin khác"', () => {
    expect(
      topics(
        'Quân đội nước ngoài không kích thành phố biên giới',
        'Chiến sự leo thang khiến hàng nghìn người phải sơ tán.',
        'Lệnh ngừng bắn bị phá vỡ. Nhiều tòa nhà bị phá hủy, hàng chục người thiệt mạng, cơ quan điều tra vào cuộc.',
      ),
    ).toEqual([]);
  });

  it('a terror attack abroad and the condolences it draws are foreign affairs, not public order', () => {
    expect(
      topics(
        'Lãnh đạo nhiều nước gửi điện chia buồn sau vụ tấn công khủng bố ở châu Âu',
        'Kẻ tấn công đâm xe vào đám đông rồi dùng dao tấn công người đi đường, cảnh sát nổ súng.',
        'Nhiều người bị thương. Cảnh sát đã bắt giữ các nghi phạm và điều tra vụ án.',
      ),
    ).toEqual([]);
  });

  it('a foreign election campaign is foreign affairs, whatever it promises', () => {
    expect(
      topics(
        'Ông Trump tranh cử, hứa giảm thuế và giá xăng',
        'Ông phát biểu trước hàng nghìn người ủng hộ tại bang Iowa.',
        'Ông cam kết giảm lạm phát, hạ lãi suất và tăng trưởng kinh tế.',
      ),
    ).toEqual([]);
  });

  it('an author page takes no topic from the stories it lists', () => {
    const body =
      'Học sinh lớp 12 bước vào kỳ thi tốt nghiệp THPT. Điểm chuẩn tuyển sinh lớp 10 công bố. ' +
      'Nhiều trường đại học xét tuyển học bạ, thí sinh đăng ký nguyện vọng.';
    expect(topics('Trần Văn Bình - VnExpress', 'Phóng viên mảng giáo dục.', body)).toEqual([]);
    expect(topics('Điểm chuẩn tuyển sinh lớp 10 công bố', '', body)[0]).toBe('giao-duc');
  });

  it('broad economy vocabulary: markets, taxes, trade figures', () => {
    expect(
      topics(
        'VN-Index giảm mạnh, nhà đầu tư bán ròng',
        'Thanh khoản trên sàn chứng khoán sụt giảm trong phiên chiều.',
        'Khối ngoại tiếp tục bán ra trong khi nhóm cổ phiếu vốn hóa lớn chịu áp lực.',
      )[0],
    ).toBe('kinh-te-gia-ca');
    expect(
      topics(
        'Kim ngạch xuất khẩu gạo tăng',
        'Giá lúa trong nước tăng nhẹ theo đơn hàng mới.',
        'Cán cân thương mại tiếp tục xuất siêu.',
      )[0],
    ).toBe('kinh-te-gia-ca');
  });

  it('civil-service discipline and public services are the apparatus itself', () => {
    expect(
      topics(
        'Khai trừ đảng một cán bộ phường vì nhũng nhiễu người dân',
        'Cán bộ này bị phản ánh gây phiền hà khi giải quyết dịch vụ công.',
        'Đạo đức công vụ và kỷ cương hành chính được yêu cầu siết chặt.',
      )[0],
    ).toBe('xay-dung-dang');
  });

  it('a victim taken to hospital does not make an assault a health story', () => {
    expect(
      topics(
        'Hai thanh niên hành hung người bán hàng nhập viện',
        'Công an quận đã tạm giữ hai đối tượng để điều tra.',
        'Nạn nhân nhập viện với nhiều vết thương. Bệnh viện cho biết người này bị bệnh tim từ trước.',
      ),
    ).toEqual(['an-ninh-trat-tu']);
  });

  it('lifestyle pages (horoscopes, beauty tips) are no civic topic', () => {
    expect(
      topics(
        'Tử vi tuần mới: người tuổi Dần gặp may về tài chính',
        'Cung hoàng đạo nào nên mua vàng, chứng khoán hay gửi tiết kiệm ngân hàng.',
        'Giá vàng, thị trường chứng khoán và các khoản đầu tư đều thuận lợi.',
      ),
    ).toEqual([]);
  });

  it('the topic the headline names leads, even when the sapo and body say more about another', () => {
    const t = topics(
      'Tài xế xe tải gây tai nạn liên hoàn trên quốc lộ',
      'Vụ tai nạn giao thông làm hư hỏng ba ô tô; cơ quan điều tra đã khởi tố vụ án.',
      'Công an huyện cho biết bị can khai nhận. Viện kiểm sát phê chuẩn lệnh bắt tạm giam. Vụ án đang được điều tra.',
    );
    expect(t[0]).toBe('giao-thong');
    expect(t).toContain('an-ninh-trat-tu');
  });

  it('a strong keyword still carries its weak ones: a crash on a road under construction', () => {
    const t = topics(
      'Khởi tố tài xế xe tải gây tai nạn giao thông làm hai người chết',
      'Cơ quan cảnh sát điều tra đã khởi tố vụ án, bắt tạm giam tài xế.',
      'Chiếc xe tải đâm vào xe máy trên tuyến đường đang thi công. Hai người tử vong tại chỗ.',
    );
    expect(t).toContain('giao-thong');
    expect(t).toContain('an-ninh-trat-tu');
    expect(t).not.toContain('quy-hoach-do-thi');
  });
});

describe('headline first', () => {
  it('the headline subject is the first topic, body context does not add topics', () => {
    const t = topics(
      'Sở GD&ĐT công bố điểm chuẩn tuyển sinh lớp 10',
      'Điểm chuẩn vào các trường THPT công lập năm nay tăng nhẹ.',
      'Nhiều phụ huynh lo lắng. Giá dịch vụ trông giữ xe quanh trường tăng, một số tuyến xe buýt đông hơn thường lệ.',
    );
    expect(t).toEqual(['giao-duc']);
  });

  it('a page with no civic keyword in its title or sapo needs a strong body to get a topic', () => {
    const t = topics(
      'Nguyễn Văn A',
      'Chuyên mục của tác giả.',
      'Bài viết về giáo dục. Một bài khác về học sinh.',
    );
    expect(t).toEqual([]);
  });
});
