/**
 * The composition root. Light on purpose: importing it builds nothing and
 * loads neither the bots nor the scheduler; `startService` loads them when
 * the service actually starts, so the CLI's `--help` stays cheap.
 */
import type { Service, ServiceOptions } from './service.js';
import type { App } from './app.js';
import type { PlatformPublishers, PublisherOverrides } from './publishers.js';
import type { Platform } from '../digest/model.js';
import type { DigestRenderer } from '../delivery/index.js';

export type { App, AppOverrides } from './app.js';
export type { Env } from './env.js';
export { parseEnv, EnvError } from './env.js';
export { openApp, readEnv, createLogger, parseAllowPrivate } from './open-app.js';
export { parseRole, roleFromArgv } from './instance.js';
/** `db copy`: the CLI reaches the store through the composition root. */
export { copyDatabase } from '../store/index.js';
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

/** One publisher per platform (loads the bot libraries on first use); see `./publishers.ts`. */
export async function createPublishers(
  app: App,
  options: { consoleOut: NodeJS.WritableStream } & PublisherOverrides,
): Promise<PlatformPublishers> {
  const m = await import('./publishers.js');
  return m.createPublishers(app, options);
}

/** The digest renderer of each platform (loads the renderers on first use); see `./renderers.ts`. */
export async function loadDigestRenderers(
  options: { discordMode?: 'content' | 'embeds' } = {},
): Promise<Record<Platform, DigestRenderer>> {
  const m = await import('./renderers.js');
  return m.digestRenderers(options);
}
