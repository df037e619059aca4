import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Stores } from '../../src/digest/ports.js';
import { createDigestRunner } from '../../src/delivery/digest-run.js';
import { createDeliveryWorker } from '../../src/delivery/outbox-worker.js';
import type { DeliveryWorker } from '../../src/delivery/outbox-worker.js';
import type {
  CronAdapter,
  CronJobContext,
  CronJobOptions,
} from '../../src/scheduler/cron-adapter.js';
import { createScheduler } from '../../src/scheduler/scheduler.js';
import type { SchedulerOptions } from '../../src/scheduler/scheduler.js';
import { createStores } from '../../src/store/index.js';
import { createCountingNews, makeSubscription, testRenderers } from '../delivery/fixtures.js';
import type { CountingNews } from '../delivery/fixtures.js';
import { createFakeClock } from '../helpers/fake-clock.js';
import type { FakeClock } from '../helpers/fake-clock.js';
import { createRecordingPublisher } from '../helpers/recording-publisher.js';
import type { RecordingPublisher } from '../helpers/recording-publisher.js';

interface FakeJob {
  expression: string;
  run: (ctx: CronJobContext) => Promise<void>;
  options: CronJobOptions;
  stopped: boolean;
}

function createFakeCron(): CronAdapter & {
  jobs: FakeJob[];
  active: () => FakeJob[];
  job: (name: string) => FakeJob;
} {
  const jobs: FakeJob[] = [];
  return {
    jobs,
    active: () => jobs.filter((j) => !j.stopped),
    job(name) {
      const j = jobs.find((x) => x.options.name === name && !x.stopped);
      if (!j)
        throw new Error(
          `no active job ${name}; have ${jobs.map((x) => x.options.name).join(', ')}`,
        );
      return j;
    },
    schedule(expression, run, options) {
      const job: FakeJob = { expression, run, options, stopped: false };
      jobs.push(job);
      return { stop: () => void (job.stopped = true) };
    },
  };
}

const HCM = 'Asia/Ho_Chi_Minh';
const D7 = 'digest:0 7 * * *@Asia/Ho_Chi_Minh';
// 27/11/2026 07:00 in Hà Nội.
const SLOT = new Date('2026-11-27T00:00:00.000Z');
const H = 3_600_000;

let stores: Stores;
let clock: FakeClock;
let news: CountingNews;
let telegram: RecordingPublisher;
let worker: DeliveryWorker;
let cron: ReturnType<typeof createFakeCron>;
let infoLogs: { obj: Record<string, unknown>; msg: string | undefined }[];

beforeEach(async () => {
  clock = createFakeClock(SLOT);
  stores = await createStores('sqlite::memory:', { clock });
  news = createCountingNews(2);
  telegram = createRecordingPublisher('telegram');
  worker = createDeliveryWorker({
    outbox: stores.outbox,
    subscriptions: stores.subscriptions,
    publishers: { telegram },
    clock,
  });
  cron = createFakeCron();
  infoLogs = [];
});
afterEach(async () => {
  await stores.close();
});

function scheduler(over: Partial<SchedulerOptions> = {}): ReturnType<typeof createScheduler> {
  const logger = {
    debug() {},
    warn() {},
    error() {},
    info: (obj: object, msg?: string) =>
      void infoLogs.push({ obj: obj as Record<string, unknown>, msg }),
  };
  return createScheduler({
    gather: async () => undefined,
    subscriptions: stores.subscriptions,
    kv: stores.kv,
    runner: createDigestRunner({
      news,
      subscriptions: stores.subscriptions,
      outbox: stores.outbox,
      renderers: testRenderers,
      clock,
    }),
    worker,
    clock,
    logger,
    cron,
    ...over,
  });
}

