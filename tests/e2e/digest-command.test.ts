/** `cli digest` without --dry-run: gathers, writes every rendering, and delivers to the configured subscriptions. */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runDigestJob } from '../../src/cli/commands/digest.js';
import { writeDemoConfig } from '../../src/demo/demo-config.js';
import { loadSampleSet, startDemoServer } from '../../src/demo/demo-server.js';
import { openApp } from '../../src/main.js';

describe('cli digest', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  it('delivers the current slot to a configured subscription through its publisher', async () => {
    const web = await startDemoServer({
      samples: await loadSampleSet(join('fixtures', 'demo', 'articles.json')),
    });
    cleanup.push(() => web.close());
    const dir = await mkdtemp(join(tmpdir(), 'hd-digest-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    await writeDemoConfig(dir, web.feeds, [
      { id: 'console-main', platform: 'console', chat_id: 'terminal' },
    ]);
    const app = await openApp({
      configDir: dir,
      databaseUrl: 'sqlite::memory:',
      env: { LOG_LEVEL: 'silent', FETCH_ALLOW_PRIVATE: web.hostPort },
    });
    cleanup.push(() => app.close());
    const out = new PassThrough();
    const err = new PassThrough();
    let printed = '';
    err.on('data', (c: Buffer) => (printed += c.toString('utf8')));
    out.resume();

    const opts = {
      sinceMs: 24 * 3_600_000,
      topics: [],
      outDir: join(dir, 'out'),
      gather: true,
      dryRun: false,
      color: false,
    };
    const first = await runDigestJob(app, opts, { out, err });
    expect(first.doc.counts.items).toBeGreaterThanOrEqual(8);
    expect(first.delivered?.sent).toBeGreaterThan(0);
    expect(printed).toContain('→ console:terminal');
    expect(printed).toMatch(/Bản tin Hà Nội/);
    for (const f of [
      first.files.json,
      first.files.preview,
      ...first.files.telegram,
      ...first.files.discord,
    ])
      expect(existsSync(f)).toBe(true);
  }, 60_000);
});
