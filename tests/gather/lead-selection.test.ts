import { describe, expect, it } from 'vitest';
import { parseSeed, renderSeedPage } from '../../src/demo/seed-page.js';
import { extractArticle } from '../../src/digest/gather/index.js';
import { readSeed, seedAvailable } from '../helpers/corpus.js';

const page = (
  articleLead: string,
): string => `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Bài chính</title></head><body>
<article class="detail"><h1>Phường Hoàn Kiếm chỉnh trang 36 tuyến phố cổ</h1>${articleLead}
<div class="detail-content">
<p>UBND phường Hoàn Kiếm cho biết năm 2026 đã hạ ngầm cáp viễn thông trên 14 tuyến phố, phần còn lại sẽ hoàn thành trong năm sau.</p>
<p>Kinh phí dự kiến khoảng 320 tỷ đồng, lấy từ ngân sách thành phố và xã hội hóa, theo đề xuất của phường gửi UBND thành phố.</p>
</div></article>
<section class="tin-cung-chuyen-muc"><h2>Tin cùng chuyên mục</h2>
<div class="item"><h3><a href="/b.html">Bài khác</a></h3><p class="sapo">(PNTĐ) - Đây là sapo của một bài khác trong danh sách tin cùng chuyên mục.</p></div>
</section></body></html>`;

describe('lead (sapo) selection', () => {
  it('never takes a teaser’s sapo from the related-news list as the article’s lead', () => {
    const a = extractArticle(page(''), 'http://127.0.0.1/a.html', { useHints: false });
    expect(a.lead).toBe('');
    expect(a.paragraphs).toHaveLength(2);
  });

  it('still takes the article’s own sapo', () => {
    const a = extractArticle(
      page('<p class="sapo">(PNTĐ) - Phường sẽ hạ ngầm cáp trên 36 tuyến phố cổ.</p>'),
      'http://127.0.0.1/a.html',
      {
        useHints: false,
      },
    );
    expect(a.lead).toBe('Phường sẽ hạ ngầm cáp trên 36 tuyến phố cổ.');
  });

  it.skipIf(!seedAvailable())('the demo’s seed page comes out as the clean seed article', () => {
    const parts = parseSeed(readSeed());
    const a = extractArticle(
      renderSeedPage(parts, 'http://127.0.0.1/seed.html', new Date()),
      'http://127.0.0.1/seed.html',
    );
    expect(a.title).toBe('Năm 2021: Hà Nội kết nạp hơn 10.000 đảng viên mới');
    expect(a.lead).toBe('');
    expect(a.paragraphs).toHaveLength(5);
    expect(a.paragraphs.join('\n')).not.toMatch(/Chia sẻ|\(PNTĐ\)|Tin cùng chuyên mục|^HN$/m);
    expect(a.paragraphs[1]).toContain('10.027');
  });
});
