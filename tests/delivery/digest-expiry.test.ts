/** Every enqueued digest carries when it stops being fresh: the next slot, or 12 h. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Stores } from '../../src/digest/ports.js';
import { createDigestRunner } from '../../src/delivery/digest-run.js';
import { nextSlot } from '../../src/scheduler/index.js';
import { createStores } from '../../src/store/index.js';
import { createFakeClock } from '../helpers/fake-clock.js';
import { createCountingNews, makeSubscription, testRenderers } from './fixtures.js';

const SLOT = new Date('2026-11-27T00:00:00.000Z'); // 07:00 in Hà Nội
let stores: Stores;

beforeEach(async () => {
  stores = await createStores('sqlite::memory:', { clock: createFakeClock(SLOT) });
});
afterEach(async () => {
  await stores.close();
});

function runner(withNextSlot: boolean) {
  return createDigestRunner({
    news: createCountingNews(3),
    subscriptions: stores.subscriptions,
    outbox: stores.outbox,
    renderers: testRenderers,
    clock: createFakeClock(SLOT),
    ...(withNextSlot
      ? { nextSlot: (sub, after) => nextSlot(sub.schedule, sub.timezone, after) }
      : {}),
  });
}

describe('digest freshness', () => {
  it('a subscription every 2 hours: fresh until its next slot', async () => {
    const sub = makeSubscription(
      'a',
      { platform: 'telegram', chatId: '1' },
      { schedule: '0 */2 * * *', timezone: 'Asia/Ho_Chi_Minh' },
    );
    await runner(true).runSlot(SLOT, [sub]);
    const rows = await stores.outbox.list();
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.expiresAt?.toISOString()).toBe('2026-11-27T01:00:00.000Z'); // 08:00 in Hà Nội;
  });

  it('a daily subscription: fresh for 12 h', async () => {
    const sub = makeSubscription('b', { platform: 'discord', chatId: '2' });
    await runner(true).runSlot(SLOT, [sub]);
    for (const r of await stores.outbox.list())
      expect(r.expiresAt?.toISOString()).toBe('2026-11-27T12:00:00.000Z');
  });

  it('without a next-slot function: 12 h', async () => {
    const sub = makeSubscription(
      'c',
      { platform: 'telegram', chatId: '3' },
      { schedule: '0 */2 * * *', timezone: 'Asia/Ho_Chi_Minh' },
    );
    await runner(false).runSlot(SLOT, [sub]);
    for (const r of await stores.outbox.list())
      expect(r.expiresAt?.toISOString()).toBe('2026-11-27T12:00:00.000Z');
  });
});
