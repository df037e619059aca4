/**
 * `npm run bench -- reliability`: digests lost and doubled per 100 targets
 * under the faults of issue 16, and a second user's /topics reply time while
 * one user floods the bot.
 *
 * - Delivery faults run the real worker and the real Telegram / Discord
 *   publishers against the loopback fake platforms (real HTTP). The worker's
 *   schedule runs on a fake clock moved 5 s per round, so a 3-minute outage
 *   and a 60 s retry_after take seconds, not minutes.
 * - kill -9: the worker runs in a child process (bench/reliability-child.ts)
 *   over a SQLite file while every answer is held 2 s; the child is killed
 *   with SIGKILL once a few messages went out, then restarted with fast
 *   answers. "before" is the same worker without the in-flight gate (four
 *   sends in flight whatever the answer time, as before this change).
 * - Flood: the real grammY bot with Telegram's default send limits; one
 *   user sends 500 commands in 10 s, another sends /topics every 250 ms.
 *
 * RELIABILITY_TARGETS (default 100) changes the number of targets;
 * RELIABILITY_FLOOD (default 500) the flood; RELIABILITY_ONLY=flood runs only the flood.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Api } from 'grammy';
import { createDiscordPublisher } from '../src/bots/discord/publisher.js';
import { createDiscordRest } from '../src/bots/discord/rest-options.js';
import { createTelegramBot } from '../src/bots/telegram/bot.js';
import { createTelegramPublisher } from '../src/bots/telegram/publisher.js';
import { createCommandHandlers } from '../src/bots/commands/index.js';
import type { Platform, Target } from '../src/digest/model.js';
import type { Clock, RenderedChunk, Stores } from '../src/digest/ports.js';
import { createDeliveryWorker } from '../src/delivery/outbox-worker.js';
import type { Publisher } from '../src/delivery/publisher.js';
import { createRateLimiter } from '../src/delivery/rate-limiter.js';
import { createStores } from '../src/store/index.js';
import { fakeGatherer, fakeNews, GAZETTEER, story, TOPICS } from '../tests/commands/fakes.js';
import {
  startFakeDiscordServer,
  type FakeDiscordServer,
} from '../tests/helpers/fake-discord-server.js';
import {
  startFakeTelegramServer,
  type FakeTelegramServer,
} from '../tests/helpers/fake-telegram-server.js';
import { subscriptionFixture } from '../tests/helpers/subscription-fixture.js';

export const name = 'reliability';

const N = Number(process.env['RELIABILITY_TARGETS'] ?? 100);
/** Commands the flooder sends (default 500; 0 gives the reply time without a flood). */
const FLOOD = Number(process.env['RELIABILITY_FLOOD'] ?? 500);
/** `flood` runs only the flood case. */
const ONLY = process.env['RELIABILITY_ONLY'] ?? '';
const SLOT = Date.parse('2026-11-27T00:00:00.000Z');
const here = dirname(fileURLToPath(import.meta.url));

interface Outcome {
  lost: number;
  doubled: number;
  expired: number;
  note?: string;
}

const per100 = (n: number): string => ((n * 100) / N).toFixed(1);

function chatIdOf(platform: Platform, i: number): string {
  return platform === 'telegram'
    ? String(700_000 + i)
    : String(800_000_000_000_000_000n + BigInt(i));
}

function fakeClock(start: number): Clock & { advance(ms: number): void } {
  let t = start;
  return { now: () => new Date(t), advance: (ms) => (t += ms) };
}

async function seed(
  stores: Stores,
  platform: Platform,
  clock: Clock,
  slotMs = SLOT,
): Promise<void> {
  for (let i = 0; i < N; i++) {
    const target: Target = { platform, chatId: chatIdOf(platform, i) };
    await stores.subscriptions.upsert(
      subscriptionFixture(`sub-${i}`, target, new Date(SLOT - 86_400_000)),
    );
  }
  for (let i = 0; i < N; i++) {
    const target: Target = { platform, chatId: chatIdOf(platform, i) };
    const payload: RenderedChunk =
      platform === 'telegram'
        ? { kind: 'telegram', html: `Bản tin Hà Nội số <b>${i}</b>` }
        : { kind: 'discord', content: `Bản tin Hà Nội số **${i}**` };
    await stores.outbox.enqueue([
      {
        targetKey: `${platform}:${target.chatId}`,
        target,
        subscriptionId: `sub-${i}`,
        slot: new Date(slotMs).toISOString(),
        chunkIndex: 0,
        chunkCount: 1,
        payload,
        nextAttemptAt: clock.now(),
        expiresAt: new Date(slotMs + 12 * 3_600_000),
      },
    ]);
  }
}

interface Platforms {
  tg: FakeTelegramServer;
  dc: FakeDiscordServer;
}

function copiesPerTarget(p: Platforms, platform: Platform): number[] {
  const out: number[] = [];
  for (let i = 0; i < N; i++) {
    const id = chatIdOf(platform, i);
    out.push(
      platform === 'telegram'
        ? p.tg.messages.filter((m) => m.chatId === id).length
        : p.dc.messages(id).length,
    );
  }
  return out;
}

