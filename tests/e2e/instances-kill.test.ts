/**
 * Two deliver instances (`npm start -- --role deliver`, real processes) on one
 * PostgreSQL database, sending a queue of digests to loopback Telegram and
 * Discord servers. One is killed with SIGKILL mid-run and started again.
 * Nothing is lost, nothing is doubled on Discord (nonce), and a Telegram chat
 * gets at most one duplicate (the documented at-least-once case).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoConfig } from '../../src/demo/demo-config.js';
import type { SqlStores } from '../../src/store/index.js';
import { createStores } from '../../src/store/index.js';
import { spawnDeliverInstance } from '../helpers/deliver-instance.js';
import { startFakeDiscordServer, type FakeDiscordServer } from '../helpers/fake-discord-server.js';
import {
  startFakeTelegramServer,
  type FakeTelegramServer,
} from '../helpers/fake-telegram-server.js';
import { PG_MISSING_MESSAGE, createPgSchemas, postgresAvailable } from '../helpers/postgres.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const TG_CHATS = 30;
const TG_CHUNKS = 2;
const DC_CHANNELS = 20;
// A slot a minute ago: a digest stays fresh (and is delivered) until 12 h after its slot.
const SLOT = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000).toISOString();
const hasPg = await postgresAvailable();

if (!hasPg)
  describe('two instances, one killed', () => {
    it.skip(PG_MISSING_MESSAGE, () => {});
  });

describe.runIf(hasPg)('two deliver instances on PostgreSQL, one killed and restarted', () => {
  const schemas = createPgSchemas('kill');
  let url = '';
  let tg: FakeTelegramServer;
  let dc: FakeDiscordServer;
  let stores: SqlStores;
  let configDir = '';
  const children: ChildProcess[] = [];
  const failures: string[] = [];

  function startInstance(name: string): ChildProcess {
    const child = spawnDeliverInstance({
      root: ROOT,
      databaseUrl: url,
      configDir,
      instanceId: name,
      logLevel: 'warn',
      env: {
        LEASE_SECONDS: '3',
        TELEGRAM_BOT_TOKEN: tg.token,
        TELEGRAM_API_ROOT: tg.apiRoot,
        DISCORD_BOT_TOKEN: 'test-token',
        DISCORD_APPLICATION_ID: '900000000000000001',
        DISCORD_API_BASE: dc.apiBase,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr?.on('data', (c: Buffer) => (err += c.toString('utf8')));
    child.on('exit', (code, signal) => {
      if (code && code !== 0 && signal === null) {
        failures.push(`instance ${name} exited ${code}:\n${err}`);
      }
    });
    children.push(child);
    return child;
  }

  beforeAll(async () => {
    url = schemas.url();
    tg = await startFakeTelegramServer();
    dc = await startFakeDiscordServer();
    configDir = await mkdtemp(join(tmpdir(), 'hd-kill-'));
    // Delivery only: one (disabled) feed, since a config must list one.
    await writeDemoConfig(configDir, [
      {
        id: 'none',
        name: 'Không dùng',
        url: 'http://127.0.0.1:9/rss',
        type: 'rss',
        enabled: false,
      },
    ]);
    stores = await createStores(url);
    const rows: Parameters<SqlStores['outbox']['enqueue']>[0] = [];
    for (let c = 0; c < TG_CHATS; c++) {
      const chatId = String(-1001000 - c);
      tg.addChat({ id: Number(chatId), type: 'channel', title: `Kênh ${c}` });
      for (let i = 0; i < TG_CHUNKS; i++)
        rows.push({
          targetKey: `telegram:${chatId}`,
          target: { platform: 'telegram', chatId },
          subscriptionId: null,
          slot: SLOT,
          chunkIndex: i,
          chunkCount: TG_CHUNKS,
          payload: { kind: 'telegram', html: `<b>Bản tin Hà Nội</b> kênh ${c} phần ${i + 1}` },
          nextAttemptAt: new Date(0),
        });
    }
    for (let c = 0; c < DC_CHANNELS; c++) {
      const chatId = String(700000000000000100n + BigInt(c));
      rows.push({
        targetKey: `discord:${chatId}`,
        target: { platform: 'discord', chatId },
        subscriptionId: null,
        slot: SLOT,
        chunkIndex: 0,
        chunkCount: 1,
        payload: { kind: 'discord', content: `**Bản tin Hà Nội** kênh ${c}` },
        nextAttemptAt: new Date(0),
      });
    }
    expect(await stores.outbox.enqueue(rows)).toBe(rows.length);
  }, 60_000);

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await stores?.close();
    await Promise.all([tg?.close(), dc?.close()]);
    await schemas.dropAll();
    await rm(configDir, { recursive: true, force: true });
  });

  it('loses nothing, doubles nothing on Discord, at most one duplicate per Telegram chat', async () => {
    const total = TG_CHATS * TG_CHUNKS + DC_CHANNELS;
    const a = startInstance('instance-a');
    startInstance('instance-b');
    // Kill A once sending is under way.
    await waitUntil(() => tg.messages.length + dcCount() >= 10, 90_000, failures);
    a.kill('SIGKILL');
    await new Promise((r) => a.once('exit', r));
    startInstance('instance-a2');
    await waitUntil(
      async () => (await stores.outbox.list({ state: 'sent' })).length === total,
      120_000,
      failures,
    );

    expect(await stores.outbox.list({ state: 'pending' })).toEqual([]);
    expect(await stores.outbox.list({ state: 'failed' })).toEqual([]);
    for (let c = 0; c < DC_CHANNELS; c++)
      expect(dc.messages(String(700000000000000100n + BigInt(c)))).toHaveLength(1);
    for (let c = 0; c < TG_CHATS; c++) {
      const texts = tg.messages.filter((m) => m.chatId === String(-1001000 - c)).map((m) => m.text);
      for (let i = 0; i < TG_CHUNKS; i++)
        expect(texts).toContain(`Bản tin Hà Nội kênh ${c} phần ${i + 1}`);
      expect(texts.length).toBeLessThanOrEqual(TG_CHUNKS + 1);
    }
    // Both surviving instances stop cleanly on SIGTERM.
    for (const c of children.slice(1)) c.kill('SIGTERM');
    await Promise.all(
      children
        .slice(1)
        .map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once('exit', r)))),
    );
  }, 240_000);

  function dcCount(): number {
    let n = 0;
    for (let c = 0; c < DC_CHANNELS; c++)
      n += dc.messages(String(700000000000000100n + BigInt(c))).length;
    return n;
  }
});

async function waitUntil(
  cond: () => boolean | Promise<boolean>,
  timeoutMs: number,
  failures: string[],
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (failures.length > 0) throw new Error(failures.join('\n'));
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
