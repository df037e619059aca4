import { describe, expect, it } from 'vitest';
import { parseTelegramHtml, startFakeTelegramServer } from '../helpers/fake-telegram-server.js';

describe('fake Bot API HTML checks (as documented for parse_mode HTML)', () => {
  it('accepts the supported tags and decodes the four named and numeric entities', () => {
    expect(
      parseTelegramHtml(
        '<b>a</b> <i>b</i> <a href="https://x.vn?a=1&amp;b=2">c</a> &lt;&gt;&amp;&quot; &#7871;&#x1EBF;',
      ),
    ).toEqual({ text: 'a b c <>&" ếế' });
    expect(
      parseTelegramHtml(
        '<span class="tg-spoiler">s</span><pre><code class="language-ts">x</code></pre>',
      ),
    ).toEqual({ text: 'sx' });
  });

  it('rejects unsupported tags, unclosed and mismatched tags', () => {
    expect(parseTelegramHtml('<div>x</div>')).toEqual({
      error: 'Unsupported start tag "div" at byte offset 0',
    });
    expect(parseTelegramHtml('ế <b>x')).toEqual({
      error: 'Can\'t find end tag corresponding to start tag "b"',
    });
    expect(parseTelegramHtml('<b>x</i>')).toMatchObject({
      error: expect.stringContaining('Unmatched end tag'),
    });
    expect(parseTelegramHtml('x</b>')).toMatchObject({
      error: expect.stringContaining('Unexpected end tag'),
    });
    expect(parseTelegramHtml('giá < 100')).toMatchObject({
      error: expect.stringContaining('Unclosed start tag'),
    });
    expect(parseTelegramHtml('<span>x</span>')).toMatchObject({
      error: expect.stringContaining('tg-spoiler'),
    });
  });

  it('answers sendMessage errors like the Bot API', async () => {
    const s = await startFakeTelegramServer();
    try {
      s.addChat({ id: 1, type: 'private', first_name: 'A' });
      const post = async (method: string, body: unknown) =>
        (
          await fetch(`${s.apiRoot}/bot${s.token}/${method}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          })
        ).json() as Promise<Record<string, unknown>>;
      expect(await post('sendMessage', { chat_id: 1, text: 'x'.repeat(4097) })).toMatchObject({
        ok: false,
        error_code: 400,
        description: 'Bad Request: message is too long',
      });
      // 4096 visible characters are fine even when the markup is longer.
      expect(
        await post('sendMessage', {
          chat_id: 1,
          text: `<b>${'x'.repeat(4096)}</b>`,
          parse_mode: 'HTML',
        }),
      ).toMatchObject({ ok: true });
      expect(await post('sendMessage', { chat_id: 2, text: 'x' })).toMatchObject({
        error_code: 400,
        description: 'Bad Request: chat not found',
      });
      expect(
        await post('sendMessage', { chat_id: 1, text: '<x>', parse_mode: 'HTML' }),
      ).toMatchObject({
        description: expect.stringMatching(/^Bad Request: can't parse entities: /),
      });
      expect(
        await post('sendMessage', {
          chat_id: 1,
          text: 'k',
          reply_markup: { inline_keyboard: [[{ text: 'a', callback_data: 'x'.repeat(65) }]] },
        }),
      ).toMatchObject({ description: 'Bad Request: BUTTON_DATA_INVALID' });
      const form = await fetch(`${s.apiRoot}/bot${s.token}/sendMessage`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'chat_id=1&text=xin%20ch%C3%A0o',
      });
      expect(await form.json()).toMatchObject({ ok: true, result: { text: 'xin chào' } });
      expect(await (await fetch(`${s.apiRoot}/botWRONG/getMe`)).json()).toMatchObject({
        ok: false,
        error_code: 401,
      });
    } finally {
      await s.close();
    }
  });
});
