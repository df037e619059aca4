/**
 * Contracts of the FeedStore and SubscriptionStore ports, written once and
 * run against every implementation: SQLite, PostgreSQL and the in-memory
 * fakes of tests/commands/fakes.ts, so a fake cannot drift from the store.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FeedConfig, FeedState } from '../../src/digest/model.js';
import type { FeedStore, SubscriptionStore } from '../../src/digest/ports.js';
import { StoreConflictError } from '../../src/store/index.js';
import { subscription } from './fixtures.js';

export interface Opened<T> {
  store: T;
  close(): Promise<void>;
}

const feed = (id: string, over: Partial<FeedConfig> = {}): FeedConfig => ({
  id,
  name: `Báo ${id}`,
  url: `https://${id}.example.vn/rss`,
  type: 'rss',
  enabled: true,
  ...over,
});

export function feedStoreContract(name: string, open: () => Promise<Opened<FeedStore>>): void {
  describe(`FeedStore contract: ${name}`, () => {
    let o: Opened<FeedStore>;
    beforeEach(async () => {
      o = await open();
    });
    afterEach(async () => {
      await o.close();
    });

    it('lists by id, gets, replaces by id', async () => {
      await o.store.upsert(feed('b'), 'config');
      await o.store.upsert(feed('a', { type: 'page', linkSelector: 'h3 a' }), 'admin');
      expect((await o.store.list()).map((f) => f.id)).toEqual(['a', 'b']);
      expect(await o.store.get('a')).toEqual(feed('a', { type: 'page', linkSelector: 'h3 a' }));
      expect(await o.store.get('zz')).toBeNull();
      await o.store.upsert(feed('b', { name: 'Tên mới' }), 'config');
      expect((await o.store.get('b'))?.name).toBe('Tên mới');
      expect(await o.store.list()).toHaveLength(2);
    });

    it('toggles, and says when the feed is unknown', async () => {
      await o.store.upsert(feed('a'), 'config');
      expect(await o.store.setEnabled('a', false)).toBe(true);
      expect((await o.store.get('a'))?.enabled).toBe(false);
      expect(await o.store.setEnabled('nope', true)).toBe(false);
    });

    it('keeps state per feed, and removes it with the feed', async () => {
      await o.store.upsert(feed('a'), 'config');
      expect(await o.store.getState('a')).toBeNull();
      const state: FeedState = {
        feedId: 'a',
        etag: '"x"',
        lastModified: null,
        lastAttemptAt: new Date('2026-11-27T01:00:00Z'),
        lastSuccessAt: null,
        consecutiveFailures: 2,
        lastError: 'HTTP 503',
        primed: false,
      };
      await o.store.saveState(state);
      expect(await o.store.getState('a')).toMatchObject(state);
      expect(await o.store.remove('a')).toBe(true);
      expect(await o.store.remove('a')).toBe(false);
      expect(await o.store.getState('a')).toBeNull();
    });
  });
}

export function subscriptionStoreContract(
  name: string,
  open: () => Promise<Opened<SubscriptionStore>>,
): void {
  describe(`SubscriptionStore contract: ${name}`, () => {
    let o: Opened<SubscriptionStore>;
    beforeEach(async () => {
      o = await open();
    });
    afterEach(async () => {
      await o.close();
    });

    it('lists by id with filters, finds by target', async () => {
      await o.store.upsert(subscription('b'));
      await o.store.upsert(
        subscription('a', { target: { platform: 'discord', chatId: '42' }, state: 'paused' }),
      );
      expect((await o.store.list()).map((s) => s.id)).toEqual(['a', 'b']);
      expect((await o.store.list({ state: 'active' })).map((s) => s.id)).toEqual(['b']);
      expect((await o.store.list({ platform: 'discord' })).map((s) => s.id)).toEqual(['a']);
      expect((await o.store.findByTarget({ platform: 'discord', chatId: '42' }))?.id).toBe('a');
      expect(await o.store.findByTarget({ platform: 'discord', chatId: '43' })).toBeNull();
      expect(await o.store.get('b')).toEqual(subscription('b'));
    });

    it('refuses a second subscription for the same target', async () => {
      await o.store.upsert(subscription('a'));
      const clash = subscription('other', { target: subscription('a').target });
      await expect(o.store.upsert(clash)).rejects.toBeInstanceOf(StoreConflictError);
    });

    it('clears the reason when set active again', async () => {
      await o.store.upsert(subscription('a'));
      await o.store.setState('a', 'disabled', 'bot was blocked');
      expect(await o.store.get('a')).toMatchObject({
        state: 'disabled',
        disabledReason: 'bot was blocked',
      });
      await o.store.setState('a', 'active', 'ignored');
      expect(await o.store.get('a')).toMatchObject({ state: 'active', disabledReason: null });
    });

    it('moves a chat, keeping the subscription already at the new chat', async () => {
      await o.store.upsert(subscription('m', { target: { platform: 'telegram', chatId: '-1' } }));
      await o.store.migrateChat('telegram', '-1', '-1001');
      expect((await o.store.get('m'))?.target.chatId).toBe('-1001');
      await o.store.upsert(subscription('x', { target: { platform: 'telegram', chatId: '-2' } }));
      await o.store.migrateChat('telegram', '-2', '-1001');
      expect((await o.store.list()).map((s) => s.id)).toEqual(['m']);
    });

    it('removes, saying whether there was something to remove', async () => {
      await o.store.upsert(subscription('a'));
      expect(await o.store.remove('a')).toBe(true);
      expect(await o.store.remove('a')).toBe(false);
      expect(await o.store.get('a')).toBeNull();
    });
  });
}
