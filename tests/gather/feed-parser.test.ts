import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFeedDate } from '../../src/digest/gather/dates.js';
import { FeedParseError } from '../../src/digest/gather/errors.js';
import { parseFeed } from '../../src/digest/gather/feed-parser.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/gather/${name}`, import.meta.url), 'utf8');

describe('parseFeed: RSS 2.0', () => {
  const feed = parseFeed(fixture('rss-tuoitre-like.xml'), 'https://news.example/rss/thoi-su.rss');

  it('detects the format and channel title', () => {
    expect(feed.format).toBe('rss');
    expect(feed.title).toBe('Thời sự - Báo mẫu');
  });

  it('skips items without any URL and resolves relative links', () => {
    expect(feed.items.map((i) => i.url)).toEqual([
      'https://news.example/ha-noi-mo-rong-tuyen-buyt-dien.htm?utm_source=rss&utm_medium=feed',
      'https://news.example/nut-giao-nam-thang-long.htm',
      'https://news.example/ba-dinh-camera.htm',
    ]);
  });

  it('turns a CDATA description holding escaped HTML into plain text', () => {
    expect(feed.items[0]?.description).toBe(
      'TTO - Từ ngày 1-9, tuyến buýt điện số 12 được kéo dài thêm 8 km & phục vụ miễn phí tuần đầu.',
    );
    expect(feed.items[1]?.description).toBe('Dự án 2.300 tỷ đồng khởi công "đúng hẹn".');
  });

  it('decodes double-encoded entities in titles', () => {
    expect(feed.items[1]?.title).toBe('Giá nút giao thông Nam Thăng Long');
    expect(feed.items[1]?.title).toBe(feed.items[1]?.title.normalize('NFC'));
  });

  it('keeps guids when present and null when missing', () => {
    expect(feed.items.map((i) => i.guid)).toEqual(['news-example-1001', null, null]);
  });

  it('parses +07, US-style local and +07:00 dates', () => {
    expect(feed.items.map((i) => i.publishedAt?.toISOString())).toEqual([
      '2026-08-10T06:38:00.000Z',
      '2026-10-08T06:38:00.000Z',
      '2026-08-10T02:00:00.000Z',
    ]);
    expect(feed.items[2]?.author).toBe('Minh Anh');
  });
});

describe('parseFeed: Atom and RDF', () => {
  it('reads Atom entries: alternate link, id as guid, html title, author', () => {
    const feed = parseFeed(fixture('atom.xml'), 'https://atom.example/feed.atom');
    expect(feed.format).toBe('atom');
    expect(feed.title).toBe('Đô thị - Báo mẫu Atom');
    expect(feed.items).toHaveLength(2);
    expect(feed.items[0]).toEqual({
      guid: 'tag:atom.example,2026:post-77',
      url: 'https://atom.example/cau-tran-hung-dao.html',
      title: 'Cầu Trần Hưng Đạo & đường dẫn hợp long',
      description: 'Cầu dài 1,4 km, vốn 8.200 tỷ đồng.',
      publishedAt: new Date('2026-08-10T00:30:00Z'),
      author: 'Trần Hòa',
    });
    expect(feed.items[1]?.url).toBe('https://atom.example/vung-phat-thai-thap.html');
    expect(feed.items[1]?.publishedAt?.toISOString()).toBe('2026-08-09T20:15:00.000Z');
    expect(feed.items[1]?.description).toBe('Áp dụng trong Vành đai 1.');
  });

  it('reads RDF (RSS 1.0) items with dc:date', () => {
    const feed = parseFeed(fixture('rdf.xml'), 'https://rdf.example/rss');
    expect(feed.format).toBe('rdf');
    expect(feed.title).toBe('Giáo dục - Báo mẫu RDF');
    expect(feed.items.map((i) => [i.url, i.guid, i.publishedAt?.toISOString(), i.author])).toEqual([
      [
        'https://rdf.example/tuyen-sinh-lop-10.html',
        'https://rdf.example/tuyen-sinh-lop-10.html',
        '2026-08-09T23:00:00.000Z',
        'Lan Hương',
      ],
      [
        'https://rdf.example/truong-moi.html',
        'https://rdf.example/truong-moi.html',
        '2026-08-08T17:00:00.000Z',
        null,
      ],
    ]);
  });
});

