import type { App, AppOverrides } from '../app/index.js';

/** What every CLI command gets: a lazy way to build the app (only commands that need it pay for it). */
export interface CliContext {
  openApp(overrides?: AppOverrides): Promise<App>;
  /** Where human-readable output goes (stdout); progress goes to stderr. */
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}
