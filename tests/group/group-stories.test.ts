import { describe, expect, it } from 'vitest';
import {
  DuplicateArticleIdError,
  EmptyGroupError,
  groupStories,
  groupStoriesDetailed,
  pickRepresentative,
} from '../../src/digest/group/index.js';
import type { GroupableArticle } from '../../src/digest/group/index.js';

/** Three stories, each told by several outlets in their own words, and two unrelated articles. */
const articles: GroupableArticle[] = [
  {
    id: 'cau-1',
    title: 'Cầu Vĩnh Tuy 2 thông xe sau 22 tháng thi công',
    body: 'Sáng 30/8, cầu Vĩnh Tuy giai đoạn 2 chính thức thông xe. Cây cầu dài 3,5 km nối quận Hai Bà Trưng và Long Biên, tổng mức đầu tư 2.538 tỷ đồng. Nhà thầu đã thi công trong 22 tháng, vượt tiến độ. Cầu mới giúp giảm ùn tắc cho cầu Vĩnh Tuy hiện hữu.',
  },
  {
    id: 'cau-2',
    title: 'Thông xe cầu Vĩnh Tuy giai đoạn 2',
    body: 'Cầu Vĩnh Tuy giai đoạn 2 với tổng vốn 2.538 tỷ đồng đã thông xe sáng nay. Công trình dài 3,5 km, bắc qua sông Hồng, nối Hai Bà Trưng với Long Biên. Lãnh đạo thành phố cho biết cầu hoàn thành sau 22 tháng, sớm hơn kế hoạch, góp phần giảm ùn tắc.',
  },
  {
    id: 'chay-1',
    title: 'Cháy lớn tại xưởng gỗ ở Thạch Thất, không có thương vong',
    body: 'Khoảng 2h sáng, ngọn lửa bùng lên từ một xưởng sản xuất đồ gỗ tại xã Hạ Bằng, Thạch Thất. Cảnh sát phòng cháy chữa cháy điều 6 xe chữa cháy đến hiện trường. Đám cháy được dập tắt sau 3 giờ, không có thương vong, toàn bộ kho gỗ bị thiêu rụi.',
  },
  {
    id: 'chay-2',
    title: 'Xưởng gỗ ở xã Hạ Bằng bốc cháy dữ dội trong đêm',
    body: 'Rạng sáng nay, một xưởng đồ gỗ ở xã Hạ Bằng (Thạch Thất) bốc cháy dữ dội. 6 xe chữa cháy cùng hàng chục cảnh sát phòng cháy chữa cháy có mặt. Sau 3 giờ, đám cháy được khống chế; kho gỗ bị thiêu rụi, không ai bị thương.',
  },
  {
    id: 'chay-3',
    title: 'Hà Nội: Kho gỗ bị thiêu rụi trong đám cháy rạng sáng',
    body: 'Vụ cháy xưởng gỗ tại Hạ Bằng, Thạch Thất xảy ra lúc 2h. Lực lượng phòng cháy chữa cháy điều 6 xe chữa cháy tới dập lửa. Toàn bộ kho gỗ bị thiêu rụi, may mắn không có thương vong. Nguyên nhân vụ cháy đang được điều tra.',
  },
  {
    id: 'dien-1',
    title: 'Giá điện sinh hoạt tăng 4,8% từ hôm nay',
    body: 'Tập đoàn Điện lực Việt Nam điều chỉnh giá bán lẻ điện bình quân tăng 4,8%. Mức giá mới áp dụng từ ngày 11/10. Hộ gia đình dùng 200 kWh mỗi tháng sẽ trả thêm khoảng 30.000 đồng. EVN cho biết việc tăng giá nhằm bù đắp chi phí sản xuất điện.',
  },
  {
    id: 'dien-2',
    title: 'EVN tăng giá bán lẻ điện bình quân thêm 4,8%',
    body: 'Từ 11/10, giá bán lẻ điện bình quân tăng 4,8%, theo quyết định của Tập đoàn Điện lực Việt Nam (EVN). Với hộ dùng 200 kWh mỗi tháng, tiền điện tăng khoảng 30.000 đồng. EVN nói chi phí sản xuất điện tăng cao là lý do điều chỉnh giá.',
  },
  {
    id: 'le-hoi',
    title: 'Lễ hội làng Vạn Phúc thu hút du khách',
    body: 'Lễ hội truyền thống làng lụa Vạn Phúc diễn ra với nhiều trò chơi dân gian. Du khách thích thú xem rước kiệu và thi dệt lụa. Ban tổ chức cho biết lễ hội năm nay đông vui hơn mọi năm.',
  },
  {
    id: 'tuyen-sinh',
    title: 'Thí sinh thi lớp 10 môn Ngữ văn',
    body: 'Hơn 100.000 thí sinh bước vào môn thi đầu tiên của kỳ thi tuyển sinh lớp 10. Đề Ngữ văn được đánh giá vừa sức, có phần nghị luận xã hội về lòng biết ơn. Nhiều phụ huynh đứng chờ con trước cổng trường.',
  },
];

