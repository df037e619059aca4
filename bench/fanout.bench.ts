/**
 * Fan-out: one digest to FANOUT_TARGETS targets (default 2,000) through a
 * loopback fake platform that enforces 30 messages per second over a sliding
 * one-second window and answers 429 with `retry_after` when exceeded (as the
 * Telegram Bot API does). Delivery goes through the real path: digest runner
 * (one composition) → SQLite outbox → delivery worker with its global rate
 * limiter → an HTTP publisher.
 *
 * Prints the achieved rate as a share of the limit (aim ≥ 90 %) and the
 * number of 429s (aim 0). 2,000 messages at ~29/s take about 70 s;
 * `FANOUT_TARGETS=300 npm run bench -- fanout` is a quick run, and
 * `FANOUT_DEBUG=1` prints when the platform answered 429.
 */
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { Worker } from 'node:worker_threads';
import { createDigestRunner } from '../src/delivery/digest-run.js';
import { createDeliveryWorker } from '../src/delivery/outbox-worker.js';
import type { Publisher } from '../src/delivery/publisher.js';
import { PermanentPublishError, TransientPublishError } from '../src/delivery/publisher.js';
import type { NewsService } from '../src/digest/compose/types.js';
import type { DigestDocument, Subscription } from '../src/digest/model.js';
import { createStores } from '../src/store/index.js';
import { subscriptionFixture } from '../tests/helpers/subscription-fixture.js';

export const name = 'fanout';

const LIMIT_PER_SECOND = 30;
/**
 * The worker's limiter runs at the platform's cap: its window counts from
 * when each send finished, which the platform can only have seen earlier.
 * The 5 ms margin covers millisecond rounding of the clocks.
 */
const WORKER_PER_SECOND = 30;

interface FakePlatform {
  url: string;
  stats(): Promise<{ accepted: number; rejected429: number }>;
  close(): Promise<void>;
}

/**
 * The fake platform runs in a worker thread with its own event loop, so the
 * arrival times it counts are not skewed by the sender's work (SQLite,
 * JSON) in the main thread. Plain JS: worker `eval` code is not transpiled.
 */
const PLATFORM_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createServer } = require('node:http');
const limit = workerData.limit;
const window = [];
let accepted = 0, rejected429 = 0, first;
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const now = performance.now();
    while (window.length > 0 && window[0] <= now - 1000) window.shift();
    res.setHeader('content-type', 'application/json');
    if (window.length >= limit) {
      rejected429++;
      if (workerData.debug) console.log('429 at', (now - first).toFixed(0), 'ms; oldest in window', (now - window[0]).toFixed(0), 'ms ago');
      const retryAfter = Math.max(1, Math.ceil((window[0] + 1000 - now) / 1000));
      res.statusCode = 429;
      res.end(JSON.stringify({ ok: false, error_code: 429, description: 'Too Many Requests', parameters: { retry_after: retryAfter } }));
      return;
    }
    if (first === undefined) first = now;
    window.push(now);
    accepted++;
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    res.end(JSON.stringify({ ok: true, result: { message_id: accepted, chat: { id: body.chat_id } } }));
  });
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
parentPort.on('message', (m) => {
  if (m === 'stats') parentPort.postMessage({ accepted, rejected429 });
  if (m === 'close') server.close(() => process.exit(0));
});
`;

async function startFakePlatform(): Promise<FakePlatform> {
  const worker = new Worker(PLATFORM_SOURCE, {
    eval: true,
    workerData: { limit: LIMIT_PER_SECOND, debug: Boolean(process.env['FANOUT_DEBUG']) },
  });
  const [{ port }] = (await once(worker, 'message')) as [{ port: number }];
  return {
    url: `http://127.0.0.1:${port}/sendMessage`,
    async stats() {
      worker.postMessage('stats');
      const [s] = (await once(worker, 'message')) as [{ accepted: number; rejected429: number }];
      return s;
    },
    async close() {
      worker.postMessage('close');
      await once(worker, 'exit');
    },
  };
}

const agent = new Agent({ keepAlive: true, maxSockets: 16 });