function publisherFor(p: Platforms, platform: Platform): Publisher {
  return platform === 'telegram'
    ? createTelegramPublisher({
        api: new Api(p.tg.token, { apiRoot: p.tg.apiRoot }),
        limits: { perChatIntervalMs: 0, globalPerSecond: 1000, perGroupPerMinute: 1000 },
      })
    : createDiscordPublisher({ rest: createDiscordRest('test-token', { apiBase: p.dc.apiBase }) });
}

type Fault = 'outage' | '500s' | '429';

async function deliveryCase(platform: Platform, fault: Fault): Promise<Outcome> {
  const p: Platforms = { tg: await startFakeTelegramServer(), dc: await startFakeDiscordServer() };
  for (let i = 0; i < N; i++)
    p.tg.addChat({ id: 700_000 + i, type: 'private', first_name: `U${i}` });
  // The outage starts a minute before the slot and lasts 3 minutes.
  const clock = fakeClock(fault === 'outage' ? SLOT - 60_000 : SLOT);
  const stores = await createStores('sqlite::memory:', { clock });
  const setDown = (d: boolean): void =>
    platform === 'telegram' ? p.tg.setDown(d) : p.dc.setDown(d);
  if (fault === '500s') {
    if (platform === 'telegram')
      p.tg.fail({
        method: 'sendMessage',
        times: 40,
        error_code: 500,
        description: 'Internal Server Error',
      });
    else p.dc.fail({ method: 'POST', path: /^\/channels\/\d+\/messages$/, status: 500, times: 40 });
  }
  if (fault === '429') {
    if (platform === 'telegram')
      p.tg.fail({
        method: 'sendMessage',
        times: 20,
        error_code: 429,
        description: 'Too Many Requests: retry after 60',
        parameters: { retry_after: 60 },
      });
    else
      p.dc.fail({
        method: 'POST',
        path: /^\/channels\/\d+\/messages$/,
        status: 429,
        times: 20,
        headers: { 'retry-after': '60', 'x-ratelimit-scope': 'shared' },
        body: { message: 'You are being rate limited.', retry_after: 60, global: false },
      });
  }
  const worker = createDeliveryWorker({
    outbox: stores.outbox,
    subscriptions: stores.subscriptions,
    publishers: { [platform]: publisherFor(p, platform) },
    clock,
    // The platform's pace is real time: the limiter keeps the real clock.
    limiter: createRateLimiter({ perSecond: 25 }),
  });
  let expired = 0;
  if (fault === 'outage') setDown(true);
  let enqueued = false;
  // Up to 30 fake minutes, 5 s a round.
  for (let round = 0; round < 360; round++) {
    const t = clock.now().getTime();
    if (!enqueued && t >= SLOT) {
      await seed(stores, platform, clock);
      enqueued = true;
    }
    if (fault === 'outage' && t >= SLOT + 120_000) setDown(false);
    if (!enqueued && fault !== 'outage') {
      await seed(stores, platform, clock);
      enqueued = true;
    }
    expired += (await worker.drain()).expired;
    if (enqueued && (await stores.outbox.list({ state: 'pending' })).length === 0) break;
    clock.advance(5_000);
  }
  const copies = copiesPerTarget(p, platform);
  await stores.close();
  await p.tg.close();
  await p.dc.close();
  return {
    lost: copies.filter((c) => c === 0).length,
    doubled: copies.filter((c) => c > 1).length,
    expired,
  };
}

function runChild(env: Record<string, string>): { done: Promise<number | null>; kill: () => void } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'reliability-child.ts')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return {
    done: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
    kill: () => child.kill('SIGKILL'),
  };
}

async function killCase(platform: Platform, gate: 'on' | 'off'): Promise<Outcome> {
  const p: Platforms = { tg: await startFakeTelegramServer(), dc: await startFakeDiscordServer() };
  for (let i = 0; i < N; i++)
    p.tg.addChat({ id: 700_000 + i, type: 'private', first_name: `U${i}` });
  const dir = mkdtempSync(join(tmpdir(), 'hd-reliability-'));
  const db = join(dir, 'outbox.db');
  const clock: Clock = { now: () => new Date() };
  const stores = await createStores(`sqlite:${db}`, { clock });
  // Real time here: the slot is now.
  await seed(stores, platform, clock, Date.now());
  await stores.close();
  const env = {
    RELIABILITY_DB: db,
    RELIABILITY_PLATFORM: platform,
    RELIABILITY_API: platform === 'telegram' ? p.tg.apiRoot : p.dc.apiBase,
    RELIABILITY_TOKEN: platform === 'telegram' ? p.tg.token : 'test-token',
    RELIABILITY_GATE: gate,
  };
  const delay = (ms: number): void =>
    platform === 'telegram' ? p.tg.setResponseDelay(ms) : p.dc.setResponseDelay(ms);
  const received = (): number => copiesPerTarget(p, platform).reduce((a, b) => a + b, 0);
  delay(2_000);
  const first = runChild(env);
  // Kill once a few messages went out, in the middle of slow answers.
  const started = Date.now();
  while (received() < 6 && Date.now() - started < 60_000)
    await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 700));
  first.kill();
  await first.done;
  delay(0);
  const second = runChild(env);
  const code = await Promise.race([
    second.done,
    new Promise<number | null>((r) => setTimeout(() => r(-1), 120_000)),
  ]);
  if (code === -1) second.kill();
  const copies = copiesPerTarget(p, platform);
  rmSync(dir, { recursive: true, force: true });
  await p.tg.close();
  await p.dc.close();
  return {
    lost: copies.filter((c) => c === 0).length,
    doubled: copies.filter((c) => c > 1).length,
    expired: 0,
    ...(code !== 0 ? { note: `restart exit ${String(code)}` } : {}),
  };
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
}

