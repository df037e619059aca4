import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createConsolePublisher } from '../../src/delivery/console-publisher.js';

function sink(): { out: PassThrough; text: () => string } {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (b: Buffer) => parts.push(b));
  return { out, text: () => Buffer.concat(parts).toString('utf8') };
}

describe('console publisher', () => {
  it('prints Telegram HTML as-is under a "→ telegram:id [i/n]" header', async () => {
    const { out, text } = sink();
    const pub = createConsolePublisher({ out });
    const res = await pub.publish(
      { platform: 'telegram', chatId: '123' },
      { kind: 'telegram', html: '<b>1.200 tỷ đồng</b> cho &amp; đường' },
      'k',
      { chunkIndex: 0, chunkCount: 3, slot: '2026-11-27T00:00:00.000Z' },
    );
    expect(res.messageId).toBeNull();
    expect(text()).toBe('→ telegram:123 [1/3]\n<b>1.200 tỷ đồng</b> cho &amp; đường\n\n');
  });

  it('lays out Discord content and embeds readably', async () => {
    const { out, text } = sink();
    const pub = createConsolePublisher({ out });
    await pub.publish(
      { platform: 'discord', chatId: '99' },
      {
        kind: 'discord',
        content: '**Bản tin Hà Nội**',
        embeds: [
          {
            title: 'Giao thông',
            description: 'Cầu dài **1.200 m**',
            fields: [{ name: 'Nguồn', value: 'Báo Hà Nội Mới' }],
            footer: { text: '3 tin' },
          },
        ],
      },
      'k',
    );
    const s = text();
    expect(s.startsWith('→ discord:99\n**Bản tin Hà Nội**\n┌ embed 1/1\n')).toBe(true);
    expect(s).toContain('│ Giao thông');
    expect(s).toContain('│ Cầu dài **1.200 m**');
    expect(s).toContain('│ Nguồn\n│ Báo Hà Nội Mới');
    expect(s).toContain('│ 3 tin');
    expect(s).not.toContain('\u001b[');
  });

  it('colours the header only when asked', async () => {
    const { out, text } = sink();
    await createConsolePublisher({ out, color: true }).publish(
      { platform: 'console', chatId: 'stdout' },
      { kind: 'text', text: 'xin chào' },
      'k',
    );
    expect(text()).toBe('\u001b[36m→ console:stdout\u001b[0m\nxin chào\n\n');
  });
});
