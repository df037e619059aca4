/**
 * The scheduler: a gathering job every N minutes, one digest job per distinct
 * (cron expression, time zone) among active subscriptions, and catch-up of a
 * slot missed while the process was down.
 *
 * A digest tick computes its slot from the scheduled minute (not "now", which
 * may be seconds later), runs the digest runner for that slot and drains the
 * delivery worker. Every digest is keyed by (target, slot) in the outbox, so a
 * tick and a catch-up of the same slot send once.
 */
import type { Subscription } from '../digest/model.js';
import type { Clock, KeyValueStore, Logger, SubscriptionStore } from '../digest/ports.js';
import { silentLogger, systemClock } from '../digest/ports.js';
import type { DigestRunner, SlotRunReport } from '../delivery/index.js';
import type { DeliveryWorker } from '../delivery/index.js';
import type { CronAdapter, CronTaskHandle } from './cron-adapter.js';
import { nodeCronAdapter } from './cron-adapter.js';
import { assertSchedule, everyMinutesExpression, floorMinute, previousSlot } from './slots.js';

export interface SchedulerOptions {
  /** One gathering pass (the gatherer's `run`); its result is ignored. */
  gather: () => Promise<unknown>;
  /** Default 15; must divide an hour or a day (cron can say nothing else). */
  gatherIntervalMinutes?: number;
  subscriptions: SubscriptionStore;
  kv: KeyValueStore;
  runner: DigestRunner;
  worker: Pick<DeliveryWorker, 'drain' | 'start' | 'stop'>;
  clock?: Clock;
  logger?: Logger;
  /** How old a missed slot may be and still be caught up after a restart (default 6 h). */
  graceHours?: number;
  /** Zone of the gathering job (default Asia/Ho_Chi_Minh). */
  timezone?: string;
  cron?: CronAdapter;
}

export interface CatchUpReport {
  /** Slots run again, with their subscriptions. */
  caughtUp: { slot: string; subscriptionIds: string[] }[];
  /**
   * Subscriptions owed something from before the grace window, where catch-up
   * does not look (the walk back is bounded by the window, so the slots there
   * are not named; `since` is when the subscription was last served).
   */
  skipped: { subscriptionId: string; since: string; reason: string }[];
  runs: SlotRunReport[];
}

export interface Scheduler {
  /** Schedule the jobs, catch up missed slots, start the delivery loop. */
  start(): Promise<CatchUpReport>;
  /** Stop every cron task, wait for running jobs, stop the delivery loop. */
  stop(): Promise<void>;
  /** Re-sync digest jobs with the active subscriptions (call after a change). */
  refresh(): Promise<void>;
  catchUp(): Promise<CatchUpReport>;
  /** The gathering job; a call while one runs is skipped (returns false). */
  runGather(): Promise<boolean>;
  /** A digest job's tick for the minute `date`. */
  runDigestTick(expression: string, timezone: string, date: Date): Promise<SlotRunReport | null>;
  /** Names of the scheduled jobs ("gather", "digest:0 7 * * *@Asia/Ho_Chi_Minh"). */
  jobNames(): string[];
}

const MINUTE = 60_000;

export function digestJobName(expression: string, timezone: string): string {
  return `digest:${expression}@${timezone}`;
}

