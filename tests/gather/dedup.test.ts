import { describe, expect, it } from 'vitest';
import {
  articleId,
  canonicalizeUrl,
  contentHash,
  dedupKey,
} from '../../src/digest/gather/dedup.js';

describe('canonicalizeUrl', () => {
  it('drops tracking parameters and the fragment, lowercases the host, sorts the rest', () => {
    expect(
      canonicalizeUrl(
        'https://VnExpress.NET:443/a-123.html?utm_source=fb&utm_medium=x&fbclid=1&gclid=2&zarsrc=3&b=2&a=1#box_comment',
      ),
    ).toBe('https://vnexpress.net/a-123.html?a=1&b=2');
  });

  it('keeps parameters that identify the article', () => {
    expect(canonicalizeUrl('https://x.vn/news.aspx?id=42&utm_campaign=z')).toBe(
      'https://x.vn/news.aspx?id=42',
    );
  });
});

describe('dedupKey', () => {
  it('prefers a non-URL guid', () => {
    expect(dedupKey({ guid: 'abc-1', url: 'https://x.vn/a.html', title: 'T' })).toBe('guid:abc-1');
  });

  it('uses the canonical URL when the guid is missing, and the same key with tracking noise', () => {
    const a = dedupKey({ guid: null, url: 'https://x.vn/a.html?utm_source=rss', title: 'T' });
    const b = dedupKey({ guid: null, url: 'https://X.vn/a.html#top', title: 'Khác' });
    expect(a).toBe('url:https://x.vn/a.html');
    expect(b).toBe(a);
  });

  it('treats a URL guid equal to the item URL as the URL, and ignores a guid pointing elsewhere', () => {
    expect(
      dedupKey({
        guid: 'https://x.vn/a.html',
        url: 'https://x.vn/a.html?utm_source=rss',
        title: 'T',
      }),
    ).toBe('url:https://x.vn/a.html');
    expect(
      dedupKey({ guid: 'https://x.vn/other.html', url: 'https://x.vn/a.html', title: 'T' }),
    ).toBe('url:https://x.vn/a.html');
  });

  it('uses the page canonical URL when given', () => {
    expect(
      dedupKey({
        guid: null,
        url: 'https://m.x.vn/a.html',
        canonicalUrl: 'https://x.vn/a.html',
        title: 'T',
      }),
    ).toBe('url:https://x.vn/a.html');
  });

  it('falls back to a hash of the normalized title and body', () => {
    const k1 = dedupKey({ guid: null, url: 'not a url', title: 'Hà  Nội', body: 'Nội dung' });
    const k2 = dedupKey({
      guid: null,
      url: 'also not',
      title: 'hà nội'.normalize('NFD'),
      body: 'nội dung',
    });
    expect(k1).toMatch(/^hash:[0-9a-f]{64}$/);
    expect(k2).toBe(k1);
  });
});

describe('ids and hashes', () => {
  it('derives a 16-hex id from the key and an NFC-insensitive content hash', () => {
    expect(articleId('guid:abc')).toMatch(/^[0-9a-f]{16}$/);
    expect(articleId('guid:abc')).not.toBe(articleId('guid:abd'));
    expect(contentHash('Hà Nội', 'a', 'b')).toBe(contentHash('Hà Nội'.normalize('NFD'), 'a', 'b'));
    expect(contentHash('Hà Nội', 'a', 'b')).not.toBe(contentHash('Hà Nội', 'a', 'c'));
  });
});
