import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/digest/ports.js';
import { DatabaseOpenError, explainOpenError, openDatabase } from '../../src/store/database.js';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'hd-dbopen-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function openError(url: string, busyTimeoutMs?: number): Promise<DatabaseOpenError> {
  try {
    const db = await openDatabase(url, silentLogger, busyTimeoutMs ? { busyTimeoutMs } : {});
    await db.close();
  } catch (err) {
    expect(err).toBeInstanceOf(DatabaseOpenError);
    return err as DatabaseOpenError;
  }
  throw new Error('expected the open to fail');
}

describe('database open errors name the file and the remedy', () => {
  it('a file that is not SQLite', async () => {
    const path = join(tmp(), 'notes.db');
    writeFileSync(path, 'these are notes, not a database '.repeat(40));
    const err = await openError(`sqlite:${path}`);
    expect(err.reason).toBe('not-sqlite');
    expect(err.message).toContain(path);
    expect(err.message).toMatch(/not a SQLite database/);
    expect(err.message).toMatch(/DATABASE_URL/);
  });

  it('a directory', async () => {
    const dir = tmp();
    const err = await openError(`sqlite:${dir}`);
    expect(err.reason).toBe('directory');
    expect(err.message).toContain(dir);
    expect(err.message).toMatch(/is a directory/);
    expect(err.message).toContain(`${dir}/hanoi-digest.db`);
  });

  it('locked by another instance', async () => {
    const path = join(tmp(), 'busy.db');
    const other = new BetterSqlite3(path);
    other.pragma('journal_mode = WAL');
    other.exec('CREATE TABLE t (x)');
    other.exec('BEGIN EXCLUSIVE');
    try {
      const err = await openError(`sqlite:${path}`, 50);
      expect(err.reason).toBe('locked');
      expect(err.message).toContain(path);
      expect(err.message).toMatch(/another instance/);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  });

  it('read-only (SQLite reports SQLITE_READONLY)', () => {
    // Running as root ignores file modes, so the translation is checked on
    // the error SQLite raises for a read-only file.
    const path = join(tmp(), 'ro.db');
    const sqliteErr = Object.assign(new Error('attempt to write a readonly database'), {
      code: 'SQLITE_READONLY',
    });
    const err = explainOpenError(path, sqliteErr);
    expect(err.reason).toBe('read-only');
    expect(err.message).toContain(path);
    expect(err.message).toMatch(/write permission/);
  });

  it('a good file still opens', async () => {
    const db = await openDatabase(`sqlite:${join(tmp(), 'ok.db')}`, silentLogger);
    await db.close();
  });
});
