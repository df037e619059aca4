/**
 * The Discord publisher against the fake API: a scheduled digest reaching a
 * subscribed channel through the digest runner and the outbox worker, nonce
 * dedup, rate limits, refusals and a revoked token.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createDiscordBot,
  createDiscordPublisher,
  createDiscordRest,
  DiscordAuthError,
  nonceFor,
} from '../../src/bots/discord/index.js';
import { renderDiscordDigest } from '../../src/bots/discord/render.js';
import { createDeliveryWorker } from '../../src/delivery/outbox-worker.js';
import { createDigestRunner } from '../../src/delivery/digest-run.js';
import { PermanentPublishError, TransientPublishError } from '../../src/delivery/publisher.js';
import type { Subscription, Target } from '../../src/digest/model.js';
import type { Stores } from '../../src/digest/ports.js';
import { createStores } from '../../src/store/index.js';
import { TOPICS, fakeNews } from '../commands/fakes.js';
import { startFakeDiscordServer, type FakeDiscordServer } from '../helpers/fake-discord-server.js';
import { subscriptionFixture } from '../helpers/subscription-fixture.js';
import { STORIES } from './harness.js';

const CHANNEL = '300000000000000001';
const TARGET: Target = { platform: 'discord', chatId: CHANNEL };
const CHANNEL_POST = /^\/channels\/\d+\/messages$/;

function subscription(overrides: Partial<Subscription> = {}): Subscription {
  return subscriptionFixture(
    `discord:${CHANNEL}`,
    TARGET,
    new Date('2026-11-26T00:00:00Z'),
    overrides,
  );
}

describe('discord publisher', () => {
  let server: FakeDiscordServer;
  beforeEach(async () => {
    server = await startFakeDiscordServer();
  });
  afterEach(async () => {
    await server.close();
  });
  const publisher = (extra: { onAuthError?: (e: DiscordAuthError) => void } = {}) =>
    createDiscordPublisher({
      rest: createDiscordRest('test-token', {
        apiBase: server.apiBase,
        maxChannelRateLimitWaitMs: 1_000,
      }),
      ...extra,
    });

  describe('a scheduled digest', () => {
    let stores: Stores;
    beforeEach(async () => {
      stores = await createStores('sqlite::memory:');
    });
    afterEach(async () => {
      await stores.close();
    });

    it('arrives in the subscribed channel through the outbox, within limits and without mentions', async () => {
      await stores.subscriptions.upsert(subscription());
      const runner = createDigestRunner({
        news: fakeNews(STORIES),
        // A fixed past slot under the system clock: keep it fresh.
        maxAgeHours: 24 * 3650,
        subscriptions: stores.subscriptions,
        outbox: stores.outbox,
        renderers: { discord: (doc) => renderDiscordDigest(doc, { mode: 'embeds' }) },
      });
      const slot = new Date('2026-11-27T00:00:00Z');
      const run = await runner.runSlot(slot, await stores.subscriptions.list());
      expect(run.enqueuedRows).toBeGreaterThan(0);

      const worker = createDeliveryWorker({
        outbox: stores.outbox,
        subscriptions: stores.subscriptions,
        publishers: { discord: publisher() },
      });
      const report = await worker.drain();
      expect(report.sent).toBe(run.enqueuedRows);

      const messages = server.messages(CHANNEL);
      expect(messages).toHaveLength(run.enqueuedRows);
      const text = JSON.stringify(messages.map((m) => m.embeds));
      for (const s of STORIES) expect(text).toContain(s.title);
      const posts = server.calls.filter((c) => CHANNEL_POST.test(c.path));
      for (const p of posts) {
        expect(p.body).toMatchObject({ allowed_mentions: { parse: [] }, enforce_nonce: true });
        expect(String((p.body as { nonce: string }).nonce).length).toBeLessThanOrEqual(25);
      }
      expect(server.violations).toEqual([]);
      const sent = await stores.outbox.list({ state: 'sent' });
      expect(sent.map((r) => r.platformMessageId).sort()).toEqual(messages.map((m) => m.id).sort());
    });

    it('a 403 Missing Access disables the subscription with the reason', async () => {
      await stores.subscriptions.upsert(subscription());
      server.fail({
        method: 'POST',
        path: CHANNEL_POST,
        status: 403,
        body: { message: 'Missing Access', code: 50001 },
      });
      const runner = createDigestRunner({
        news: fakeNews(STORIES),
        // A fixed past slot under the system clock: keep it fresh.
        maxAgeHours: 24 * 3650,
        subscriptions: stores.subscriptions,
        outbox: stores.outbox,
        renderers: { discord: (doc) => renderDiscordDigest(doc, { mode: 'content' }) },
      });
      await runner.runSlot(new Date('2026-11-27T00:00:00Z'), await stores.subscriptions.list());
      const worker = createDeliveryWorker({
        outbox: stores.outbox,
        subscriptions: stores.subscriptions,
        publishers: { discord: publisher() },
      });
      const report = await worker.drain();
      expect(report.disabled).toBe(1);
      const sub = await stores.subscriptions.get(`discord:${CHANNEL}`);
      expect(sub?.state).toBe('disabled');
      expect(sub?.disabledReason).toContain('Missing Access');
      expect(server.messages(CHANNEL)).toHaveLength(0);
    });
  });

  it('the same idempotency key twice posts once (nonce + enforce_nonce)', async () => {
    const p = publisher();
    const key = 'k'.repeat(40); // longer than Discord's 25: hashed deterministically
    const a = await p.publish(TARGET, { kind: 'discord', content: 'Bản tin Hà Nội' }, key);
    const b = await p.publish(TARGET, { kind: 'discord', content: 'Bản tin Hà Nội' }, key);
    expect(b.messageId).toBe(a.messageId);
    expect(server.messages(CHANNEL)).toHaveLength(1);
    expect(server.messages(CHANNEL)[0]?.nonce).toBe(nonceFor(key));
    await p.publish(TARGET, { kind: 'discord', content: 'Bản tin Hà Nội' }, 'another-key');
    expect(server.messages(CHANNEL)).toHaveLength(2);
  });

  it('waits out a short 429 (retry_after) and then posts', async () => {
    server.fail({
      method: 'POST',
      path: CHANNEL_POST,
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: 0.05, global: false },
      headers: {
        'retry-after': '0.05',
        'x-ratelimit-limit': '5',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset-after': '0.05',
        'x-ratelimit-bucket': 'b1',
        'x-ratelimit-scope': 'user',
      },
    });
    const result = await publisher().publish(
      TARGET,
      { kind: 'discord', content: 'xin chào' },
      'rl-short',
    );
    expect(result.messageId).not.toBeNull();
    expect(server.calls.filter((c) => CHANNEL_POST.test(c.path)).map((c) => c.status)).toEqual([
      429, 200,
    ]);
  });

  it('a 429 longer than the allowed wait fails back as TransientPublishError with the wait', async () => {
    server.fail({
      method: 'POST',
      path: CHANNEL_POST,
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: 60, global: false },
      headers: {
        'retry-after': '60',
        'x-ratelimit-limit': '5',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset-after': '60',
        'x-ratelimit-bucket': 'b2',
        'x-ratelimit-scope': 'user',
      },
    });
    const err = await publisher()
      .publish(TARGET, { kind: 'discord', content: 'xin chào' }, 'rl-long')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientPublishError);
    expect((err as TransientPublishError).retryAfterMs).toBeGreaterThanOrEqual(59_000);
    expect(server.messages(CHANNEL)).toHaveLength(0);
  });

  it('403 Missing Permissions and 404 Unknown Channel are permanent, with the reason', async () => {
    server.fail({
      method: 'POST',
      path: CHANNEL_POST,
      status: 403,
      body: { message: 'Missing Permissions', code: 50013 },
    });
    const e1 = await publisher()
      .publish(TARGET, { kind: 'discord', content: 'a' }, 'p1')
      .catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(PermanentPublishError);
    expect((e1 as PermanentPublishError).reason).toMatch(/403 Missing Permissions \(50013\)/);

    server.fail({
      method: 'POST',
      path: CHANNEL_POST,
      status: 404,
      body: { message: 'Unknown Channel', code: 10003 },
    });
    const e2 = await publisher()
      .publish(TARGET, { kind: 'discord', content: 'a' }, 'p2')
      .catch((e: unknown) => e);
    expect(e2).toBeInstanceOf(PermanentPublishError);
    expect((e2 as PermanentPublishError).reason).toContain('Unknown Channel');
  });

  it('a payload over the limits is shortened before sending, never rejected by Discord', async () => {
    const long = 'Hà Nội '.repeat(500);
    await publisher().publish(
      TARGET,
      {
        kind: 'discord',
        content: long,
        embeds: Array.from({ length: 12 }, (_, i) => ({ title: `Tin ${i}`, description: long })),
      },
      'big',
    );
    const [m] = server.messages(CHANNEL);
    expect(m?.content.length).toBe(2000);
    expect(m?.embeds.length).toBeLessThanOrEqual(10);
    expect(server.violations).toEqual([]);
  });

  it('a chunk for another platform is a clear error, not a post', async () => {
    await expect(
      publisher().publish(TARGET, { kind: 'telegram', html: '<b>x</b>' }, 'x'),
    ).rejects.toThrow(/telegram chunk/);
    expect(server.calls.filter((c) => CHANNEL_POST.test(c.path))).toHaveLength(0);
  });

  it('401 stops the bot with a clear error and later publishes do not hit Discord', async () => {
    server.addGuild({ id: '200000000000000001', name: 'Hà Nội', channelIds: [CHANNEL] });
    const bot = createDiscordBot({
      token: 'test-token',
      applicationId: '900000000000000001',
      apiBase: server.apiBase,
      adminIds: [],
      topics: TOPICS,
      handlers: {
        handle: async () => ({ kind: 'ok', lines: [] }),
        handleCallback: async () => ({ kind: 'ok', lines: [] }),
        describe: () => [],
      },
    });
    await bot.start();
    const authErrors: DiscordAuthError[] = [];
    const p = createDiscordPublisher({ rest: bot.rest, onAuthError: (e) => authErrors.push(e) });
    server.fail({
      method: 'POST',
      path: CHANNEL_POST,
      status: 401,
      body: { message: '401: Unauthorized', code: 0 },
    });

    const err = await p
      .publish(TARGET, { kind: 'discord', content: 'a' }, 'a1')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DiscordAuthError);
    expect((err as Error).message).toContain('DISCORD_BOT_TOKEN');
    expect(authErrors).toHaveLength(1);
    await server.waitFor(() => bot.stopped, 'the bot to stop');
    expect(bot.stopped).toBe(true);

    const postsBefore = server.calls.filter((c) => CHANNEL_POST.test(c.path)).length;
    await expect(p.publish(TARGET, { kind: 'discord', content: 'b' }, 'a2')).rejects.toBeInstanceOf(
      DiscordAuthError,
    );
    expect(server.calls.filter((c) => CHANNEL_POST.test(c.path)).length).toBe(postsBefore);
    await bot.stop();
  });

  it('a publisher sharing the bot’s REST can post before the gateway is up', async () => {
    const bot = createDiscordBot({
      token: 'test-token',
      applicationId: '900000000000000001',
      apiBase: server.apiBase,
      adminIds: [],
      topics: TOPICS,
      handlers: {
        handle: async () => ({ kind: 'ok', lines: [] }),
        handleCallback: async () => ({ kind: 'ok', lines: [] }),
        describe: () => [],
      },
    });
    const result = await createDiscordPublisher({ rest: bot.rest }).publish(
      TARGET,
      { kind: 'discord', content: 'sớm' },
      'early',
    );
    expect(result.messageId).toBe(server.messages(CHANNEL)[0]?.id);
    await bot.stop();
  });

  it('a bad token fails start() with DiscordAuthError', async () => {
    const bot = createDiscordBot({
      token: 'wrong-token',
      applicationId: '900000000000000001',
      apiBase: server.apiBase,
      adminIds: [],
      topics: TOPICS,
      handlers: {
        handle: async () => ({ kind: 'ok', lines: [] }),
        handleCallback: async () => ({ kind: 'ok', lines: [] }),
        describe: () => [],
      },
    });
    await expect(bot.start()).rejects.toBeInstanceOf(DiscordAuthError);
    expect(bot.stopped).toBe(true);
    expect(server.identifies).toHaveLength(0);
  });
});
