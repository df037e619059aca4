/**
 * The only way the gatherer reaches the network. Feed URLs come from config
 * and from admins, so every hop is checked: http/https only, the resolved
 * address must be public (DNS rebinding and redirects included), a total
 * deadline and a body-size cap bound every request, and few requests go to
 * the same host at once so outlets are not hammered.
 */
import { lookup as dnsLookup } from 'node:dns';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { Agent, request } from 'undici';
import type { Dispatcher } from 'undici';
import { blockedReason } from './address-guard.js';
import {
  BlockedAddressError,
  BodyTooLargeError,
  FetchError,
  FetchTimeoutError,
  HttpStatusError,
  RedirectError,
  UnsupportedUrlError,
} from '../digest/gather/index.js';
import { createHostLimiter, createLimiter } from '../digest/gather/index.js';
import type { Fetcher, FetchRequest, FetchResult } from '../digest/gather/index.js';

export const DEFAULT_USER_AGENT = 'hanoi-digest/0.1 (+https://github.com/hanoi-digest)';

export interface SafeFetchOptions {
  /**
   * Private/loopback addresses are refused unless allowed here: `true` allows
   * all (tests, the offline demo), a list allows only those `host` or
   * `host:port` entries (parsed from FETCH_ALLOW_PRIVATE by src/app/env.ts).
   */
  allowPrivate?: boolean | string[];
  /** Total deadline per fetch, redirects and body included (default 20 000). */
  timeoutMs?: number;
  /** Body-size cap in bytes (default 5 MiB). */
  maxBytes?: number;
  userAgent?: string;
  /** Redirect hops followed (default 5). */
  maxRedirects?: number;
  /** Requests in flight to one host (default 2). */
  perHostConcurrency?: number;
  /** Least time between the starts of two requests to one host, in ms (default 0). */
  perHostMinDelayMs?: number;
  /** Requests in flight overall (default 8). */
  globalConcurrency?: number;
}

/** The safe fetcher is the project's `Fetcher`. */
export type SafeFetcher = Fetcher;
export type { FetchRequest, FetchResult };

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** A `net.connect` lookup that refuses non-public addresses after resolution. */
function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const list = addresses;
    for (const a of list) {
      const reason = blockedReason(a.address);
      if (reason) return callback(new BlockedAddressError(hostname, a.address, reason), []);
    }
    if (!list.length)
      return callback(
        Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }),
        [],
      );
    if (options.all) return callback(null, list);
    const first = list[0] as LookupAddress;
    return callback(null, first.address, first.family);
  });
}

