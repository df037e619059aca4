/**
 * A digest is delivered or expires, never silently dropped: long outages,
 * runs of 500s, 429 floors, expiry with one admin notice per outage, rows
 * in flight at a crash, and the Telegram in-flight gate.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Target } from '../../src/digest/model.js';
import type { RenderedChunk, Stores } from '../../src/digest/ports.js';
import { createDeliveryWorker } from '../../src/delivery/outbox-worker.js';
import type { DeliveryNotice, DeliveryWorkerOptions } from '../../src/delivery/outbox-worker.js';
import { createInFlightGate } from '../../src/delivery/platform-health.js';
import { PermanentPublishError, TransientPublishError } from '../../src/delivery/publisher.js';
import type { Publisher } from '../../src/delivery/publisher.js';
import { createStores } from '../../src/store/index.js';
import { createFakeClock } from '../helpers/fake-clock.js';
import type { FakeClock } from '../helpers/fake-clock.js';
import { createRecordingPublisher } from '../helpers/recording-publisher.js';
import type { RecordingPublisher } from '../helpers/recording-publisher.js';
import { makeSubscription } from './fixtures.js';

const SLOT = '2026-11-27T00:00:00.000Z';
const chats = Array.from({ length: 5 }, (_, i): Target => ({
  platform: 'telegram',
  chatId: String(-1000 - i),
}));

let stores: Stores;
let clock: FakeClock;
let telegram: RecordingPublisher;

beforeEach(async () => {
  clock = createFakeClock(SLOT);
  stores = await createStores('sqlite::memory:', { clock });
  telegram = createRecordingPublisher('telegram');
  for (const [i, t] of chats.entries())
    await stores.subscriptions.upsert(makeSubscription(`sub-${i}`, t));
});
afterEach(async () => {
  await stores.close();
});

async function enqueueAll(expiresAt: Date | null = null): Promise<void> {
  for (const [i, t] of chats.entries()) {
    await stores.outbox.enqueue([
      {
        targetKey: `telegram:${t.chatId}`,
        target: t,
        subscriptionId: `sub-${i}`,
        slot: SLOT,
        chunkIndex: 0,
        chunkCount: 1,
        payload: { kind: 'telegram', html: `digest ${i}` } as RenderedChunk,
        nextAttemptAt: clock.now(),
        expiresAt,
      },
    ]);
  }
}

function worker(over: Partial<DeliveryWorkerOptions> = {}) {
  return createDeliveryWorker({
    outbox: stores.outbox,
    subscriptions: stores.subscriptions,
    publishers: { telegram },
    clock,
    random: () => 1,
    ...over,
  });
}

const serverError = (): TransientPublishError =>
  new TransientPublishError('500 Internal Server Error', chats[0]!, null);

/** Drains, then moves the clock in `stepMs` steps until `untilMs` has passed. */
async function run(
  w: ReturnType<typeof worker>,
  untilMs: number,
  stepMs = 5_000,
): Promise<{ expired: number; sent: number }> {
  const end = clock.now().getTime() + untilMs;
  let expired = 0;
  let sent = 0;
  while (clock.now().getTime() <= end) {
    const r = await w.drain();
    expired += r.expired;
    sent += r.sent;
    clock.advance(stepMs);
  }
  return { expired, sent };
}

