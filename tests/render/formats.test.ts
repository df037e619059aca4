import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/digest/format/json.js';
import { renderPreviewHtml } from '../../src/web/render.js';
import { renderTerminal } from '../../src/digest/format/terminal.js';
import { cutSpans, cutText } from '../../src/digest/format/text-tools.js';
import { doc, item } from './fixtures.js';

const d = doc([{ title: 'Giao thông', items: [item(1, { title: 'Cầu \u001b[31mđỏ' })] }]);

describe('renderTerminal', () => {
  it('bolds figures with ANSI when colour is on and strips escapes from article text', () => {
    const out = renderTerminal(d, { color: true });
    expect(out).toContain('\u001b[1m1,2 km\u001b[0m');
    expect(out).not.toContain('\u001b[31m');
  });
  it('is plain without colour', () => {
    const out = renderTerminal(d, { color: false });
    expect(out).not.toContain('\u001b');
    expect(out).toContain('Cầu dài 1,2 km, tổng vốn 1.200 tỷ đồng.');
    expect(out).toContain(
      'VnExpress <https://vnexpress.net/cau-1.html> · Tuổi Trẻ <https://tuoitre.vn/cau-1.htm> · 07:30 27/11',
    );
  });
});

describe('renderPreviewHtml', () => {
  it('is a standalone Vietnamese page with a script-free CSP and highlighted figures', () => {
    const html = renderPreviewHtml(d);
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="vi">/);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toMatch(
      /Content-Security-Policy" content="default-src &#39;none&#39;;[^"]*script-src &#39;none&#39;/,
    );
    expect(html).toContain('<mark><strong>1,2 km</strong></mark>');
    expect(html).toContain(
      '<a href="https://vnexpress.net/cau-1.html" rel="noopener noreferrer" target="_blank">VnExpress</a>',
    );
  });
});

describe('renderJson', () => {
  it('writes dates as ISO strings', () => {
    const back = JSON.parse(renderJson(d)) as {
      date: string;
      sections: { items: { publishedAt: string }[] }[];
    };
    expect(back.date).toBe('2026-11-27T00:00:00.000Z');
    expect(back.sections[0]?.items[0]?.publishedAt).toBe('2026-11-27T00:30:00.000Z');
  });
});

describe('cutting', () => {
  it('never splits a surrogate pair and prefers word boundaries', () => {
    expect(cutText('😀😀😀', 4)).toBe('😀…');
    expect(cutText('một hai ba bốn năm', 12)).toBe('một hai ba…');
  });
  it('drops a highlighted figure whole rather than cutting it', () => {
    const out = cutSpans(
      [
        { text: 'Vốn ', highlight: false },
        { text: '1.200 tỷ đồng', highlight: true },
      ],
      8,
    );
    expect(out).toEqual([{ text: 'Vốn…', highlight: false }]);
  });
});
