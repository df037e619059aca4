/** Articles (deduplicated by key), their analyses, and the summary cache. */
import type { Kysely, Selectable } from 'kysely';
import type { Article, Summary } from '../digest/model.js';
import type {
  AnalysisStore,
  ArticleAnalysis,
  ArticleStore,
  Clock,
  SummaryCache,
} from '../digest/ports.js';
import {
  fromInt,
  fromIso,
  fromIsoOrNull,
  nfc,
  nfcOrNull,
  nfcSummary,
  parseJson,
  toInt,
  toIso,
  toIsoOrNull,
} from './mapping.js';
import type { ArticlesTable, Database } from './schema.js';

/** Bound parameters per IN (...) list; well under SQLite's and PostgreSQL's limits. */
const IN_CHUNK = 500;

function chunks<T>(xs: T[], size = IN_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

function toRow(a: Article): ArticlesTable {
  const published = toIsoOrNull(a.publishedAt);
  const fetched = toIso(a.fetchedAt);
  return {
    id: a.id,
    feed_id: a.feedId,
    source: nfc(a.source),
    dedup_key: nfc(a.dedupKey),
    url: a.url,
    title: nfc(a.title),
    lead: nfc(a.lead),
    body: nfc(a.body),
    published_at: published,
    fetched_at: fetched,
    sort_at: published ?? fetched,
    author: nfcOrNull(a.author),
    content_hash: a.contentHash,
    fresh: toInt(a.fresh),
  };
}

function toArticle(r: Selectable<ArticlesTable>): Article {
  return {
    id: r.id,
    feedId: r.feed_id,
    source: r.source,
    dedupKey: r.dedup_key,
    url: r.url,
    title: r.title,
    lead: r.lead,
    body: r.body,
    publishedAt: fromIsoOrNull(r.published_at),
    fetchedAt: fromIso(r.fetched_at),
    author: r.author,
    contentHash: r.content_hash,
    fresh: fromInt(r.fresh),
  };
}

export function createArticleStore(db: Kysely<Database>): ArticleStore {
  return {
    async insertNew(articles) {
      if (articles.length === 0) return [];
      // One transaction: a crash mid-batch leaves nothing half-stored. Rows go
      // in one by one so each conflict (dedup key or id, also within the batch)
      // is seen through the affected-row count, on any database.
      return db.transaction().execute(async (trx) => {
        const inserted: Article[] = [];
        for (const a of articles) {
          const row = toRow(a);
          const res = await trx
            .insertInto('articles')
            .values(row)
            .onConflict((oc) => oc.doNothing())
            .executeTakeFirst();
          if (Number(res.numInsertedOrUpdatedRows ?? 0n) > 0) inserted.push(toArticle(row));
        }
        return inserted;
      });
    },

    async existingKeys(keys) {
      const found = new Set<string>();
      for (const part of chunks([...new Set(keys.map(nfc))])) {
        const rows = await db
          .selectFrom('articles')
          .select('dedup_key')
          .where('dedup_key', 'in', part)
          .execute();
        for (const r of rows) found.add(r.dedup_key);
      }
      return found;
    },

    async get(id) {
      const row = await db
        .selectFrom('articles')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toArticle(row) : null;
    },

    async query(q) {
      let sel = db.selectFrom('articles').selectAll();
      const field = q.by === 'fetched' ? 'fetched_at' : 'sort_at';
      if (q.since) sel = sel.where(field, '>=', toIso(q.since));
      if (q.until) sel = sel.where(field, '<', toIso(q.until));
      if (q.publishedSince) sel = sel.where('sort_at', '>=', toIso(q.publishedSince));
      if (q.freshOnly) sel = sel.where('fresh', '=', 1);
      if (q.feedIds) {
        if (q.feedIds.length === 0) return [];
        sel = sel.where('feed_id', 'in', q.feedIds);
      }
      sel = sel.orderBy('sort_at', 'desc').orderBy('id', 'asc');
      if (q.limit !== undefined) sel = sel.limit(Math.max(0, Math.floor(q.limit)));
      const rows = await sel.execute();
      return rows.map(toArticle);
    },

    async count() {
      const row = await db
        .selectFrom('articles')
        .select((eb) => eb.fn.countAll<number | bigint | string>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

/**
 * One analysis per article. An article's content never changes once stored,
 * so the article id is the key; the content hash is kept so a caller can
 * tell an analysis made for other content (and redo it).
 */
export function createAnalysisStore(db: Kysely<Database>, clock: Clock): AnalysisStore {
  return {
    async get(articleIds) {
      const out = new Map<string, ArticleAnalysis>();
      for (const part of chunks([...new Set(articleIds)])) {
        const rows = await db
          .selectFrom('analyses')
          .selectAll()
          .where('article_id', 'in', part)
          .execute();
        for (const r of rows) {
          out.set(r.article_id, {
            articleId: r.article_id,
            contentHash: r.content_hash,
            summary: parseJson<Summary>(r.summary_json),
            topics: parseJson<string[]>(r.topics_json),
            places: parseJson<string[]>(r.places_json),
            hanoi: fromInt(r.hanoi),
          });
        }
      }
      return out;
    },

    async save(analyses) {
      if (analyses.length === 0) return;
      const now = toIso(clock.now());
      await db.transaction().execute(async (trx) => {
        for (const a of analyses) {
          const values = {
            content_hash: a.contentHash,
            summary_json: JSON.stringify(nfcSummary(a.summary)),
            topics_json: JSON.stringify(a.topics),
            places_json: JSON.stringify(a.places.map(nfc)),
            hanoi: toInt(a.hanoi),
            updated_at: now,
          };
          await trx
            .insertInto('analyses')
            .values({ article_id: a.articleId, ...values })
            .onConflict((oc) => oc.column('article_id').doUpdateSet(values))
            .execute();
        }
      });
    },
  };
}

export function createSummaryCache(db: Kysely<Database>, clock: Clock): SummaryCache {
  return {
    async get(contentHash, summarizer) {
      const row = await db
        .selectFrom('summary_cache')
        .select('summary_json')
        .where('content_hash', '=', contentHash)
        .where('summarizer', '=', summarizer)
        .executeTakeFirst();
      return row ? parseJson<Summary>(row.summary_json) : null;
    },

    async set(contentHash, summarizer, summary) {
      const values = {
        summary_json: JSON.stringify(nfcSummary(summary)),
        created_at: toIso(clock.now()),
      };
      await db
        .insertInto('summary_cache')
        .values({ content_hash: contentHash, summarizer, ...values })
        .onConflict((oc) => oc.columns(['content_hash', 'summarizer']).doUpdateSet(values))
        .execute();
    },
  };
}
