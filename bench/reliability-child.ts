/**
 * The delivery worker as its own process, for the kill -9 case of
 * `npm run bench -- reliability`: it opens the SQLite file named in
 * RELIABILITY_DB, sends through the loopback platform, and exits 0 once no
 * row is pending. RELIABILITY_GATE=off gives the "before" behaviour (four
 * sends in flight whatever the answer time, as before the in-flight gate).
 * Not a `*.bench.ts` file, so `bench/index.ts` does not run it on its own.
 */
import { Api } from 'grammy';
import { createDiscordPublisher } from '../src/bots/discord/publisher.js';
import { createDiscordRest } from '../src/bots/discord/rest-options.js';
import { createTelegramPublisher } from '../src/bots/telegram/publisher.js';
import { createDeliveryWorker } from '../src/delivery/outbox-worker.js';
import type { Publisher } from '../src/delivery/publisher.js';
import { createRateLimiter } from '../src/delivery/rate-limiter.js';
import { createStores } from '../src/store/index.js';

const env = process.env;
const platform = env['RELIABILITY_PLATFORM'] === 'discord' ? 'discord' : 'telegram';
const stores = await createStores(`sqlite:${env['RELIABILITY_DB']}`);
const publisher: Publisher =
  platform === 'telegram'
    ? createTelegramPublisher({
        api: new Api(env['RELIABILITY_TOKEN'] ?? '', { apiRoot: env['RELIABILITY_API'] ?? '' }),
        limits: { perChatIntervalMs: 0, globalPerSecond: 1000, perGroupPerMinute: 1000 },
      })
    : createDiscordPublisher({
        rest: createDiscordRest(env['RELIABILITY_TOKEN'] ?? '', {
          apiBase: env['RELIABILITY_API'] ?? '',
        }),
      });
const worker = createDeliveryWorker({
  outbox: stores.outbox,
  subscriptions: stores.subscriptions,
  publishers: { [platform]: publisher },
  limiter: createRateLimiter({ perSecond: 25 }),
  concurrency: 4,
  ...(env['RELIABILITY_GATE'] === 'off' ? { gate: { acquire: async () => () => undefined } } : {}),
});
process.stdout.write('ready\n');
for (;;) {
  await worker.drain();
  if ((await stores.outbox.list({ state: 'pending' })).length === 0) break;
  await new Promise((r) => setTimeout(r, 100));
}
await stores.close();
process.exit(0);
