/**
 * Telegram counts one budget per chat, whoever sends: the composition root's
 * publishers and the bot's replies must book their sends in one limiter.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app/app.js';
import { createPublishers } from '../../src/app/publishers.js';
import { createRateLimiter } from '../../src/bots/telegram/index.js';
import { PRIVATE_ALICE, ALICE, startHarness, type Harness } from './harness.js';
import { Writable } from 'node:stream';

describe('one Telegram limiter for replies and digest sends', () => {
  let h: Harness | null = null;
  afterEach(async () => {
    await h?.close();
    h = null;
  });

  it('a digest send to a chat waits out the interval after a reply to it', async () => {
    // A frozen clock: every wait the limiter asks for is recorded, none is slept.
    const waits: number[] = [];
    const limiter = createRateLimiter({
      limits: { perChatIntervalMs: 1000, globalPerSecond: 1000, perGroupPerMinute: 1000 },
      now: () => 1_000_000,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    h = await startHarness({ limiter });
    await h.say(PRIVATE_ALICE, ALICE, '/help');
    const repliesWaited = waits.length;

    const app = {
      env: { TELEGRAM_BOT_TOKEN: h.server.token, TELEGRAM_API_ROOT: h.server.apiRoot },
      logger: h.logger,
    } as unknown as App;
    const sink = new Writable({ write: (_c, _e, cb) => cb() });
    const { publishers, missing } = await createPublishers(app, {
      consoleOut: sink,
      telegramApi: h.tg.bot.api,
      telegramLimiter: limiter,
    });
    expect(missing).not.toContain('telegram');
    await publishers.telegram.publish(
      { platform: 'telegram', chatId: String(ALICE.id) },
      { kind: 'telegram', html: '<b>Bản tin</b>' },
      'k1',
    );
    // The send booked its slot one interval after the reply's, in the same limiter.
    expect(waits.slice(repliesWaited)).toEqual([1000]);
    expect(h.sentTo(ALICE.id).length).toBeGreaterThanOrEqual(2);
  });
});
