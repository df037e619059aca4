import { describe, expect, it } from 'vitest';
import {
  escapeHtml,
  renderTelegramDigest,
  renderTelegramNotice,
  renderTelegramStories,
  spansToTelegramHtml,
  telegramVisibleLength,
} from '../../src/bots/telegram/render.js';
import { validateTelegramHtml } from '../helpers/telegram-html-validator.js';
import { doc, item } from './fixtures.js';
import type { Story } from '../../src/digest/model.js';

const html = (chunks: ReturnType<typeof renderTelegramDigest>): string[] =>
  chunks.map((c) => (c.kind === 'telegram' ? c.html : ''));

describe('renderTelegramDigest', () => {
  it('renders header, section, bold figures, linked sources, time in Hà Nội and footer in one valid message', () => {
    const [only, ...rest] = html(
      renderTelegramDigest(doc([{ title: 'Giao thông', items: [item(1)] }])),
    );
    expect(rest).toHaveLength(0);
    expect(only).toContain('<b>Bản tin Hà Nội — Thứ Sáu, 27/11/2026</b>');
    expect(only).toContain('<b>▌Giao thông</b>');
    expect(only).toContain('<b>1. Hà Nội thông xe cầu vượt số 1</b>');
    expect(only).toContain('Cầu dài <b>1,2 km</b>, tổng vốn <b>1.200 tỷ đồng</b>.');
    expect(only).toContain(
      '<a href="https://vnexpress.net/cau-1.html">VnExpress</a> · <a href="https://tuoitre.vn/cau-1.htm">Tuổi Trẻ</a>',
    );
    expect(only).toContain('07:30 27/11'); // 00:30 UTC is 07:30 in Asia/Ho_Chi_Minh
    expect(only).toContain('<i>1 tin · 2 nguồn · Đổi đăng ký: /settings</i>');
    expect(validateTelegramHtml(only ?? '').errors).toEqual([]);
  });

  it('escapes article text and renders non-http links as plain text', () => {
    const evil = item(1, {
      title: '<script>alert("x")</script> & co',
      sources: [{ name: 'Bad <i>', url: 'javascript:alert(1)' }],
      summary: [{ text: 'a < b && c > d', highlight: false }],
    });
    const [out] = html(renderTelegramDigest(doc([{ title: 'T', items: [evil] }])));
    expect(out).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(out).toContain('a &lt; b &amp;&amp; c &gt; d');
    expect(out).not.toContain('javascript:');
    expect(out).toContain('Bad &lt;i&gt;');
    expect(validateTelegramHtml(out ?? '').errors).toEqual([]);
  });

  it('splits at item boundaries under 4096 visible characters and repeats the section heading', () => {
    const items = Array.from({ length: 60 }, (_, i) =>
      item(i + 1, {
        summary: [{ text: 'Người dân phường Hoàn Kiếm phản ánh. '.repeat(6), highlight: false }],
      }),
    );
    const chunks = html(renderTelegramDigest(doc([{ title: 'Đô thị', items }])));
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) {
      const v = validateTelegramHtml(c);
      expect(v.errors).toEqual([]);
      expect(v.visibleLength).toBeLessThanOrEqual(4096);
    }
    expect(chunks[1]).toMatch(/^<b>▌Đô thị \(tiếp\)<\/b>\n\n<b>\d+\. /);
    // every item appears exactly once, whole
    const all = chunks.join('\n');
    for (let n = 1; n <= 60; n++)
      expect(all.split(`<b>${n}. Hà Nội thông xe cầu vượt số ${n}</b>`).length).toBe(2);
  });

  it('counts visible length in UTF-16 code units, so emoji count twice', () => {
    const emoji = '😀'.repeat(3000); // 6000 code units
    const chunks = html(
      renderTelegramDigest(
        doc([{ title: 'X', items: [item(1, { summary: [{ text: emoji, highlight: false }] })] }]),
      ),
    );
    for (const c of chunks) {
      expect(telegramVisibleLength(c)).toBeLessThanOrEqual(4096);
      expect(c).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/); // no lone high surrogate
    }
  });

  it('cuts a single over-long item at a word boundary inside its summary', () => {
    const long = 'đường '.repeat(2000);
    const [out, ...rest] = html(
      renderTelegramDigest(
        doc([{ title: 'X', items: [item(1, { summary: [{ text: long, highlight: false }] })] }]),
      ),
    );
    expect(rest).toHaveLength(0);
    expect(out).toMatch(/đường…\n<i>/);
    expect(validateTelegramHtml(out ?? '').errors).toEqual([]);
  });

  it('says so when a digest has no items', () => {
    const [out] = html(renderTelegramDigest(doc([])));
    expect(out).toContain('Không có tin mới');
  });
});

describe('helpers', () => {
  it('escapeHtml escapes the four characters Telegram needs', () => {
    expect(escapeHtml('<a href="x">&amp;</a>')).toBe(
      '&lt;a href=&quot;x&quot;&gt;&amp;amp;&lt;/a&gt;',
    );
  });
  it('spansToTelegramHtml bolds highlights and keeps the text', () => {
    const out = spansToTelegramHtml([
      { text: 'tăng ', highlight: false },
      { text: '12,9%', highlight: true },
    ]);
    expect(out).toBe('tăng <b>12,9%</b>');
  });
  it('telegramVisibleLength decodes entities and ignores tags', () => {
    expect(telegramVisibleLength('<b>a&amp;b</b> &#128512; &#x41;')).toBe('a&b 😀 A'.length);
  });
  it('renderTelegramStories lists stories under a heading', () => {
    const story: Story = {
      id: 's1',
      title: 'Ngập úng ở phố Huế',
      summary: {
        text: 'Mưa 120 mm.',
        highlights: [{ start: 4, end: 10, text: '120 mm', kind: 'measure' }],
        summarizer: 'extractive',
        model: null,
      },
      sources: [
        { articleId: 'a', name: 'Dân trí', url: 'https://dantri.com.vn/a.htm', publishedAt: null },
      ],
      publishedAt: null,
      topics: [],
      places: [],
      hanoi: true,
      articleIds: ['a'],
    };
    const [out] = html(renderTelegramStories([story], 'Kết quả: ngập'));
    expect(out).toContain('<b>▌Kết quả: ngập</b>');
    expect(out).toContain('Mưa <b>120 mm</b>.');
    expect(validateTelegramHtml(out ?? '').errors).toEqual([]);
  });
});

describe('renderTelegramNotice', () => {
  it('lays a plain-text notice out as one escaped Telegram HTML chunk', () => {
    const chunks = renderTelegramNotice('Chưa có tin <mới> & phù hợp.');
    expect(chunks).toEqual([{ kind: 'telegram', html: 'Chưa có tin &lt;mới&gt; &amp; phù hợp.' }]);
    expect(validateTelegramHtml(chunks[0]!.html).errors).toEqual([]);
  });
});
