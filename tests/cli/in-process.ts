/** Runs a CLI command in-process with captured stdout/stderr, for the CLI contract tests. */
import { PassThrough } from 'node:stream';
import type { CliContext } from '../../src/cli/context.js';

export interface CliRun {
  out: string;
  err: string;
  error: unknown;
}

/** Calls `command` with a context whose `openApp` rejects (`name` must not open the app). */
export async function runInProcess(
  name: string,
  command: (ctx: CliContext) => Promise<unknown>,
): Promise<CliRun> {
  const out = new PassThrough();
  const err = new PassThrough();
  let o = '';
  let e = '';
  out.on('data', (c: Buffer) => (o += c.toString('utf8')));
  err.on('data', (c: Buffer) => (e += c.toString('utf8')));
  const ctx: CliContext = {
    openApp: () => Promise.reject(new Error(`${name} must not open the app`)),
    out,
    err,
  };
  let error: unknown = null;
  try {
    await command(ctx);
  } catch (x) {
    error = x;
  }
  return { out: o, err: e, error };
}

/** The JSON objects of a JSON-lines output. */
export const jsonLines = (s: string): Record<string, unknown>[] =>
  s
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