function post(url: string, body: string): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve({
              status: res.statusCode ?? 0,
              json: JSON.parse(Buffer.concat(chunks).toString('utf8')),
            });
          } catch (err) {
            reject(err instanceof Error ? err : new Error(String(err)));
          }
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function httpPublisher(url: string): Publisher {
  return {
    platform: 'telegram',
    async publish(target, chunk) {
      const text =
        chunk.kind === 'telegram'
          ? chunk.html
          : chunk.kind === 'text'
            ? chunk.text
            : (chunk.content ?? '');
      const { status, json } = (await post(
        url,
        JSON.stringify({ chat_id: target.chatId, text, parse_mode: 'HTML' }),
      )) as {
        status: number;
        json: {
          ok: boolean;
          result?: { message_id: number };
          parameters?: { retry_after?: number };
          description?: string;
        };
      };
      if (status === 429)
        throw new TransientPublishError(
          '429 Too Many Requests',
          target,
          (json.parameters?.retry_after ?? 1) * 1000,
        );
      if (status === 403)
        throw new PermanentPublishError(
          json.description ?? '403',
          target,
          json.description ?? 'forbidden',
        );
      if (!json.ok || !json.result) throw new TransientPublishError(`HTTP ${status}`, target);
      return { messageId: String(json.result.message_id) };
    },
  };
}

export async function run(): Promise<void> {
  const targets = Number(process.env['FANOUT_TARGETS'] ?? 2000);
  if (!Number.isInteger(targets) || targets < 1)
    throw new Error(
      `FANOUT_TARGETS must be a positive integer, got ${process.env['FANOUT_TARGETS']}`,
    );
  const platform = await startFakePlatform();
  const stores = await createStores('sqlite::memory:');
  try {
    // The current minute: a digest is only sent while fresh (docs/delivery.md).
    const slot = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const subs: Subscription[] = Array.from({ length: targets }, (_, i) =>
      subscriptionFixture(
        `sub-${i}`,
        { platform: 'telegram', chatId: String(1_000_000 + i) },
        slot,
      ),
    );
    for (const s of subs) await stores.subscriptions.upsert(s);

    let compositions = 0;
    const doc: DigestDocument = {
      header: 'Bản tin Hà Nội — Thứ Sáu, 27/11/2026',
      date: slot,
      window: { since: new Date(slot.getTime() - 86_400_000), until: slot },
      sections: [],
      footer: '1 tin từ 1 nguồn · Đổi đăng ký: /settings',
      counts: { items: 1, sources: 1, sections: 1 },
    };
    const news = {
      digest: async () => {
        compositions++;
        return doc;
      },
    } as unknown as NewsService;
    const runner = createDigestRunner({
      news,
      subscriptions: stores.subscriptions,
      outbox: stores.outbox,
      renderers: {
        telegram: (d) => [{ kind: 'telegram', html: `<b>${d.header}</b>\n${d.footer}` }],
      },
    });
    const t0 = performance.now();
    const runReport = await runner.runSlot(slot, subs);
    const enqueueMs = performance.now() - t0;

    const worker = createDeliveryWorker({
      outbox: stores.outbox,
      subscriptions: stores.subscriptions,
      publishers: { telegram: httpPublisher(platform.url) },
      rateLimit: { perSecond: WORKER_PER_SECOND, jitterMarginMs: 5 },
      concurrency: 8,
    });
    const start = performance.now();
    let sent = 0;
    for (;;) {
      sent += (await worker.drain()).sent;
      const pending = await stores.outbox.list({ state: 'pending' });
      if (pending.length === 0) break;
      const wait = Math.max(
        10,
        Math.min(...pending.map((r) => r.nextAttemptAt.getTime())) - Date.now(),
      );
      await new Promise((r) => setTimeout(r, wait));
    }
    const seconds = (performance.now() - start) / 1000;
    const rate = sent / seconds;
    console.log(`targets                 ${targets}`);
    console.log(
      `compositions            ${compositions} (runner: ${runReport.compositions}), enqueue ${enqueueMs.toFixed(0)} ms for ${runReport.enqueuedRows} rows`,
    );
    const stats = await platform.stats();
    console.log(
      `delivered               ${sent} in ${seconds.toFixed(1)} s (platform accepted ${stats.accepted})`,
    );
    console.log(
      `achieved rate           ${rate.toFixed(2)} msg/s = ${((rate / LIMIT_PER_SECOND) * 100).toFixed(1)} % of the ${LIMIT_PER_SECOND}/s limit (limiter set to ${WORKER_PER_SECOND}/s)`,
    );
    console.log(`429 responses           ${stats.rejected429}`);
    console.log(
      `failed rows             ${(await stores.outbox.list({ state: 'failed' })).length}`,
    );
  } finally {
    await stores.close();
    await platform.close();
    agent.destroy();
  }
}
