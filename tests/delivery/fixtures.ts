/** Small hand-made fixtures for the delivery and scheduler tests. */
import type { NewsService, ComposeOptions } from '../../src/digest/compose/types.js';
import type { DigestDocument, Subscription, Target } from '../../src/digest/model.js';
import type { RenderedChunk } from '../../src/digest/ports.js';
import type { DigestRenderer } from '../../src/delivery/digest-run.js';
import { subscriptionFixture } from '../helpers/subscription-fixture.js';

export function makeSubscription(
  id: string,
  target: Target,
  over: Partial<Omit<Subscription, 'id' | 'target'>> = {},
): Subscription {
  return subscriptionFixture(id, target, new Date('2026-01-01T00:00:00Z'), over);
}

/** A digest with `items` items in one section ("Giao thông"). */
export function makeDoc(items: number, since: Date, until: Date): DigestDocument {
  return {
    header: 'Bản tin Hà Nội — Thứ Sáu, 27/11/2026',
    date: until,
    window: { since, until },
    sections:
      items === 0
        ? []
        : [
            {
              topicId: 'giao-thong',
              title: 'Giao thông',
              items: Array.from({ length: items }, (_, i) => ({
                storyId: `s${i}`,
                title: `Thông xe cầu số ${i + 1} <trên> sông Hồng & đường vành đai`,
                summary: [
                  { text: 'Cây cầu dài ', highlight: false },
                  { text: '1.200 m', highlight: true },
                  { text: ' được thông xe.', highlight: false },
                ],
                sources: [{ name: 'Báo Hà Nội Mới', url: `https://example.vn/bai-${i}` }],
                publishedAt: new Date(until.getTime() - 3_600_000),
              })),
            },
          ],
    footer: `${items} tin từ 1 nguồn · Đổi đăng ký: /settings`,
    counts: { items, sources: items ? 1 : 0, sections: items ? 1 : 0 },
  };
}

export interface CountingNews extends NewsService {
  readonly digestCalls: ComposeOptions[];
  /** Items per digest (default 3); 0 makes every digest empty. */
  items: number;
}

/** A NewsService whose `digest` counts its calls; the rest is unused here. */
export function createCountingNews(items = 3): CountingNews {
  const digestCalls: ComposeOptions[] = [];
  const news: CountingNews = {
    digestCalls,
    items,
    async digest(opts = {}) {
      digestCalls.push(opts);
      const until = opts.until ?? new Date();
      return makeDoc(news.items, opts.since ?? new Date(until.getTime() - 86_400_000), until);
    },
    async stories() {
      return [];
    },
    async latest() {
      return [];
    },
    async search() {
      return [];
    },
    async topicCounts() {
      return [];
    },
    topics() {
      return [];
    },
  };
  return news;
}

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Test renderers: Telegram gets one chunk per item plus a header chunk (so
 * multi-chunk ordering is exercised); Discord gets one content message. Both
 * lay out notices their own way, the console has none (plain text then).
 */
export const testRenderers: Partial<Record<Target['platform'], DigestRenderer>> = {
  telegram: Object.assign(
    (doc: DigestDocument): RenderedChunk[] => [
      { kind: 'telegram', html: `<b>${doc.header}</b>` },
      ...doc.sections.flatMap((s) =>
        s.items.map((it) => ({ kind: 'telegram', html: esc(it.title) })),
      ),
    ],
    { notice: (text: string) => [{ kind: 'telegram', html: `<i>${esc(text)}</i>` }] },
  ),
  discord: Object.assign(
    (doc: DigestDocument) => [
      { kind: 'discord', content: `**${doc.header}** (${doc.counts.items} tin)` },
    ],
    { notice: (text: string) => [{ kind: 'discord', content: text }] },
  ),
  console: (doc) => [{ kind: 'text', text: doc.header }],
};