async function floodCase(): Promise<{
  p50: number;
  p95: number;
  n: number;
  flooderReplies: number;
}> {
  const server = await startFakeTelegramServer();
  const stores = await createStores('sqlite::memory:');
  const handlers = createCommandHandlers({
    news: fakeNews([story('s1', 'Khởi công đường vành đai 4', ['giao-thong'])]),
    subscriptions: stores.subscriptions,
    feeds: stores.feeds,
    gatherer: fakeGatherer({}),
    topics: TOPICS,
    gazetteer: GAZETTEER,
  });
  const tg = createTelegramBot({
    token: server.token,
    apiRoot: server.apiRoot,
    adminIds: [],
    handlers,
    pollTimeoutSeconds: 1,
  });
  await tg.start();
  const flooder = { id: 111, first_name: 'Flood' };
  const flooderChat = { id: 111, type: 'private' as const, first_name: 'Flood' };
  const waits: number[] = [];
  const t0 = performance.now();
  let sent = 0;
  const commands = ['/topics', '/digest', '/search cầu', '/latest', '/help'];
  const flood = setInterval(() => {
    for (let k = 0; k < 5 && sent < 500; k++, sent++)
      if (sent < FLOOD) server.sendText(flooderChat, flooder, commands[sent % commands.length]!);
  }, 100);
  // Bystanders take turns (each stays under its own 10-per-30-s limit): one
  // /topics every 400 ms during the flood and a little after.
  for (let k = 0; performance.now() - t0 < 12_000; k++) {
    const user = { id: 300 + (k % 8), first_name: `Lan ${k % 8}` };
    const chat = { id: user.id, type: 'private' as const, first_name: user.first_name };
    const before = server.calls.length;
    server.sendText(chat, user, '/topics');
    const pushed = performance.now();
    const reply = await server.waitForCall(
      (c) =>
        server.calls.indexOf(c) >= before &&
        c.method === 'sendmessage' &&
        String(c.params['chat_id']) === String(chat.id),
      30_000,
    );
    waits.push(reply.at - pushed);
    await new Promise((r) => setTimeout(r, 400));
  }
  clearInterval(flood);
  const flooderReplies = server
    .callsOf('sendMessage')
    .filter((c) => String(c.params['chat_id']) === String(flooderChat.id)).length;
  await tg.stop();
  await server.close();
  await stores.close();
  return { p50: quantile(waits, 0.5), p95: quantile(waits, 0.95), n: waits.length, flooderReplies };
}

export async function run(): Promise<void> {
  console.log(`targets: ${N}; figures are digests lost / doubled per 100 targets`);
  const rows: string[] = [];
  const line = (platform: string, fault: string, o: Outcome): void => {
    const text = `${platform.padEnd(9)} ${fault.padEnd(44)} lost ${per100(o.lost).padStart(5)}  doubled ${per100(o.doubled).padStart(5)}  expired ${o.expired}${o.note ? `  (${o.note})` : ''}`;
    rows.push(text);
    console.log(text);
  };
  for (const platform of ONLY === 'flood' ? [] : (['telegram', 'discord'] as const)) {
    line(platform, '3-min outage around the slot', await deliveryCase(platform, 'outage'));
    line(platform, '40 consecutive 500s', await deliveryCase(platform, '500s'));
    line(platform, '429 retry_after 60 (first 20 sends)', await deliveryCase(platform, '429'));
    if (platform === 'telegram')
      line(
        platform,
        'kill -9, 2 s answers, restart (before: no gate)',
        await killCase(platform, 'off'),
      );
    line(platform, 'kill -9, 2 s answers, restart', await killCase(platform, 'on'));
  }
  const f = await floodCase();
  console.log(
    `flood: ${FLOOD} commands in 10 s from one user; other users' /topics (n=${f.n}): p50 ${f.p50.toFixed(0)} ms, p95 ${f.p95.toFixed(0)} ms; flooder got ${f.flooderReplies} replies`,
  );
}
