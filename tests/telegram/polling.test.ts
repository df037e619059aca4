import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { CONFLICT_MESSAGE } from '../../src/bots/telegram/bot.js';
import { ALICE, PRIVATE_ALICE, shown, startHarness } from './harness.js';

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('telegram polling and webhook', () => {
  it('409 Conflict is logged clearly, polling pauses with growing backoff, then resumes', async () => {
    const h = await startHarness({ conflictBackoff: { initialMs: 50, maxMs: 1000 } });
    try {
      h.server.fail({
        method: 'getUpdates',
        times: 3,
        error_code: 409,
        description:
          'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
      });
      const reply = await h.say(PRIVATE_ALICE, ALICE, '/start');
      expect(shown(reply)).toContain('Chào bạn!');
      const conflicts = h.logger.entries.filter((e) => e.msg === CONFLICT_MESSAGE);
      expect(conflicts.map((e) => (e.obj as { retryInMs: number }).retryInMs)).toEqual([
        50, 100, 200,
      ]);
      expect(conflicts.every((e) => e.level === 'error')).toBe(true);
      expect(
        h.server.callsOf('getUpdates').filter((c) => c.response['error_code'] === 409),
      ).toHaveLength(3);
    } finally {
      await h.close();
    }
  });

  it('two instances on one token: the conflict is logged and neither crashes', async () => {
    const h = await startHarness({ conflictBackoff: { initialMs: 100, maxMs: 200 } });
    try {
      const { createTelegramBot } = await import('../../src/bots/telegram/bot.js');
      const { memoryLogger } = await import('./harness.js');
      const log2 = memoryLogger();
      const second = createTelegramBot({
        token: h.server.token,
        apiRoot: h.server.apiRoot,
        adminIds: [],
        handlers: {
          handle: async () => ({ kind: 'ok', lines: [] }),
          handleCallback: async () => ({ kind: 'ok', lines: [] }),
          describe: () => [],
        },
        logger: log2,
        pollTimeoutSeconds: 1,
        conflictBackoff: { initialMs: 100, maxMs: 200 },
      });
      // setMyCommands with an empty list is allowed by the Bot API (it clears the list).
      await second.start();
      await h.server.waitForCall(
        (c) => c.method === 'getupdates' && c.response['error_code'] === 409,
      );
      await second.stop();
      // The first instance still answers.
      const reply = await h.say(PRIVATE_ALICE, ALICE, '/help');
      expect(shown(reply)).toContain('Các lệnh');
      const all = [...h.logger.entries, ...log2.entries].filter((e) => e.msg === CONFLICT_MESSAGE);
      expect(all.length).toBeGreaterThan(0);
    } finally {
      await h.close();
    }
  });

  it('refuses a webhook without a usable secret before contacting Telegram', async () => {
    const { createTelegramBot, TelegramConfigError } =
      await import('../../src/bots/telegram/bot.js');
    const handlers = {
      handle: async () => ({ kind: 'ok' as const, lines: [] }),
      handleCallback: async () => ({ kind: 'ok' as const, lines: [] }),
      describe: () => [],
    };
    const make = (secret: string) => () =>
      createTelegramBot({
        token: '1:x',
        adminIds: [],
        handlers,
        webhook: { url: 'https://bot.example/hook', secret, port: 8080 },
      });
    expect(make('')).toThrow(TelegramConfigError);
    expect(make('has spaces')).toThrow(/webhook.secret/);
    expect(make('ok_secret-1')).not.toThrow();
  });

  it('webhook mode: sets the webhook with a secret and only accepts updates carrying it', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/telegram/hook`;
    const h = await startHarness({
      webhook: { url, secret: 's3cret_token-1', port, host: '127.0.0.1' },
    });
    try {
      const set = h.server.callsOf('setWebhook')[0]!;
      expect(set.params).toMatchObject({ url, secret_token: 's3cret_token-1' });
      expect(h.server.callsOf('getUpdates')).toHaveLength(0);
      const reply = await h.say(PRIVATE_ALICE, ALICE, '/start');
      expect(shown(reply)).toContain('Chào bạn!');
      const wrong = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'nope' },
        body: JSON.stringify({
          update_id: 999,
          message: {
            message_id: 1,
            date: 0,
            chat: PRIVATE_ALICE,
            from: ALICE,
            text: '/help',
            entities: [{ type: 'bot_command', offset: 0, length: 5 }],
          },
        }),
      });
      expect(wrong.status).toBe(401);
      const other = await fetch(`http://127.0.0.1:${port}/elsewhere`, {
        method: 'POST',
        body: '{}',
      });
      expect(other.status).toBe(404);
      expect(h.sentTo(ALICE.id)).toHaveLength(1);
    } finally {
      await h.close();
    }
  });
});