const sorted = (groups: string[][]): string[][] =>
  groups.map((g) => [...g].sort()).sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));

describe('groupStories', () => {
  it('groups articles that tell the same story and keeps the others single', () => {
    expect(sorted(groupStories(articles))).toEqual([
      ['cau-1', 'cau-2'],
      ['chay-1', 'chay-2', 'chay-3'],
      ['dien-1', 'dien-2'],
      ['le-hoi'],
      ['tuyen-sinh'],
    ]);
  });

  it('returns every id exactly once, groups in input order of their first member', () => {
    const groups = groupStories(articles);
    expect(groups.flat().sort()).toEqual(articles.map((a) => a.id).sort());
    expect(groups.map((g) => g[0])).toEqual(['cau-1', 'chay-1', 'dien-1', 'le-hoi', 'tuyen-sinh']);
  });

  it('does not depend on the input order', () => {
    expect(sorted(groupStories([...articles].reverse()))).toEqual(sorted(groupStories(articles)));
  });

  it('groups a small batch of one story (no corpus statistics to lean on)', () => {
    expect(groupStories(articles.slice(2, 5))).toEqual([['chay-1', 'chay-2', 'chay-3']]);
  });

  it('keeps articles published far apart in different groups', () => {
    const at = (id: string, iso: string): GroupableArticle => ({
      ...(articles.find((a) => a.id === id) as GroupableArticle),
      publishedAt: new Date(iso),
    });
    const groups = groupStories([
      at('dien-1', '2024-10-11T02:00:00Z'),
      at('dien-2', '2025-03-01T02:00:00Z'),
    ]);
    expect(groups).toEqual([['dien-1'], ['dien-2']]);
    const near = groupStories([
      at('dien-1', '2024-10-11T02:00:00Z'),
      at('dien-2', '2024-10-11T09:00:00Z'),
    ]);
    expect(near).toEqual([['dien-1', 'dien-2']]);
  });

  it('treats old and new tone placement as the same words', () => {
    const a: GroupableArticle = {
      id: 'a',
      title: 'Khu đô thị Hoà Lạc được quy hoạch lại',
      body: 'Thành phố phê duyệt điều chỉnh quy hoạch chung đô thị Hoà Lạc, diện tích 17.000 ha, tập trung khoa học công nghệ và giáo dục đại học.',
    };
    const b: GroupableArticle = {
      id: 'b',
      title: 'Điều chỉnh quy hoạch chung đô thị Hòa Lạc',
      body: 'Quy hoạch chung đô thị Hòa Lạc được điều chỉnh, diện tích 17.000 ha, ưu tiên khoa học công nghệ và giáo dục đại học.',
    };
    expect(groupStories([a, b, ...articles.slice(7)])[0]).toEqual(['a', 'b']);
  });

  it('handles an empty batch and empty texts', () => {
    expect(groupStories([])).toEqual([]);
    expect(
      groupStories([
        { id: 'x', title: '', body: '' },
        { id: 'y', title: '', body: '' },
      ]),
    ).toEqual([['x'], ['y']]);
  });

  it('rejects duplicate ids', () => {
    expect(() =>
      groupStories([articles[0] as GroupableArticle, articles[0] as GroupableArticle]),
    ).toThrow(DuplicateArticleIdError);
  });
});

