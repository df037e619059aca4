import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../src/digest/classify/index.js';
import type { Gazetteer } from '../../src/digest/model.js';
import { loadGazetteer, loadTopics } from './helpers.js';

const classifier = createClassifier({ topics: loadTopics(), gazetteer: loadGazetteer() });
const topicIds = (title: string, body: string): string[] =>
  classifier.classify({ title, body }).topics.map((t) => t.id);

describe('Hà Nội relevance (real config/gazetteer.yaml)', () => {
  it('an article about a ward of Hà Nội is Hà Nội news, and names the ward', () => {
    const r = classifier.classify({
      title: 'Phường Láng lắp thêm đèn chiếu sáng ngõ nhỏ',
      body: 'UBND phường Láng cho biết đã hoàn thành lắp đặt 120 bộ đèn tại các ngõ trên địa bàn. Người dân phấn khởi vì ngõ không còn tối.',
    });
    expect(r.hanoi).toBe(true);
    expect(r.places).toContain('Láng');
  });

  it('an article about a commune counts too, written with old tone placement', () => {
    const r = classifier.classify({
      title: 'Nông dân thu hoạch lúa sớm',
      body: 'Tại xã Hoà Lạc, bà con tranh thủ thu hoạch lúa trước mưa. Xã đã huy động máy gặt hỗ trợ các hộ.',
    });
    expect(r.hanoi).toBe(true);
    expect(r.places).toContain('Hòa Lạc');
  });

  it('an article about Gaza is not Hà Nội news, even when Hà Nội is mentioned once', () => {
    const r = classifier.classify({
      title: 'Israel tiếp tục không kích Gaza, hàng chục người thiệt mạng',
      body:
        'Quân đội Israel ngày 5/3 tiếp tục không kích nhiều khu vực ở Dải Gaza. Hamas cho biết hàng chục người thiệt mạng. ' +
        'Ai Cập và Qatar đang làm trung gian đàm phán ngừng bắn giữa Israel và Hamas. ' +
        'Đại sứ quán Palestine tại Hà Nội kêu gọi cộng đồng quốc tế hỗ trợ người dân Gaza.',
    });
    expect(r.hanoi).toBe(false);
  });

  it('an article about TP.HCM is not Hà Nội news', () => {
    const r = classifier.classify({
      title: 'TP.HCM mở rộng tuyến xe buýt điện',
      body:
        'Sở Giao thông vận tải TP.HCM cho biết từ tháng 4, thành phố sẽ mở thêm 5 tuyến xe buýt điện. ' +
        'Các tuyến đi qua trung tâm Sài Gòn và nối với Bình Dương. UBND TP.HCM đã phê duyệt phương án.',
    });
    expect(r.hanoi).toBe(false);
  });

  it('a headline naming Hà Nội and no other place decides, even when the body lists provinces', () => {
    const r = classifier.classify({
      title: 'Hà Nội mưa to, đề phòng giông lốc',
      body:
        'Chiều nay, mưa dông xuất hiện ở Lào Cai, Yên Bái, Phú Thọ, Vĩnh Phúc, Bắc Ninh, Hưng Yên, Hải Dương, Thái Bình và Nam Định. ' +
        'Nhiệt độ giảm mạnh ở nhiều nơi.',
    });
    expect(r.hanoi).toBe(true);
    const elsewhereTitle = classifier.classify({
      title: 'Mưa to ở Hà Nội và Hải Phòng',
      body: 'Mưa dông ở Lào Cai, Yên Bái, Phú Thọ, Vĩnh Phúc, Bắc Ninh, Hưng Yên, Hải Dương, Thái Bình, Nam Định.',
    });
    expect(elsewhereTitle.hanoi).toBe(false);
  });

  it('an article naming only city institutions is Hà Nội news', () => {
    expect(
      classifier.classify({
        title: 'Thành ủy Hà Nội sơ kết công tác quý I',
        body: 'Ban Thường vụ Thành ủy đã họp, đánh giá kết quả thực hiện nhiệm vụ quý I.',
      }).hanoi,
    ).toBe(true);
  });

  it('an article with no place at all is not Hà Nội news', () => {
    expect(
      classifier.classify({
        title: 'Giá vàng tăng mạnh',
        body: 'Giá vàng trong nước sáng nay tăng 500.000 đồng mỗi lượng.',
      }).hanoi,
    ).toBe(false);
  });

  it('"thủ đô" of another country is not Hà Nội', () => {
    expect(
      classifier.classify({
        title: 'Biểu tình ở thủ đô Phnom Penh',
        body: 'Hàng nghìn người xuống đường tại thủ đô Phnom Penh của Campuchia.',
      }).hanoi,
    ).toBe(false);
  });

  it('a ward name without its prefix is not taken as a place (it may be a street or a word)', () => {
    const r = classifier.classify({
      title: 'Họp bàn',
      body: 'Ông Trần Phú Minh nói về liên minh các hợp tác xã.',
    });
    expect(r.places).toEqual([]);
    expect(r.hanoi).toBe(false);
  });

  it('uses its own gazetteer, not a built-in one', () => {
    const tiny: Gazetteer = {
      wards: ['Láng'],
      communes: [],
      oldDistricts: [],
      landmarks: [],
      institutions: [],
      elsewhere: ['Gaza'],
    };
    const c = createClassifier({ topics: [], gazetteer: tiny });
    expect(c.classify({ title: 'phường Láng', body: '' }).hanoi).toBe(true);
    expect(c.classify({ title: 'Hà Nội', body: '' }).hanoi).toBe(false);
  });
});

