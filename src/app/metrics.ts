/**
 * `/healthz` and `/metrics` (Prometheus text through prom-client) on
 * METRICS_PORT. Counters are bumped by thin wrappers around the ports
 * (publishers, outbox, summarizer, gathering), so no layer below the app
 * knows about metrics; gauges that describe the database (outbox depth by
 * state, articles, failing feeds) are read at scrape time, so every instance
 * reports the same shared truth.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Publisher } from '../delivery/index.js';
import { TransientPublishError } from '../delivery/index.js';
import type { Summarizer } from '../digest/model.js';
import type { Logger, OutboxRow, Stores } from '../digest/ports.js';

export interface Metrics {
  readonly registry: Registry;
  readonly feedsGathered: Counter<'result'>;
  readonly sends: Counter<'platform'>;
  readonly rateLimited: Counter<'platform'>;
  readonly retries: Counter;
  readonly summarizerFallbacks: Counter;
  readonly leaseTakeovers: Counter<'kind'>;
  /** Counts sends, 429s (a TransientPublishError with a Retry-After) per platform. */
  wrapPublisher(p: Publisher): Publisher;
  /** Counts summaries that fell back from the LLM to the extractive summarizer. */
  wrapSummarizer<S extends Summarizer>(s: S): S;
}

export interface MetricsOptions {
  stores: Stores;
  /** Counted by the database (SqlStores.coordination.gauges); without it, counted from the ports. */
  gauges?: () => Promise<{ outbox: Record<string, number>; failingFeeds: number }>;
  instance: { id: string; role: string };
  /** Node process metrics too (default true). */
  processMetrics?: boolean;
}

const OUTBOX_STATES: OutboxRow['state'][] = ['pending', 'sent', 'failed'];

export function createMetrics(options: MetricsOptions): Metrics {
  const { stores } = options;
  const registry = new Registry();
  registry.setDefaultLabels({ instance_id: options.instance.id, role: options.instance.role });
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });

  const feedsGathered = new Counter({
    name: 'hanoi_digest_feeds_gathered_total',
    help: 'Feeds fetched by this instance, by result (ok, failed, not_modified)',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  const sends = new Counter({
    name: 'hanoi_digest_sends_total',
    help: 'Chunks sent by this instance, by platform',
    labelNames: ['platform'] as const,
    registers: [registry],
  });
  const rateLimited = new Counter({
    name: 'hanoi_digest_rate_limited_total',
    help: 'Sends refused with 429 (Retry-After), by platform',
    labelNames: ['platform'] as const,
    registers: [registry],
  });
  const retries = new Counter({
    name: 'hanoi_digest_outbox_retries_total',
    help: 'Outbox rows put back for a later try by this instance',
    registers: [registry],
  });
  const summarizerFallbacks = new Counter({
    name: 'hanoi_digest_summarizer_fallbacks_total',
    help: 'Summaries that fell back from the LLM to the extractive summarizer',
    registers: [registry],
  });
  const leaseTakeovers = new Counter({
    name: 'hanoi_digest_lease_takeovers_total',
    help: 'Work taken over from an instance whose lease expired, by kind (feed, outbox, leader)',
    labelNames: ['kind'] as const,
    registers: [registry],
  });

  new Gauge({
    name: 'hanoi_digest_outbox_rows',
    help: 'Outbox rows by state (shared database)',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      if (options.gauges) {
        const { outbox } = await options.gauges();
        for (const state of new Set([...OUTBOX_STATES, ...Object.keys(outbox)]))
          this.set({ state }, outbox[state] ?? 0);
        return;
      }
      for (const state of OUTBOX_STATES)
        this.set({ state }, (await stores.outbox.list({ state })).length);
    },
  });
  new Gauge({
    name: 'hanoi_digest_articles',
    help: 'Articles stored (shared database)',
    registers: [registry],
    async collect() {
      this.set(await stores.articles.count());
    },
  });
  new Gauge({
    name: 'hanoi_digest_feeds_failing',
    help: 'Enabled feeds whose last fetch failed (shared database)',
    registers: [registry],
    async collect() {
      if (options.gauges) {
        this.set((await options.gauges()).failingFeeds);
        return;
      }
      let failing = 0;
      for (const f of await stores.feeds.list()) {
        if (!f.enabled) continue;
        const st = await stores.feeds.getState(f.id);
        if (st && st.consecutiveFailures > 0) failing++;
      }
      this.set(failing);
    },
  });

  return {
    registry,
    feedsGathered,
    sends,
    rateLimited,
    retries,
    summarizerFallbacks,
    leaseTakeovers,
    wrapPublisher(p) {
      return {
        platform: p.platform,
        async publish(target, chunk, key, meta) {
          try {
            const r = await p.publish(target, chunk, key, meta);
            sends.inc({ platform: p.platform });
            return r;
          } catch (err) {
            if (err instanceof TransientPublishError && err.retryAfterMs !== null)
              rateLimited.inc({ platform: p.platform });
            throw err;
          }
        },
      };
    },
    wrapSummarizer<S extends Summarizer>(s: S): S {
      const count = <T extends { summarizer: string }>(r: T): T => {
        if (r.summarizer === 'extractive-fallback') summarizerFallbacks.inc();
        return r;
      };
      return new Proxy(s, {
        get(target, prop, receiver) {
          const v: unknown = Reflect.get(target, prop, receiver);
          if ((prop === 'summarize' || prop === 'summarizeGroup') && typeof v === 'function')
            return async (...args: unknown[]) =>
              count(
                await (v as (...a: unknown[]) => Promise<{ summarizer: string }>).apply(
                  target,
                  args,
                ),
              );
          return v;
        },
      });
    },
  };
}

export interface MetricsServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Serves `/metrics` and `/healthz` (200 `ok` when the database answers, 503
 * otherwise) on 127.0.0.1 or the given host.
 */
export async function startMetricsServer(options: {
  metrics: Metrics;
  port: number;
  host?: string;
  /** Resolves when the instance is healthy (e.g. a database round trip). */
  health: () => Promise<void>;
  logger: Logger;
}): Promise<MetricsServer> {
  const { metrics, logger } = options;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/metrics') {
      metrics.registry
        .metrics()
        .then((text) => {
          res.writeHead(200, { 'content-type': metrics.registry.contentType });
          res.end(text);
        })
        .catch((err: unknown) => {
          logger.warn({ err: String(err) }, 'metrics collection failed');
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end('metrics collection failed\n');
        });
      return;
    }
    if (path === '/healthz') {
      options
        .health()
        .then(() => {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end('ok\n');
        })
        .catch((err: unknown) => {
          res.writeHead(503, { 'content-type': 'text/plain' });
          res.end(`unhealthy: ${err instanceof Error ? err.message : String(err)}\n`);
        });
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  logger.info({ port }, 'metrics and health served on /metrics and /healthz');
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
