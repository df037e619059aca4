/**
 * Errors of the gathering layer. Each carries the data a caller needs to
 * record the failure against a feed (url, status) without parsing messages.
 */
import { HanoiDigestError } from '../errors.js';

/** Base class of every fetch failure; `status` is the HTTP status when one was received. */
export class FetchError extends HanoiDigestError {
  override name = 'FetchError';
  /**
   * The raw `Retry-After` header of a 429/503 answer (seconds or an HTTP date),
   * so the gatherer can wait as long as the outlet asked before trying again.
   */
  retryAfter: string | null = null;
  constructor(
    message: string,
    readonly url: string,
    readonly status: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The server answered with a status other than 2xx/304 (redirects are followed first). */
export class HttpStatusError extends FetchError {
  override name = 'HttpStatusError';
  constructor(url: string, status: number, retryAfter: string | null = null) {
    super(`HTTP ${status} for ${url}`, url, status);
    this.retryAfter = retryAfter;
  }
}

/** The target resolves (or redirects) to an address we refuse to reach (SSRF guard). */
export class BlockedAddressError extends FetchError {
  override name = 'BlockedAddressError';
  constructor(
    url: string,
    readonly address: string,
    readonly reason: string,
  ) {
    super(`refused to fetch ${url}: ${address} is ${reason}`, url);
  }
}

/** Scheme other than http/https, or a URL that does not parse. */
export class UnsupportedUrlError extends FetchError {
  override name = 'UnsupportedUrlError';
  constructor(url: string, reason: string) {
    super(`unsupported URL ${url}: ${reason}`, url);
  }
}

/** The body exceeded the size cap (declared by Content-Length or counted while streaming). */
export class BodyTooLargeError extends FetchError {
  override name = 'BodyTooLargeError';
  constructor(
    url: string,
    readonly limitBytes: number,
    status: number | null = null,
  ) {
    super(`body of ${url} exceeds ${limitBytes} bytes`, url, status);
  }
}

/** The total deadline (connect + headers + body + redirects) passed. */
export class FetchTimeoutError extends FetchError {
  override name = 'FetchTimeoutError';
  constructor(
    url: string,
    readonly timeoutMs: number,
  ) {
    super(`fetching ${url} took longer than ${timeoutMs} ms`, url);
  }
}

/** More than `maxRedirects` hops, or a redirect without a usable Location. */
export class RedirectError extends FetchError {
  override name = 'RedirectError';
  constructor(url: string, reason: string, status: number | null = null) {
    super(`bad redirect from ${url}: ${reason}`, url, status);
  }
}

/** A feed document that is not RSS, Atom or RDF, is malformed, or declares entities. */
export class FeedParseError extends HanoiDigestError {
  override name = 'FeedParseError';
  constructor(
    message: string,
    readonly url: string | null = null,
  ) {
    super(message);
  }
}

/** An article page from which no article body could be extracted. */
export class ExtractionError extends HanoiDigestError {
  override name = 'ExtractionError';
  constructor(
    message: string,
    readonly url: string | null = null,
  ) {
    super(message);
  }
}
