/**
 * Property tests: random digests full of hostile text always render to valid,
 * in-limit output on every platform.
 */
import fc from 'fast-check';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { renderDiscordDigest } from '../../src/bots/discord/render.js';
import { escapeHtml, renderTelegramDigest } from '../../src/bots/telegram/render.js';
import { renderJson } from '../../src/digest/format/json.js';
import { renderPreviewHtml } from '../../src/web/render.js';
import { renderTerminal } from '../../src/digest/format/terminal.js';
import { cutText, oneLine, stripControls } from '../../src/digest/format/text-tools.js';
import type { DigestDocument } from '../../src/digest/model.js';
import { digestArb } from '../helpers/story-arbitraries.js';
import { validateTelegramHtml } from '../helpers/telegram-html-validator.js';
import { discordProblems } from './discord-checks.js';

function titlesOf(doc: DigestDocument): string[] {
  return doc.sections.flatMap((s) => s.items.map((i) => i.storyId));
}

function checkTelegram(doc: DigestDocument): void {
  const chunks = renderTelegramDigest(doc);
  expect(chunks.length).toBeGreaterThan(0);
  let html = '';
  for (const c of chunks) {
    if (c.kind !== 'telegram') throw new Error('wrong kind');
    const v = validateTelegramHtml(c.html);
    expect(v.errors).toEqual([]);
    expect(c.html.length).toBeLessThanOrEqual(16_384);
    html += `${c.html}\n`;
  }
  // every item is rendered exactly once: its bold title line "<b>N. title</b>",
  // numbered 1…N in document order (escaped article text cannot forge the tag).
  // Whole lines are compared: a highlighted figure inside a summary may be the
  // same text as a short title line ("<b>1. </b>" for an empty title).
  const items = doc.sections.flatMap((s) => s.items);
  expect(items).toHaveLength(doc.counts.items);
  const lines = html.split('\n');
  items.forEach((item, i) => {
    const line = `<b>${i + 1}. ${escapeHtml(cutText(oneLine(item.title), 300))}</b>`;
    expect(lines.filter((l) => l === line).length, `item ${i + 1}`).toBe(1);
  });
}

function checkDiscord(doc: DigestDocument): void {
  for (const mode of ['content', 'embeds'] as const) {
    const chunks = renderDiscordDigest(doc, { mode });
    expect(chunks.length).toBeGreaterThan(0);
    for (const c of chunks) expect(discordProblems(c)).toEqual([]);
  }
}

describe('renderers on hostile random digests', () => {
  it('Telegram chunks always pass the Telegram HTML validator', () => {
    fc.assert(fc.property(digestArb(0, 25), checkTelegram), { numRuns: 40 });
  });

  it('Discord chunks are always within every limit with no live mention', () => {
    fc.assert(fc.property(digestArb(0, 25), checkDiscord), { numRuns: 40 });
  });

  it('300 items stay valid and in limits on both platforms', () => {
    fc.assert(
      fc.property(digestArb(300, 300), (doc) => {
        expect(doc.counts.items).toBe(300);
        expect(new Set(titlesOf(doc)).size).toBe(300);
        checkTelegram(doc);
        checkDiscord(doc);
      }),
      // 300 hostile items per run: no shrinking (it would take minutes); the seed is printed on failure.
      { numRuns: 3, endOnFailure: true },
    );
  });

  it('the preview page never carries a script or a non-http link from article text', () => {
    fc.assert(
      fc.property(digestArb(1, 12), (doc) => {
        const html = renderPreviewHtml(doc);
        expect(html).not.toMatch(/<script/i);
        const { document } = new JSDOM(html).window;
        expect(document.querySelectorAll('script, iframe, object, embed').length).toBe(0);
        for (const a of document.querySelectorAll('a')) {
          expect(a.getAttribute('href')).toMatch(/^https?:\/\//);
          expect(a.getAttribute('rel')).toBe('noopener noreferrer');
        }
        for (const el of document.querySelectorAll('*')) {
          for (const attr of el.getAttributeNames()) expect(attr.startsWith('on')).toBe(false);
        }
        // the article titles come back as text, unchanged apart from whitespace
        const h3 = [...document.querySelectorAll('h3')].map((h) => h.textContent ?? '');
        const expected = doc.sections.flatMap((s) =>
          s.items.map((i) => stripControls(i.title.replace(/\s+/gu, ' ').trim())),
        );
        expect(h3.map((t) => t.replace(/^\d+\. /, ''))).toEqual(expected);
      }),
      { numRuns: 25 },
    );
  });

  it('terminal output without colour has no escape sequences; JSON round-trips', () => {
    fc.assert(
      fc.property(digestArb(0, 10), (doc) => {
        expect(renderTerminal(doc, { color: false })).not.toContain('\u001b');
        const back = JSON.parse(renderJson(doc)) as { date: string; sections: unknown[] };
        expect(back.date).toBe(doc.date.toISOString());
        expect(back.sections).toHaveLength(doc.sections.length);
      }),
      { numRuns: 30 },
    );
  });
});
