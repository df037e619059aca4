import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/digest/ports.js';
import type { SqlStores } from '../../src/store/index.js';
import {
  StoreConflictError,
  UnsupportedDatabaseError,
  parseDatabaseUrl,
} from '../../src/store/index.js';
import { storeBackends } from './backends.js';
import { chunk, subscription } from './fixtures.js';

const T0 = new Date('2026-11-27T00:00:00Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

let now = T0;
const clock: Clock = { now: () => now };
const backends = await storeBackends('outbox');

describe.each(backends)('on %s', (_name, open) => {
  let stores: SqlStores;
  beforeEach(async () => {
    now = T0;
    stores = await open({ clock });
  });
  afterEach(async () => {
    await stores.close();
  });

  describe('outbox', () => {
    const slotA = '2026-11-27T00:00:00.000Z';
    const slotB = '2026-11-28T00:00:00.000Z';

    it('is unique on (target, slot, chunk): enqueuing a slot again adds nothing', async () => {
      const rows = [chunk('-1001', slotA, 0, 2, T0), chunk('-1001', slotA, 1, 2, T0)];
      expect(await stores.outbox.enqueue(rows)).toBe(2);
      expect(await stores.outbox.enqueue(rows)).toBe(0);
      expect(
        await stores.outbox.enqueue([
          chunk('-1001', slotA, 1, 2, T0),
          chunk('-1001', slotA, 2, 3, T0),
        ]),
      ).toBe(1);
      expect(await stores.outbox.list()).toHaveLength(3);
      expect(await stores.outbox.hasSlot('telegram:-1001', slotA)).toBe(true);
      expect(await stores.outbox.hasSlot('telegram:-1001', slotB)).toBe(false);
      expect(await stores.outbox.enqueue([])).toBe(0);
    });

    it('returns due pending rows ordered by target, slot and chunk index', async () => {
      await stores.outbox.enqueue([
        chunk('-2', slotB, 1, 2, T0),
        chunk('-1', slotB, 0, 1, T0),
        chunk('-2', slotA, 0, 1, T0),
        chunk('-2', slotB, 0, 2, T0),
        chunk('-3', slotA, 0, 1, at(30)), // not due yet
      ]);
      const due = await stores.outbox.due(at(0), 10);
      expect(due.map((r) => `${r.target.chatId}/${r.slot.slice(8, 10)}/${r.chunkIndex}`)).toEqual([
        '-1/28/0',
        '-2/27/0',
        '-2/28/0',
        '-2/28/1',
      ]);
      expect(due[0]).toMatchObject({
        state: 'pending',
        attempts: 0,
        lastError: null,
        platformMessageId: null,
        chunkCount: 1,
        subscriptionId: null,
        payload: { kind: 'telegram', html: '<b>Phần 1</b>' },
      });
      expect((await stores.outbox.due(at(0), 2)).length).toBe(2);
      expect((await stores.outbox.due(at(30), 10)).length).toBe(5);
    });

    it('moves rows through retry, sent and failed', async () => {
      await stores.outbox.enqueue([chunk('-1', slotA, 0, 2, T0), chunk('-1', slotA, 1, 2, T0)]);
      const [first, second] = await stores.outbox.due(T0, 10);
      if (!first || !second) throw new Error('expected two due rows');

      now = at(1);
      await stores.outbox.markRetry(first.id, '429 Too Many Requests', at(5));
      expect((await stores.outbox.due(at(2), 10)).map((r) => r.id)).toEqual([second.id]);
      const retried = (await stores.outbox.due(at(5), 10)).find((r) => r.id === first.id);
      expect(retried).toMatchObject({
        state: 'pending',
        attempts: 1,
        lastError: '429 Too Many Requests',
        nextAttemptAt: at(5),
        updatedAt: at(1),
      });

      await stores.outbox.markSent(first.id, '4242');
      await stores.outbox.markFailed(second.id, 'chat not found');
      expect(await stores.outbox.due(at(60), 10)).toEqual([]);
      const rows = await stores.outbox.list();
      expect(rows.map((r) => [r.state, r.attempts, r.platformMessageId, r.lastError])).toEqual([
        ['sent', 2, '4242', null],
        ['failed', 1, null, 'chat not found'],
      ]);
      expect(await stores.outbox.list({ state: 'sent' })).toHaveLength(1);
    });

    it('fails every pending row of one target', async () => {
      await stores.outbox.enqueue([
        chunk('-1', slotA, 0, 1, T0),
        chunk('-1', slotB, 0, 1, T0),
        chunk('-2', slotA, 0, 1, T0),
      ]);
      const [sent] = await stores.outbox.list({ targetKey: 'telegram:-1' });
      if (!sent) throw new Error('expected a row');
      await stores.outbox.markSent(sent.id, '1');
      expect(await stores.outbox.failPendingForTarget('telegram:-1', 'bot was blocked')).toBe(1);
      expect((await stores.outbox.list({ state: 'failed' })).map((r) => r.slot)).toEqual([slotB]);
      expect(await stores.outbox.list({ state: 'pending' })).toHaveLength(1);
    });
  });

  describe('subscriptions', () => {
    it('upserts, finds by target, filters by state and platform', async () => {
      await stores.subscriptions.upsert(subscription('s1'));
      await stores.subscriptions.upsert(
        subscription('s2', { target: { platform: 'discord', chatId: '123' }, origin: 'config' }),
      );
      expect((await stores.subscriptions.get('s1'))?.target).toEqual({
        platform: 'telegram',
        chatId: '-1002s1',
      });
      expect(
        (await stores.subscriptions.findByTarget({ platform: 'discord', chatId: '123' }))?.id,
      ).toBe('s2');
      expect(
        await stores.subscriptions.findByTarget({ platform: 'telegram', chatId: '123' }),
      ).toBeNull();
      expect((await stores.subscriptions.list({ platform: 'discord' })).map((s) => s.id)).toEqual([
        's2',
      ]);

      await stores.subscriptions.setState('s1', 'disabled', 'Bot bị chặn');
      expect(await stores.subscriptions.get('s1')).toMatchObject({
        state: 'disabled',
        disabledReason: 'Bot bị chặn',
      });
      expect((await stores.subscriptions.list({ state: 'active' })).map((s) => s.id)).toEqual([
        's2',
      ]);
      await stores.subscriptions.setState('s1', 'active', 'ignored');
      expect((await stores.subscriptions.get('s1'))?.disabledReason).toBeNull();

      const full = subscription('s2', {
        target: { platform: 'discord', chatId: '123' },
        origin: 'config',
      });
      await stores.subscriptions.upsert({ ...full, schedule: '30 6 * * 1-5' });
      expect(await stores.subscriptions.get('s2')).toEqual({ ...full, schedule: '30 6 * * 1-5' });

      expect(await stores.subscriptions.remove('s2')).toBe(true);
      expect(await stores.subscriptions.remove('s2')).toBe(false);
    });

    it('refuses a second subscription for the same target', async () => {
      await stores.subscriptions.upsert(subscription('s1'));
      const clash = subscription('other', { target: subscription('s1').target });
      await expect(stores.subscriptions.upsert(clash)).rejects.toBeInstanceOf(StoreConflictError);
    });

    it('stores filters NFC and the last digest slot', async () => {
      await stores.subscriptions.upsert(subscription('s1'));
      await stores.subscriptions.setFilters('s1', {
        topics: ['giao-thong'],
        places: ['Ba Đi\u0300nh'],
        keywords: ['metro'],
        excludeKeywords: ['bóng đá'],
      });
      await stores.subscriptions.setLastDigestAt('s1', new Date('2026-11-27T00:00:00Z'));
      const s = await stores.subscriptions.get('s1');
      expect(s?.filters).toEqual({
        topics: ['giao-thong'],
        places: ['Ba Đình'],
        keywords: ['metro'],
        excludeKeywords: ['bóng đá'],
      });
      expect(s?.lastDigestAt).toEqual(new Date('2026-11-27T00:00:00Z'));
    });

    it('migrateChat rewrites the chat id in subscriptions and the outbox', async () => {
      await stores.subscriptions.upsert(
        subscription('s1', { target: { platform: 'telegram', chatId: '-42' } }),
      );
      await stores.outbox.enqueue([chunk('-42', '2026-11-27T00:00:00.000Z', 0, 1, T0)]);
      await stores.subscriptions.migrateChat('telegram', '-42', '-100042');
      expect((await stores.subscriptions.get('s1'))?.target.chatId).toBe('-100042');
      expect(
        await stores.subscriptions.findByTarget({ platform: 'telegram', chatId: '-42' }),
      ).toBeNull();
      const [row] = await stores.outbox.due(T0, 10);
      expect(row).toMatchObject({
        targetKey: 'telegram:-100042',
        target: { platform: 'telegram', chatId: '-100042' },
      });
      // Another platform with the same chat id is untouched.
      await stores.subscriptions.upsert(
        subscription('d', { target: { platform: 'discord', chatId: '-7' } }),
      );
      await stores.subscriptions.migrateChat('telegram', '-7', '-1007');
      expect((await stores.subscriptions.get('d'))?.target.chatId).toBe('-7');
    });

    it('migrateChat keeps the subscription already at the new chat', async () => {
      await stores.subscriptions.upsert(
        subscription('old', { target: { platform: 'telegram', chatId: '-1' } }),
      );
      await stores.subscriptions.upsert(
        subscription('new', { target: { platform: 'telegram', chatId: '-1001' } }),
      );
      await stores.subscriptions.migrateChat('telegram', '-1', '-1001');
      expect((await stores.subscriptions.list()).map((s) => s.id)).toEqual(['new']);
    });
  });
});

describe('database URLs', () => {
  it('understands the sqlite forms', () => {
    expect(parseDatabaseUrl('sqlite::memory:')).toEqual({ kind: 'sqlite-memory' });
    expect(parseDatabaseUrl('sqlite:/var/lib/x.db')).toEqual({
      kind: 'sqlite',
      path: '/var/lib/x.db',
    });
    expect(parseDatabaseUrl('sqlite:///var/lib/x.db')).toEqual({
      kind: 'sqlite',
      path: '/var/lib/x.db',
    });
    expect(parseDatabaseUrl('sqlite:./data/h.db')).toMatchObject({
      kind: 'sqlite',
      path: expect.stringMatching(/\/data\/h\.db$/),
    });
  });

  it('understands PostgreSQL URLs, with an optional schema', () => {
    expect(parseDatabaseUrl('postgres://digest:s3cret@db:5432/hanoi')).toEqual({
      kind: 'postgres',
      connectionString: 'postgres://digest:s3cret@db:5432/hanoi',
      schema: null,
    });
    expect(parseDatabaseUrl('postgresql://db/hanoi?schema=city_a&sslmode=disable')).toEqual({
      kind: 'postgres',
      connectionString: 'postgresql://db/hanoi?sslmode=disable',
      schema: 'city_a',
    });
  });

  it('refuses a bad schema name without echoing the password', () => {
    const err = (() => {
      try {
        parseDatabaseUrl('postgres://digest:s3cret@db/hanoi?schema=A;drop');
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(UnsupportedDatabaseError);
    expect((err as Error).message).toMatch(/schema "A;drop"/);
    expect((err as Error).message).not.toContain('s3cret');
    expect((err as UnsupportedDatabaseError).scheme).toBe('postgres');
  });

  it('refuses other URLs', () => {
    expect(() => parseDatabaseUrl('mysql://x')).toThrow(UnsupportedDatabaseError);
    expect(() => parseDatabaseUrl('./data.db')).toThrow(/expected sqlite:<path>/);
    expect(() => parseDatabaseUrl('sqlite:')).toThrow(/no file path/);
  });
});
