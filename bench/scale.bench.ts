/**
 * Several instances on one PostgreSQL (issue 12). In one run it prints:
 * - delivery of 2,000 targets (1,500 Telegram chats, 500 Discord channels) by
 *   1 and then 3 `--role deliver` processes through loopback Telegram and
 *   Discord servers behind a proxy that answers 429 above the platform limit:
 *   throughput, and the 429s (0 when the budget is shared, not multiplied);
 * - the same with 3 deliverers, one SIGKILLed mid-run and restarted: digests
 *   lost, doubled on Discord, and the most duplicates in one Telegram chat;
 * - gathering 1,000 loopback feeds by 1 vs 3 gather instances (in-process,
 *   each with its own pool), and the most fetches of one feed in the round;
 * - Discord alone (bench/scale-discord.ts): 1,000 channels by 1 vs 3
 *   deliverers against Discord's global 50/s, and 3 hot channels against its
 *   5 messages per 5 s per channel: 0 responses of 429 when shared;
 * - one digest slot ticked by 3 schedulers at once: rows enqueued per target.
 * The budget is the service's real one (25 msg/s per bot token) and the
 * proxy's limit Telegram's (30/s, i.e. ×1.2): 2,000 sends take about 80 s
 * per run whatever the number of instances, which is the point. The Telegram
 * publisher also paces itself at 25/s per process.
 * SCALE_TARGETS, SCALE_FEEDS, SCALE_RATE, SCALE_DISCORD_CHANNELS override 2000, 1000, 25, 1000.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { claimingGather } from '../src/app/instance.js';
import { discordScaleRun, forward, stopChildren } from './scale-discord.js';
import { digestRenderers } from '../src/app/renderers.js';
import { loadConfig } from '../src/config/index.js';
import { createDigestRunner } from '../src/delivery/index.js';
import { writeDemoConfig } from '../src/demo/demo-config.js';
import { createClassifier } from '../src/digest/classify/index.js';
import { createNewsService } from '../src/digest/compose/news-service.js';
import { createGatherer } from '../src/digest/gather/index.js';
import { createExtractiveSummarizer } from '../src/digest/summarize/extractive.js';
import type { SqlStores } from '../src/store/index.js';
import { createStores } from '../src/store/index.js';
import { spawnDeliverInstance } from '../tests/helpers/deliver-instance.js';
import { startFakeDiscordServer } from '../tests/helpers/fake-discord-server.js';
import { startFakeTelegramServer } from '../tests/helpers/fake-telegram-server.js';
import { createPgSchemas, postgresAvailable } from '../tests/helpers/postgres.js';
import { subscriptionFixture } from '../tests/helpers/subscription-fixture.js';
import { createSafeFetcher } from '../src/fetch/index.js';

export const name = 'scale';

const ROOT = resolve(fileURLToPath(import.meta.url), '..', '..');
const TARGETS = Number(process.env['SCALE_TARGETS'] ?? 2000);
const FEEDS = Number(process.env['SCALE_FEEDS'] ?? 1000);
const RATE = Number(process.env['SCALE_RATE'] ?? 25);
const DISCORD_CHANNELS = Number(process.env['SCALE_DISCORD_CHANNELS'] ?? 1000);
const LIMIT = Math.round(RATE * 1.2);
// A slot a minute ago: digests stay fresh (deliverable) for 12 h after their slot.
const SLOT = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000).toISOString();

/** Forwards to `upstream`; sends above `limit` in any 1 s window get a 429, as the platform would. */
async function startLimitProxy(
  upstream: string,
  isSend: (req: IncomingMessage) => boolean,
  limit: number,
  tooMany: () => { headers: Record<string, string>; body: string },
): Promise<{ origin: string; sends: number[]; refused: number; server: Server }> {
  const up = new URL(upstream);
  const window: number[] = [];
  const state = {
    origin: '',
    sends: [] as number[],
    refused: 0,
    server: null as unknown as Server,
  };
  state.server = createServer((req, res) => {
    const send = isSend(req);
    if (send) {
      const now = performance.now();
      while (window.length && window[0]! <= now - 1000) window.shift();
      if (window.length >= limit) {
        state.refused++;
        const r = tooMany();
        res.writeHead(429, { 'content-type': 'application/json', ...r.headers });
        res.end(r.body);
        req.resume();
        return;
      }
      window.push(now);
    }
    forward(up, req, res, () => {
      if (send) state.sends.push(performance.now());
    });
  });
  await new Promise<void>((r) => state.server.listen(0, '127.0.0.1', r));
  state.origin = `http://127.0.0.1:${(state.server.address() as AddressInfo).port}`;
  return state;
}

