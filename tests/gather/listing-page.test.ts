import { describe, expect, it } from 'vitest';
import { LISTING_LINK_SELECTOR, renderListingPage } from '../../src/demo/outlet-templates.js';
import { FeedParseError } from '../../src/digest/gather/errors.js';
import { parseListingPage } from '../../src/digest/gather/listing-page.js';

describe('parseListingPage', () => {
  const html = renderListingPage('Thời sự', [
    { title: 'Bài một', url: '/thoi-su/bai-mot.html', lead: 'Sapo một' },
    { title: 'Bài hai', url: 'https://other.example/bai-hai.html?x=1', lead: 'Sapo hai' },
    { title: 'Bài một (lặp)', url: '/thoi-su/bai-mot.html#box_comment', lead: 'Trùng' },
  ]);

  it('finds article links with the selector, absolute and de-duplicated, ignoring menus', () => {
    const items = parseListingPage(html, 'https://list.example/thoi-su/', LISTING_LINK_SELECTOR);
    expect(items.map((i) => [i.url, i.title])).toEqual([
      ['https://list.example/thoi-su/bai-mot.html', 'Bài một'],
      ['https://other.example/bai-hai.html?x=1', 'Bài hai'],
    ]);
    expect(items[0]).toMatchObject({ guid: null, publishedAt: null, description: '' });
  });

  it('accepts a selector on the container and takes its first link', () => {
    const items = parseListingPage(html, 'https://list.example/thoi-su/', 'article.story');
    expect(items).toHaveLength(2);
  });

  it('rejects an invalid selector with a clear error', () => {
    expect(() => parseListingPage(html, 'https://list.example/', 'a[[')).toThrow(FeedParseError);
    expect(() => parseListingPage(html, 'https://list.example/', 'a[[')).toThrow(
      /invalid link selector/,
    );
  });
});
