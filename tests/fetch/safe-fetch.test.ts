import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BlockedAddressError,
  BodyTooLargeError,
  FetchTimeoutError,
  HttpStatusError,
  RedirectError,
  UnsupportedUrlError,
} from '../../src/digest/gather/errors.js';
import { createSafeFetcher, DEFAULT_USER_AGENT } from '../../src/fetch/safe-fetch.js';
import type { SafeFetcher } from '../../src/fetch/safe-fetch.js';
import { startFakeWebServer } from '../helpers/fake-web-server.js';
import type { FakeWebServer } from '../helpers/fake-web-server.js';

let server: FakeWebServer;
let other: FakeWebServer;
let fetcher: SafeFetcher;
const toClose: SafeFetcher[] = [];

beforeAll(async () => {
  server = await startFakeWebServer();
  other = await startFakeWebServer();
  other.set('/secret', { body: 'internal data' });
  // Only the first test server is allowed, by host:port: everything else private stays blocked.
  fetcher = createSafeFetcher({
    allowPrivate: [server.hostPort],
    timeoutMs: 2_000,
    maxBytes: 64 * 1024,
  });
  server.set('/hello', {
    body: 'xin chào',
    etag: '"v1"',
    lastModified: 'Mon, 10 Aug 2026 06:38:00 GMT',
  });
  server.set('/big', { body: 'x'.repeat(100 * 1024) });
  server.set('/endless', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    const chunk = 'y'.repeat(16 * 1024);
    const timer = setInterval(() => {
      if (!res.write(chunk)) return;
    }, 1);
    res.on('close', () => clearInterval(timer));
  });
  server.set('/slow', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('first byte');
    const timer = setInterval(() => res.write('.'), 100);
    res.on('close', () => clearInterval(timer));
  });
  server.set('/to-other', (_req, res) =>
    res.writeHead(302, { location: other.url('/secret') }).end(),
  );
  server.set('/to-metadata', (_req, res) =>
    res.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data/' }).end(),
  );
  server.set('/to-mapped', (_req, res) =>
    res.writeHead(307, { location: `http://[::ffff:127.0.0.1]:${other.port}/secret` }).end(),
  );
  server.set('/to-localhost', (_req, res) =>
    res.writeHead(302, { location: `http://localhost:${other.port}/secret` }).end(),
  );
  server.set('/to-file', (_req, res) =>
    res.writeHead(302, { location: 'file:///etc/passwd' }).end(),
  );
  server.set('/to-hello', (_req, res) => res.writeHead(302, { location: '/hello' }).end());
  for (let i = 0; i < 8; i++)
    server.set(`/loop${i}`, (_req, res) => res.writeHead(302, { location: `/loop${i + 1}` }).end());
  server.set('/gone', { body: 'gone', status: 410 });
});

afterAll(async () => {
  await fetcher.close();
  for (const f of toClose) await f.close();
  await server.close();
  await other.close();
});

describe('safe fetcher', () => {
  it('sends a real User-Agent and returns body and validators', async () => {
    const res = await fetcher.fetch(server.url('/hello'));
    expect(Buffer.from(res.body).toString('utf8')).toBe('xin chào');
    expect(res.etag).toBe('"v1"');
    expect(res.lastModified).toBe('Mon, 10 Aug 2026 06:38:00 GMT');
    const req = server.requests.find((r) => r.path === '/hello');
    expect(req?.headers['user-agent']).toBe(DEFAULT_USER_AGENT);
  });

  it('makes a conditional GET and reports 304 as not modified', async () => {
    const res = await fetcher.fetch(server.url('/hello'), { etag: '"v1"' });
    expect(res.notModified).toBe(true);
    expect(res.body.length).toBe(0);
    const last = server.requests.filter((r) => r.path === '/hello').at(-1);
    expect(last?.headers['if-none-match']).toBe('"v1"');
  });

  it('follows a redirect to an allowed place', async () => {
    const res = await fetcher.fetch(server.url('/to-hello'));
    expect(res.finalUrl).toBe(server.url('/hello'));
    expect(res.status).toBe(200);
  });

  it('refuses a declared oversize body', async () => {
    await expect(fetcher.fetch(server.url('/big'))).rejects.toBeInstanceOf(BodyTooLargeError);
  });

  it('aborts an endless body at the size cap', async () => {
    const err = await fetcher.fetch(server.url('/endless')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BodyTooLargeError);
    expect((err as BodyTooLargeError).limitBytes).toBe(64 * 1024);
  });

  it('aborts a slow body at the total deadline', async () => {
    const quick = createSafeFetcher({ allowPrivate: true, timeoutMs: 300 });
    toClose.push(quick);
    const err = await quick.fetch(server.url('/slow')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchTimeoutError);
    expect((err as FetchTimeoutError).url).toBe(server.url('/slow'));
  });

  it('reports HTTP errors with their status', async () => {
    const err = await fetcher.fetch(server.url('/gone')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpStatusError);
    expect((err as HttpStatusError).status).toBe(410);
  });

  it.each(['/to-other', '/to-metadata', '/to-mapped', '/to-localhost'])(
    'blocks a redirect to a private address (%s)',
    async (path) => {
      const before = other.hits('/secret');
      const err = await fetcher.fetch(server.url(path)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BlockedAddressError);
      expect(other.hits('/secret')).toBe(before);
    },
  );

  it('refuses non-http schemes, also after a redirect', async () => {
    await expect(fetcher.fetch('file:///etc/passwd')).rejects.toBeInstanceOf(UnsupportedUrlError);
    await expect(fetcher.fetch('ftp://example.com/x')).rejects.toBeInstanceOf(UnsupportedUrlError);
    await expect(fetcher.fetch(server.url('/to-file'))).rejects.toBeInstanceOf(UnsupportedUrlError);
  });

  it('stops after 5 redirects', async () => {
    await expect(fetcher.fetch(server.url('/loop0'))).rejects.toBeInstanceOf(RedirectError);
  });

  it('blocks loopback entirely without an allowlist, by IP literal and by name', async () => {
    const strict = createSafeFetcher({ timeoutMs: 2_000 });
    toClose.push(strict);
    const before = server.hits('/hello');
    await expect(strict.fetch(server.url('/hello'))).rejects.toBeInstanceOf(BlockedAddressError);
    const byName = await strict
      .fetch(`http://localhost:${server.port}/hello`)
      .catch((e: unknown) => e);
    expect(byName).toBeInstanceOf(BlockedAddressError);
    expect((byName as BlockedAddressError).url).toBe(`http://localhost:${server.port}/hello`);
    expect(server.hits('/hello')).toBe(before);
  });

  it('keeps at most perHostConcurrency requests in flight to one host', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const waiting: (() => void)[] = [];
    server.set('/held', (_req, res) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      waiting.push(() => {
        inFlight--;
        res.end('ok');
      });
    });
    const limited = createSafeFetcher({
      allowPrivate: true,
      perHostConcurrency: 2,
      timeoutMs: 5_000,
    });
    toClose.push(limited);
    const all = Promise.all(Array.from({ length: 6 }, () => limited.fetch(server.url('/held'))));
    // Release held responses one by one as they arrive, until all six were served.
    let served = 0;
    while (served < 6) {
      await new Promise((r) => setImmediate(r));
      const next = waiting.shift();
      if (next) {
        next();
        served++;
      }
    }
    await all;
    expect(maxInFlight).toBe(2);
  });
});
