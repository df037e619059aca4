/**
 * Two `bots` instances (the service, in-process) on one PostgreSQL database
 * with a loopback Telegram server: only the leader long-polls; when it stops,
 * the other takes polling over and answers commands.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type Service } from '../../src/app/service.js';
import { writeDemoConfig } from '../../src/demo/demo-config.js';
import { openApp } from '../../src/main.js';
import {
  startFakeTelegramServer,
  type FakeTelegramServer,
} from '../helpers/fake-telegram-server.js';
import { PG_MISSING_MESSAGE, createPgSchemas, postgresAvailable } from '../helpers/postgres.js';

const hasPg = await postgresAvailable();

if (!hasPg)
  describe('bots instances', () => {
    it.skip(PG_MISSING_MESSAGE, () => {});
  });

describe.runIf(hasPg)(
  'two bots instances on PostgreSQL: one long-polls, the other takes over',
  () => {
    const schemas = createPgSchemas('bots');
    let tg: FakeTelegramServer;
    let configDir = '';
    const services: Service[] = [];

    beforeAll(async () => {
      tg = await startFakeTelegramServer();
      configDir = await mkdtemp(join(tmpdir(), 'hd-bots-'));
      await writeDemoConfig(configDir, [
        {
          id: 'none',
          name: 'Không dùng',
          url: 'http://127.0.0.1:9/rss',
          type: 'rss',
          enabled: false,
        },
      ]);
    });

    afterAll(async () => {
      for (const s of services) await s.stop().catch(() => {});
      await tg?.close();
      await schemas.dropAll();
      await rm(configDir, { recursive: true, force: true });
    });

    it('polls from one instance at a time', async () => {
      const url = schemas.url();
      const start = async (id: string): Promise<Service> => {
        const app = await openApp({
          configDir,
          databaseUrl: url,
          env: {
            LOG_LEVEL: 'silent',
            ROLE: 'bots',
            INSTANCE_ID: id,
            TELEGRAM_BOT_TOKEN: tg.token,
            TELEGRAM_API_ROOT: tg.apiRoot,
            SUMMARIZER: 'extractive',
          },
        });
        const sink = new Writable({ write: (_c, _e, cb) => cb() });
        const s = await startService(app, { handleSignals: false, consoleOut: sink });
        services.push(s);
        return s;
      };
      const a = await start('bots-a');
      await start('bots-b');
      // Only the elected instance started its bot (getMe is its first call).
      expect(tg.callsOf('getMe')).toHaveLength(1);
      const ask = async (id: number): Promise<string> => {
        tg.sendText({ id, type: 'private', first_name: 'Hà' }, { id, first_name: 'Hà' }, '/help');
        const reply = await tg.waitForCall(
          (c) => c.method === 'sendmessage' && String(c.params['chat_id']) === String(id),
          30_000,
        );
        return JSON.stringify(reply.params);
      };
      expect(await ask(776)).toMatch(/digest/);

      await a.stop();
      // The other instance's next try (every 10 s) finds the lock free.
      await tg.waitForCall(() => tg.callsOf('getMe').length === 2, 30_000);
      expect(await ask(777)).toMatch(/digest/);
    }, 90_000);
  },
);
