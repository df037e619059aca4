/**
 * A real node:http server on 127.0.0.1:0 for gathering tests: serve fixed
 * bodies (with ETag/Last-Modified and 304 handling), custom handlers (slow or
 * endless bodies, redirects), and fail any path on demand.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StaticRoute {
  body: string | Uint8Array;
  contentType?: string;
  status?: number;
  /** When set, a matching If-None-Match gets 304. */
  etag?: string;
  lastModified?: string;
  headers?: Record<string, string>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

export interface FakeWebServer {
  /** "http://127.0.0.1:PORT" */
  origin: string;
  port: number;
  /** "127.0.0.1:PORT", for an allowPrivate list. */
  hostPort: string;
  url(path: string): string;
  set(path: string, route: StaticRoute | Handler): void;
  /** Answer `path` with this status until `heal(path)`. */
  fail(path: string, status?: number): void;
  heal(path: string): void;
  requests: RecordedRequest[];
  /** Requests served for a path. */
  hits(path: string): number;
  close(): Promise<void>;
}

export async function startFakeWebServer(): Promise<FakeWebServer> {
  const routes = new Map<string, StaticRoute | Handler>();
  const failing = new Map<string, number>();
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push({ method: req.method ?? 'GET', path, headers: req.headers });
    const failStatus = failing.get(path);
    if (failStatus !== undefined) {
      res
        .writeHead(failStatus, { 'content-type': 'text/plain' })
        .end(`failing on demand: ${failStatus}`);
      return;
    }
    const route = routes.get(path);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (typeof route === 'function') {
      route(req, res);
      return;
    }
    const headers: Record<string, string> = {
      'content-type': route.contentType ?? 'text/html; charset=utf-8',
      ...route.headers,
    };
    if (route.etag) headers['etag'] = route.etag;
    if (route.lastModified) headers['last-modified'] = route.lastModified;
    const notModified =
      (route.etag && req.headers['if-none-match'] === route.etag) ||
      (!route.etag &&
        route.lastModified &&
        req.headers['if-modified-since'] === route.lastModified);
    if (notModified) {
      res.writeHead(304, headers).end();
      return;
    }
    res
      .writeHead(route.status ?? 200, headers)
      .end(typeof route.body === 'string' ? route.body : Buffer.from(route.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    port,
    hostPort: `127.0.0.1:${port}`,
    url: (path) => `${origin}${path}`,
    set: (path, route) => void routes.set(path, route),
    fail: (path, status = 500) => void failing.set(path, status),
    heal: (path) => void failing.delete(path),
    requests,
    hits: (path) => requests.filter((r) => r.path === path).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
