/**
 * `db copy`: moves a whole store from one database to another (SQLite →
 * PostgreSQL when a deployment outgrows one machine), so history is kept:
 * feeds and their states, articles and analyses, summaries, subscriptions,
 * the outbox and budgets.
 *
 * Every table both schemas have is copied, column by column (the columns both
 * have), so tables added by later migrations come along without code here.
 * Rows go in with `ON CONFLICT DO NOTHING`: a rerun (after a crash, or just
 * to check) adds nothing twice. Then every table's counts are compared.
 */
import { existsSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Logger } from '../digest/ports.js';
import { silentLogger } from '../digest/ports.js';
import { openDatabase, parseDatabaseUrl } from './database.js';
import type { OpenedDatabase } from './database.js';
import { HanoiDigestError } from '../digest/errors.js';

/** Kysely's own bookkeeping: each database keeps its own. */
const SKIP = new Set(['kysely_migration', 'kysely_migration_lock']);
/** PostgreSQL takes at most 65,535 bound parameters per statement. */
const MAX_PARAMS = 30_000;

export interface TableCopyReport {
  table: string;
  source: number;
  /** Rows this run inserted (0 on a rerun). */
  inserted: number;
  target: number;
}

export interface CopyReport {
  tables: TableCopyReport[];
  /** Every table holds as many rows in the target as in the source. */
  verified: boolean;
}

export class CopyVerificationError extends HanoiDigestError {
  override readonly name = 'CopyVerificationError';
  constructor(readonly mismatched: TableCopyReport[]) {
    super(
      'Counts differ after the copy (the target held other rows?): ' +
        mismatched.map((t) => `${t.table} source ${t.source} ≠ target ${t.target}`).join('; '),
    );
  }
}

export interface CopyOptions {
  logger?: Logger;
  /** Rows per insert (capped so one statement stays under the parameter limit). */
  batchSize?: number;
  onProgress?: (table: string, copied: number, total: number) => void;
}

type AnyDb = Kysely<Record<string, Record<string, unknown>>>;

export async function copyDatabase(
  fromUrl: string,
  toUrl: string,
  options: CopyOptions = {},
): Promise<CopyReport> {
  const logger = options.logger ?? silentLogger;
  const loc = parseDatabaseUrl(fromUrl);
  if (loc.kind === 'sqlite' && !existsSync(loc.path))
    throw new Error(`db copy: the source ${loc.path} does not exist`);
  // Exclusive on a SQLite source: refuse while a service instance still writes to it.
  const from = await openDatabase(fromUrl, logger, { exclusive: true });
  let to: OpenedDatabase | null = null;
  try {
    to = await openDatabase(toUrl, logger);
    const src = from.db as unknown as AnyDb;
    const dst = to.db as unknown as AnyDb;
    const targetTables = new Map(
      (await dst.introspection.getTables()).map((t) => [t.name, t.columns.map((c) => c.name)]),
    );
    const reports: TableCopyReport[] = [];
    for (const table of (await src.introspection.getTables())
      .filter((t) => !SKIP.has(t.name))
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const targetColumns = targetTables.get(table.name);
      if (!targetColumns) {
        logger.warn({ table: table.name }, 'db copy: the target has no such table; skipped');
        continue;
      }
      const columns = table.columns.map((c) => c.name).filter((c) => targetColumns.includes(c));
      reports.push(await copyTable(src, dst, table.name, columns, options));
    }
    if (to.dialect === 'postgres' && targetTables.has('outbox')) {
      // Ids were copied as they were: move the sequence past them.
      await sql`select setval(pg_get_serial_sequence('outbox', 'id'), coalesce((select max(id) from outbox), 0) + 1, false)`.execute(
        dst,
      );
    }
    const mismatched = reports.filter((r) => r.source !== r.target);
    if (mismatched.length > 0) throw new CopyVerificationError(mismatched);
    return { tables: reports, verified: true };
  } finally {
    await to?.close();
    await from.close();
  }
}

async function count(db: AnyDb, table: string): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function copyTable(
  src: AnyDb,
  dst: AnyDb,
  table: string,
  columns: string[],
  options: CopyOptions,
): Promise<TableCopyReport> {
  const source = await count(src, table);
  const size = Math.max(
    1,
    Math.min(options.batchSize ?? 1000, Math.floor(MAX_PARAMS / Math.max(1, columns.length))),
  );
  let inserted = 0;
  let copied = 0;
  // Pages in a stable order (every column), so each row is read exactly once.
  for (let offset = 0; offset < source; offset += size) {
    let q = src.selectFrom(table).select(columns);
    for (const c of columns) q = q.orderBy(c);
    const rows = (await q.limit(size).offset(offset).execute()).map(clean);
    if (rows.length === 0) break;
    const res = await dst
      .insertInto(table)
      .values(rows)
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    inserted += Number(res.numInsertedOrUpdatedRows ?? 0n);
    copied += rows.length;
    options.onProgress?.(table, copied, source);
  }
  return { table, source, inserted, target: await count(dst, table) };
}

/** PostgreSQL text cannot hold NUL; SQLite may have stored one before the store dropped them. */
function clean(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row))
    out[k] = typeof v === 'string' && v.includes('\u0000') ? v.replaceAll('\u0000', '') : v;
  return out;
}
