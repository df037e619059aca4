import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConfiguredSubscription, LoadedConfig } from '../../src/config/index.js';
import { CONFIG_PAUSE_REASON, syncConfig } from '../../src/config/index.js';
import type { FeedConfig } from '../../src/digest/model.js';
import type { SqlStores } from '../../src/store/index.js';
import { createStores } from '../../src/store/index.js';
import { subscriptionFixture } from '../helpers/subscription-fixture.js';

const feed = (id: string, over: Partial<FeedConfig> = {}): FeedConfig => ({
  id,
  name: `Báo ${id}`,
  url: `https://${id}.vn/rss`,
  type: 'rss',
  enabled: true,
  ...over,
});

const sub = (
  id: string,
  chatId: string,
  over: Partial<ConfiguredSubscription> = {},
): ConfiguredSubscription => ({
  id,
  target: { platform: 'telegram', chatId },
  filters: { topics: [], places: [], keywords: [], excludeKeywords: [] },
  schedule: '0 7 * * *',
  timezone: 'Asia/Ho_Chi_Minh',
  enabled: true,
  ...over,
});

function config(feeds: FeedConfig[], subscriptions: ConfiguredSubscription[]): LoadedConfig {
  return {
    dir: '/nowhere',
    feeds,
    topics: [],
    gazetteer: {
      wards: [],
      communes: [],
      oldDistricts: [],
      landmarks: [],
      institutions: [],
      elsewhere: [],
    },
    subscriptions,
    schedules: {
      gatherIntervalMinutes: 15,
      defaultDigestCron: '0 7 * * *',
      timezone: 'Asia/Ho_Chi_Minh',
      catchUpGraceHours: 6,
      digestWindowHours: 24,
      sectionOrder: [],
      maxItemsPerSection: 5,
      maxItems: 30,
      summaryMaxChars: 280,
    },
  };
}

let stores: SqlStores;
beforeEach(async () => {
  stores = await createStores('sqlite::memory:');
});
afterEach(async () => {
  await stores.close();
});

describe('syncConfig feeds', () => {
  it('upserts config feeds, removes config feeds dropped from the file and keeps admin feeds', async () => {
    await stores.feeds.upsert(feed('admin-one'), 'admin');
    const first = await syncConfig(config([feed('a'), feed('b')], []), stores);
    expect(first).toMatchObject({ feedsUpserted: 2, feedsRemoved: [] });
    expect((await stores.feeds.list()).map((f) => f.id)).toEqual(['a', 'admin-one', 'b']);

    const second = await syncConfig(
      config([feed('a', { name: 'Báo A mới', enabled: false })], []),
      stores,
    );
    expect(second.feedsRemoved).toEqual(['b']);
    expect(await stores.feeds.list()).toEqual([
      feed('a', { name: 'Báo A mới', enabled: false }),
      feed('admin-one'),
    ]);
  });
});

describe('syncConfig subscriptions', () => {
  it('creates config subscriptions, then keeps their runtime state and last digest', async () => {
    await syncConfig(config([], [sub('kenh', '@kenh')]), stores);
    const created = await stores.subscriptions.get('kenh');
    expect(created).toMatchObject({
      origin: 'config',
      state: 'active',
      lastDigestAt: null,
      target: { platform: 'telegram', chatId: '@kenh' },
    });

    await stores.subscriptions.setState('kenh', 'disabled', 'bot was removed from the channel');
    await stores.subscriptions.setLastDigestAt('kenh', new Date('2026-11-27T00:00:00Z'));
    await syncConfig(config([], [sub('kenh', '@kenh', { schedule: '0 18 * * *' })]), stores);
    expect(await stores.subscriptions.get('kenh')).toMatchObject({
      schedule: '0 18 * * *',
      state: 'disabled',
      disabledReason: 'bot was removed from the channel',
      lastDigestAt: new Date('2026-11-27T00:00:00Z'),
      createdAt: created?.createdAt,
    });
  });

  it('pauses on enabled: false and resumes only the pause it caused', async () => {
    await syncConfig(config([], [sub('kenh', '@kenh', { enabled: false })]), stores);
    expect(await stores.subscriptions.get('kenh')).toMatchObject({
      state: 'paused',
      disabledReason: CONFIG_PAUSE_REASON,
    });
    await syncConfig(config([], [sub('kenh', '@kenh')]), stores);
    expect(await stores.subscriptions.get('kenh')).toMatchObject({
      state: 'active',
      disabledReason: null,
    });

    await stores.subscriptions.setState('kenh', 'paused', '/pause by an admin');
    await syncConfig(config([], [sub('kenh', '@kenh')]), stores);
    expect((await stores.subscriptions.get('kenh'))?.state).toBe('paused');
  });

  it('removes config subscriptions dropped from the file, fails their pending rows, keeps command ones', async () => {
    await syncConfig(config([], [sub('kenh', '@kenh'), sub('khac', '@khac')]), stores);
    const now = new Date();
    await stores.subscriptions.upsert(
      subscriptionFixture('cmd', { platform: 'discord', chatId: '42' }, now),
    );
    await stores.outbox.enqueue([
      {
        targetKey: 'telegram:@khac',
        target: { platform: 'telegram', chatId: '@khac' },
        subscriptionId: 'khac',
        slot: '2026-11-27T00:00:00.000Z',
        chunkIndex: 0,
        chunkCount: 1,
        payload: { kind: 'text', text: 'x' },
        nextAttemptAt: now,
      },
    ]);
    const report = await syncConfig(config([], [sub('kenh', '@kenh')]), stores);
    expect(report.subscriptionsRemoved).toEqual(['khac']);
    expect((await stores.subscriptions.list()).map((s) => s.id)).toEqual(['cmd', 'kenh']);
    expect((await stores.outbox.list())[0]?.state).toBe('failed');
  });

  it('takes over a target that a command subscription held', async () => {
    const now = new Date();
    await stores.subscriptions.upsert({
      id: 'cmd',
      target: { platform: 'telegram', chatId: '@kenh' },
      filters: { topics: ['giao-thong'], places: [], keywords: [], excludeKeywords: [] },
      schedule: '0 7 * * *',
      timezone: 'Asia/Ho_Chi_Minh',
      state: 'active',
      disabledReason: null,
      origin: 'command',
      lastDigestAt: new Date('2026-11-26T00:00:00Z'),
      createdAt: now,
      updatedAt: now,
    });
    await syncConfig(config([], [sub('kenh', '@kenh')]), stores);
    const subs = await stores.subscriptions.list();
    expect(subs.map((s) => [s.id, s.origin])).toEqual([['kenh', 'config']]);
    expect(subs[0]?.lastDigestAt).toEqual(new Date('2026-11-26T00:00:00Z'));
  });
});
