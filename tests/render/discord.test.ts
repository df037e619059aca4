import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  escapeMarkdown,
  renderDiscordDigest,
  renderDiscordNotice,
  renderDiscordStories,
} from '../../src/bots/discord/render.js';
import { stripControls } from '../../src/digest/format/text-tools.js';
import { discordProblems } from './discord-checks.js';
import { doc, item } from './fixtures.js';

const contents = (d: ReturnType<typeof doc>): string[] =>
  renderDiscordDigest(d).map((c) => (c.kind === 'discord' ? (c.content ?? '') : ''));

describe('renderDiscordDigest (content mode)', () => {
  it('renders bold figures and masked links with suppressed embeds', () => {
    const [out, ...rest] = contents(doc([{ title: 'Giao thông', items: [item(1)] }]));
    expect(rest).toHaveLength(0);
    expect(out).toContain('**Bản tin Hà Nội — Thứ Sáu, 27/11/2026**');
    expect(out).toContain('__**Giao thông**__');
    expect(out).toContain('Cầu dài **1,2 km**, tổng vốn **1.200 tỷ đồng**.');
    expect(out).toContain(
      '[VnExpress](<https://vnexpress.net/cau-1.html>) · [Tuổi Trẻ](<https://tuoitre.vn/cau-1.htm>) · 07:30 27/11',
    );
  });

  it('makes mentions inert and escapes Markdown from article text', () => {
    const evil = item(1, {
      title: '@everyone <@123> **hi** [x](https://evil.example)',
      sources: [{ name: '@here', url: 'javascript:alert(1)' }],
    });
    const [out] = contents(doc([{ title: '<#55> kênh', items: [evil] }]));
    expect(out).not.toMatch(/@everyone|@here|<@\d+>|<#\d+>/);
    expect(out).toContain('\\*\\*hi\\*\\*');
    expect(out).toContain('\\[x\\]\\(https://evil.example\\)');
    expect(out).not.toContain('javascript:');
  });

  it('splits at item boundaries within 2000 characters and repeats the heading', () => {
    const items = Array.from({ length: 40 }, (_, i) => item(i + 1));
    const chunks = renderDiscordDigest(doc([{ title: 'Đô thị', items }]));
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(discordProblems(c)).toEqual([]);
    const texts = chunks.map((c) => (c.kind === 'discord' ? (c.content ?? '') : ''));
    expect(texts[1]).toMatch(/^__\*\*Đô thị \(tiếp\)\*\*__\n\n\*\*\d+\. /);
    const all = texts.join('\n');
    for (let n = 1; n <= 40; n++)
      expect(all.split(`**${n}. Hà Nội thông xe cầu vượt số ${n}**`).length).toBe(2);
  });
});

describe('renderDiscordDigest (embeds mode)', () => {
  it('puts sections in embeds within every limit, footer on the last', () => {
    const items = Array.from({ length: 120 }, (_, i) =>
      item(i + 1, { summary: [{ text: 'Mưa lớn kéo dài. '.repeat(15), highlight: false }] }),
    );
    const chunks = renderDiscordDigest(
      doc([
        { title: 'Môi trường', items: items.slice(0, 60) },
        { title: 'Đô thị', items: items.slice(60) },
      ]),
      { mode: 'embeds' },
    );
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(discordProblems(c)).toEqual([]);
    const first = chunks[0];
    expect(first?.kind === 'discord' && first.embeds?.[0]?.title).toBe(
      'Bản tin Hà Nội — Thứ Sáu, 27/11/2026',
    );
    const last = chunks[chunks.length - 1];
    const lastEmbeds = last?.kind === 'discord' ? (last.embeds ?? []) : [];
    expect(lastEmbeds[lastEmbeds.length - 1]?.footer?.text).toContain('Đổi đăng ký: /settings');
  });
});

describe('escapeMarkdown', () => {
  const SPECIAL = '\\*_~`|[]()>#';
  it('leaves no unescaped Markdown character and no live mention (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 80 }),
        fc.constantFrom('', '@everyone', '<@1>', '# h', '- x', '1. y'),
        (s, extra) => {
          const out = escapeMarkdown(`${extra}${s}${extra}`);
          for (let i = 0; i < out.length; i++) {
            const c = out[i] as string;
            if (c === '\\') {
              i++; // the escaped character
              continue;
            }
            expect(SPECIAL.includes(c)).toBe(false);
          }
          expect(out).not.toMatch(/@everyone|@here|<@\d+>|<#\d+>|<@&\d+>/);
          // nothing is lost: removing escapes and zero-width spaces gives the input back
          expect(out.replace(/\\([^\p{L}\p{N}\s])/gu, '$1').replace(/\u200b/g, '')).toBe(
            stripControls(`${extra}${s}${extra}`).replace(/\u200b/g, ''),
          );
        },
      ),
    );
  });
  it('escapes list and heading starts on every line', () => {
    expect(escapeMarkdown('- a\n-# b\n1. c\n+ d')).toBe('\\- a\n\\-\\# b\n1\\. c\n\\+ d');
    expect(escapeMarkdown('1.200 - 3', { atLineStart: false })).toBe('1.200 - 3');
    expect(escapeMarkdown('1.200 -3')).toBe('1.200 -3');
  });
});

describe('renderDiscordStories', () => {
  it('renders a heading and the stories', () => {
    const [c] = renderDiscordStories([], 'Tin mới nhất');
    expect(c?.kind === 'discord' && c.content).toContain('Không tìm thấy tin nào.');
  });
});

describe('renderDiscordNotice', () => {
  it('lays a plain-text notice out as one Discord content message', () => {
    const chunks = renderDiscordNotice('Hôm nay chưa có tin mới phù hợp.');
    expect(chunks).toEqual([{ kind: 'discord', content: 'Hôm nay chưa có tin mới phù hợp.' }]);
    expect(discordProblems(chunks[0]!)).toEqual([]);
  });
});
