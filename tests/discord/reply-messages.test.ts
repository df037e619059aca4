/** Reply → Discord payloads, payload fitting and topic autocomplete, without a network. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { topicChoices } from '../../src/bots/discord/interaction-request.js';
import { fitMessage, limitViolations } from '../../src/bots/discord/limits.js';
import { nonceFor } from '../../src/bots/discord/publisher.js';
import {
  buttonsToComponents,
  linesToContents,
  replyToMessages,
} from '../../src/bots/discord/reply-messages.js';
import { TOPICS, digestOf, story } from '../commands/fakes.js';

describe('reply → messages', () => {
  it('escapes Markdown in text and bolds highlights', () => {
    const [content] = linesToContents([
      [
        { text: 'Giá *vé* tăng ', highlight: false },
        { text: '12,5%', highlight: true },
      ],
    ]);
    expect(content).toContain('\\*vé\\*');
    expect(content).toContain('**12,5%**');
  });

  it('splits long replies between lines, each message within 2000 characters', () => {
    const lines = Array.from({ length: 120 }, (_, i) => [
      { text: `Dòng ${i} ${'chữ '.repeat(10)}`, highlight: false },
    ]);
    const contents = linesToContents(lines);
    expect(contents.length).toBeGreaterThan(1);
    for (const c of contents) expect(c.length).toBeLessThanOrEqual(2000);
    expect(contents.join('\n')).toContain('Dòng 119');
  });

  it('puts buttons on the first message, at most 5 per row and 5 rows', () => {
    const row = Array.from({ length: 12 }, (_, i) => ({ label: `Chủ đề ${i}`, data: `t:${i}` }));
    const rows = buttonsToComponents([row, row, row]).map((r) => r.toJSON());
    expect(rows.length).toBe(5);
    for (const r of rows) expect(r.components.length).toBeLessThanOrEqual(5);
    const msgs = replyToMessages({
      kind: 'ok',
      lines: [[{ text: 'Cài đặt', highlight: false }]],
      buttons: [row],
    });
    expect(msgs[0]?.components?.length).toBe(3);
  });

  it('renders a digest after the lines, and stories for /latest', () => {
    const stories = [story('a', 'Khởi công cầu Tứ Liên')];
    const msgs = replyToMessages({
      kind: 'ok',
      lines: [[{ text: 'Bản tin', highlight: false }]],
      digest: digestOf(stories, new Date('2026-11-27T00:00:00Z')),
    });
    expect(msgs.length).toBeGreaterThan(1);
    expect(JSON.stringify(msgs.slice(1))).toContain('Tứ Liên');
    const latest = replyToMessages({ kind: 'ok', lines: [], stories });
    expect(JSON.stringify(latest)).toContain('Tứ Liên');
  });
});

describe('payload fitting', () => {
  it('any content and embeds come out within every Discord limit', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 5000 });
    fc.assert(
      fc.property(
        fc.option(text, { nil: undefined }),
        fc.array(
          fc.record({
            title: text,
            description: text,
            fields: fc.array(fc.record({ name: text, value: text }), { maxLength: 30 }),
          }),
          { maxLength: 14 },
        ),
        (content, embeds) => {
          const { payload } = fitMessage({ ...(content !== undefined ? { content } : {}), embeds });
          expect(limitViolations(payload).filter((v) => v !== 'empty message')).toEqual([]);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a valid payload is left untouched', () => {
    const p = {
      content: 'Bản tin Hà Nội',
      embeds: [{ title: 'Giao thông', description: 'Tóm tắt' }],
    };
    expect(fitMessage(p)).toEqual({ payload: p, changes: [] });
  });

  it('nonces are at most 25 characters and stable per key', () => {
    expect(nonceFor('short-key')).toBe('short-key');
    const long = 'discord:123|2026-11-27T00:00:00.000Z|0';
    expect(nonceFor(long)).toHaveLength(25);
    expect(nonceFor(long)).toBe(nonceFor(long));
    expect(nonceFor(long)).not.toBe(nonceFor(`${long}1`));
  });
});

describe('topic autocomplete', () => {
  it('matches ids and Vietnamese names with or without diacritics', () => {
    expect(topicChoices('moi truong', TOPICS, false).map((c) => c.value)).toEqual(['moi-truong']);
    expect(topicChoices('Đô', TOPICS, false).map((c) => c.value)).toEqual(['do-thi']);
    expect(topicChoices('', TOPICS, false)).toHaveLength(TOPICS.length);
  });

  it('in a comma list, completes the last item and skips topics already chosen', () => {
    const choices = topicChoices('giao-thong,', TOPICS, true);
    expect(choices.map((c) => c.value)).toEqual(['giao-thong,moi-truong', 'giao-thong,do-thi']);
  });
});
