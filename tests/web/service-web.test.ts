/**
 * `npm start` with WEB_PORT: the site comes up on WEB_HOST with the gathered
 * news, the admin page opens with ADMIN_WEB_TOKEN; without WEB_PORT there is
 * no site at all.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/app/env.js';
import { startService, type Service } from '../../src/app/service.js';
import { writeDemoConfig } from '../../src/demo/demo-config.js';
import { loadSampleSet, startDemoServer, type DemoServer } from '../../src/demo/demo-server.js';
import { openApp } from '../../src/main.js';

const TOKEN = 'service-web-admin-token-1234';

describe('WEB_PORT and WEB_HOST', () => {
  it('are off by default and bind to loopback', () => {
    const env = parseEnv({});
    expect(env.WEB_PORT).toBeUndefined();
    expect(env.WEB_HOST).toBe('127.0.0.1');
    expect(env.ADMIN_WEB_TOKEN).toBeUndefined();
    expect(env.DIGEST_FOLD_SECTIONS_UP_TO).toBe(12);
    expect(() => parseEnv({ ADMIN_WEB_TOKEN: 'short' })).toThrow(/ADMIN_WEB_TOKEN/);
    expect(() => parseEnv({ WEB_PORT: '70000' })).toThrow(/WEB_PORT/);
  });
});

describe('npm start with WEB_PORT set', () => {
  let demo: DemoServer;
  let service: Service;
  let configDir: string;

  beforeAll(async () => {
    demo = await startDemoServer({
      samples: await loadSampleSet(join('fixtures', 'demo', 'articles.json')),
    });
    configDir = await mkdtemp(join(tmpdir(), 'hd-service-web-'));
    await writeDemoConfig(configDir, demo.feeds);
    const app = await openApp({
      configDir,
      databaseUrl: 'sqlite::memory:',
      env: {
        LOG_LEVEL: 'silent',
        FETCH_ALLOW_PRIVATE: demo.hostPort,
        SUMMARIZER: 'extractive',
        WEB_PORT: '0',
        ADMIN_WEB_TOKEN: TOKEN,
      },
    });
    const sink = new Writable({ write: (_c, _e, cb) => cb() });
    service = await startService(app, { handleSignals: false, consoleOut: sink });
  }, 60_000);

  afterAll(async () => {
    await service?.stop();
    await demo?.close();
    await rm(configDir, { recursive: true, force: true });
  });

  it("serves today's gathered digest on 127.0.0.1, and the admin page with the token", async () => {
    const url = service.web?.url ?? '';
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const home = await fetch(`${url}/`);
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain('Vành đai 4');
    expect(html).toContain('<mark><strong>');
    expect(html).not.toContain(demo.hostPort);
    expect((await fetch(`${url}/quan-tri`)).status).toBe(401);
    const admin = await fetch(`${url}/quan-tri`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(admin.status).toBe(200);
    const text = await admin.text();
    expect(text).toContain('demo-hanoimoi');
    expect(text).toContain('Bình thường');
  });
});