function header(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | null {
  const v = headers[name];
  if (Array.isArray(v)) return v[0] ?? null;
  return v ?? null;
}

function defaultPort(protocol: string): string {
  return protocol === 'https:' ? '443' : '80';
}

export function createSafeFetcher(options: SafeFetchOptions = {}): SafeFetcher {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  const maxRedirects = options.maxRedirects ?? 5;
  const global = createLimiter(options.globalConcurrency ?? 8);
  const hostLimiter = createHostLimiter({
    perHost: options.perHostConcurrency ?? 2,
    minDelayMs: options.perHostMinDelayMs ?? 0,
  });
  const allow = options.allowPrivate ?? false;
  const allowList = Array.isArray(allow)
    ? allow.map((e) => e.trim().toLowerCase()).filter(Boolean)
    : [];

  const connect = { lookup: guardedLookup } as unknown as NonNullable<Agent.Options['connect']>;
  const guarded = new Agent({ connect });
  const open = new Agent();

  function isAllowed(u: URL): boolean {
    if (allow === true) return true;
    const host = u.hostname.toLowerCase().replace(/^\[|\]$/g, '');
    const port = u.port || defaultPort(u.protocol);
    return allowList.some(
      (e) => e === host || e === `${host}:${port}` || e === `[${host}]:${port}`,
    );
  }

  /** Checks one hop and picks the dispatcher for it. */
  function dispatcherFor(u: URL, original: string): Dispatcher {
    if (u.protocol !== 'http:' && u.protocol !== 'https:') {
      throw new UnsupportedUrlError(u.href, `scheme ${u.protocol} is not http or https`);
    }
    if (isAllowed(u)) return open;
    const host = u.hostname.replace(/^\[|\]$/g, '');
    if (/^[\d.]+$/.test(host) || host.includes(':')) {
      const reason = blockedReason(host);
      if (reason)
        throw new BlockedAddressError(u.href === original ? original : u.href, host, reason);
    }
    return guarded;
  }

  async function once(url: string, req: FetchRequest, signal: AbortSignal): Promise<FetchResult> {
    let current: URL;
    try {
      current = new URL(url);
    } catch {
      throw new UnsupportedUrlError(url, 'not a valid absolute URL');
    }
    for (let hop = 0; ; hop++) {
      const dispatcher = dispatcherFor(current, url);
      const headers: Record<string, string> = {
        'user-agent': userAgent,
        accept: req.accept ?? '*/*',
        'accept-language': 'vi,en;q=0.5',
      };
      // Validators belong to the URL they were issued for: only on the first hop.
      if (hop === 0 && req.etag) headers['if-none-match'] = req.etag;
      if (hop === 0 && req.lastModified) headers['if-modified-since'] = req.lastModified;
      const res = await request(current, { method: 'GET', headers, dispatcher, signal });
      const status = res.statusCode;
      if (status >= 300 && status < 400 && status !== 304) {
        res.body.resume();
        const location = header(res.headers, 'location');
        if (!location) throw new RedirectError(current.href, 'no Location header', status);
        if (hop >= maxRedirects)
          throw new RedirectError(url, `more than ${maxRedirects} redirects`, status);
        try {
          current = new URL(location, current);
        } catch {
          throw new RedirectError(current.href, `unparseable Location ${location}`, status);
        }
        continue;
      }
      const base = {
        url,
        finalUrl: current.href,
        status,
        contentType: header(res.headers, 'content-type'),
        etag: header(res.headers, 'etag'),
        lastModified: header(res.headers, 'last-modified'),
      };
      if (status === 304) {
        res.body.resume();
        return { ...base, notModified: true, body: new Uint8Array(0) };
      }
      if (status < 200 || status >= 300) {
        res.body.resume();
        throw new HttpStatusError(current.href, status, header(res.headers, 'retry-after'));
      }
      const declared = Number(header(res.headers, 'content-length') ?? NaN);
      if (Number.isFinite(declared) && declared > maxBytes) {
        res.body.destroy();
        throw new BodyTooLargeError(current.href, maxBytes, status);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body) {
        const buf = chunk as Buffer;
        size += buf.length;
        if (size > maxBytes) {
          res.body.destroy();
          throw new BodyTooLargeError(current.href, maxBytes, status);
        }
        chunks.push(buf);
      }
      return { ...base, notModified: false, body: Buffer.concat(chunks, size) };
    }
  }

  function hostOf(url: string): string {
    try {
      return new URL(url).host.toLowerCase();
    } catch {
      return ''; // invalid URLs fail in once() with a clear error
    }
  }

  return {
    fetch(url, req = {}) {
      return hostLimiter.run(hostOf(url), () =>
        global.run(async () => {
          const deadline = AbortSignal.timeout(timeoutMs);
          const signal = req.signal ? AbortSignal.any([deadline, req.signal]) : deadline;
          try {
            return await once(url, req, signal);
          } catch (err) {
            const blocked = findBlocked(err);
            // The lookup only knows the host name; report the URL that was asked for.
            if (blocked && blocked.url !== url && !/^https?:/.test(blocked.url)) {
              throw new BlockedAddressError(url, blocked.address, blocked.reason);
            }
            if (err instanceof FetchError) throw err;
            if (blocked) throw blocked;
            if (deadline.aborted) throw new FetchTimeoutError(url, timeoutMs);
            if (req.signal?.aborted)
              throw new FetchError(`fetch of ${url} was aborted`, url, null, { cause: err });
            const msg = err instanceof Error ? err.message : String(err);
            throw new FetchError(`fetch of ${url} failed: ${msg}`, url, null, { cause: err });
          }
        }),
      );
    },
    async close() {
      await Promise.all([guarded.close(), open.close()]);
    },
  };
}

/** undici may wrap the lookup's error; dig it out so callers see BlockedAddressError. */
function findBlocked(err: unknown): BlockedAddressError | null {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    if (e instanceof BlockedAddressError) return e;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}
