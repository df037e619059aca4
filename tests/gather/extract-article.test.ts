import { describe, expect, it } from 'vitest';
import {
  OUTLET_TEMPLATES,
  escapeHtml as esc,
  renderArticlePage,
} from '../../src/demo/outlet-templates.js';
import type { TemplateArticle } from '../../src/demo/outlet-templates.js';
import { ExtractionError } from '../../src/digest/gather/errors.js';
import { extractArticle } from '../../src/digest/gather/extract-article.js';
import {
  isByline,
  isDoubledCaption,
  isPhotoCredit,
  isShareBar,
  stripDateline,
} from '../../src/digest/gather/text-rules.js';
import { readSeed, seedAvailable } from '../helpers/corpus.js';

const ARTICLE: TemplateArticle = {
  title: 'Hà Nội khởi công cầu Tứ Liên nối Tây Hồ với Đông Anh',
  lead: 'Cầu Tứ Liên dài 5,3 km, tổng vốn hơn 19.700 tỷ đồng, dự kiến hoàn thành năm 2028.',
  paragraphs: [
    'Sáng 19/8, UBND thành phố Hà Nội tổ chức lễ khởi công dự án đầu tư xây dựng cầu Tứ Liên, nối phường Tây Hồ với xã Đông Anh.',
    'Theo thiết kế, cầu có quy mô 6 làn xe, mặt cắt ngang rộng 43 m, trong đó phần cầu chính vượt sông Hồng dài khoảng 680 m.',
    'Lãnh đạo thành phố yêu cầu chủ đầu tư và nhà thầu bảo đảm an toàn, chất lượng, đúng tiến độ đã cam kết.',
    'Người dân hai bên bờ sông kỳ vọng cây cầu sẽ giảm tải cho cầu Nhật Tân và cầu Long Biên.',
  ],
  publishedAt: new Date('2026-08-19T02:30:00Z'),
  author: 'Nguyễn Thu Trang',
  url: 'https://outlet.example/thoi-su/khoi-cong-cau-tu-lien.html',
};

describe('extractArticle on outlet-style pages', () => {
  for (const template of OUTLET_TEMPLATES) {
    for (const useHints of [true, false]) {
      it(`${template} (${useHints ? 'with site hint' : 'generic'}) gives back exactly the article`, () => {
        const x = extractArticle(
          renderArticlePage(ARTICLE, template),
          'http://127.0.0.1:8080/a.html',
          { useHints },
        );
        expect(x.title).toBe(ARTICLE.title);
        expect(x.lead).toBe(ARTICLE.lead);
        expect(x.paragraphs).toEqual(ARTICLE.paragraphs);
        expect(x.canonicalUrl).toBe(ARTICLE.url);
        if (useHints) expect(x.publishedAt?.toISOString()).toBe('2026-08-19T02:30:00.000Z');
      });
    }
  }

  it('finds the author where the page names it', () => {
    const url = 'http://127.0.0.1/a.html';
    expect(extractArticle(renderArticlePage(ARTICLE, 'vnexpress'), url).author).toBe(
      'Nguyễn Thu Trang',
    );
    expect(extractArticle(renderArticlePage(ARTICLE, 'tuoitre'), url).author).toBe(
      'Nguyễn Thu Trang',
    );
    expect(extractArticle(renderArticlePage(ARTICLE, 'kinhtedothi'), url).author).toBe(
      'Nguyễn Thu Trang',
    );
  });

  it('takes the headline, not a logo wrapped in an h1', () => {
    const html = renderArticlePage(ARTICLE, 'hanoimoi').replace(
      '<body>',
      '<body><h1 class="logo"><a href="/">Báo Mẫu Online</a></h1>',
    );
    expect(extractArticle(html, 'http://x/a', { useHints: false }).title).toBe(ARTICLE.title);
  });

  it('fails clearly on a page without article text', () => {
    expect(() =>
      extractArticle('<html><body><nav><a href="/">Trang chủ</a></nav></body></html>', 'http://x/'),
    ).toThrow(ExtractionError);
  });

  it('drops datelines, trailing "Theo …" credits and photo credits', () => {
    const html = `<html><body><h1>Tiêu đề bài viết thử nghiệm</h1><div class="content">
<p>HÀ NỘI - Đoạn mở đầu của bài viết, đủ dài để được tính là một đoạn văn bản thật sự.</p>
<p>Đoạn thứ hai, cũng đủ dài, có dấu phẩy, và kết thúc bằng dấu chấm như bình thường.</p>
<p>Ảnh: Minh Hà</p>
<p>(Theo Tuổi Trẻ)</p></div></body></html>`;
    const x = extractArticle(html, 'http://x/a');
    expect(x.paragraphs).toEqual([
      'Đoạn mở đầu của bài viết, đủ dài để được tính là một đoạn văn bản thật sự.',
      'Đoạn thứ hai, cũng đủ dài, có dấu phẩy, và kết thúc bằng dấu chấm như bình thường.',
    ]);
  });
});

