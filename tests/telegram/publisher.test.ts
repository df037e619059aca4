import { Api } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTelegramPublisher, htmlToPlainText } from '../../src/bots/telegram/publisher.js';
import {
  ChatMigratedError,
  PermanentPublishError,
  PublishError,
  TransientPublishError,
} from '../../src/delivery/publisher.js';
import type { Publisher } from '../../src/delivery/publisher.js';
import {
  startFakeTelegramServer,
  type FakeTelegramServer,
} from '../helpers/fake-telegram-server.js';
import { memoryLogger } from './harness.js';

const CHAT = { id: 777, type: 'private' as const, first_name: 'Hà' };
const GROUP = { id: -100777, type: 'supergroup' as const, title: 'Nhóm' };
const target = (id: number) => ({ platform: 'telegram' as const, chatId: String(id) });

let server: FakeTelegramServer;
let publisher: Publisher;
let logger: ReturnType<typeof memoryLogger>;
beforeEach(async () => {
  server = await startFakeTelegramServer();
  server.addChat(CHAT);
  server.addChat(GROUP);
  logger = memoryLogger();
  publisher = createTelegramPublisher({
    api: new Api(server.token, { apiRoot: server.apiRoot }),
    logger,
    retry: { maxRetryAttempts: 2, maxDelaySeconds: 1 },
    limits: { perChatIntervalMs: 0, globalPerSecond: 1000, perGroupPerMinute: 1000 },
  });
});
afterEach(async () => {
  await server.close();
});

async function failure(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected the publish to fail');
    },
    (err: unknown) => err,
  );
}

describe('telegram publisher', () => {
  it('sends HTML with link previews off and returns the message id', async () => {
    const r = await publisher.publish(
      target(CHAT.id),
      { kind: 'telegram', html: '<b>Bản tin</b> &amp; 12,5 km' },
      'k1',
    );
    const call = server.callsOf('sendMessage')[0]!;
    expect(call.params).toMatchObject({
      chat_id: 777,
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
    });
    expect(r.messageId).toBe(
      String((call.response['result'] as { message_id: number }).message_id),
    );
    expect(server.messages[0]?.text).toBe('Bản tin & 12,5 km');
  });

  it('a short retry_after is waited out and retried', async () => {
    server.fail({
      method: 'sendMessage',
      chatId: '777',
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });
    await publisher.publish(target(CHAT.id), { kind: 'telegram', html: 'xin chào' }, 'k');
    expect(server.callsOf('sendMessage').map((c) => c.response['ok'])).toEqual([false, true]);
  });

  it('a long retry_after fails the chunk back as TransientPublishError without waiting', async () => {
    server.fail({
      method: 'sendMessage',
      error_code: 429,
      description: 'Too Many Requests: retry after 120',
      parameters: { retry_after: 120 },
    });
    const err = await failure(
      publisher.publish(target(CHAT.id), { kind: 'telegram', html: 'x' }, 'k'),
    );
    expect(err).toBeInstanceOf(TransientPublishError);
    expect((err as TransientPublishError).retryAfterMs).toBe(120_000);
    expect(server.callsOf('sendMessage')).toHaveLength(1);
  });

  it('403 blocked is permanent with the reason', async () => {
    server.fail({
      method: 'sendMessage',
      error_code: 403,
      description: 'Forbidden: bot was blocked by the user',
    });
    const err = await failure(
      publisher.publish(target(CHAT.id), { kind: 'telegram', html: 'x' }, 'k'),
    );
    expect(err).toBeInstanceOf(PermanentPublishError);
    expect((err as PermanentPublishError).reason).toBe('Forbidden: bot was blocked by the user');
  });

  it('400 chat not found is permanent', async () => {
    const err = await failure(
      publisher.publish(target(424242), { kind: 'telegram', html: 'x' }, 'k'),
    );
    expect(err).toBeInstanceOf(PermanentPublishError);
    expect((err as PermanentPublishError).reason).toContain('chat not found');
  });

  it("400 can't parse entities (the server's own HTML check) is re-sent once as plain text", async () => {
    const r = await publisher.publish(
      target(CHAT.id),
      { kind: 'telegram', html: '<b>oops <i>x</b>' },
      'k',
    );
    const calls = server.callsOf('sendMessage');
    expect(calls).toHaveLength(2);
    expect(String(calls[0]!.response['description'])).toMatch(
      /^Bad Request: can't parse entities: Unmatched end tag/,
    );
    expect(calls[1]!.params['text']).toBe('oops x');
    expect(calls[1]!.response['ok']).toBe(true);
    expect(r.messageId).not.toBeNull();
  });

  it('a malformed chunk is re-sent once as plain text with links kept', async () => {
    server.fail({
      method: 'sendMessage',
      error_code: 400,
      description: 'Bad Request: can\'t parse entities: Unsupported start tag "x" at byte offset 0',
    });
    const r = await publisher.publish(
      target(CHAT.id),
      {
        kind: 'telegram',
        html: '<b>Tin</b> &lt;mới&gt; <a href="https://bao.example/a">Báo A</a>',
      },
      'k',
    );
    const calls = server.callsOf('sendMessage');
    expect(calls).toHaveLength(2);
    expect(calls[1]!.params['parse_mode']).toBeUndefined();
    expect(calls[1]!.params['text']).toBe('Tin <mới> Báo A (https://bao.example/a)');
    expect(r.messageId).not.toBeNull();
    expect(logger.entries.some((e) => e.level === 'warn')).toBe(true);
  });

  it('migrate_to_chat_id becomes ChatMigratedError with the new id', async () => {
    server.fail({
      method: 'sendMessage',
      chatId: '-100777',
      error_code: 400,
      description: 'Bad Request: group chat was upgraded to a supergroup chat',
      parameters: { migrate_to_chat_id: -1009999 },
    });
    const err = await failure(
      publisher.publish(target(GROUP.id), { kind: 'telegram', html: 'x' }, 'k'),
    );
    expect(err).toBeInstanceOf(ChatMigratedError);
    expect((err as ChatMigratedError).newChatId).toBe('-1009999');
  });

  it('a message that is too long is a publish error but not a permanent refusal', async () => {
    const err = await failure(
      publisher.publish(target(CHAT.id), { kind: 'telegram', html: 'a'.repeat(5000) }, 'k'),
    );
    expect(err).toBeInstanceOf(PublishError);
    expect(err).not.toBeInstanceOf(PermanentPublishError);
    expect(err).not.toBeInstanceOf(TransientPublishError);
  });

  it('plain text conversion decodes entities and drops tags', () => {
    expect(htmlToPlainText('<b>A</b> &amp; &#7871; <i>b</i>')).toBe('A & ế b');
    expect(htmlToPlainText('<a href="https://x.vn">https://x.vn</a>')).toBe('https://x.vn');
  });
});
