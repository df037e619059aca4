/**
 * The one base of every error this project throws. A `code` lets callers and
 * logs tell errors apart without string-matching messages, and `instanceof
 * HanoiDigestError` separates our own failures from a library's or a bug.
 * It lives in the core because every layer may import the core.
 */
export class HanoiDigestError extends Error {
  override readonly name: string = 'HanoiDigestError';
  constructor(
    /** A stable, upper-snake identifier, e.g. `CONFIG_INVALID`, `FETCH_TIMEOUT`. */
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