/** Deterministic pseudo-random numbers (a seeded LCG), so the scale test is reproducible. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('groupStories at scale', () => {
  it('groups 5,000 articles without comparing all pairs (candidate count, not time)', () => {
    const rand = rng(42);
    const common =
      'của và các có là được trong cho với đã này người không một những thành phố quận huyện cho biết theo'.split(
        ' ',
      );
    const syllable = (): string => {
      const c = 'bcdghklmnpqrstvx'[Math.floor(rand() * 16)] as string;
      const v = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'][
        Math.floor(rand() * 12)
      ] as string;
      const f = ['', 'n', 'ng', 'nh', 'm', 'c', 't', 'p'][Math.floor(rand() * 8)] as string;
      return c + v + f;
    };
    const stories = 1250;
    const perStory = 4;
    const docs: GroupableArticle[] = [];
    for (let s = 0; s < stories; s++) {
      const vocab = Array.from({ length: 25 }, () => `${syllable()}${syllable()}`);
      for (let k = 0; k < perStory; k++) {
        const words: string[] = [];
        for (let w = 0; w < 120; w++)
          words.push(
            rand() < 0.5
              ? (vocab[Math.floor(rand() * vocab.length)] as string)
              : (common[Math.floor(rand() * common.length)] as string),
          );
        docs.push({ id: `s${s}-${k}`, title: words.slice(0, 8).join(' '), body: words.join(' ') });
      }
    }
    const n = docs.length;
    const r = groupStoriesDetailed(docs);
    // All pairs would be n(n-1)/2 ≈ 12.5 million; LSH proposes a few per article.
    expect(r.candidatePairs).toBeLessThan(n * 10);
    expect(r.candidatePairs).toBeGreaterThan(0);
    const storyOf = (id: string): string => id.split('-')[0] as string;
    const pure = r.groups.filter((g) => new Set(g.map(storyOf)).size === 1);
    expect(pure.length).toBe(r.groups.length);
    expect(r.groups.length).toBeLessThanOrEqual(stories * 1.05);
  });
});

describe('pickRepresentative', () => {
  it('picks the most central article of a group', () => {
    const group = articles.slice(2, 5);
    const off = { id: 'off', title: 'Cháy', body: 'Một đám cháy nhỏ ở xưởng gỗ, 6 xe.' };
    expect(['chay-1', 'chay-2', 'chay-3']).toContain(pickRepresentative([off, ...group]).id);
  });

  it('picks the earliest published of two', () => {
    const a = {
      ...(articles[5] as GroupableArticle),
      publishedAt: new Date('2024-10-11T05:00:00Z'),
    };
    const b = {
      ...(articles[6] as GroupableArticle),
      publishedAt: new Date('2024-10-11T01:00:00Z'),
    };
    expect(pickRepresentative([a, b]).id).toBe('dien-2');
    expect(pickRepresentative([a]).id).toBe('dien-1');
  });

  it('rejects an empty group', () => {
    expect(() => pickRepresentative([])).toThrow(EmptyGroupError);
  });
});

describe('groupStories average linkage', () => {
  it('keeps a large cluster of near-duplicates (under maxBucketSize) together and apart from another story', () => {
    const retell = (base: GroupableArticle, prefix: string, count: number): GroupableArticle[] =>
      Array.from({ length: count }, (_, k) => {
        const sentences = base.body.split(/(?<=\.)\s+/);
        return {
          id: `${prefix}-${k}`,
          title: base.title,
          body: sentences.filter((_s, x) => x !== k % sentences.length).join(' '),
        };
      });
    const bridge = retell(articles[0] as GroupableArticle, 'cau', 50);
    const fire = retell(articles[2] as GroupableArticle, 'chay', 40);
    const groups = groupStories([...bridge, ...fire]);
    expect(sorted(groups).map((g) => g.length)).toEqual([50, 40]);
    expect(new Set(groups[0]?.map((id) => id.split('-')[0]))).toEqual(new Set(['cau']));
  });

  it('still refuses to chain two stories through one loose pair', () => {
    const groups = groupStories(articles, { averageFactor: 1.5 });
    expect(groups.length).toBeGreaterThanOrEqual(5);
  });
});

describe('groupStories complete-link floor', () => {
  // Two stories and one round-up article that tells both: the round-up is
  // close to each, the two stories share nothing. Averages alone let the
  // round-up chain them; the floor on every cross pair does not.
  const bridgeStory = articles.slice(0, 2);
  const fireStory = articles.slice(2, 5);
  const roundUp: GroupableArticle = {
    id: 'tong-hop',
    title: `${(articles[0] as GroupableArticle).title}; ${(articles[2] as GroupableArticle).title}`,
    body: `${(articles[0] as GroupableArticle).body} ${(articles[2] as GroupableArticle).body}`,
  };
  const batch = [...bridgeStory, roundUp, ...fireStory];
  const together = (groups: string[][]): boolean =>
    groups.some((g) => g.includes('cau-1') && g.includes('chay-1'));

  // Places and cohesion off, so that the floor alone decides.
  const only = { eventCheck: false, cohesionFactor: 0, memberFactor: 0.3 };

  it('never puts two unrelated articles in one group', () => {
    expect(together(groupStories(batch))).toBe(false);
    expect(together(groupStories(batch, only))).toBe(false);
  });

  it('is what keeps them apart (off, the round-up chains them)', () => {
    expect(together(groupStories(batch, { ...only, linkFactor: 0 }))).toBe(true);
  });
});

describe('groupStories cohesion', () => {
  // Two copies of one report, and an article that repeats one of its
  // sentences among its own news: related to the report, far less than the
  // copies are to each other.
  const report = articles[5] as GroupableArticle;
  const copy: GroupableArticle = {
    ...report,
    id: 'dien-copy',
    title: `${report.title} (cập nhật)`,
  };
  const festival = articles[7] as GroupableArticle;
  const aside: GroupableArticle = {
    id: 'tin-le',
    title: 'Tin tổng hợp cuối ngày',
    body: `${festival.body} ${report.body.split('. ')[0] ?? ''}.`,
  };
  const batch = [report, copy, aside, articles[8] as GroupableArticle];
  const joined = (groups: string[][]): boolean =>
    groups.some((g) => g.includes('dien-1') && g.includes('tin-le'));

  // A threshold the aside (cosine about 0.22 with the report) passes but does not double,
  // so it is a verified pair and only cohesion can refuse it (the agreement
  // check, strict with no background, is off).
  const loose = { threshold: 0.12, sparseThreshold: 0.12, agreementThreshold: 0 };

  it('keeps copies of one report apart from an article that only touches it', () => {
    const groups = groupStories(batch, loose);
    expect(groups.some((g) => g.includes('dien-1') && g.includes('dien-copy'))).toBe(true);
    expect(joined(groups)).toBe(false);
  });

  it('is what keeps it out (off, the article joins)', () => {
    expect(joined(groupStories(batch, { ...loose, cohesionFactor: 0 }))).toBe(true);
  });

  it('takes a retelling into a pair of copies when it is clearly related (twice the threshold)', () => {
    const rewrite: GroupableArticle = {
      id: 'dien-viet-lai',
      title: 'Điện tăng giá',
      body: 'Từ 11/10, hộ dùng 200 kWh mỗi tháng trả thêm khoảng 30.000 đồng tiền điện. Người dân phàn nàn hóa đơn tăng. Nhiều gia đình chuyển sang dùng bình nóng lạnh năng lượng mặt trời, tắt điều hòa ban đêm và thay bóng đèn tiết kiệm để giảm chi phí hằng tháng.',
    };
    const trio = [report, { ...report, id: 'dien-ban-sao' }, rewrite];
    // The copies are as close as can be (cosine 1), the retelling about 0.27: a third of that.
    expect(sorted(groupStories(trio, loose))).toEqual([
      ['dien-1', 'dien-ban-sao', 'dien-viet-lai'],
    ]);
    expect(groupStories(trio, { ...loose, cohesionBelow: 100 })).toHaveLength(2);
  });
});
