/** Failures in plain Vietnamese with one piece of advice, never an exception name. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  FeedParseError,
  FetchTimeoutError,
  HttpStatusError,
} from '../../src/digest/gather/errors.js';
import { describeFailure, retryAfterMs } from '../../src/digest/gather/failure.js';
import { createSafeFetcher } from '../../src/fetch/index.js';

describe('describeFailure', () => {
  it('tells a 404, a 503, a timeout, a non-feed, a refused connection and a blocked address apart', async () => {
    expect(describeFailure(new HttpStatusError('http://x/', 404))).toMatchObject({
      kind: 'not-found',
      text: 'trang không tồn tại (lỗi 404)',
    });
    expect(describeFailure(new HttpStatusError('http://x/', 503)).kind).toBe('server-error');
    expect(describeFailure(new FetchTimeoutError('http://x/', 20_000)).text).toBe(
      'quá 20 giây không tải xong',
    );
    expect(describeFailure(new FeedParseError('not an RSS, Atom or RDF document')).kind).toBe(
      'not-a-feed',
    );
    // A port nothing listens on (a server opened and closed again).
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
    const port = (s.address() as AddressInfo).port;
    await new Promise<void>((r) => s.close(() => r()));
    const refused = await createSafeFetcher({ allowPrivate: true, timeoutMs: 5_000 })
      .fetch(`http://127.0.0.1:${port}/`)
      .catch((e: unknown) => e);
    expect(describeFailure(refused)).toMatchObject({
      kind: 'refused',
      text: 'máy chủ của báo không nhận kết nối',
    });
    const blocked = await createSafeFetcher({ timeoutMs: 5_000 })
      .fetch('http://10.0.0.1/')
      .catch((e: unknown) => e);
    expect(describeFailure(blocked).kind).toBe('blocked');
    for (const e of [refused, blocked, new Error('boom')]) {
      const d = describeFailure(e);
      expect(`${d.text} ${d.advice}`).not.toMatch(/Error|undefined|boom/);
      expect(d.advice.length).toBeGreaterThan(10);
    }
  });

  it('keeps Retry-After from a 429 or 503 answer, as seconds or an HTTP date', async () => {
    const s = createServer((_req, res) => res.writeHead(429, { 'retry-after': '120' }).end());
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
    const port = (s.address() as AddressInfo).port;
    const err = await createSafeFetcher({ allowPrivate: true, timeoutMs: 5_000 })
      .fetch(`http://127.0.0.1:${port}/`)
      .catch((e: unknown) => e);
    await new Promise<void>((r) => s.close(() => r()));
    expect(err).toBeInstanceOf(HttpStatusError);
    expect((err as HttpStatusError).retryAfter).toBe('120');
    const now = new Date('2026-11-27T00:00:00Z');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Fri, 27 Nov 2026 01:00:00 GMT', now)).toBe(3_600_000);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs(null, now)).toBeNull();
  });
});