describe('retry while fresh', () => {
  it('40 consecutive 500s then recovery: every digest is delivered once', async () => {
    await enqueueAll();
    telegram.failNext(...Array.from({ length: 40 }, serverError));
    const w = worker();
    const { expired } = await run(w, 60 * 60_000);
    expect(expired).toBe(0);
    const rows = await stores.outbox.list();
    expect(rows.map((r) => r.state)).toEqual(Array(5).fill('sent'));
    expect(telegram.messages.map((m) => m.target.chatId).sort()).toEqual(
      chats.map((c) => c.chatId).sort(),
    );
  });

  it('never waits more than 5 minutes between tries, far past the old 8-attempt budget', async () => {
    await enqueueAll();
    telegram.failNext(...Array.from({ length: 200 }, serverError));
    const w = worker({ probeIntervalMs: 10 * 60_000 });
    const gaps: number[] = [];
    for (let i = 0; i < 30; i++) {
      await w.drain();
      const [row] = await stores.outbox.list({ targetKey: 'telegram:-1000' });
      if (row?.state !== 'pending') break;
      gaps.push(row.nextAttemptAt.getTime() - clock.now().getTime());
      clock.set(row.nextAttemptAt);
    }
    expect(gaps.length).toBe(30);
    expect(Math.max(...gaps)).toBe(5 * 60_000);
    const [row] = await stores.outbox.list({ targetKey: 'telegram:-1000' });
    expect(row?.state).toBe('pending');
  });

  it('after an outage the pending rows go out as soon as one probe succeeds', async () => {
    await enqueueAll();
    // A long outage: every row has backed off to minutes.
    telegram.failNext(...Array.from({ length: 45 }, serverError));
    const w = worker({ probeIntervalMs: 15_000 });
    for (let i = 0; i < 60 && telegram.messages.length === 0; i++) {
      await w.drain();
      clock.advance(15_000);
    }
    // The probe that succeeded woke the others: all five are out in the same round.
    const rows = await stores.outbox.list();
    expect(rows.map((r) => r.state)).toEqual(Array(5).fill('sent'));
  });

  it('a 429 retry_after floor is never undercut, even by a wake-up', async () => {
    await enqueueAll();
    telegram.failNext(
      new TransientPublishError('429 Too Many Requests', chats[0]!, 60_000),
      ...Array.from({ length: 4 }, serverError),
    );
    const w = worker({ probeIntervalMs: 1_000 });
    await w.drain();
    const start = clock.now().getTime();
    const firstSend = new Map<string, number>();
    for (let i = 0; i < 200 && firstSend.size < 5; i++) {
      await w.drain();
      for (const m of telegram.messages)
        if (!firstSend.has(m.target.chatId)) firstSend.set(m.target.chatId, clock.now().getTime());
      clock.advance(1_000);
    }
    expect(firstSend.size).toBe(5);
    expect(firstSend.get('-1000')! - start).toBeGreaterThanOrEqual(60_000);
  });
});

describe('expiry', () => {
  it('an unsendable row expires with its reason; admins hear once per outage', async () => {
    await enqueueAll(new Date(Date.parse(SLOT) + 30 * 60_000));
    const notices: DeliveryNotice[] = [];
    telegram.failNext(...Array.from({ length: 1000 }, serverError));
    const w = worker({ notifier: (n) => void notices.push(n) });
    const { expired } = await run(w, 40 * 60_000);
    expect(expired).toBe(5);
    const rows = await stores.outbox.list();
    expect(rows.map((r) => r.state)).toEqual(Array(5).fill('expired'));
    expect(rows[0]?.lastError).toMatch(/^expired .*last error: .*500 Internal Server Error/);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ platform: 'telegram', expiredRows: 5 });
    expect(notices[0]?.outageSince).toBeInstanceOf(Date);
  });

  it('expiries without an outage (no publisher) notify at most once an hour', async () => {
    await enqueueAll(null);
    const notices: DeliveryNotice[] = [];
    const w = worker({
      publishers: {},
      maxAgeMs: 10 * 60_000,
      notifier: (n) => void notices.push(n),
    });
    await run(w, 11 * 60_000, 60_000);
    expect((await stores.outbox.list({ state: 'expired' })).length).toBe(5);
    // Another slot's rows expire 20 minutes later: still within the hour.
    for (const [i, t] of chats.entries())
      await stores.outbox.enqueue([
        {
          targetKey: `telegram:${t.chatId}`,
          target: t,
          subscriptionId: `sub-${i}`,
          slot: clock.now().toISOString(),
          chunkIndex: 0,
          chunkCount: 1,
          payload: { kind: 'telegram', html: 'later' } as RenderedChunk,
          nextAttemptAt: clock.now(),
        },
      ]);
    await run(w, 11 * 60_000, 60_000);
    expect((await stores.outbox.list({ state: 'expired' })).length).toBe(10);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.outageSince).toBeNull();
  });

  it('rows without their own expiry use the max age after the slot', async () => {
    await enqueueAll(null);
    telegram.failNext(...Array.from({ length: 1000 }, serverError));
    const w = worker({ maxAgeMs: 20 * 60_000, probeIntervalMs: 60_000 });
    await run(w, 19 * 60_000, 60_000);
    expect((await stores.outbox.list({ state: 'expired' })).length).toBe(0);
    await run(w, 2 * 60_000, 60_000);
    expect((await stores.outbox.list({ state: 'expired' })).length).toBe(5);
  });

  it('permanent refusals still disable at once', async () => {
    await enqueueAll();
    telegram.failNext(
      new PermanentPublishError('403 Forbidden: bot was blocked', chats[0]!, 'blocked'),
    );
    await worker().drain();
    expect((await stores.outbox.list({ state: 'failed' })).map((r) => r.targetKey)).toEqual([
      'telegram:-1000',
    ]);
    expect((await stores.subscriptions.get('sub-0'))?.state).toBe('disabled');
  });
});

