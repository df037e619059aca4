/**
 * `db copy --from sqlite:… --to postgres://…`: everything arrives, the counts
 * are verified, a rerun adds nothing, and the copied store keeps working
 * (new outbox ids continue after the copied ones).
 */
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDbCopy } from '../../src/cli/commands/db.js';
import type { SqlStores } from '../../src/store/index.js';
import { SqliteInUseError, createStores } from '../../src/store/index.js';
import { CopyVerificationError, copyDatabase } from '../../src/store/copy.js';
import { PG_MISSING_MESSAGE, createPgSchemas, postgresAvailable } from '../helpers/postgres.js';
import { article, chunk, subscription, tempDir } from './fixtures.js';

const T0 = new Date('2026-11-27T00:00:00Z');
const hasPg = await postgresAvailable();

async function fill(s: SqlStores): Promise<void> {
  for (let i = 0; i < 5; i++)
    await s.feeds.upsert(
      { id: `f${i}`, name: `Báo ${i}`, url: `https://f${i}.vn/rss`, type: 'rss', enabled: i !== 3 },
      i % 2 ? 'admin' : 'config',
    );
  await s.feeds.saveState({
    feedId: 'f1',
    etag: '"e"',
    lastModified: null,
    lastAttemptAt: T0,
    lastSuccessAt: T0,
    consecutiveFailures: 0,
    lastError: null,
    primed: true,
  });
  await s.articles.insertNew(Array.from({ length: 30 }, (_, i) => article(i)));
  await s.analyses.save([
    {
      articleId: 'a1',
      contentHash: 'hash-1',
      summary: { text: 'Tăng 12%.', highlights: [], summarizer: 'extractive', model: null },
      topics: ['giao-thong'],
      places: ['Hoàn Kiếm'],
      hanoi: true,
    },
  ]);
  await s.summaries.set('hash-1', 'extractive', {
    text: 'Tóm tắt.',
    highlights: [],
    summarizer: 'extractive',
    model: null,
  });
  await s.subscriptions.upsert(subscription('s1'));
  await s.subscriptions.upsert(subscription('s2', { state: 'paused' }));
  await s.outbox.enqueue([
    chunk('-1', T0.toISOString(), 0, 2, T0),
    chunk('-1', T0.toISOString(), 1, 2, T0),
    chunk('-2', T0.toISOString(), 0, 1, T0),
  ]);
  const [first] = await s.outbox.list();
  await s.outbox.markSent(first!.id, 'msg-1');
  await s.kv.increment('llm:tokens:2026-11-27', 1234);
  await s.coordination.acquireLease('telegram-polling', 'old-host', T0, 30_000);
}

function sink(): { stream: Writable; text: () => string } {
  let t = '';
  return {
    stream: new Writable({
      write(c: Buffer, _e, cb) {
        t += c.toString('utf8');
        cb();
      },
    }),
    text: () => t,
  };
}

describe.runIf(hasPg)('db copy from SQLite to PostgreSQL', () => {
  const tmp = tempDir();
  const schemas = createPgSchemas('copy');
  const source = `sqlite:${join(tmp.dir, 'h.db')}`;
  let target = '';
  beforeAll(async () => {
    target = schemas.url();
    const s = await createStores(source);
    await fill(s);
    await s.close();
  });
  afterAll(async () => {
    await schemas.dropAll();
    tmp.cleanup();
  });

  it('copies every table (the CLI command), verifies counts, and reruns safely', async () => {
    const out = sink();
    const err = sink();
    await runDbCopy({ from: source, to: target }, { out: out.stream, err: err.stream });
    expect(out.text()).toMatch(/articles\s+30\s+30\s+30/);
    expect(out.text()).toMatch(/outbox\s+3\s+3\s+3/);
    expect(out.text()).toMatch(/verified: \d+ tables, \d+ rows, counts equal/);

    const again = await copyDatabase(source, target);
    expect(again.verified).toBe(true);
    expect(again.tables.every((t) => t.inserted === 0)).toBe(true);
    expect(again.tables.map((t) => t.table)).toEqual(
      expect.arrayContaining(['feeds', 'feed_state', 'analyses', 'summary_cache', 'kv', 'leases']),
    );
  });

  it('reads back the same store, and keeps working', async () => {
    const a = await createStores(source);
    const b = await createStores(target);
    try {
      expect(b.dialect).toBe('postgres');
      expect(await b.feeds.listWithOrigin()).toEqual(await a.feeds.listWithOrigin());
      expect(await b.feeds.getState('f1')).toEqual(await a.feeds.getState('f1'));
      expect(await b.articles.query({})).toEqual(await a.articles.query({}));
      expect(await b.analyses.get(['a1'])).toEqual(await a.analyses.get(['a1']));
      expect(await b.summaries.get('hash-1', 'extractive')).toEqual(
        await a.summaries.get('hash-1', 'extractive'),
      );
      expect(await b.subscriptions.list()).toEqual(await a.subscriptions.list());
      expect(await b.outbox.list()).toEqual(await a.outbox.list());
      expect(await b.kv.get('llm:tokens:2026-11-27')).toBe('1234');
      // The id sequence continues after the copied rows.
      expect(await b.outbox.enqueue([chunk('-3', T0.toISOString(), 0, 1, T0)])).toBe(1);
      const ids = (await b.outbox.list()).map((r) => r.id);
      expect(new Set(ids).size).toBe(4);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('says so when the target held other rows', async () => {
    // The target now has a 4th outbox row the source does not.
    const err = await copyDatabase(source, target).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CopyVerificationError);
    expect((err as Error).message).toMatch(/outbox source 3 ≠ target 4/);
  });

  it('refuses while a service instance holds the SQLite file', async () => {
    const running = await createStores(source, { exclusive: true });
    try {
      await expect(copyDatabase(source, schemas.url())).rejects.toBeInstanceOf(SqliteInUseError);
    } finally {
      await running.close();
    }
  });
});

if (!hasPg)
  describe('db copy', () => {
    it.skip(PG_MISSING_MESSAGE, () => {});
  });
