/**
 * One cron dialect: whatever config validation accepts, the scheduler
 * schedules with the real node-cron, and whatever config refuses, the
 * scheduler logs and skips without disturbing the other jobs.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import type { Stores } from '../../src/digest/ports.js';
import { createScheduler, nextSlot, previousSlot } from '../../src/scheduler/index.js';
import type { CronAdapter } from '../../src/scheduler/index.js';
import { nodeCronAdapter } from '../../src/scheduler/index.js';
import { createStores } from '../../src/store/index.js';
import { configDir } from '../config/config-dir.js';
import { makeSubscription } from '../delivery/fixtures.js';
import { createFakeClock } from '../helpers/fake-clock.js';

const HCM = 'Asia/Ho_Chi_Minh';
const EXPRESSIONS = [
  '0 7 * * monday',
  '0 7 * january *',
  '5/15 * * * *',
  '0 7 ? * *',
  '0 7 * * *',
  '30 6 * * 1-5',
  '*/20 6-22 * * *',
  '0 25 * * *',
  '0 0 7 * * *',
];

async function configAccepts(expr: string): Promise<boolean> {
  const dir = configDir({
    'subscriptions.yaml': `subscriptions:\n  - id: x\n    platform: telegram\n    chat_id: "-100123"\n    schedule: "${expr}"\n`,
  });
  try {
    await loadConfig(dir.dir);
    return true;
  } catch {
    return false;
  } finally {
    dir.cleanup();
  }
}

let stores: Stores;
beforeEach(async () => {
  stores = await createStores('sqlite::memory:', {
    clock: createFakeClock(new Date('2026-11-27T00:00:00Z')),
  });
});
afterEach(async () => {
  await stores.close();
});

function schedulerWith(
  cron: CronAdapter,
  errors: string[] = [],
): ReturnType<typeof createScheduler> {
  const noop = (): void => undefined;
  return createScheduler({
    gather: async () => undefined,
    subscriptions: stores.subscriptions,
    kv: stores.kv,
    runner: { runSlot: async () => ({ slot: '', enqueuedRows: 0 }) } as never,
    worker: { drain: async () => ({}) as never, start: noop, stop: async () => undefined },
    logger: {
      debug: noop,
      info: noop,
      warn: noop,
      error: (_o, msg) => void errors.push(msg ?? ''),
    },
    cron,
  });
}

describe('config validation and the scheduler speak one dialect', () => {
  it('agree on every expression, with the real node-cron', async () => {
    for (const [i, expr] of EXPRESSIONS.entries())
      await stores.subscriptions.upsert(
        makeSubscription(
          `s${i}`,
          { platform: 'telegram', chatId: String(i) },
          {
            schedule: expr,
            lastDigestAt: new Date('2026-11-27T00:00:00Z'),
          },
        ),
      );
    const s = schedulerWith(nodeCronAdapter);
    await s.start();
    const scheduled = new Set(s.jobNames());
    await s.stop();

    const verdicts = [];
    for (const expr of EXPRESSIONS)
      verdicts.push({
        expr,
        config: await configAccepts(expr),
        scheduler: scheduled.has(`digest:${expr}@${HCM}`),
      });
    for (const v of verdicts) expect(v.scheduler, v.expr).toBe(v.config);
    // The reported cases: two used to pass config and fail the scheduler,
    // one passed both and crashed node-cron, one was refused by config only.
    expect(verdicts.filter((v) => v.config).map((v) => v.expr)).toEqual([
      '0 7 * * monday',
      '0 7 * january *',
      '0 7 ? * *',
      '0 7 * * *',
      '30 6 * * 1-5',
      '*/20 6-22 * * *',
    ]);
  });

  it('a job that fails to schedule is logged and isolated; the others still run', async () => {
    for (const [i, expr] of ['0 7 * * *', '0 8 * * *', '0 9 * * *'].entries())
      await stores.subscriptions.upsert(
        makeSubscription(
          `s${i}`,
          { platform: 'telegram', chatId: String(i) },
          {
            schedule: expr,
            lastDigestAt: new Date('2026-11-27T00:00:00Z'),
          },
        ),
      );
    const stopped: string[] = [];
    const flaky: CronAdapter = {
      schedule(expression, _job, options) {
        if (expression === '0 8 * * *') throw new Error('node-cron refused it');
        return { stop: () => void stopped.push(options.name) };
      },
    };
    const errors: string[] = [];
    const s = schedulerWith(flaky, errors);
    await s.start();
    expect(s.jobNames().sort()).toEqual([
      `digest:0 7 * * *@${HCM}`,
      `digest:0 9 * * *@${HCM}`,
      'gather',
    ]);
    expect(errors).toEqual(['digest job could not be scheduled; skipped']);
    await s.stop();
    expect(stopped).toHaveLength(3);
  });
});

describe('slots on node-cron’s matcher', () => {
  it('finds the previous slot within the window only, in the schedule’s zone', () => {
    const now = new Date('2026-11-27T03:30:00Z'); // 10:30 in Hà Nội
    expect(previousSlot('0 7 * * *', HCM, now, 4 * 3_600_000)?.toISOString()).toBe(
      '2026-11-27T00:00:00.000Z',
    );
    expect(previousSlot('0 7 * * *', HCM, now, 3 * 3_600_000)).toBeNull();
    // 27/11/2026 is a Friday: a Monday-only schedule has no slot today.
    expect(previousSlot('0 7 * * monday', HCM, now, 4 * 3_600_000)).toBeNull();
    expect(previousSlot('0 7 * * friday', HCM, now, 4 * 3_600_000)).not.toBeNull();
  });

  it('nextSlot is in the future and on the minute', () => {
    const next = nextSlot('0 7 * * *', HCM);
    expect(next!.getTime()).toBeGreaterThan(Date.now());
    expect(next!.getUTCMinutes()).toBe(0);
    expect(next!.getUTCHours()).toBe(0);
  });
});
