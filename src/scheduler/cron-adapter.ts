/**
 * The seam between the scheduler and node-cron, so tests drive job functions
 * directly (a fake adapter records them) and never wait for a real minute.
 */
import cron from 'node-cron';

export interface CronJobContext {
  /** The minute the job was scheduled for (node-cron's `ctx.date`). */
  date: Date;
}

export interface CronJobOptions {
  name: string;
  timezone: string;
  noOverlap: boolean;
}

export interface CronTaskHandle {
  stop(): void | Promise<void>;
}

export interface CronAdapter {
  schedule(
    expression: string,
    job: (ctx: CronJobContext) => Promise<void>,
    options: CronJobOptions,
  ): CronTaskHandle;
}

/** The real adapter: node-cron 4's `schedule(expr, fn, { timezone, noOverlap, name })`. */
export const nodeCronAdapter: CronAdapter = {
  schedule(expression, job, options) {
    const task = cron.schedule(expression, (ctx) => job({ date: ctx.date }), {
      name: options.name,
      timezone: options.timezone,
      noOverlap: options.noOverlap,
    });
    return {
      async stop() {
        await task.stop();
        await task.destroy();
      },
    };
  },
};