interface DeliveryFigures {
  seconds: number;
  perSecond: number;
  refused: number;
  lost: number;
  discordDoubles: number;
  worstTelegramDuplicates: number;
}

async function deliveryRun(instances: number, kill: boolean): Promise<DeliveryFigures> {
  const schemas = createPgSchemas('scale');
  const url = schemas.url();
  const tg = await startFakeTelegramServer();
  const dc = await startFakeDiscordServer();
  const tgProxy = await startLimitProxy(
    tg.apiRoot,
    (r) => /\/sendMessage$/i.test(r.url ?? ''),
    LIMIT,
    () => ({
      headers: {},
      body: JSON.stringify({
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 1',
        parameters: { retry_after: 1 },
      }),
    }),
  );
  const dcProxy = await startLimitProxy(
    new URL(dc.apiBase).origin,
    (r) => r.method === 'POST' && /\/channels\/\d+\/messages$/.test(r.url ?? ''),
    LIMIT,
    () => ({
      headers: { 'retry-after': '1', 'x-ratelimit-scope': 'user' },
      body: JSON.stringify({
        message: 'You are being rate limited.',
        retry_after: 1,
        global: false,
      }),
    }),
  );
  const configDir = await mkdtemp(join(tmpdir(), 'hd-scale-'));
  await writeDemoConfig(configDir, [
    { id: 'none', name: 'Không dùng', url: 'http://127.0.0.1:9/rss', type: 'rss', enabled: false },
  ]);
  const stores = await createStores(url);
  const tgChats = Math.round(TARGETS * 0.75);
  const rows: Parameters<SqlStores['outbox']['enqueue']>[0] = [];
  for (let c = 0; c < TARGETS; c++) {
    const telegram = c < tgChats;
    const chatId = telegram ? String(-1002000000 - c) : String(700000000000100000n + BigInt(c));
    if (telegram) tg.addChat({ id: Number(chatId), type: 'channel', title: `Kênh ${c}` });
    rows.push({
      targetKey: `${telegram ? 'telegram' : 'discord'}:${chatId}`,
      target: { platform: telegram ? 'telegram' : 'discord', chatId },
      subscriptionId: null,
      slot: SLOT,
      chunkIndex: 0,
      chunkCount: 1,
      payload: telegram
        ? { kind: 'telegram', html: `<b>Bản tin Hà Nội</b> số ${c}` }
        : { kind: 'discord', content: `**Bản tin Hà Nội** số ${c}` },
      nextAttemptAt: new Date(0),
    });
  }
  for (let i = 0; i < rows.length; i += 500) await stores.outbox.enqueue(rows.slice(i, i + 500));

  const children: ChildProcess[] = [];
  const start = (id: string): ChildProcess => {
    const child = spawnDeliverInstance({
      root: ROOT,
      databaseUrl: url,
      configDir,
      instanceId: id,
      env: {
        LEASE_SECONDS: '10',
        SEND_RATE_PER_SECOND: String(RATE),
        TELEGRAM_BOT_TOKEN: tg.token,
        TELEGRAM_API_ROOT: tgProxy.origin,
        DISCORD_BOT_TOKEN: 'test-token',
        DISCORD_APPLICATION_ID: '900000000000000001',
        DISCORD_API_BASE: `${dcProxy.origin}/api`,
      },
    });
    children.push(child);
    return child;
  };
  const sentCount = async (): Promise<number> =>
    (await stores.coordination.gauges()).outbox['sent'] ?? 0;
  try {
    const procs = Array.from({ length: instances }, (_, i) => start(`deliver-${i}`));
    if (kill) {
      while ((await sentCount()) < TARGETS * 0.3) await sleep(50);
      procs[0]!.kill('SIGKILL');
      await new Promise((r) => procs[0]!.once('exit', r));
      start('deliver-0-restarted');
    }
    const deadline = Date.now() + 15 * 60_000;
    while ((await sentCount()) < TARGETS && Date.now() < deadline) await sleep(200);
    const sends = [...tgProxy.sends, ...dcProxy.sends].sort((a, b) => a - b);
    const seconds = ((sends.at(-1) ?? 0) - (sends[0] ?? 0)) / 1000;
    let discordDoubles = 0;
    for (let c = tgChats; c < TARGETS; c++)
      discordDoubles += Math.max(
        0,
        dc.messages(String(700000000000100000n + BigInt(c))).length - 1,
      );
    const perChat = new Map<string, number>();
    for (const m of tg.messages) perChat.set(m.chatId, (perChat.get(m.chatId) ?? 0) + 1);
    return {
      seconds,
      perSecond: TARGETS / Math.max(seconds, 1e-9),
      refused: tgProxy.refused + dcProxy.refused,
      lost: TARGETS - (await sentCount()),
      discordDoubles,
      worstTelegramDuplicates: Math.max(0, ...[...perChat.values()].map((n) => n - 1)),
    };
  } finally {
    await stopChildren(children);
    await stores.close();
    await Promise.all([tg.close(), dc.close()]);
    await Promise.all([tgProxy, dcProxy].map((p) => new Promise((r) => p.server.close(r))));
    await schemas.dropAll();
    await rm(configDir, { recursive: true, force: true });
  }
}

