/**
 * All-or-nothing startup and deadline-bound shutdown. The service starts its
 * parts one by one and records each that came up; when a later part fails,
 * the ones already running are stopped in reverse order (so a failed Discord
 * login cannot leave Telegram polling with no scheduler behind it), and the
 * caller gets one `StartupError` naming the part. Shutdown gives every part a
 * share of one deadline and reports what failed or hung, so the process can
 * exit non-zero instead of claiming a clean stop.
 */
import { HanoiDigestError } from '../digest/errors.js';
import type { Logger } from '../digest/ports.js';

export interface Stoppable {
  name: string;
  stop(): unknown;
}

export interface StopReport {
  ok: boolean;
  /** Parts whose stop threw or did not finish before the deadline. */
  failed: { name: string; reason: string }[];
}

export class StartupError extends HanoiDigestError {
  override readonly name = 'StartupError';
  constructor(
    readonly part: string,
    readonly rolledBack: string[],
    cause: unknown,
  ) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(
      `startup failed while starting ${part}: ${why}` +
        (rolledBack.length ? ` (stopped again: ${rolledBack.join(', ')})` : ''),
      { code: 'STARTUP_FAILED', cause },
    );
  }
}

export class ShutdownTimeoutError extends HanoiDigestError {
  override readonly name = 'ShutdownTimeoutError';
  constructor(
    readonly part: string,
    readonly ms: number,
  ) {
    super(`${part} did not stop within ${ms} ms`);
  }
}

/** Resolves with `p`, or rejects with `ShutdownTimeoutError` after `ms`. */
export async function withDeadline<T>(p: Promise<T>, ms: number, part: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ShutdownTimeoutError(part, ms)), ms);
    timer.unref();
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Stops `parts` in the given order, each bounded by what is left of `deadlineMs`. */
export async function stopInOrder(
  parts: readonly Stoppable[],
  options: { deadlineMs: number; logger: Logger },
): Promise<StopReport> {
  const end = Date.now() + options.deadlineMs;
  const failed: StopReport['failed'] = [];
  for (const part of parts) {
    const left = Math.max(1, end - Date.now());
    try {
      await withDeadline(
        Promise.resolve().then(() => part.stop()),
        left,
        part.name,
      );
    } catch (err) {
      options.logger.error({ part: part.name, err }, 'failed to stop');
      failed.push({ name: part.name, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  return { ok: failed.length === 0, failed };
}

export interface Startup {
  start<T>(name: string, fn: () => Promise<T>, stop: (value: T) => unknown): Promise<T>;
  /** Everything started so far, latest first: the shutdown order. */
  started(): Stoppable[];
  /** Register a part that is already running (no start step). */
  add(part: Stoppable): void;
  /** Stops what started (latest first) and throws a `StartupError` for `failedPart`. */
  rollBack(failedPart: string, cause: unknown): Promise<never>;
}

/**
 * Starts parts in order through `start(name, fn)`; when one throws, the ones
 * already started are stopped in reverse and a `StartupError` is thrown.
 */
export function createStartup(options: { deadlineMs: number; logger: Logger }): Startup {
  const running: Stoppable[] = [];
  const rollBack = async (failedPart: string, cause: unknown): Promise<never> => {
    const parts = [...running].reverse();
    options.logger.error(
      { part: failedPart, err: cause, rollingBack: parts.map((p) => p.name) },
      'startup failed; stopping what already started',
    );
    await stopInOrder(parts, options);
    running.length = 0;
    throw new StartupError(
      failedPart,
      parts.map((p) => p.name),
      cause,
    );
  };
  return {
    async start(name, fn, stop) {
      let value;
      try {
        value = await fn();
      } catch (err) {
        return rollBack(name, err);
      }
      running.push({ name, stop: () => stop(value) });
      return value;
    },
    started: () => [...running].reverse(),
    add: (part) => void running.push(part),
    rollBack,
  };
}
