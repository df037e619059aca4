import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Target } from '../../src/digest/model.js';
import type { OutboxRow, OutboxStore, RenderedChunk, Stores } from '../../src/digest/ports.js';
import { idempotencyKey } from '../../src/delivery/backoff.js';
import { createDeliveryWorker } from '../../src/delivery/outbox-worker.js';
import type { DeliveryWorkerOptions } from '../../src/delivery/outbox-worker.js';
import {
  ChatMigratedError,
  PermanentPublishError,
  TransientPublishError,
} from '../../src/delivery/publisher.js';
import { createStores } from '../../src/store/index.js';
import { createFakeClock } from '../helpers/fake-clock.js';
import type { FakeClock } from '../helpers/fake-clock.js';
import { createRecordingPublisher } from '../helpers/recording-publisher.js';
import type { RecordingPublisher } from '../helpers/recording-publisher.js';
import { makeSubscription } from './fixtures.js';

const SLOT = '2026-11-27T00:00:00.000Z';
const tg: Target = { platform: 'telegram', chatId: '-100123' };
const dc: Target = { platform: 'discord', chatId: '555' };

let stores: Stores;
let clock: FakeClock;
let telegram: RecordingPublisher;
let discord: RecordingPublisher;

beforeEach(async () => {
  clock = createFakeClock(SLOT);
  stores = await createStores('sqlite::memory:', { clock });
  telegram = createRecordingPublisher('telegram');
  discord = createRecordingPublisher('discord', { dedupByKey: true });
  await stores.subscriptions.upsert(makeSubscription('sub-tg', tg));
  await stores.subscriptions.upsert(makeSubscription('sub-dc', dc));
});
afterEach(async () => {
  await stores.close();
});

async function enqueue(target: Target, subscriptionId: string, chunks: string[]): Promise<void> {
  await stores.outbox.enqueue(
    chunks.map((text, chunkIndex) => ({
      targetKey: `${target.platform}:${target.chatId}`,
      target,
      subscriptionId,
      slot: SLOT,
      chunkIndex,
      chunkCount: chunks.length,
      payload: (target.platform === 'telegram'
        ? { kind: 'telegram', html: text }
        : { kind: 'discord', content: text }) as RenderedChunk,
      nextAttemptAt: clock.now(),
    })),
  );
}

function worker(
  over: Partial<DeliveryWorkerOptions> = {},
): ReturnType<typeof createDeliveryWorker> {
  return createDeliveryWorker({
    outbox: stores.outbox,
    subscriptions: stores.subscriptions,
    publishers: { telegram, discord },
    clock,
    random: () => 1,
    ...over,
  });
}

const texts = (p: RecordingPublisher): string[] =>
  // The payloads are the test renderers' (Telegram `html`, Discord `content`, console `text`).
  p.messages.map((m) => String(m.chunk['html'] ?? m.chunk['content'] ?? m.chunk['text'] ?? ''));

