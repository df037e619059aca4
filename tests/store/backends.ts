/**
 * The databases every store test runs on: SQLite in memory, a SQLite file,
 * and PostgreSQL (its own schemas, dropped after the file). The PostgreSQL
 * backend is left out, with a visible skipped test, only outside CI when no
 * server answers.
 */
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import type { Clock } from '../../src/digest/ports.js';
import type { SqlStores } from '../../src/store/index.js';
import { createStores } from '../../src/store/index.js';
import { PG_MISSING_MESSAGE, createPgSchemas, postgresAvailable } from '../helpers/postgres.js';
import { tempDir } from './fixtures.js';

export type OpenStores = (options?: { clock?: Clock }) => Promise<SqlStores>;

/** Call at the top level of a test file (it registers afterAll cleanups). */
export async function storeBackends(tag: string): Promise<[string, OpenStores][]> {
  const tmp = tempDir();
  let files = 0;
  afterAll(() => tmp.cleanup());
  const backends: [string, OpenStores][] = [
    ['sqlite-memory', (o = {}) => createStores('sqlite::memory:', o)],
    [
      'sqlite-file',
      (o = {}) => createStores(`sqlite:${join(tmp.dir, `nested-${++files}`, 'db.sqlite')}`, o),
    ],
  ];
  if (await postgresAvailable()) {
    const schemas = createPgSchemas(tag);
    afterAll(() => schemas.dropAll());
    backends.push(['postgres', (o = {}) => createStores(schemas.url(), { ...o, poolMax: 4 })]);
  } else {
    describe('postgres', () => {
      it.skip(PG_MISSING_MESSAGE, () => {});
    });
  }
  return backends;
}