export function createScheduler(options: SchedulerOptions): Scheduler {
  const {
    gather,
    subscriptions,
    kv,
    runner,
    worker,
    clock = systemClock,
    logger = silentLogger,
    timezone = 'Asia/Ho_Chi_Minh',
    cron = nodeCronAdapter,
  } = options;
  const gatherExpression = everyMinutesExpression(options.gatherIntervalMinutes ?? 15);
  const graceMs = (options.graceHours ?? 6) * 3_600_000;

  let gatherTask: CronTaskHandle | null = null;
  const digestTasks = new Map<string, CronTaskHandle>();
  const inFlight = new Set<Promise<unknown>>();
  let gathering: Promise<unknown> | null = null;
  let started = false;

  function track<T>(p: Promise<T>): Promise<T> {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p)).catch(() => undefined);
    return p;
  }

  /** Is the schedule usable? A bad one is logged, never fatal to the others. */
  function valid(sub: Subscription): boolean {
    try {
      assertSchedule(sub.schedule, sub.timezone);
      return true;
    } catch (err) {
      logger.error(
        { subscriptionId: sub.id, schedule: sub.schedule, timezone: sub.timezone, err },
        'subscription has an invalid schedule; skipped',
      );
      return false;
    }
  }

  async function runGather(): Promise<boolean> {
    if (gathering) {
      logger.warn({ job: 'gather' }, 'gathering still running; this tick is skipped');
      return false;
    }
    const run = (async () => {
      try {
        await gather();
        await kv.set('scheduler:lastGatherAt', clock.now().toISOString());
      } catch (err) {
        logger.error({ job: 'gather', err }, 'gathering failed');
      }
    })();
    gathering = run;
    try {
      await track(run);
    } finally {
      gathering = null;
    }
    return true;
  }

  async function runDigestTick(
    expression: string,
    tz: string,
    date: Date,
  ): Promise<SlotRunReport | null> {
    // node-cron reports the scheduled minute; a minute's walk is enough to
    // snap a late `date` back onto it.
    let slot: Date;
    try {
      slot = previousSlot(expression, tz, date, MINUTE) ?? floorMinute(date);
    } catch {
      slot = floorMinute(date);
    }
    const work = (async () => {
      const subs = (await subscriptions.list({ state: 'active' })).filter(
        (s) => s.schedule === expression && s.timezone === tz,
      );
      if (subs.length === 0) return null;
      const report = await runner.runSlot(slot, subs);
      await kv.set(`scheduler:lastSlot:${digestJobName(expression, tz)}`, slot.toISOString());
      const drained = await worker.drain();
      logger.info(
        { job: digestJobName(expression, tz), slot: slot.toISOString(), ...drained },
        'digest tick done',
      );
      return report;
    })();
    return track(work).catch((err: unknown) => {
      logger.error(
        { job: digestJobName(expression, tz), slot: slot.toISOString(), err },
        'digest tick failed',
      );
      return null;
    });
  }

  async function refresh(): Promise<void> {
    const active = (await subscriptions.list({ state: 'active' })).filter(valid);
    const wanted = new Map<string, { expression: string; timezone: string }>();
    for (const s of active)
      wanted.set(digestJobName(s.schedule, s.timezone), {
        expression: s.schedule,
        timezone: s.timezone,
      });
    for (const [name, task] of digestTasks) {
      if (!wanted.has(name)) {
        await task.stop();
        digestTasks.delete(name);
        logger.info({ job: name }, 'digest job removed');
      }
    }
    for (const [name, { expression, timezone: tz }] of wanted) {
      if (digestTasks.has(name)) continue;
      // Overlap is allowed: a slow fan-out must not swallow the next slot,
      // and the outbox keys make a repeated slot harmless.
      let task: CronTaskHandle;
      try {
        task = cron.schedule(
          expression,
          async (ctx) => void (await runDigestTick(expression, tz, ctx.date)),
          { name, timezone: tz, noOverlap: false },
        );
      } catch (err) {
        // One job that cannot be scheduled must not take the others down.
        logger.error({ job: name, err }, 'digest job could not be scheduled; skipped');
        continue;
      }
      digestTasks.set(name, task);
      logger.info({ job: name }, 'digest job scheduled');
    }
  }

  async function catchUp(): Promise<CatchUpReport> {
    const now = clock.now();
    const report: CatchUpReport = { caughtUp: [], skipped: [], runs: [] };
    const bySlot = new Map<number, Subscription[]>();
    const windowStart = now.getTime() - graceMs;
    for (const sub of (await subscriptions.list({ state: 'active' })).filter(valid)) {
      // Slots owed: after the last digest, or after the subscription was made.
      const owedAfter = sub.lastDigestAt ?? sub.createdAt;
      const latest = previousSlot(sub.schedule, sub.timezone, now, graceMs);
      if (latest && latest.getTime() > owedAfter.getTime()) {
        const list = bySlot.get(latest.getTime()) ?? [];
        list.push(sub);
        bySlot.set(latest.getTime(), list);
        if (owedAfter.getTime() < windowStart) {
          logger.info(
            { subscriptionId: sub.id, since: owedAfter.toISOString() },
            'only the latest missed slot is caught up',
          );
        }
        continue;
      }
      if (!latest && owedAfter.getTime() < windowStart) {
        const entry = {
          subscriptionId: sub.id,
          since: owedAfter.toISOString(),
          reason: `no slot within the ${graceMs / 3_600_000} h grace window; older slots are not caught up`,
        };
        report.skipped.push(entry);
        logger.debug(entry, 'nothing to catch up within the grace window');
      }
    }
    for (const [t, subs] of [...bySlot.entries()].sort((a, b) => a[0] - b[0])) {
      const slot = new Date(t);
      logger.info(
        { slot: slot.toISOString(), subscriptions: subs.map((s) => s.id) },
        'catching up a missed digest slot',
      );
      report.runs.push(await track(runner.runSlot(slot, subs)));
      report.caughtUp.push({ slot: slot.toISOString(), subscriptionIds: subs.map((s) => s.id) });
    }
    if (report.runs.length > 0) await track(worker.drain());
    return report;
  }

  return {
    async start() {
      if (started) return { caughtUp: [], skipped: [], runs: [] };
      started = true;
      gatherTask = cron.schedule(gatherExpression, async () => void (await runGather()), {
        name: 'gather',
        timezone,
        noOverlap: true,
      });
      await refresh();
      const report = await catchUp();
      worker.start();
      logger.info(
        { gather: gatherExpression, digestJobs: [...digestTasks.keys()] },
        'scheduler started',
      );
      return report;
    },
    async stop() {
      if (!started) return;
      started = false;
      await gatherTask?.stop();
      gatherTask = null;
      for (const task of digestTasks.values()) await task.stop();
      digestTasks.clear();
      await Promise.allSettled([...inFlight]);
      await worker.stop();
      logger.info({}, 'scheduler stopped');
    },
    refresh,
    catchUp,
    runGather,
    runDigestTick,
    jobNames() {
      return [...(gatherTask ? ['gather'] : []), ...digestTasks.keys()];
    },
  };
}
