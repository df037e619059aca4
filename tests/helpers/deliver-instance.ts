/**
 * One `--role deliver` instance of the service as a child process, as the
 * multi-instance tests and the scale benches start it: the repository's
 * `src/main.ts` under tsx, the store at `databaseUrl`, and only the
 * environment given here (no token or URL leaks in from the shell).
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';

export interface DeliverInstanceOptions {
  /** The repository root (its `src/main.ts` is run). */
  root: string;
  databaseUrl: string;
  configDir: string;
  instanceId: string;
  /** Default 'error'. */
  logLevel?: string;
  /** Platform settings and limits: tokens, API bases, LEASE_SECONDS… */
  env?: Record<string, string>;
  /** Default: stdout ignored, stderr inherited. */
  stdio?: StdioOptions;
}

export function spawnDeliverInstance(o: DeliverInstanceOptions): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--role', 'deliver'], {
    cwd: o.root,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '',
      DATABASE_URL: o.databaseUrl,
      CONFIG_DIR: o.configDir,
      INSTANCE_ID: o.instanceId,
      LOG_LEVEL: o.logLevel ?? 'error',
      SUMMARIZER: 'extractive',
      ...o.env,
    },
    stdio: o.stdio ?? ['ignore', 'ignore', 'inherit'],
  });
}
