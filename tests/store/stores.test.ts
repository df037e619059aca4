import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqlStores } from '../../src/store/index.js';
import { createStores } from '../../src/store/index.js';
import { storeBackends } from './backends.js';
import { article, tempDir } from './fixtures.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

// The store contract: the same cases on SQLite (memory, file) and PostgreSQL.
const backends = await storeBackends('stores');

describe.each(backends)('stores on %s', (_name, open) => {
  let stores: SqlStores;
  beforeEach(async () => {
    stores = await open();
  });
  afterEach(async () => {
    await stores.close();
  });

  describe('feeds', () => {
    it('upserts, lists, toggles and removes feeds with their state', async () => {
      await stores.feeds.upsert(
        {
          id: 'b-page',
          name: 'Kinh tế & Đô thị',
          url: 'https://kinhtedothi.vn/',
          type: 'page',
          linkSelector: 'h3 a',
          enabled: true,
        },
        'config',
      );
      await stores.feeds.upsert(
        {
          id: 'a-rss',
          name: 'VnExpress',
          url: 'https://vnexpress.net/rss/thoi-su.rss',
          type: 'rss',
          enabled: true,
        },
        'admin',
      );
      expect((await stores.feeds.list()).map((f) => f.id)).toEqual(['a-rss', 'b-page']);
      expect(await stores.feeds.get('b-page')).toEqual({
        id: 'b-page',
        name: 'Kinh tế & Đô thị',
        url: 'https://kinhtedothi.vn/',
        type: 'page',
        linkSelector: 'h3 a',
        enabled: true,
      });
      expect((await stores.feeds.get('a-rss'))?.linkSelector).toBeUndefined();
      expect(await stores.feeds.listWithOrigin()).toEqual([
        expect.objectContaining({ id: 'a-rss', origin: 'admin' }),
        expect.objectContaining({ id: 'b-page', origin: 'config' }),
      ]);

      await stores.feeds.upsert(
        {
          id: 'a-rss',
          name: 'VnExpress – Thời sự',
          url: 'https://vnexpress.net/rss/thoi-su.rss',
          type: 'rss',
          enabled: true,
        },
        'admin',
      );
      expect((await stores.feeds.get('a-rss'))?.name).toBe('VnExpress – Thời sự');
      expect(await stores.feeds.list()).toHaveLength(2);

      expect(await stores.feeds.setEnabled('a-rss', false)).toBe(true);
      expect((await stores.feeds.get('a-rss'))?.enabled).toBe(false);
      expect(await stores.feeds.setEnabled('nope', false)).toBe(false);

      const state = {
        feedId: 'a-rss',
        etag: 'W/"1"',
        lastModified: 'Fri, 27 Nov 2026 00:00:00 GMT',
        lastAttemptAt: new Date('2026-11-27T01:00:00Z'),
        lastSuccessAt: null,
        consecutiveFailures: 3,
        lastError: 'HTTP 503',
        primed: true,
        failingSince: new Date('2026-11-26T01:00:00Z'),
        nextAttemptAt: new Date('2026-11-27T03:00:00Z'),
        disabledAt: null,
        lastErrorKind: 'server-error',
        noticeLevel: 'failing' as const,
      };
      await stores.feeds.saveState(state);
      expect(await stores.feeds.getState('a-rss')).toEqual(state);
      await stores.feeds.saveState({
        ...state,
        consecutiveFailures: 0,
        lastError: null,
        lastSuccessAt: new Date('2026-11-27T02:00:00Z'),
      });
      expect((await stores.feeds.getState('a-rss'))?.consecutiveFailures).toBe(0);

      expect(await stores.feeds.remove('a-rss')).toBe(true);
      expect(await stores.feeds.remove('a-rss')).toBe(false);
      expect(await stores.feeds.get('a-rss')).toBeNull();
      expect(await stores.feeds.getState('a-rss')).toBeNull();
    });

    it('stores names NFC', async () => {
      const decomposed = 'Ha\u0300 Nô\u0323i Mơ\u0301i';
      await stores.feeds.upsert(
        {
          id: 'x',
          name: decomposed,
          url: 'https://hanoimoi.vn/rss/xa-hoi.rss',
          type: 'rss',
          enabled: true,
        },
        'config',
      );
      expect((await stores.feeds.get('x'))?.name).toBe('Hà Nội Mới');
    });
  });

  describe('articles', () => {
    it('insertNew twice stores once and returns only what was inserted', async () => {
      const batch = [article(1), article(2), article(3)];
      expect((await stores.articles.insertNew(batch)).map((a) => a.id)).toEqual(['a1', 'a2', 'a3']);
      // The feed reorders its items and rewrites a date: nothing new.
      const again = [
        article(3),
        article(1, { publishedAt: new Date('2026-11-27T09:00:00Z') }),
        article(2),
      ];
      expect(await stores.articles.insertNew(again)).toEqual([]);
      expect(await stores.articles.count()).toBe(3);
      expect((await stores.articles.get('a1'))?.publishedAt).toEqual(article(1).publishedAt);
    });

    it('dedups inside one batch and on the key even when the id differs', async () => {
      const inserted = await stores.articles.insertNew([
        article(1),
        article(1),
        article(9, { dedupKey: 'guid:item-1' }),
        article(2),
      ]);
      expect(inserted.map((a) => a.id)).toEqual(['a1', 'a2']);
      expect(await stores.articles.count()).toBe(2);
    });

    it('round-trips every field and normalizes text to NFC', async () => {
      const a = article(5, {
        title: 'Thu\u0309 đô',
        author: 'Nguyê\u0303n Văn A',
        fresh: false,
        publishedAt: null,
      });
      const [stored] = await stores.articles.insertNew([a]);
      expect(stored?.title).toBe('Thủ đô');
      const back = await stores.articles.get('a5');
      expect(back).toEqual({ ...a, title: 'Thủ đô', author: 'Nguyễn Văn A' });
      expect(await stores.articles.get('missing')).toBeNull();
    });

    it('reports existing keys', async () => {
      await stores.articles.insertNew([article(1), article(2)]);
      expect(
        await stores.articles.existingKeys(['guid:item-1', 'guid:item-7', 'guid:item-2']),
      ).toEqual(new Set(['guid:item-1', 'guid:item-2']));
      expect(await stores.articles.existingKeys([])).toEqual(new Set());
    });

    it('queries newest first by published time, else fetched time, with filters', async () => {
      await stores.articles.insertNew([
        article(1), // published 01:00 on the 20th
        article(5, { feedId: 'other' }), // 05:00
        article(3, { fresh: false }), // 03:00
        article(7, { publishedAt: null, fetchedAt: new Date(Date.UTC(2026, 10, 20, 4)) }), // falls back to 04:00
      ]);
      const ids = async (q: Parameters<typeof stores.articles.query>[0]): Promise<string[]> =>
        (await stores.articles.query(q)).map((a) => a.id);
      expect(await ids({})).toEqual(['a5', 'a7', 'a3', 'a1']);
      expect(await ids({ since: new Date(Date.UTC(2026, 10, 20, 3)) })).toEqual(['a5', 'a7', 'a3']);
      expect(await ids({ until: new Date(Date.UTC(2026, 10, 20, 4)) })).toEqual(['a3', 'a1']);
      expect(await ids({ freshOnly: true })).toEqual(['a5', 'a7', 'a1']);
      expect(await ids({ feedIds: ['other'] })).toEqual(['a5']);
      expect(await ids({ feedIds: [] })).toEqual([]);
      expect(await ids({ limit: 2 })).toEqual(['a5', 'a7']);
    });
  });

  describe('analyses and summary cache', () => {
    it('saves and replaces analyses by article id', async () => {
      const summary = {
        text: 'Hà Nội chi 1.200 tỷ đồng.',
        highlights: [{ start: 11, end: 24, text: '1.200 tỷ đồng', kind: 'money' as const }],
        summarizer: 'extractive' as const,
        model: null,
      };
      await stores.analyses.save([
        {
          articleId: 'a1',
          contentHash: 'h1',
          summary,
          topics: ['giao-thong'],
          places: ['Hoàn Kiếm'],
          hanoi: true,
        },
      ]);
      await stores.analyses.save([
        { articleId: 'a1', contentHash: 'h2', summary, topics: [], places: [], hanoi: false },
      ]);
      const got = await stores.analyses.get(['a1', 'a2']);
      expect([...got.keys()]).toEqual(['a1']);
      expect(got.get('a1')).toEqual({
        articleId: 'a1',
        contentHash: 'h2',
        summary,
        topics: [],
        places: [],
        hanoi: false,
      });
    });

    it('keeps highlight offsets right when a summary is normalized to NFC', async () => {
      const text = 'Phu\u031Bo\u031Bng án 12,9% năm 2026';
      const at = text.indexOf('12,9%');
      await stores.summaries.set('h', 'extractive', {
        text,
        highlights: [{ start: at, end: at + 5, text: '12,9%', kind: 'percent' }],
        summarizer: 'extractive',
        model: null,
      });
      const got = await stores.summaries.get('h', 'extractive');
      expect(got?.text).toBe('Phương án 12,9% năm 2026');
      const h = got?.highlights[0];
      expect(h && got.text.slice(h.start, h.end)).toBe('12,9%');
    });

    it('caches summaries per (content hash, summarizer)', async () => {
      const s = { text: 'Tóm tắt.', highlights: [], summarizer: 'llm' as const, model: 'gpt-x' };
      expect(await stores.summaries.get('h', 'llm')).toBeNull();
      await stores.summaries.set('h', 'llm', s);
      expect(await stores.summaries.get('h', 'llm')).toEqual(s);
      expect(await stores.summaries.get('h', 'extractive')).toBeNull();
      await stores.summaries.set('h', 'llm', { ...s, text: 'Khác.' });
      expect((await stores.summaries.get('h', 'llm'))?.text).toBe('Khác.');
    });
  });

  describe('kv', () => {
    it('sets, gets and increments atomically', async () => {
      expect(await stores.kv.get('tokens:2026-11-27')).toBeNull();
      expect(await stores.kv.increment('tokens:2026-11-27', 120)).toBe(120);
      const all = await Promise.all(
        Array.from({ length: 20 }, () => stores.kv.increment('tokens:2026-11-27', 5)),
      );
      expect(Math.max(...all)).toBe(220);
      expect(new Set(all).size).toBe(20);
      expect(await stores.kv.get('tokens:2026-11-27')).toBe('220');
      await stores.kv.set('digest:last', '{"a":1}');
      expect(await stores.kv.get('digest:last')).toBe('{"a":1}');
      await expect(stores.kv.increment('digest:last', 1)).rejects.toThrow(/not a number/);
    });
  });
});

describe('file databases', () => {
  it('creates the parent folder and keeps data across a restart', async () => {
    const path = join(tmp.dir, 'restart', 'deeper', 'hanoi-digest.db');
    const first = await createStores(`sqlite:${path}`);
    expect(existsSync(path)).toBe(true);
    await first.feeds.upsert(
      {
        id: 'f',
        name: 'Nhân Dân',
        url: 'https://nhandan.vn/rss/xahoi.rss',
        type: 'rss',
        enabled: true,
      },
      'config',
    );
    await first.articles.insertNew([article(1)]);
    await first.kv.increment('n', 2);
    // WAL mode: writes go to the -wal file first (lets the CLI read while the bot writes).
    expect(existsSync(`${path}-wal`)).toBe(true);
    await first.close();

    const second = await createStores(`sqlite:${path}`);
    try {
      expect((await second.feeds.get('f'))?.name).toBe('Nhân Dân');
      expect(await second.articles.count()).toBe(1);
      expect(await second.articles.insertNew([article(1)])).toEqual([]);
      expect(await second.kv.increment('n', 3)).toBe(5);
    } finally {
      await second.close();
    }
  });
});
