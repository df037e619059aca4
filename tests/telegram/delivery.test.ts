import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTelegramPublisher } from '../../src/bots/telegram/publisher.js';
import { renderTelegramDigest } from '../../src/bots/telegram/render.js';
import { createDeliveryWorker } from '../../src/delivery/outbox-worker.js';
import { createDigestRunner } from '../../src/delivery/digest-run.js';
import { ALICE, BOB, GROUP, PRIVATE_ALICE, shown, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

function pipeline() {
  const publisher = createTelegramPublisher({
    api: h.tg.bot,
    limits: { perChatIntervalMs: 0, globalPerSecond: 1000, perGroupPerMinute: 1000 },
    retry: { maxRetryAttempts: 1, maxDelaySeconds: 1 },
  });
  const runner = createDigestRunner({
    news: h.news,
    // A fixed past slot under the system clock: keep it fresh.
    maxAgeHours: 24 * 3650,
    subscriptions: h.stores.subscriptions,
    outbox: h.stores.outbox,
    renderers: { telegram: (d) => renderTelegramDigest(d) },
  });
  const worker = createDeliveryWorker({
    outbox: h.stores.outbox,
    subscriptions: h.stores.subscriptions,
    publishers: { telegram: publisher },
    random: () => 0,
  });
  return { runner, worker };
}

describe('scheduled digest over Telegram', () => {
  it('a chat that subscribed with /subscribe receives its scheduled digest', async () => {
    await h.say(PRIVATE_ALICE, ALICE, '/subscribe giao thông 07:00');
    const { runner, worker } = pipeline();
    const slot = new Date('2026-11-27T00:00:00Z');
    await runner.runSlot(slot, await h.stores.subscriptions.list({ state: 'active' }));
    const report = await worker.drain();
    expect(report.sent).toBeGreaterThan(0);
    const last = h.sentTo(ALICE.id).at(-1)!;
    expect(shown(last)).toContain('Bản tin Hà Nội');
    expect(shown(last)).toContain('Khởi công đường vành đai 4');
    expect(shown(last)).not.toContain('Ngập úng');
    expect(last.params['link_preview_options']).toEqual({ is_disabled: true });
    expect((await h.stores.outbox.list({ state: 'sent' })).length).toBe(report.sent);
  });

  it('403 from a group disables its subscription with the reason', async () => {
    h.server.setMember(GROUP.id, BOB.id, 'creator');
    await h.say(GROUP, BOB, '/subscribe');
    h.server.fail({
      method: 'sendMessage',
      chatId: String(GROUP.id),
      error_code: 403,
      description: 'Forbidden: bot was kicked from the supergroup chat',
    });
    const { runner, worker } = pipeline();
    await runner.runSlot(new Date('2026-11-27T00:00:00Z'), await h.stores.subscriptions.list());
    const report = await worker.drain();
    expect(report.disabled).toBe(1);
    const sub = (await h.stores.subscriptions.list())[0]!;
    expect(sub.state).toBe('disabled');
    expect(sub.disabledReason).toBe('Forbidden: bot was kicked from the supergroup chat');
  });

  it('migrate_to_chat_id moves the stored chat id and the digest goes to the new chat', async () => {
    const old = { id: -4001, type: 'group' as const, title: 'Nhóm cũ' };
    const moved = { id: -1004001, type: 'supergroup' as const, title: 'Nhóm cũ' };
    h.server.setMember(old.id, BOB.id, 'administrator');
    h.server.addChat(moved);
    await h.say(old, BOB, '/subscribe');
    h.server.fail({
      method: 'sendMessage',
      chatId: String(old.id),
      times: 10,
      error_code: 400,
      description: 'Bad Request: group chat was upgraded to a supergroup chat',
      parameters: { migrate_to_chat_id: moved.id },
    });
    const { runner, worker } = pipeline();
    await runner.runSlot(new Date('2026-11-27T00:00:00Z'), await h.stores.subscriptions.list());
    const report = await worker.drain();
    expect(report.migrated).toBe(1);
    expect((await h.stores.subscriptions.list())[0]?.target.chatId).toBe(String(moved.id));
    expect(shown(h.sentTo(moved.id).at(-1)!)).toContain('Bản tin Hà Nội');
  });
});