describe('a row in flight at a crash', () => {
  it('the attempt is recorded before the send, and decided on at the next start', async () => {
    await enqueueAll();
    let seen: unknown = null;
    telegram.afterPost = async () => {
      seen = (await stores.outbox.list({ targetKey: 'telegram:-1000' }))[0]?.attemptStartedAt;
      telegram.afterPost = null;
    };
    await worker().drain();
    expect(seen).toBeInstanceOf(Date);
    const row = (await stores.outbox.list({ targetKey: 'telegram:-1000' }))[0];
    expect(row?.attemptStartedAt).toBeNull();
  });

  it('fresh rows are sent again; stale ones expire instead of arriving late', async () => {
    await enqueueAll(new Date(Date.parse(SLOT) + 60 * 60_000));
    const rows = await stores.outbox.list();
    // A previous process recorded attempts for two rows and died.
    await stores.outbox.markAttempt(rows[0]!.id, clock.now());
    await stores.outbox.markAttempt(rows[1]!.id, clock.now());
    const r = await worker().drain();
    expect(r.recovered).toBe(2);
    expect(r.sent).toBe(5);
    expect((await stores.outbox.list())[0]?.lastError).toBeNull();

    await stores.close();
    stores = await createStores('sqlite::memory:', { clock });
    for (const [i, t] of chats.entries())
      await stores.subscriptions.upsert(makeSubscription(`sub-${i}`, t));
    await enqueueAll(new Date(Date.parse(SLOT) + 60 * 60_000));
    const again = await stores.outbox.list();
    await stores.outbox.markAttempt(again[0]!.id, clock.now());
    clock.advance(2 * 3_600_000);
    const r2 = await worker().drain();
    expect(r2.recovered).toBe(1);
    expect(r2.sent).toBe(0);
    expect((await stores.outbox.list({ state: 'expired' })).length).toBe(5);
    expect((await stores.outbox.list({ state: 'expired' }))[0]?.lastError).toMatch(
      /in flight at a crash/,
    );
  });
});

describe('in-flight gate', () => {
  function slowPublisher(): Publisher & { inFlight: number; peak: number; finish: () => void } {
    const waiting: (() => void)[] = [];
    const p = {
      platform: 'telegram' as const,
      inFlight: 0,
      peak: 0,
      finish: () => waiting.splice(0).forEach((f) => f()),
      async publish() {
        p.inFlight++;
        p.peak = Math.max(p.peak, p.inFlight);
        await new Promise<void>((r) => waiting.push(r));
        p.inFlight--;
        return { messageId: 'm' };
      },
    };
    return p;
  }

  it('keeps one Telegram send in flight while answers are slow; more once they are fast', async () => {
    let t = 0;
    const gate = createInFlightGate({
      platforms: ['telegram'],
      max: 4,
      slowMs: 1_000,
      now: () => t,
    });
    const releases = await Promise.all([gate.acquire('telegram')]);
    let second = false;
    const pending = gate.acquire('telegram').then((r) => {
      second = true;
      return r;
    });
    await Promise.resolve();
    expect(second).toBe(false);
    t += 5_000; // slow answer
    releases[0]!('ok');
    const r2 = await pending;
    // Still one at a time after a slow answer.
    let third = false;
    const p3 = gate.acquire('telegram').then((r) => ((third = true), r));
    await Promise.resolve();
    expect(third).toBe(false);
    r2('ok'); // fast answer: the limit grows
    const r3 = await p3;
    const r4 = await gate.acquire('telegram');
    r3('ok');
    r4('ok');
    // Discord is not gated.
    const d = await Promise.all([1, 2, 3].map(() => gate.acquire('discord')));
    d.forEach((r) => r('ok'));
  });

  it('the worker never has more than one slow Telegram send in flight', async () => {
    await enqueueAll();
    const pub = slowPublisher();
    let t = 0;
    const gate = createInFlightGate({ platforms: ['telegram'], max: 4, slowMs: 100, now: () => t });
    const w = worker({ publishers: { telegram: pub }, gate, concurrency: 4 });
    const drained = w.drain();
    for (let i = 0; i < 5; i++) {
      for (let k = 0; k < 20; k++) await new Promise((r) => setImmediate(r));
      t += 1_000;
      pub.finish();
    }
    for (let k = 0; k < 20; k++) await new Promise((r) => setImmediate(r));
    pub.finish();
    const r = await drained;
    expect(r.sent).toBe(5);
    expect(pub.peak).toBe(1);
  });
});
