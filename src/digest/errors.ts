/**
 * The one base of every error this project throws. A `code` lets callers and
 * logs tell errors apart without matching messages, and `instanceof
 * HanoiDigestError` separates our own failures from a library's or a bug.
 * It lives in the core because every layer may import the core.
 *
 * The code defaults to the class name in upper snake case without the
 * `Error` suffix (`FetchTimeoutError` → `FETCH_TIMEOUT`), so a subclass only
 * changes what it extends; one that wants another code passes it.
 */
export class HanoiDigestError extends Error {
  override name = 'HanoiDigestError';
  readonly code: string;
  constructor(message: string, options: { code?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code ?? codeOf(new.target.name);
  }
}

function codeOf(className: string): string {
  return (
    className
      .replace(/Error$/u, '')
      .replace(/([a-z0-9])([A-Z])/gu, '$1_$2')
      .toUpperCase() || 'HANOI_DIGEST'
  );
}
