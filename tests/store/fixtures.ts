/** Small builders for store tests: plain data, written for these tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Article, Subscription } from '../../src/digest/model.js';
import type { OutboxRow, OutboxStore } from '../../src/digest/ports.js';
import { subscriptionFixture } from '../helpers/subscription-fixture.js';

export function article(n: number, over: Partial<Article> = {}): Article {
  return {
    id: `a${n}`,
    feedId: 'hanoimoi-xa-hoi',
    source: 'Hà Nội Mới',
    dedupKey: `guid:item-${n}`,
    url: `https://hanoimoi.vn/bai-${n}.html`,
    title: `Tin số ${n}`,
    lead: 'Sapo của bài.',
    body: 'Đoạn một.\n\nĐoạn hai.',
    publishedAt: new Date(Date.UTC(2026, 10, 20, n)),
    fetchedAt: new Date(Date.UTC(2026, 10, 27, 0)),
    author: null,
    contentHash: `hash-${n}`,
    fresh: true,
    ...over,
  };
}

export function subscription(id: string, over: Partial<Subscription> = {}): Subscription {
  const target = { platform: 'telegram', chatId: `-100${id.length}${id}` } as const;
  return subscriptionFixture(id, target, new Date(Date.UTC(2026, 10, 1)), over);
}

type Enqueued = Parameters<OutboxStore['enqueue']>[0][number];

export function chunk(
  chatId: string,
  slot: string,
  index: number,
  count: number,
  due: Date,
): Enqueued {
  return {
    targetKey: `telegram:${chatId}`,
    target: { platform: 'telegram', chatId },
    subscriptionId: null,
    slot,
    chunkIndex: index,
    chunkCount: count,
    payload: { kind: 'telegram', html: `<b>Phần ${index + 1}</b>` },
    nextAttemptAt: due,
  } satisfies Omit<
    OutboxRow,
    'id' | 'state' | 'attempts' | 'lastError' | 'platformMessageId' | 'createdAt' | 'updatedAt'
  >;
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'hanoi-digest-store-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
