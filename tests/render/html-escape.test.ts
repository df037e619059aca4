import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/digest/format/index.js';
import { escapeHtml as telegramEscape } from '../../src/bots/telegram/render.js';

describe('the one HTML escaper', () => {
  it('escapes & < > " and \' with entities Telegram knows', () => {
    expect(escapeHtml(`Cầu "Long Biên" <đẹp> & 'cổ'`)).toBe(
      'Cầu &quot;Long Biên&quot; &lt;đẹp&gt; &amp; &#39;cổ&#39;',
    );
    expect(telegramEscape('a"b<c>\u0007')).toBe('a&quot;b&lt;c&gt;');
  });
});
