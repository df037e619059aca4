/**
 * One user's flood against the loopback Bot API server: the flooder gets its
 * allowance and one polite notice, the rest is dropped and logged, and another
 * user's /topics is answered while the flooder's replies are still queued
 * behind the per-chat send limit.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  COMMAND_LIMIT_NOTICE,
  createCommandLimiter,
  createHeavyCommandPool,
} from '../../src/bots/commands/index.js';
import { createReplyQueue } from '../../src/bots/telegram/reply-queue.js';
import { silentLogger } from '../../src/digest/ports.js';
import type { FakeChat, FakeUser } from '../helpers/fake-telegram-server.js';
import { ALICE, BOB, PRIVATE_ALICE, shown, startHarness, type Harness } from './harness.js';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const PRIVATE_BOB: FakeChat = { id: BOB.id, type: 'private', first_name: 'Minh' };

describe('command limits', () => {
  it('10 per 30 s per user: the 11th gets the notice, later ones are dropped, the window slides', () => {
    let t = 0;
    const l = createCommandLimiter({ now: () => t });
    const verdicts = Array.from({ length: 14 }, () => l.check('1', '1'));
    expect(verdicts.slice(0, 10)).toEqual(Array(10).fill('ok'));
    expect(verdicts[10]).toBe('notice');
    expect(verdicts.slice(11)).toEqual(['drop', 'drop', 'drop']);
    // Another user in another chat is not affected.
    expect(l.check('2', '2')).toBe('ok');
    t += 30_001;
    expect(l.check('1', '1')).toBe('ok');
  });

  it('a group is limited as a whole too, whoever sends', () => {
    const l = createCommandLimiter({ perChat: { limit: 3 }, now: () => 0 });
    expect(['a', 'b', 'c', 'd', 'e'].map((u) => l.check(u, '-100'))).toEqual([
      'ok',
      'ok',
      'ok',
      'notice',
      'drop',
    ]);
  });

  it('the notice is Vietnamese NFC', () => {
    expect(COMMAND_LIMIT_NOTICE).toBe(COMMAND_LIMIT_NOTICE.normalize('NFC'));
    expect(COMMAND_LIMIT_NOTICE).toMatch(/Xin chờ/);
  });
});

describe('heavy command pool', () => {
  it('runs at most two heavy commands at once', async () => {
    const pool = createHeavyCommandPool(2);
    let running = 0;
    let peak = 0;
    const gates: (() => void)[] = [];
    const jobs = Array.from({ length: 6 }, () =>
      pool(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise<void>((r) => gates.push(r));
        running--;
      }),
    );
    for (let i = 0; i < 6; i++) {
      for (let k = 0; k < 5; k++) await new Promise((r) => setImmediate(r));
      gates.shift()?.();
    }
    await Promise.all(jobs);
    expect(peak).toBe(2);
  });
});

describe('reply queue', () => {
  it("a slow chat's backlog does not hold another chat's replies", async () => {
    const sent: string[] = [];
    const gates = new Map<number, () => void>();
    const q = createReplyQueue<string>({
      logger: silentLogger,
      send: (chatId, m) =>
        chatId === 1
          ? new Promise<void>((r) => gates.set(chatId, () => (sent.push(m), r())))
          : (sent.push(m), Promise.resolve()),
    });
    q.enqueue(1, ['a1', 'a2', 'a3']);
    q.enqueue(2, ['b1']);
    await new Promise((r) => setImmediate(r));
    expect(sent).toEqual(['b1']);
    for (let i = 0; i < 3; i++) {
      gates.get(1)?.();
      await new Promise((r) => setImmediate(r));
    }
    expect(sent).toEqual(['b1', 'a1', 'a2', 'a3']);
    await q.idle();
    expect(q.size()).toBe(0);
  });
});

describe('a flood end to end', () => {
  it('the flooder gets 10 replies and one notice; a second user is answered during the flood', async () => {
    // Real per-chat spacing (1 message per second per chat), as in production.
    h = await startHarness({
      limits: { perChatIntervalMs: 1_000, globalPerSecond: 25, perGroupPerMinute: 20 },
    });
    const server = h.server;
    const flooder: FakeUser = ALICE;
    for (let i = 0; i < 60; i++) server.sendText(PRIVATE_ALICE, flooder, '/topics');
    const bob = await h.say(PRIVATE_BOB, BOB, '/topics');
    expect(shown(bob)).not.toBe('');
    // Bob was answered while most of Alice's replies were still waiting their turn.
    const aliceBeforeBob = h
      .sentTo(ALICE.id)
      .filter((c) => server.calls.indexOf(c) < server.calls.indexOf(bob)).length;
    expect(aliceBeforeBob).toBeLessThan(11);

    // Alice's queued replies drain at one a second: wait for all 11.
    for (let i = 0; i < 200 && h.sentTo(ALICE.id).length < 11; i++)
      await new Promise((r) => setTimeout(r, 100));
    // Then a moment more, to be sure nothing else comes.
    await new Promise((r) => setTimeout(r, 1_500));
    const toAlice = h.sentTo(ALICE.id);
    expect(toAlice).toHaveLength(11);
    expect(toAlice.filter((c) => shown(c).includes('Xin chờ'))).toHaveLength(1);
    // The notice comes after the replies to the commands that were allowed.
    expect(shown(toAlice.at(-1)!)).toContain('Xin chờ');
    const dropped = h.logger.entries.filter((e) => e.msg === 'command dropped (over the limit)');
    expect(dropped).toHaveLength(49);
  }, 30_000);
});