describe('text rules', () => {
  it.each([
    ['(PNTĐ) - Ngày 4/2, UBND xã', 'Ngày 4/2, UBND xã'],
    ['(HNM) - Sáng nay', 'Sáng nay'],
    ['TTO - Ngày 23-10, hàng nghìn người', 'Ngày 23-10, hàng nghìn người'],
    ['ANTĐ - Chiều 5/3', 'Chiều 5/3'],
    ['VOV.VN - Sáng 1/1', 'Sáng 1/1'],
    ['Hôm nay - một ngày đẹp', 'Hôm nay - một ngày đẹp'],
    ['Giá xăng tăng 500 đồng', 'Giá xăng tăng 500 đồng'],
  ])('stripDateline(%j)', (input, output) => {
    expect(stripDateline(input)).toBe(output);
  });

  it('recognizes bylines but not real closing sentences', () => {
    for (const b of [
      'HN',
      'MINH ANH',
      'Nguyễn Văn Bình',
      'Theo Reuters',
      '(Theo VnExpress)',
      'Nhóm PV',
    ])
      expect(isByline(b), b).toBe(true);
    for (const s of [
      'Hội nghị kết thúc lúc 17h.',
      'Theo kế hoạch, dự án hoàn thành năm 2027 và bàn giao cho thành phố.',
    ])
      expect(isByline(s), s).toBe(false);
  });

  it('recognizes photo credits but keeps body text that merely starts with one', () => {
    expect(isPhotoCredit('Ảnh: Minh Hà')).toBe(true);
    expect(isPhotoCredit('Người dân xếp hàng chờ làm thủ tục sáng nay - Ảnh: AFP')).toBe(true);
    expect(
      isPhotoCredit(
        'Ảnh: H.L. Tại trụ sở đội, anh Linh cho biết sáng 13/5 đã đánh rơi tài sản khi lưu thông trên quốc lộ.',
      ),
    ).toBe(false);
    expect(
      isPhotoCredit(
        'Đoàn công tác đến hiện trường. Lực lượng chức năng phong tỏa khu vực - Ảnh: PV',
      ),
    ).toBe(false);
  });

  it('recognizes a caption glued to itself, and share bars', () => {
    const cap = 'Lễ khai giảng lớp bồi dưỡng tại hội trường thành phố';
    expect(isDoubledCaption(cap + cap)).toBe(true);
    expect(isDoubledCaption(`${cap} ${cap}`)).toBe(true);
    expect(isDoubledCaption(cap)).toBe(false);
    expect(isShareBar('Chia sẻ')).toBe(true);
    expect(isShareBar('Chia sẻ Facebook Zalo')).toBe(true);
    expect(isShareBar('Chia sẻ kinh nghiệm phòng dịch')).toBe(false);
  });
});

describe.skipIf(!seedAvailable())('the seed page (../shared/seeds)', () => {
  const lines = seedAvailable()
    ? readSeed()
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
    : [];
  // The seed as scraped: [0] title, [1] "Chia sẻ", [2..4] body, [5] caption glued to itself,
  // [6..7] body, [8] byline "HN", [9] "Tin cùng chuyên mục", then the teaser list.
  const title = lines[0] ?? '';
  const expected = [lines[2], lines[3], lines[4], lines[6], lines[7]];
  const teasers = lines.slice(10);

  it('has the structure these tests rely on', () => {
    expect(title).toBe('Năm 2021: Hà Nội kết nạp hơn 10.000 đảng viên mới');
    expect(lines[1]).toBe('Chia sẻ');
    expect(lines[8]).toBe('HN');
    expect(lines[9]).toBe('Tin cùng chuyên mục');
  });

  const check = (html: string, useHints: boolean): void => {
    const x = extractArticle(html, 'https://www.phunuthudo.vn/nam-2021-ha-noi-ket-nap.html', {
      useHints,
    });
    expect(x.title).toBe(title);
    expect(x.paragraphs).toEqual(expected);
    const all = x.paragraphs.join('\n');
    expect(all).not.toContain('Chia sẻ');
    expect(all).not.toContain('mớiĐảng');
    expect(all).not.toContain('(PNTĐ) -');
    expect(x.paragraphs.at(-1)).not.toBe('HN');
  };

  it('plain markup (every scraped line a <p>) comes out as exactly the article', () => {
    const html = `<html><head><title>${esc(title)}</title></head><body><h1>${esc(title)}</h1><div class="main">${lines
      .slice(1)
      .map((l) => `<p>${esc(l)}</p>`)
      .join('\n')}</div></body></html>`;
    check(html, false);
    check(html, true);
  });

  it('PNTĐ-like markup (share bar, glued caption, byline, teaser list) comes out as exactly the article', () => {
    const teaserHtml: string[] = [];
    for (let i = 0; i < teasers.length; i++) {
      const t = teasers[i] ?? '';
      if (t === teasers[i + 1]) {
        teaserHtml.push(
          `<div class="story"><a class="thumb" href="/t${i}.html"><img alt="${esc(t)}"></a><h3><a href="/t${i}.html">${esc(t)}</a></h3>`,
        );
        i++;
      } else {
        teaserHtml.push(`<p class="sapo">${esc(t)}</p></div>`);
      }
    }
    const body = [2, 3, 4]
      .map((i) => `<p style="text-align:justify">${esc(lines[i] ?? '')}</p>`)
      .join('\n');
    const caption = lines[5] ?? '';
    const half = caption.slice(0, caption.length / 2);
    const html = `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>${esc(title)}</title></head><body>
<div class="header"><ul class="menu"><li><a href="/">Trang chủ</a></li><li><a href="/thoi-su">Thời sự</a></li></ul></div>
<div class="wrapper"><h1 class="pntd-title">${esc(title)}</h1><div class="pntd-share"><a href="#">Chia sẻ</a></div>
<div class="pntd-detail-content">${body}
<p style="text-align:center"><img src="/a.jpg" alt="${esc(half)}"><em>${esc(half)}</em><em>${esc(half)}</em></p>
<p style="text-align:justify">${esc(lines[6] ?? '')}</p><p style="text-align:justify">${esc(lines[7] ?? '')}</p>
<p style="text-align:right"><strong>HN</strong></p></div>
<div class="box-category"><div class="box-title">Tin cùng chuyên mục</div>${teaserHtml.join('\n')}</div></div>
<div class="footer">Báo Phụ nữ Thủ đô</div></body></html>`;
    check(html, true);
    check(html, false);
  });
});
