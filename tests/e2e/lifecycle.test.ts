/**
 * Start is all-or-nothing and stop is bounded: a part that fails to start
 * stops the ones already running (Telegram does not keep polling after a
 * failed Discord login), and a part that hangs on stop is reported.
 */
import { describe, expect, it } from 'vitest';
import { createStartup, stopInOrder, StartupError } from '../../src/app/lifecycle.js';
import { HanoiDigestError } from '../../src/digest/errors.js';

const logs: { obj: unknown; msg: string | undefined }[] = [];
const logger = {
  debug() {},
  info() {},
  warn() {},
  error: (obj: object, msg?: string) => void logs.push({ obj, msg }),
};

describe('startup is all-or-nothing', () => {
  it('a failing part stops the started ones in reverse and throws StartupError', async () => {
    const events: string[] = [];
    const startup = createStartup({ deadlineMs: 1_000, logger });
    startup.add({ name: 'store', stop: () => void events.push('store stopped') });
    await startup.start(
      'telegram',
      async () => void events.push('telegram started'),
      () => void events.push('telegram stopped'),
    );
    const failure = startup.start(
      'discord',
      async () => {
        throw new Error('401: invalid token');
      },
      () => void events.push('discord stopped'),
    );
    await expect(failure).rejects.toBeInstanceOf(StartupError);
    const err = (await failure.catch((e: unknown) => e)) as StartupError;
    expect(err).toBeInstanceOf(HanoiDigestError);
    expect(err.code).toBe('STARTUP_FAILED');
    expect(err.message).toBe(
      'startup failed while starting discord: 401: invalid token (stopped again: telegram, store)',
    );
    expect((err.cause as Error).message).toBe('401: invalid token');
    expect(events).toEqual(['telegram started', 'telegram stopped', 'store stopped']);
    expect(startup.started()).toEqual([]);
  });
});

describe('shutdown has a deadline', () => {
  it('reports a part that throws and one that hangs, and still stops the rest', async () => {
    const stopped: string[] = [];
    const report = await stopInOrder(
      [
        { name: 'scheduler', stop: () => new Promise(() => undefined) },
        {
          name: 'telegram',
          stop: () => {
            throw new Error('socket closed');
          },
        },
        { name: 'store', stop: () => void stopped.push('store') },
      ],
      { deadlineMs: 50, logger },
    );
    expect(report.ok).toBe(false);
    expect(report.failed).toEqual([
      { name: 'scheduler', reason: 'scheduler did not stop within 50 ms' },
      { name: 'telegram', reason: 'socket closed' },
    ]);
    expect(stopped).toEqual(['store']);
    // Logged as { err } objects, so pino keeps the stack.
    expect(logs.filter((l) => l.msg === 'failed to stop').map((l) => l.obj)).toEqual([
      { part: 'scheduler', err: expect.any(HanoiDigestError) },
      { part: 'telegram', err: expect.any(Error) },
    ]);
  });

  it('is ok when every part stops', async () => {
    const report = await stopInOrder([{ name: 'a', stop: async () => undefined }], {
      deadlineMs: 1_000,
      logger,
    });
    expect(report).toEqual({ ok: true, failed: [] });
  });
});

describe('the service start, through the composition root', () => {
  it('a part refusing to start closes the app and names the part', async () => {
    const { mkdtemp, rm, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { openApp, startService } = await import('../../src/app/index.js');
    const dir = await mkdtemp(join(tmpdir(), 'hd-lifecycle-'));
    try {
      await writeFile(
        join(dir, 'feeds.yaml'),
        'feeds:\n  - id: x\n    name: X\n    url: http://127.0.0.1:9/rss\n',
      );
      const app = await openApp({
        configDir: dir,
        databaseUrl: 'sqlite::memory:',
        env: { LOG_LEVEL: 'silent', DISCORD_BOT_TOKEN: 'token-without-application-id' },
      });
      let closed = 0;
      const close = app.close.bind(app);
      app.close = async () => {
        closed++;
        await close();
      };
      const err = await startService(app, { handleSignals: false }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StartupError);
      expect((err as StartupError).part).toBe('discord');
      expect((err as StartupError).rolledBack).toEqual(['store']);
      expect(closed).toBe(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