/** 1,000 small RSS feeds, one item each, and the item pages; counts fetches per feed. */
async function startFeedServer(): Promise<{
  origin: string;
  hits: Map<string, number>;
  server: Server;
}> {
  const hits = new Map<string, number>();
  const state = { origin: '', hits, server: null as unknown as Server };
  state.server = createServer((req, res) => {
    const path = req.url ?? '/';
    const feed = /^\/feed\/(\d+)\.rss$/.exec(path);
    if (feed) {
      hits.set(path, (hits.get(path) ?? 0) + 1);
      const n = feed[1];
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Báo ${n}</title><link>${state.origin}/</link>` +
          `<item><title>Hà Nội sửa tuyến phố số ${n}</title><link>${state.origin}/bai/${n}.html</link><guid>${state.origin}/bai/${n}.html</guid>` +
          `<pubDate>${new Date().toUTCString()}</pubDate><description>Phường ${n} lát lại 120 m vỉa hè.</description></item></channel></rss>`,
      );
      return;
    }
    const page = /^\/bai\/(\d+)\.html$/.exec(path);
    res.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      page
        ? `<html><head><title>Hà Nội sửa tuyến phố số ${page[1]}</title></head><body><article><h1>Hà Nội sửa tuyến phố số ${page[1]}</h1>` +
            `<p>UBND phường cho biết tuyến phố dài 120 m được lát lại vỉa hè trong 30 ngày.</p><p>Kinh phí khoảng 2 tỷ đồng.</p></article></body></html>`
        : 'not found',
    );
  });
  await new Promise<void>((r) => state.server.listen(0, '127.0.0.1', r));
  state.origin = `http://127.0.0.1:${(state.server.address() as AddressInfo).port}`;
  return state;
}

async function gatherRun(
  instances: number,
): Promise<{ seconds: number; feeds: number; worst: number }> {
  const schemas = createPgSchemas('scalegather');
  const url = schemas.url();
  const web = await startFeedServer();
  const all: SqlStores[] = [];
  try {
    for (let i = 0; i < instances; i++) all.push(await createStores(url));
    const first = all[0]!;
    for (let n = 0; n < FEEDS; n++)
      await first.feeds.upsert(
        {
          id: `feed-${n}`,
          name: `Báo ${n}`,
          url: `${web.origin}/feed/${n}.rss`,
          type: 'rss',
          enabled: true,
        },
        'config',
      );
    const t0 = performance.now();
    const reports = await Promise.all(
      all.map((s, i) =>
        claimingGather({
          gatherer: createGatherer({
            feeds: s.feeds,
            articles: s.articles,
            fetcher: createSafeFetcher({ allowPrivate: true, timeoutMs: 20_000 }),
            concurrency: 8,
          }),
          coordination: s.coordination,
          holder: `gather-${i}`,
          intervalMinutes: 15,
        })(),
      ),
    );
    const seconds = (performance.now() - t0) / 1000;
    return {
      seconds,
      feeds: reports.reduce((n, r) => n + r.feeds.length, 0),
      worst: Math.max(0, ...web.hits.values()),
    };
  } finally {
    await Promise.all(all.map((s) => s.close()));
    await new Promise((r) => web.server.close(r));
    await schemas.dropAll();
  }
}

async function slotRun(
  schedulers: number,
  subscriptions: number,
): Promise<{ rows: number; targets: number; worst: number }> {
  const schemas = createPgSchemas('scaleslot');
  const url = schemas.url();
  const config = await loadConfig(join(ROOT, 'config'));
  const all: SqlStores[] = [];
  try {
    for (let i = 0; i < schedulers; i++) all.push(await createStores(url));
    const subs = Array.from({ length: subscriptions }, (_, i) =>
      subscriptionFixture(
        `s${i}`,
        { platform: 'telegram', chatId: String(-1003000000 - i) },
        new Date(0),
      ),
    );
    for (const s of subs) await all[0]!.subscriptions.upsert(s);
    await Promise.all(
      all.map((s) =>
        createDigestRunner({
          news: createNewsService({
            stores: s,
            summarizer: createExtractiveSummarizer(),
            classifier: createClassifier({ topics: config.topics, gazetteer: config.gazetteer }),
            topics: config.topics,
            sectionOrder: config.schedules.sectionOrder,
          }),
          subscriptions: s.subscriptions,
          outbox: s.outbox,
          renderers: digestRenderers(),
          emptyDigest: 'notice',
        }).runSlot(new Date(SLOT), subs),
      ),
    );
    const rows = await all[0]!.outbox.list();
    const perTarget = new Map<string, number>();
    for (const r of rows)
      perTarget.set(
        `${r.targetKey}#${r.chunkIndex}`,
        (perTarget.get(`${r.targetKey}#${r.chunkIndex}`) ?? 0) + 1,
      );
    return {
      rows: rows.length,
      targets: new Set(rows.map((r) => r.targetKey)).size,
      worst: Math.max(0, ...perTarget.values()),
    };
  } finally {
    await Promise.all(all.map((s) => s.close()));
    await schemas.dropAll();
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function run(): Promise<void> {
  if (!(await postgresAvailable())) {
    console.log('skipped: no PostgreSQL at TEST_DATABASE_URL (default 127.0.0.1:5432/test)');
    return;
  }
  console.log(`budget ${RATE} msg/s per bot token, platform limit ${LIMIT} msg/s (429 above it)`);
  for (const n of [1, 3]) {
    const f = await deliveryRun(n, false);
    console.log(
      `delivery, ${n} instance(s): ${TARGETS} targets in ${f.seconds.toFixed(1)} s = ${f.perSecond.toFixed(0)} msg/s, 429s ${f.refused}, lost ${f.lost}`,
    );
  }
  const k = await deliveryRun(3, true);
  console.log(
    `delivery, 3 instances, one SIGKILLed at 30% and restarted: lost ${k.lost}, Discord doubled ${k.discordDoubles}, ` +
      `most duplicates in one Telegram chat ${k.worstTelegramDuplicates}, 429s ${k.refused}, ${k.perSecond.toFixed(0)} msg/s`,
  );
  // Discord's own limits (global 50/s per token, 5 per 5 s per channel), shared in the database.
  for (const n of [1, 3]) {
    const d = await discordScaleRun(ROOT, n, { channels: DISCORD_CHANNELS });
    console.log(
      `Discord only, ${n} instance(s): ${d.messages} channels in ${d.seconds.toFixed(1)} s = ${d.perSecond.toFixed(0)} msg/s ` +
        `(budget 40/s, limit 50/s), ${d.requests} posts, 429s ${d.refusedGlobal + d.refusedChannel}, lost ${d.lost}, doubled ${d.doubled}`,
    );
  }
  const h = await discordScaleRun(ROOT, 3, { hot: 3, perHot: 8 });
  console.log(
    `Discord only, 3 instances, 3 channels x 8 messages: ${h.seconds.toFixed(1)} s, ${h.requests} posts, ` +
      `429s ${h.refusedGlobal + h.refusedChannel} (limit 5 in any 5 s per channel), lost ${h.lost}, doubled ${h.doubled}`,
  );
  for (const n of [1, 3]) {
    const g = await gatherRun(n);
    console.log(
      `gathering, ${n} instance(s): ${g.feeds} of ${FEEDS} feeds in ${g.seconds.toFixed(1)} s = ${(g.feeds / g.seconds).toFixed(0)} feeds/s, most fetches of one feed ${g.worst}`,
    );
  }
  const s = await slotRun(3, 300);
  console.log(
    `one slot ticked by 3 schedulers: ${s.rows} rows for ${s.targets} targets (300 subscriptions), most rows per (target, chunk) ${s.worst}`,
  );
}
