/**
 * A global pacing limiter in front of every publish. Platforms cap messages
 * per second (Telegram about 30/s for a bot, Discord per route); staying just
 * under the cap is faster than tripping it and waiting out 429s.
 *
 * The pacing is bottleneck's: `minTime` spaces the starts, and a reservoir of
 * `perSecond` tokens bounds any window. A token comes back one window after
 * its send FINISHED, not after it started: the platform saw the message at some
 * moment before that, so "at most `cap` sends started within 1 s of a token's
 * send finishing" holds at the platform too, however late a cold first
 * connection or a stalled event loop delivered it.
 */
import Bottleneck from 'bottleneck';
import { HanoiDigestError } from '../digest/errors.js';

/** Call when the send has finished (resolved or failed). */
export type RateLimitRelease = () => void;

export interface RateLimiter {
  /** Resolves when one send may start; call the returned function when it has finished. */
  acquire(): Promise<RateLimitRelease>;
}

export interface RateLimiterOptions {
  perSecond: number;
  /** Extra width of the window beyond 1 s (default 0). */
  jitterMarginMs?: number;
}

export class RateLimitConfigError extends HanoiDigestError {
  override name = 'RateLimitConfigError';
  constructor(readonly perSecond: number) {
    super(`rateLimit.perSecond must be a positive number, got ${perSecond}`);
  }
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { perSecond } = options;
  if (!(perSecond > 0) || !Number.isFinite(perSecond)) throw new RateLimitConfigError(perSecond);
  /** Sends allowed in any window. */
  const cap = Math.max(1, Math.floor(perSecond));
  const windowMs = 1000 + (options.jitterMarginMs ?? 0);
  const bottleneck = new Bottleneck({
    // Rounded up: spacing of exactly 1000/29 ms fits 30 starts into one second.
    minTime: Math.ceil(1000 / perSecond),
    reservoir: cap,
  });

  return {
    acquire() {
      return new Promise<RateLimitRelease>((grant, reject) => {
        // The job "runs" from the grant until the caller's release.
        bottleneck
          .schedule(
            () =>
              new Promise<void>((finished) => {
                let released = false;
                grant(() => {
                  if (released) return;
                  released = true;
                  finished();
                  const refill = setTimeout(
                    () => void bottleneck.incrementReservoir(1).catch(() => undefined),
                    windowMs,
                  );
                  // A pending refill must not keep the process alive at shutdown.
                  refill.unref?.();
                });
              }),
          )
          .catch(reject);
      });
    },
  };
}
