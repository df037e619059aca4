/**
 * End to end against the loopback Bot API server: a Telegram outage around a
 * slot, a run of 500s and a long 429 lose nothing and double nothing.
 * Time is compressed with a fake clock for the worker's schedule; requests
 * are real HTTP.
 */
import { Api } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTelegramPublisher } from '../../src/bots/telegram/publisher.js';
import type { Target } from '../../src/digest/model.js';
import type { RenderedChunk, Stores } from '../../src/digest/ports.js';
import { createDeliveryWorker } from '../../src/delivery/outbox-worker.js';
import type { DeliveryNotice } from '../../src/delivery/outbox-worker.js';
import { createStores } from '../../src/store/index.js';
import { createFakeClock, type FakeClock } from '../helpers/fake-clock.js';
import {
  startFakeTelegramServer,
  type FakeTelegramServer,
} from '../helpers/fake-telegram-server.js';
import { makeSubscription } from '../delivery/fixtures.js';

const SLOT = '2026-11-27T00:00:00.000Z';
const CHATS = 12;

let server: FakeTelegramServer;
let stores: Stores;
let clock: FakeClock;
let notices: DeliveryNotice[];

beforeEach(async () => {
  server = await startFakeTelegramServer();
  clock = createFakeClock(new Date(Date.parse(SLOT) - 60_000));
  stores = await createStores('sqlite::memory:', { clock });
  notices = [];
  for (let i = 0; i < CHATS; i++) {
    const id = -2000 - i;
    server.addChat({ id, type: 'group', title: `Nhóm ${i}` });
    await stores.subscriptions.upsert(
      makeSubscription(`sub-${i}`, { platform: 'telegram', chatId: String(id) }),
    );
  }
});
afterEach(async () => {
  await stores.close();
  await server.close();
});

function worker() {
  const api = new Api(server.token, { apiRoot: server.apiRoot });
  const publisher = createTelegramPublisher({
    api,
    limits: { perChatIntervalMs: 0, globalPerSecond: 1000, perGroupPerMinute: 1000 },
    retry: { maxRetryAttempts: 0, maxDelaySeconds: 0 },
  });
  return createDeliveryWorker({
    outbox: stores.outbox,
    subscriptions: stores.subscriptions,
    publishers: { telegram: publisher },
    clock,
    notifier: (n) => void notices.push(n),
  });
}

async function enqueueSlot(): Promise<void> {
  for (let i = 0; i < CHATS; i++) {
    const target: Target = { platform: 'telegram', chatId: String(-2000 - i) };
    await stores.outbox.enqueue([
      {
        targetKey: `telegram:${target.chatId}`,
        target,
        subscriptionId: `sub-${i}`,
        slot: SLOT,
        chunkIndex: 0,
        chunkCount: 1,
        payload: { kind: 'telegram', html: `Bản tin <b>${i}</b>` } as RenderedChunk,
        nextAttemptAt: clock.now(),
        expiresAt: new Date(Date.parse(SLOT) + 12 * 3_600_000),
      },
    ]);
  }
}

/** Copies of the digest each chat received. */
function copies(): number[] {
  return Array.from(
    { length: CHATS },
    (_, i) => server.messages.filter((m) => m.chatId === String(-2000 - i)).length,
  );
}

async function tick(w: ReturnType<typeof worker>, ms: number, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    await w.drain();
    clock.advance(ms);
  }
}

describe('Telegram outages end to end', () => {
  it('a 3-minute outage around the slot: every chat gets its digest once, after recovery', async () => {
    const w = worker();
    server.setDown(true);
    clock.advance(60_000); // the slot, during the outage
    await enqueueSlot();
    await tick(w, 10_000, 18); // 3 minutes down
    expect(copies().every((n) => n === 0)).toBe(true);
    expect((await stores.outbox.list({ state: 'pending' })).length).toBe(CHATS);
    server.setDown(false);
    await tick(w, 10_000, 3); // the next probe succeeds and wakes the rest
    expect(copies()).toEqual(Array(CHATS).fill(1));
    expect(await stores.outbox.list({ state: 'expired' })).toEqual([]);
    expect(notices).toEqual([]);
  });

  it('40 consecutive 500s', async () => {
    const w = worker();
    await enqueueSlot();
    server.fail({
      method: 'sendMessage',
      times: 40,
      error_code: 500,
      description: 'Internal Server Error',
    });
    await tick(w, 15_000, 40);
    expect(copies()).toEqual(Array(CHATS).fill(1));
  });

  it('429 with retry_after 60 is waited out, then everything goes', async () => {
    const w = worker();
    await enqueueSlot();
    server.fail({
      method: 'sendMessage',
      times: 3,
      error_code: 429,
      description: 'Too Many Requests: retry after 60',
      parameters: { retry_after: 60 },
    });
    await tick(w, 5_000, 10);
    expect(copies().filter((n) => n === 1).length).toBeLessThan(CHATS);
    await tick(w, 5_000, 20);
    expect(copies()).toEqual(Array(CHATS).fill(1));
  });

  it('an outage longer than the digest is fresh: expired with the reason, admins told once', async () => {
    const w = worker();
    server.setDown(true);
    await enqueueSlot();
    await tick(w, 30 * 60_000, 30); // 15 hours down
    const expired = await stores.outbox.list({ state: 'expired' });
    expect(expired.length).toBe(CHATS);
    expect(expired[0]?.lastError).toMatch(/network error/);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.expiredRows).toBe(CHATS);
    expect(copies().every((n) => n === 0)).toBe(true);
  });
});