describe('scheduler jobs', () => {
  it('schedules gathering every 15 min with noOverlap and one digest job per (cron, zone)', async () => {
    await stores.subscriptions.upsert(
      makeSubscription('a', { platform: 'telegram', chatId: '1' }, { lastDigestAt: SLOT }),
    );
    await stores.subscriptions.upsert(
      makeSubscription('b', { platform: 'telegram', chatId: '2' }, { lastDigestAt: SLOT }),
    );
    await stores.subscriptions.upsert(
      makeSubscription(
        'c',
        { platform: 'telegram', chatId: '3' },
        { schedule: '30 18 * * *', lastDigestAt: SLOT },
      ),
    );
    await stores.subscriptions.upsert(
      makeSubscription(
        'd',
        { platform: 'telegram', chatId: '4' },
        { schedule: '0 6 * * *', state: 'paused' },
      ),
    );
    const s = scheduler();
    await s.start();
    expect(cron.job('gather')).toMatchObject({
      expression: '*/15 * * * *',
      options: { noOverlap: true },
    });
    expect(s.jobNames().sort()).toEqual([D7, 'digest:30 18 * * *@Asia/Ho_Chi_Minh', 'gather']);
    expect(cron.job(D7).options.timezone).toBe(HCM);

    // A change in subscriptions: refresh() adds and removes jobs.
    await stores.subscriptions.setState('c', 'paused', null);
    await stores.subscriptions.upsert(
      makeSubscription(
        'e',
        { platform: 'telegram', chatId: '5' },
        { schedule: '0 12 * * 1', timezone: 'UTC' },
      ),
    );
    await s.refresh();
    expect(s.jobNames().sort()).toEqual(['digest:0 12 * * 1@UTC', D7, 'gather']);
    await s.stop();
    expect(cron.active()).toEqual([]);
  });

  it('a digest tick uses the scheduled minute as the slot; the same slot twice sends once', async () => {
    await stores.subscriptions.upsert(
      makeSubscription(
        'a',
        { platform: 'telegram', chatId: '1' },
        { lastDigestAt: new Date(SLOT.getTime() - 24 * H) },
      ),
    );
    clock.set(new Date(SLOT.getTime() - 60_000));
    const s = scheduler();
    await s.start();
    clock.set(new Date(SLOT.getTime() + 4_321)); // the tick fires a few seconds late
    await cron.job(D7).run({ date: new Date(SLOT.getTime() + 1_234) });
    const rows = await stores.outbox.list();
    expect(new Set(rows.map((r) => r.slot))).toEqual(new Set([SLOT.toISOString()]));
    expect(telegram.messages).toHaveLength(3); // header + 2 items
    await cron.job(D7).run({ date: SLOT });
    expect(telegram.messages).toHaveLength(3);
    expect(news.digestCalls).toHaveLength(1);
    expect(await stores.kv.get(`scheduler:lastSlot:${D7}`)).toBe(SLOT.toISOString());
    await s.stop();
  });

  it('a bad schedule is logged and skipped, the others still run', async () => {
    await stores.subscriptions.upsert(
      makeSubscription('bad', { platform: 'telegram', chatId: '1' }, { schedule: '0 25 * * *' }),
    );
    await stores.subscriptions.upsert(
      makeSubscription('ok', { platform: 'telegram', chatId: '2' }, { lastDigestAt: SLOT }),
    );
    const s = scheduler();
    await s.start();
    expect(s.jobNames().sort()).toEqual([D7, 'gather']);
    await s.stop();
  });
});

