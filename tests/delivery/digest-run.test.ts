import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Stores } from '../../src/digest/ports.js';
import {
  createDigestRunner,
  EMPTY_DIGEST_NOTICE,
  filtersKey,
} from '../../src/delivery/digest-run.js';
import type { DigestRunnerOptions } from '../../src/delivery/digest-run.js';
import { createStores } from '../../src/store/index.js';
import { createFakeClock } from '../helpers/fake-clock.js';
import { createCountingNews, makeSubscription, testRenderers } from './fixtures.js';
import type { CountingNews } from './fixtures.js';

const SLOT = new Date('2026-11-27T00:00:00.000Z'); // 07:00 in Hà Nội
let stores: Stores;
let news: CountingNews;

beforeEach(async () => {
  stores = await createStores('sqlite::memory:', { clock: createFakeClock(SLOT) });
  news = createCountingNews(3);
});
afterEach(async () => {
  await stores.close();
});

function runner(over: Partial<DigestRunnerOptions> = {}): ReturnType<typeof createDigestRunner> {
  return createDigestRunner({
    news,
    subscriptions: stores.subscriptions,
    outbox: stores.outbox,
    renderers: testRenderers,
    clock: createFakeClock(SLOT),
    ...over,
  });
}

describe('digest runner', () => {
  it('composes once for 1,000 subscribers with the same filters, and renders per platform', async () => {
    const subs = Array.from({ length: 1_000 }, (_, i) =>
      makeSubscription(
        `s${i}`,
        { platform: i % 2 ? 'discord' : 'telegram', chatId: String(i) },
        {
          filters: {
            topics: ['giao-thong', 'do-thi'],
            places: [],
            keywords: [],
            excludeKeywords: [],
          },
        },
      ),
    );
    for (const s of subs) await stores.subscriptions.upsert(s);
    const report = await runner().runSlot(SLOT, subs);
    expect(news.digestCalls).toHaveLength(1);
    expect(report.compositions).toBe(1);
    // Telegram: header + 3 items = 4 chunks; Discord: 1 chunk.
    expect(report.enqueuedRows).toBe(500 * 4 + 500 * 1);
    expect(news.digestCalls[0]).toMatchObject({
      until: SLOT,
      since: new Date(SLOT.getTime() - 86_400_000),
    });
  });

  it('composes once per distinct (window, filters) group', async () => {
    const base = { places: [], keywords: [], excludeKeywords: [] };
    const subs = [
      makeSubscription(
        'a',
        { platform: 'telegram', chatId: '1' },
        { filters: { topics: ['y-te', 'giao-thong'], ...base } },
      ),
      makeSubscription(
        'b',
        { platform: 'telegram', chatId: '2' },
        { filters: { topics: ['giao-thong', 'y-te'], ...base } },
      ),
      makeSubscription(
        'c',
        { platform: 'telegram', chatId: '3' },
        { filters: { topics: ['giao-duc'], ...base } },
      ),
      // Same filters as a, but got a digest 6 h ago: a shorter window, its own composition.
      makeSubscription(
        'd',
        { platform: 'telegram', chatId: '4' },
        {
          filters: { topics: ['y-te', 'giao-thong'], ...base },
          lastDigestAt: new Date(SLOT.getTime() - 6 * 3_600_000),
        },
      ),
    ];
    await runner().runSlot(SLOT, subs);
    expect(news.digestCalls).toHaveLength(3);
    const windows = news.digestCalls.map((c) => c.since?.toISOString()).sort();
    expect(windows).toEqual([
      '2026-11-26T00:00:00.000Z',
      '2026-11-26T00:00:00.000Z',
      '2026-11-26T18:00:00.000Z',
    ]);
  });

  it('running the same slot twice enqueues nothing the second time and records lastDigestAt', async () => {
    const sub = makeSubscription('a', { platform: 'telegram', chatId: '1' });
    await stores.subscriptions.upsert(sub);
    const first = await runner().runSlot(SLOT, [sub]);
    expect(first.enqueuedRows).toBe(4);
    expect((await stores.subscriptions.get('a'))?.lastDigestAt?.toISOString()).toBe(
      SLOT.toISOString(),
    );
    // The same stale subscription object (as a concurrent tick would hold): still nothing new.
    const second = await runner().runSlot(SLOT, [sub]);
    expect(second.enqueuedRows).toBe(0);
    expect(second.outcomes).toEqual([{ subscriptionId: 'a', outcome: 'already-enqueued' }]);
    expect(news.digestCalls).toHaveLength(1);
    // With the fresh row, it is already done.
    const third = await runner().runSlot(SLOT, [(await stores.subscriptions.get('a'))!]);
    expect(third.outcomes).toEqual([{ subscriptionId: 'a', outcome: 'already-done' }]);
    expect(await stores.outbox.list()).toHaveLength(4);
  });

  it('skips inactive subscriptions', async () => {
    const paused = makeSubscription(
      'p',
      { platform: 'telegram', chatId: '1' },
      { state: 'paused' },
    );
    const report = await runner().runSlot(SLOT, [paused]);
    expect(report.outcomes).toEqual([{ subscriptionId: 'p', outcome: 'not-active' }]);
    expect(news.digestCalls).toHaveLength(0);
  });

  it('skips an empty digest by default (logged), and still moves lastDigestAt', async () => {
    news.items = 0;
    const sub = makeSubscription('a', { platform: 'telegram', chatId: '1' });
    await stores.subscriptions.upsert(sub);
    const logs: { obj: object; msg?: string }[] = [];
    const logger = {
      debug() {},
      warn() {},
      error() {},
      info: (obj: object, msg?: string) => void logs.push({ obj, ...(msg ? { msg } : {}) }),
    };
    const report = await runner({ logger }).runSlot(SLOT, [sub]);
    expect(report.outcomes).toEqual([{ subscriptionId: 'a', outcome: 'empty-skipped' }]);
    expect(await stores.outbox.list()).toHaveLength(0);
    expect(
      logs.some(
        (l) =>
          l.msg === 'empty digest skipped' &&
          (l.obj as { subscriptionId?: string }).subscriptionId === 'a',
      ),
    ).toBe(true);
    expect((await stores.subscriptions.get('a'))?.lastDigestAt?.toISOString()).toBe(
      SLOT.toISOString(),
    );
  });

  it("sends the Vietnamese notice for an empty digest under emptyDigest: 'notice', as each platform's renderer lays it out", async () => {
    news.items = 0;
    const subs = [
      makeSubscription('a', { platform: 'telegram', chatId: '1' }),
      makeSubscription('b', { platform: 'discord', chatId: '2' }),
      makeSubscription('c', { platform: 'console', chatId: '3' }),
    ];
    await runner({ emptyDigest: 'notice' }).runSlot(SLOT, subs);
    const payloads = (await stores.outbox.list()).map((r) => r.payload);
    expect(payloads).toEqual([
      { kind: 'telegram', html: `<i>${EMPTY_DIGEST_NOTICE}</i>` },
      { kind: 'discord', content: EMPTY_DIGEST_NOTICE },
      // No notice renderer: the core's neutral plain text.
      { kind: 'text', text: EMPTY_DIGEST_NOTICE },
    ]);
    expect(EMPTY_DIGEST_NOTICE).toBe(EMPTY_DIGEST_NOTICE.normalize('NFC'));
  });

  it('reports a platform with no renderer instead of enqueuing nothing silently', async () => {
    const sub = makeSubscription('a', { platform: 'discord', chatId: '1' });
    const report = await runner({ renderers: { telegram: testRenderers.telegram! } }).runSlot(
      SLOT,
      [sub],
    );
    expect(report.outcomes).toEqual([{ subscriptionId: 'a', outcome: 'no-renderer' }]);
  });

  it('a composition that fails costs only its own group', async () => {
    const digest = news.digest.bind(news);
    news.digest = async (opts) => {
      if (opts?.filters?.keywords?.includes('hỏng')) throw new Error('composer refused');
      return digest(opts);
    };
    const bad = makeSubscription(
      'bad',
      { platform: 'telegram', chatId: '1' },
      {
        filters: { topics: [], places: [], keywords: ['hỏng'], excludeKeywords: [] },
      },
    );
    const good = makeSubscription('good', { platform: 'discord', chatId: '2' });
    await stores.subscriptions.upsert(bad);
    await stores.subscriptions.upsert(good);
    const report = await runner().runSlot(SLOT, [bad, good]);
    expect(report.outcomes).toEqual([
      { subscriptionId: 'bad', outcome: 'error' },
      { subscriptionId: 'good', outcome: 'enqueued' },
    ]);
    expect((await stores.subscriptions.get('bad'))?.lastDigestAt).toBeNull();
  });

  it('filtersKey ignores order, case and duplicates', () => {
    const f = (topics: string[]) => ({ topics, places: [], keywords: [], excludeKeywords: [] });
    expect(filtersKey(f(['b', 'a', 'A']))).toBe(filtersKey(f(['a', 'b'])));
    expect(filtersKey(f(['a']))).not.toBe(filtersKey({ ...f([]), keywords: ['a'] }));
  });
});