describe('topics (real config/topics.yaml)', () => {
  it('finds traffic in a traffic story', () => {
    expect(
      topicIds(
        'Ùn tắc giao thông kéo dài trên đường Vành đai 3',
        'Hàng nghìn xe máy, ô tô nhích từng mét trong giờ cao điểm. Cảnh sát giao thông phải phân luồng tại nút giao.',
      )[0],
    ).toBe('giao-thong');
  });

  it('finds education in a school story', () => {
    expect(
      topicIds(
        'Hà Nội công bố điểm chuẩn tuyển sinh lớp 10',
        'Sở Giáo dục và Đào tạo cho biết điểm chuẩn vào các trường THPT công lập tăng so với năm học trước. Học sinh và phụ huynh tra cứu trên cổng thông tin.',
      )[0],
    ).toBe('giao-duc');
  });

  it('finds the environment in a flooding story, with old tone placement', () => {
    expect(
      topicIds(
        'Mưa lớn gây ngập úng nhiều tuyến phố',
        'Sau trận mưa lớn, nhiều tuyến phố ngập sâu. Các trạm bơm hoạt động hết công suất để thoát nước. Công ty thoát nước cho biết rác làm tắc cống.',
      )[0],
    ).toBe('moi-truong');
  });

  it('finds elections', () => {
    expect(
      topicIds(
        'Cử tri đi bỏ phiếu bầu đại biểu HĐND',
        'Từ 7h sáng, cử tri các khu vực bỏ phiếu đã có mặt. Tổ bầu cử kiểm tra danh sách cử tri trước khi phát phiếu bầu.',
      ),
    ).toContain('bau-cu');
  });

  it('scores are between 0 and 1, sorted, and at most 3 topics are returned', () => {
    const r = classifier.classify({
      title: 'Công an điều tra vụ tai nạn giao thông gần trường học, bệnh viện tiếp nhận nạn nhân',
      body: 'Cơ quan điều tra công an quận đã khởi tố vụ án. Học sinh, giáo viên và bác sĩ bệnh viện có mặt. Giá xăng tăng, lễ hội, bầu cử, quy hoạch, ngập úng.',
    });
    expect(r.topics.length).toBeGreaterThan(0);
    expect(r.topics.length).toBeLessThanOrEqual(3);
    for (const t of r.topics) {
      expect(t.score).toBeGreaterThan(0);
      expect(t.score).toBeLessThanOrEqual(1);
    }
    expect(r.topics.map((t) => t.score)).toEqual(
      [...r.topics.map((t) => t.score)].sort((a, b) => b - a),
    );
  });

  it('a text with no civic keyword gets no topic', () => {
    expect(topicIds('Chiều thu', 'Lá vàng rơi trên vai áo mỏng.')).toEqual([]);
  });

  it('a keyword inside a longer everyday phrase does not count ("đánh giá" is not a price)', () => {
    const c = createClassifier({
      topics: [{ id: 'gia', name: 'Giá', keywords: ['giá'] }],
      gazetteer: {
        wards: [],
        communes: [],
        oldDistricts: [],
        landmarks: [],
        institutions: [],
        elsewhere: [],
      },
      minTopicScore: 0,
    });
    expect(c.classify({ title: 'Đánh giá cao giá trị', body: 'đánh giá' }).topics).toEqual([]);
    expect(c.classify({ title: 'Giá rau tăng', body: '' }).topics.map((t) => t.id)).toEqual([
      'gia',
    ]);
  });

  it('a title hit weighs more than the same word in the body', () => {
    const c = createClassifier({
      topics: [{ id: 'x', name: 'X', keywords: ['ngập úng'] }],
      gazetteer: {
        wards: [],
        communes: [],
        oldDistricts: [],
        landmarks: [],
        institutions: [],
        elsewhere: [],
      },
      minTopicScore: 0,
      bodyOnlyScore: 0,
    });
    const inTitle = c.classify({ title: 'ngập úng', body: '' }).topics[0]?.score ?? 0;
    const inBody = c.classify({ title: '', body: 'ngập úng' }).topics[0]?.score ?? 0;
    expect(inTitle).toBeGreaterThan(inBody);
    expect(inBody).toBeGreaterThan(0);
  });
});
