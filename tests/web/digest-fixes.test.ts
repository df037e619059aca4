/**
 * Issue #15, item 4: short digests fold one-item sections into "Tin khác";
 * the "/settings" hint is for chats only; the demo's preview links to the
 * articles' own (canonical) URLs, not to its temporary loopback server; the
 * preview is the site's renderer.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { JSDOM } from 'jsdom';
import { afterAll, describe, expect, it } from 'vitest';
import { runDemo } from '../../src/cli/commands/demo.js';
import type { CliContext } from '../../src/cli/context.js';
import {
  composeDigest,
  DEFAULT_FOOTER_HINT,
  OTHER_SECTION_TITLE,
} from '../../src/digest/compose/compose-digest.js';
import type { Story, TopicConfig } from '../../src/digest/model.js';
import { openApp } from '../../src/main.js';
import { createWebRenderer, renderPreviewHtml } from '../../src/web/render.js';

const TOPICS: TopicConfig[] = ['giao-thong', 'moi-truong', 'y-te', 'giao-duc', 'an-ninh'].map(
  (id) => ({ id, name: id.toUpperCase(), keywords: [] }),
);
const AT = new Date('2026-11-27T00:00:00Z');
const base = {
  date: AT,
  window: { since: new Date('2026-11-26T00:00:00Z'), until: AT },
  topics: TOPICS,
};

function story(id: string, topics: string[]): Story {
  return {
    id,
    title: `Tin ${id}`,
    summary: { text: `Tóm tắt ${id}.`, highlights: [], summarizer: 'extractive', model: null },
    sources: [
      { articleId: id, name: 'Báo mẫu', url: `https://bao.example/${id}`, publishedAt: AT },
    ],
    publishedAt: AT,
    topics,
    places: [],
    hanoi: true,
    articleIds: [id],
  };
}

describe('short digests fold small sections', () => {
  const stories = [
    story('a', ['giao-thong']),
    story('b', ['giao-thong']),
    story('c', ['moi-truong', 'giao-thong']), // alone in its topic, but also traffic
    story('d', ['y-te']),
    story('e', ['giao-duc']),
    story('f', ['an-ninh']),
  ];
  const shape = (doc: ReturnType<typeof composeDigest>): string[] =>
    doc.sections.map((s) => `${s.title}:${s.items.map((i) => i.storyId).join('')}`);

  it('moves a lone story to another of its topics, folds the rest into "Tin khác", loses nothing', () => {
    const doc = composeDigest(stories, { ...base, foldSmallSectionsUpTo: 12 });
    expect(shape(doc)).toEqual(['GIAO-THONG:abc', `${OTHER_SECTION_TITLE}:def`]);
    expect(doc.counts.items).toBe(6);
  });

  it('keeps every section when the digest is longer than the threshold, or when folding is off', () => {
    const unfolded = ['GIAO-THONG:ab', 'MOI-TRUONG:c', 'Y-TE:d', 'GIAO-DUC:e', 'AN-NINH:f'];
    expect(shape(composeDigest(stories, { ...base, foldSmallSectionsUpTo: 5 }))).toEqual(unfolded);
    expect(shape(composeDigest(stories, base))).toEqual(unfolded);
  });

  it('does not fold everything into "Tin khác" when no topic section would stay', () => {
    const lone = [story('x', ['y-te']), story('y', ['giao-duc'])];
    expect(shape(composeDigest(lone, { ...base, foldSmallSectionsUpTo: 12 }))).toEqual([
      'Y-TE:x',
      'GIAO-DUC:y',
    ]);
  });

  it('a folded "Tin khác" keeps all its stories even past the per-section cap', () => {
    const many = [
      story('a', ['giao-thong']),
      story('b', ['giao-thong']),
      ...['p', 'q', 'r', 's'].map((id, i) => story(id, [TOPICS[i + 1]?.id ?? 'x'])),
      story('t', []),
      story('u', []),
    ];
    const doc = composeDigest(many, { ...base, foldSmallSectionsUpTo: 12, maxItemsPerSection: 3 });
    expect(doc.counts.items).toBe(8);
    expect(shape(doc)).toEqual(['GIAO-THONG:ab', `${OTHER_SECTION_TITLE}:pqrstu`]);
  });

  it('refuses a negative threshold', () => {
    expect(() => composeDigest(stories, { ...base, foldSmallSectionsUpTo: -1 })).toThrow(
      /foldSmallSectionsUpTo/,
    );
  });
});

describe('the chat-only footer hint', () => {
  it('chats keep the hint; a footerHint of "" (channel posts, the web) drops it', () => {
    const doc = composeDigest([story('a', ['y-te'])], base);
    expect(doc.footer).toContain(DEFAULT_FOOTER_HINT);
    expect(composeDigest([story('a', ['y-te'])], { ...base, footerHint: '' }).footer).toBe(
      '1 tin · 1 nguồn',
    );
  });

  it('web pages and the preview never show it, even from a chat digest', () => {
    const doc = composeDigest([story('a', ['y-te'])], base);
    expect(renderPreviewHtml(doc)).not.toContain('/settings');
    expect(createWebRenderer().digestPage(doc, { nav: [] })).not.toContain('/settings');
  });
});

describe('the demo preview', () => {
  let dir = '';
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('links to the articles’ own URLs, shows no chat hint, and uses fewer sections than stories', async () => {
    dir = await mkdtemp(join(tmpdir(), 'hd-web-demo-'));
    const sink = new PassThrough().resume();
    const ctx: CliContext = {
      openApp: (o = {}) => openApp({ ...o, env: { ...(o.env ?? {}), LOG_LEVEL: 'silent' } }),
      out: sink,
      err: sink,
    };
    const { preview } = await runDemo(ctx, { out: dir, color: false });
    const html = readFileSync(preview, 'utf8');
    const doc = new JSDOM(html).window.document;
    const hrefs = [...doc.querySelectorAll('article a')].map((a) => a.getAttribute('href') ?? '');
    expect(hrefs.length).toBeGreaterThanOrEqual(9);
    for (const h of hrefs) expect(h).toMatch(/^https:\/\/[a-z]+\.example\/[a-z0-9-]+\.html$/);
    expect(html).not.toContain('127.0.0.1');
    expect(html).not.toContain('/settings');
    const items = doc.querySelectorAll('article').length;
    const sections = doc.querySelectorAll('main section').length;
    expect(sections).toBeLessThan(items);
    expect(doc.querySelector('h2')).not.toBeNull();
    // Same renderer as the site: the same stylesheet and landmarks, no navigation.
    expect(doc.querySelector('main#noi-dung')).not.toBeNull();
    expect(doc.querySelector('header.site-header')).toBeNull();
  }, 60_000);
});
