import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Stores } from '../../src/digest/ports.js';
import { storeBackends } from './backends.js';
import { article } from './fixtures.js';

const H = 3_600_000;
const slot = new Date('2026-11-27T00:00:00Z'); // 07:00 in Hà Nội

const backends = await storeBackends('windows');

describe.each(backends)('article windows by arrival time on %s', (_name, open) => {
  let stores: Stores;
  beforeEach(async () => {
    stores = await open();
    await stores.articles.insertNew([
      // Published 10 minutes before the slot, fetched 5 minutes after it.
      article(1, {
        publishedAt: new Date(slot.getTime() - H / 6),
        fetchedAt: new Date(slot.getTime() + H / 12),
      }),
      // Published and fetched well before the slot.
      article(2, {
        publishedAt: new Date(slot.getTime() - 5 * H),
        fetchedAt: new Date(slot.getTime() - 4 * H),
      }),
      // Newly seen, but published three days earlier.
      article(3, {
        publishedAt: new Date(slot.getTime() - 72 * H),
        fetchedAt: new Date(slot.getTime() + H),
      }),
    ]);
  });
  afterEach(() => stores.close());

  const ids = (xs: { id: string }[]): string[] => xs.map((a) => a.id).sort();
  const next = { since: slot, until: new Date(slot.getTime() + 24 * H) };

  it('puts an article fetched after the previous slot into the next digest, even if published before it', async () => {
    const byPublished = await stores.articles.query(next);
    const byFetched = await stores.articles.query({ ...next, by: 'fetched' });
    expect(byPublished.map((a) => a.title)).not.toContain(article(1).title);
    expect(byFetched.map((a) => a.title)).toContain(article(1).title);
  });

  it('leaves out stale news with publishedSince', async () => {
    const rows = await stores.articles.query({
      ...next,
      by: 'fetched',
      publishedSince: new Date(slot.getTime() - 48 * H),
    });
    expect(rows.map((a) => a.title)).toEqual([article(1).title]);
    expect(ids(await stores.articles.query({ ...next, by: 'fetched' }))).toHaveLength(2);
  });
});
