/**
 * The composition root: the one place that reads the environment and wires
 * the core, the store, the bots and the scheduler together.
 * (wiring in progress)
 */
import type { App, AppOverrides } from './app/app.js';

export async function openApp(_overrides: AppOverrides = {}): Promise<App> {
  throw new Error('not wired yet');
}