describe('delivery worker', () => {
  it('sends the chunks of a target in order and marks them sent with the message id', async () => {
    await enqueue(tg, 'sub-tg', ['a', 'b', 'c']);
    await enqueue(dc, 'sub-dc', ['x']);
    const report = await worker().drain();
    expect(report).toMatchObject({ sent: 4, retried: 0, failed: 0 });
    expect(texts(telegram)).toEqual(['a', 'b', 'c']);
    expect(telegram.messages.map((m) => m.meta)).toEqual(
      [0, 1, 2].map((i) => ({ chunkIndex: i, chunkCount: 3, slot: SLOT })),
    );
    const rows = await stores.outbox.list({ targetKey: 'telegram:-100123' });
    expect(rows.map((r) => [r.state, r.platformMessageId])).toEqual([
      ['sent', 'telegram-msg-1'],
      ['sent', 'telegram-msg-2'],
      ['sent', 'telegram-msg-3'],
    ]);
    expect(discord.messages[0]?.idempotencyKey).toBe(
      idempotencyKey({ targetKey: 'discord:555', slot: SLOT, chunkIndex: 0 }),
    );
    expect(await worker().drain()).toMatchObject({ sent: 0 });
  });

  it('backs off on a transient error, holds back the later chunks, and keeps other targets going', async () => {
    await enqueue(tg, 'sub-tg', ['a', 'b']);
    await enqueue(dc, 'sub-dc', ['x']);
    telegram.failNext(new TransientPublishError('429', tg, 30_000));
    const w = worker();
    const first = await w.drain();
    expect(first).toMatchObject({ sent: 1, retried: 1 });
    expect(texts(telegram)).toEqual([]);
    expect(texts(discord)).toEqual(['x']);
    const [a, b] = await stores.outbox.list({ targetKey: 'telegram:-100123' });
    expect(a).toMatchObject({
      state: 'pending',
      attempts: 1,
      lastError: 'TransientPublishError: 429',
    });
    expect(a?.nextAttemptAt.toISOString()).toBe('2026-11-27T00:00:30.000Z'); // retry_after beats the 2 s backoff
    expect(b).toMatchObject({ state: 'pending', attempts: 0 });

    // Chunk b is due but must not overtake a.
    clock.advance(10_000);
    expect(await w.drain()).toMatchObject({ sent: 0, deferred: 1 });
    expect(telegram.calls).toHaveLength(1);

    clock.advance(20_000);
    expect(await w.drain()).toMatchObject({ sent: 2 });
    expect(texts(telegram)).toEqual(['a', 'b']);
  });

  it('treats unknown errors as transient and fails the chunk (and the rest of its digest) after maxAttempts', async () => {
    await enqueue(tg, 'sub-tg', ['a', 'b']);
    const boom = (): Error => new Error('socket hang up');
    telegram.failNext(boom(), boom(), boom());
    const w = worker({ backoff: { baseMs: 1_000, maxAttempts: 3 } });
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      await w.drain();
      const [a] = await stores.outbox.list({ targetKey: 'telegram:-100123' });
      if (a?.state === 'pending') delays.push(a.nextAttemptAt.getTime() - clock.now().getTime());
      clock.advance(60_000);
    }
    expect(delays).toEqual([1_000, 2_000]);
    const [a] = await stores.outbox.list({ targetKey: 'telegram:-100123' });
    expect(a).toMatchObject({ state: 'failed', attempts: 3 });
    expect(a?.lastError).toMatch(/gave up after 3 attempts: Error: socket hang up/);
    await w.drain();
    const rows = await stores.outbox.list({ targetKey: 'telegram:-100123' });
    expect(rows.map((r) => r.state)).toEqual(['failed', 'failed']);
    expect(telegram.messages).toHaveLength(0);
  });

  it('disables the subscription on a permanent refusal and never retries', async () => {
    await enqueue(tg, 'sub-tg', ['a', 'b', 'c']);
    telegram.failNext(new PermanentPublishError('403', tg, 'bot was kicked from the group chat'));
    const w = worker();
    expect(await w.drain()).toMatchObject({ disabled: 1, sent: 0 });
    const sub = await stores.subscriptions.get('sub-tg');
    expect(sub).toMatchObject({
      state: 'disabled',
      disabledReason: 'bot was kicked from the group chat',
    });
    const rows = await stores.outbox.list({ targetKey: 'telegram:-100123' });
    expect(rows.map((r) => r.state)).toEqual(['failed', 'failed', 'failed']);
    clock.advance(3_600_000);
    await w.drain();
    expect(telegram.calls).toHaveLength(1);
  });

  it('follows a chat migration at once and moves the subscription', async () => {
    await enqueue(tg, 'sub-tg', ['a', 'b']);
    telegram.failNext(new ChatMigratedError('migrated', tg, '-100999'));
    const report = await worker().drain();
    expect(report).toMatchObject({ migrated: 1, sent: 2, retried: 0 });
    expect(
      telegram.messages.map((m) => [m.target.chatId, m.chunk.kind === 'telegram' && m.chunk.html]),
    ).toEqual([
      ['-100999', 'a'],
      ['-100999', 'b'],
    ]);
    expect((await stores.subscriptions.get('sub-tg'))?.target.chatId).toBe('-100999');
  });

  describe('a crash between send and mark', () => {
    /** An outbox that "dies" (every call throws) once a publish has been confirmed. */
    function dyingOutbox(real: OutboxStore): { outbox: OutboxStore; die: () => void } {
      let dead = false;
      const guard =
        <A extends unknown[], R>(fn: (...a: A) => Promise<R>) =>
        async (...a: A): Promise<R> => {
          if (dead) throw new Error('process died');
          return fn(...a);
        };
      const outbox: OutboxStore = {
        enqueue: guard(real.enqueue),
        due: guard(real.due),
        hasSlot: guard(real.hasSlot),
        markSent: guard(real.markSent),
        markRetry: guard(real.markRetry),
        markFailed: guard(real.markFailed),
        failPendingForTarget: guard(real.failPendingForTarget),
        list: guard(real.list),
        markAttempt: guard(real.markAttempt),
        inFlight: guard(real.inFlight),
        clearAttempt: guard(real.clearAttempt),
        wake: guard(real.wake),
        expireStale: guard(real.expireStale),
      };
      return { outbox, die: () => (dead = true) };
    }

    it.each([
      ['discord (nonce: nothing doubled)', dc, 'sub-dc', 1],
      ['telegram (no nonce: at-least-once, one duplicate)', tg, 'sub-tg', 2],
    ] as const)('%s', async (_name, target, subId, postedCopiesOfFirst) => {
      await enqueue(target, subId, ['a', 'b']);
      const pub = target.platform === 'discord' ? discord : telegram;
      const { outbox, die } = dyingOutbox(stores.outbox);
      pub.afterPost = () => {
        die();
        pub.afterPost = null;
      };
      await expect(
        createDeliveryWorker({
          outbox,
          subscriptions: stores.subscriptions,
          publishers: { telegram, discord },
          clock,
        }).drain(),
      ).rejects.toThrow('process died');
      const before: OutboxRow[] = await stores.outbox.list({
        targetKey: `${target.platform}:${target.chatId}`,
      });
      expect(before.map((r) => r.state)).toEqual(['pending', 'pending']);

      // Restart: a fresh worker over the same store.
      expect(await worker().drain()).toMatchObject({ sent: 2 });
      const after = await stores.outbox.list({ targetKey: `${target.platform}:${target.chatId}` });
      expect(after.map((r) => r.state)).toEqual(['sent', 'sent']);
      expect(texts(pub).filter((t) => t === 'a')).toHaveLength(postedCopiesOfFirst);
      expect(texts(pub).filter((t) => t === 'b')).toHaveLength(1);
      // The resend carried the same idempotency key as the first try.
      const keys = pub.calls.map((c) => c.idempotencyKey);
      expect(keys[0]).toBe(keys[1]);
    });
  });

  it('stop() lets an in-flight send finish and starts no new one', async () => {
    await enqueue(tg, 'sub-tg', ['a', 'b']);
    let release: () => void = () => {};
    let entered: () => void = () => {};
    const inPublish = new Promise<void>((r) => (entered = r));
    const slow = createRecordingPublisher('telegram');
    const gate = new Promise<void>((r) => (release = r));
    const publish = slow.publish.bind(slow);
    slow.publish = async (...args) => {
      entered();
      await gate;
      return publish(...args);
    };
    const w = createDeliveryWorker({
      outbox: stores.outbox,
      subscriptions: stores.subscriptions,
      publishers: { telegram: slow },
      clock,
    });
    w.start();
    await inPublish;
    const stopped = w.stop();
    release();
    await stopped;
    const rows = await stores.outbox.list({ targetKey: 'telegram:-100123' });
    expect(rows.map((r) => r.state)).toEqual(['sent', 'pending']);
    expect(slow.messages).toHaveLength(1);
  });

  it('passes every publish through the global rate limiter and reports when it finished', async () => {
    await enqueue(tg, 'sub-tg', ['a', 'b']);
    await enqueue(dc, 'sub-dc', ['x']);
    const order: string[] = [];
    const limiter = {
      acquire: async () => {
        order.push('acquire');
        return () => void order.push('release');
      },
    };
    const origTg = telegram.publish.bind(telegram);
    telegram.publish = async (...args) => {
      order.push('publish');
      return origTg(...args);
    };
    const origDc = discord.publish.bind(discord);
    discord.publish = async (...args) => {
      order.push('publish');
      return origDc(...args);
    };
    await worker({ limiter, concurrency: 1 }).drain();
    expect(order).toEqual([
      'acquire',
      'publish',
      'release',
      'acquire',
      'publish',
      'release',
      'acquire',
      'publish',
      'release',
    ]);
  });

  it('a platform without a publisher is retried later, not dropped', async () => {
    await enqueue(dc, 'sub-dc', ['x']);
    const report = await worker({ publishers: { telegram } }).drain();
    expect(report).toMatchObject({ retried: 1 });
    const [row] = await stores.outbox.list({ targetKey: 'discord:555' });
    expect(row?.lastError).toMatch(
      /NoPublisherError: No publisher configured for platform "discord"/,
    );
  });
});
