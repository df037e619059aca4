/**
 * The composition root. Light on purpose: importing it builds nothing and
 * loads neither the bots nor the scheduler; `startService` loads them when
 * the service actually starts, so the CLI's `--help` stays cheap.
 */
import type { Service, ServiceOptions } from './service.js';
import type { App } from './app.js';

export type { App, AppOverrides } from './app.js';
export type { Env } from './env.js';
export { parseEnv, EnvError } from './env.js';
export { openApp, readEnv, createLogger, parseAllowPrivate } from './open-app.js';
export type { Service, ServiceOptions } from './service.js';
export type { StopReport, Stoppable } from './lifecycle.js';
export { StartupError, ShutdownTimeoutError } from './lifecycle.js';

/** Starts the long-running service (bots, scheduler, delivery); see `./service.ts`. */
export async function startService(app: App, options?: ServiceOptions): Promise<Service> {
  const { startService: start } = await import('./service.js');
  return start(app, options);
}

/** The entry of `npm start`. */
export async function runService(app: App): Promise<void> {
  await startService(app);
}