describe('parseFeed: hostile and broken input', () => {
  it('refuses a billion-laughs feed without expanding it', () => {
    const before = process.memoryUsage().heapUsed;
    const err = (() => {
      try {
        parseFeed(fixture('billion-laughs.xml'), 'https://evil.example/rss');
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(FeedParseError);
    expect((err as FeedParseError).message).toMatch(/ENTITY/);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(50 * 1024 * 1024);
  });

  it('refuses HTML, garbage and truncated XML with a clear error', () => {
    expect(() => parseFeed('<!DOCTYPE html><html><body>Not a feed</body></html>')).toThrow(
      FeedParseError,
    );
    expect(() => parseFeed('\u0000\u0001 garbage')).toThrow(/not an RSS, Atom or RDF/);
    expect(() => parseFeed('<rss version="2.0"><channel><title>x</title><item><title>cut')).toThrow(
      /malformed XML/,
    );
  });

  it('tolerates bare ampersands and HTML named entities, as real feeds have them', () => {
    const feed = parseFeed(
      '<rss version="2.0"><channel><title>Tin &amp; ảnh&nbsp;mới</title><item><title>Giá &ndash; 1 & 2</title><link>https://a.vn/x?a=1&b=2</link></item></channel></rss>',
    );
    expect(feed.title).toBe('Tin & ảnh mới');
    expect(feed.items[0]).toMatchObject({ title: 'Giá – 1 & 2', url: 'https://a.vn/x?a=1&b=2' });
  });

  it('accepts a feed with no items', () => {
    expect(
      parseFeed('<rss version="2.0"><channel><title>Rỗng</title></channel></rss>').items,
    ).toEqual([]);
  });
});

describe('parseFeedDate', () => {
  it.each([
    ['Mon, 10 Aug 2026 13:38:00 +07', '2026-08-10T06:38:00.000Z'],
    ['Mon, 10 Aug 2026 13:38:00 +0700', '2026-08-10T06:38:00.000Z'],
    ['Mon, 10 Aug 2026 13:38:00 +07:00', '2026-08-10T06:38:00.000Z'],
    ['Mon, 10 Aug 2026 06:38:00 GMT', '2026-08-10T06:38:00.000Z'],
    ['10 Aug 26 13:38 +0700', '2026-08-10T06:38:00.000Z'],
    ['2026-08-10T13:38:00+07:00', '2026-08-10T06:38:00.000Z'],
    ['2026-08-10T06:38:00.123Z', '2026-08-10T06:38:00.000Z'],
    ['2026-08-10 13:38:00', '2026-08-10T06:38:00.000Z'],
    ['10/8/2026 1:38:00 PM', '2026-10-08T06:38:00.000Z'],
    ['10/8/2026 12:05:00 AM', '2026-10-07T17:05:00.000Z'],
    ['Thứ tư, 7/2/2024, 23:41 (GMT+7)', '2024-02-07T16:41:00.000Z'],
    ['Chủ nhật, 11/2/2024, 08:00 (GMT+7)', '2024-02-11T01:00:00.000Z'],
    ['07/02/2024 23:41', '2024-02-07T16:41:00.000Z'],
    ['23:41 | 07/02/2024', '2024-02-07T16:41:00.000Z'],
  ])('%s', (input, iso) => {
    expect(parseFeedDate(input)?.toISOString()).toBe(iso);
  });

  it('returns null for nothing or nonsense', () => {
    expect(parseFeedDate(null)).toBeNull();
    expect(parseFeedDate('')).toBeNull();
    expect(parseFeedDate('hôm qua')).toBeNull();
    expect(parseFeedDate('Mon, 45 Foo 2026 13:38:00 +0700')).toBeNull();
  });
});