describe('catch-up after a restart', () => {
  const yesterday = new Date(SLOT.getTime() - 24 * H);

  it('catches up a slot missed within the 6 h grace window, once', async () => {
    await stores.subscriptions.upsert(
      makeSubscription('a', { platform: 'telegram', chatId: '1' }, { lastDigestAt: yesterday }),
    );
    clock.set(new Date(SLOT.getTime() + 5 * H + 59 * 60_000));
    const s = scheduler();
    const report = await s.start();
    expect(report.caughtUp).toEqual([{ slot: SLOT.toISOString(), subscriptionIds: ['a'] }]);
    expect(report.skipped).toEqual([]);
    expect(telegram.messages).toHaveLength(3);
    expect(news.digestCalls[0]).toMatchObject({ since: yesterday, until: SLOT });
    await s.stop();

    // Another restart: the slot is done, nothing is sent again.
    const again = await scheduler().start();
    expect(again.caughtUp).toEqual([]);
    expect(telegram.messages).toHaveLength(3);
  });

  it('does not catch up a slot older than the grace window, and says so', async () => {
    await stores.subscriptions.upsert(
      makeSubscription('a', { platform: 'telegram', chatId: '1' }, { lastDigestAt: yesterday }),
    );
    clock.set(new Date(SLOT.getTime() + 6 * H + 60_000));
    const report = await scheduler().start();
    expect(report.caughtUp).toEqual([]);
    expect(report.skipped).toEqual([
      {
        subscriptionId: 'a',
        since: yesterday.toISOString(),
        reason: 'no slot within the 6 h grace window; older slots are not caught up',
      },
    ]);
    expect(await stores.outbox.list()).toEqual([]);
    expect(news.digestCalls).toHaveLength(0);
  });

  it('with a longer outage, only the latest slot is caught up; the gap is logged', async () => {
    const since = new Date(SLOT.getTime() - 3 * 24 * H);
    await stores.subscriptions.upsert(
      makeSubscription('a', { platform: 'telegram', chatId: '1' }, { lastDigestAt: since }),
    );
    clock.set(new Date(SLOT.getTime() + H));
    const report = await scheduler().start();
    expect(report.caughtUp.map((c) => c.slot)).toEqual([SLOT.toISOString()]);
    expect(report.skipped).toEqual([]);
    expect(infoLogs).toContainEqual({
      obj: { subscriptionId: 'a', since: since.toISOString() },
      msg: 'only the latest missed slot is caught up',
    });
    // The caught-up digest still covers at most 24 h.
    expect(news.digestCalls[0]).toMatchObject({ since: yesterday, until: SLOT });
  });

  it('does not owe a slot from before the subscription existed', async () => {
    await stores.subscriptions.upsert(
      makeSubscription(
        'a',
        { platform: 'telegram', chatId: '1' },
        { createdAt: new Date(SLOT.getTime() + H) },
      ),
    );
    clock.set(new Date(SLOT.getTime() + 2 * H));
    const report = await scheduler().start();
    expect(report).toMatchObject({ caughtUp: [], skipped: [] });
  });

  it('does not resend a slot whose rows were enqueued before a crash', async () => {
    const sub = makeSubscription(
      'a',
      { platform: 'telegram', chatId: '1' },
      { lastDigestAt: yesterday },
    );
    await stores.subscriptions.upsert(sub);
    // Enqueued and sent, but the process died before lastDigestAt was saved.
    await createDigestRunner({
      news,
      subscriptions: { ...stores.subscriptions, setLastDigestAt: async () => {} },
      outbox: stores.outbox,
      renderers: testRenderers,
      clock,
    }).runSlot(SLOT, [sub]);
    await worker.drain();
    expect(telegram.messages).toHaveLength(3);
    clock.set(new Date(SLOT.getTime() + H));
    const report = await scheduler().start();
    expect(report.runs[0]?.outcomes).toEqual([
      { subscriptionId: 'a', outcome: 'already-enqueued' },
    ]);
    expect(telegram.messages).toHaveLength(3);
  });
});

describe('overlap and shutdown', () => {
  it('a slow gather is never run twice at once', async () => {
    let calls = 0;
    let release: () => void = () => {};
    const s = scheduler({
      gather: () => {
        calls++;
        return new Promise<void>((r) => (release = r));
      },
    });
    await s.start();
    const job = cron.job('gather');
    const first = job.run({ date: clock.now() });
    await job.run({ date: clock.now() }); // the next tick while the first still runs: skipped
    expect(calls).toBe(1);
    release();
    await first;
    const third = job.run({ date: clock.now() });
    expect(calls).toBe(2);
    release();
    await third;
    expect(await stores.kv.get('scheduler:lastGatherAt')).toBe(clock.now().toISOString());
    await s.stop();
  });

  it('a failing gather is logged, not thrown into node-cron, and the next tick runs', async () => {
    let calls = 0;
    const s = scheduler({
      gather: async () => {
        calls++;
        throw new Error('feed down');
      },
    });
    await s.start();
    await cron.job('gather').run({ date: clock.now() });
    await cron.job('gather').run({ date: clock.now() });
    expect(calls).toBe(2);
    await s.stop();
  });

  it('stop() waits for a running job', async () => {
    let release: () => void = () => {};
    let finished = false;
    const s = scheduler({
      gather: () =>
        new Promise<void>((r) => (release = r)).then(() => {
          finished = true;
        }),
    });
    await s.start();
    void cron.job('gather').run({ date: clock.now() });
    const stopped = s.stop().then(() => finished);
    release();
    expect(await stopped).toBe(true);
  });

  it('refuses a gathering interval cron cannot express', () => {
    expect(() => scheduler({ gatherIntervalMinutes: 7 })).toThrow(/cannot be written as cron/);
  });
});
