/**
 * Running as one of several instances on one database. Each instance has a
 * role (`all`, `gather`, `deliver`, `bots`) and an id; the work they share is
 * claimed through the store's coordination tables:
 *
 * - gathering claims due feeds in small batches, so N gatherers split a round
 *   and no feed is fetched twice in it (`claimingGather`);
 * - delivery claims outbox rows instead of reading them (`claimingOutbox`):
 *   the delivery worker is unchanged, it just sees only its own rows;
 * - the send budget is one token bucket per bot token in the database
 *   (`createSharedRateLimiter`), so three deliverers share 25 msg/s instead
 *   of sending 75; Discord's global and per-channel buckets are shared the
 *   same way (`withSharedDiscordLimit`);
 * - Telegram long polling and the Discord gateway run where a leader lease is
 *   held (`createLeader`); another instance takes over when it lapses.
 *
 * A claim or lease of an instance that dies is taken over when it expires.
 */
import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { RunCoordinator } from 'node-cron';
import type { Publisher, RateLimiter } from '../delivery/index.js';
import type { GatherReport, Gatherer } from '../digest/gather/index.js';
import type { Clock, Logger, OutboxStore } from '../digest/ports.js';
import { silentLogger, systemClock } from '../digest/ports.js';
import type { AdvisoryLocker, CoordinationStore, SessionLock } from '../store/index.js';
import { HanoiDigestError } from '../digest/errors.js';

export const ROLES = ['all', 'gather', 'deliver', 'bots'] as const;
export type Role = (typeof ROLES)[number];

export class RoleError extends HanoiDigestError {
  override name = 'RoleError';
  constructor(readonly role: string) {
    super(`Unknown role "${role}": expected one of ${ROLES.join(', ')}`);
  }
}

/** `--role X` / `--role=X` from the command line (wins over ROLE). */
export function roleFromArgv(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--role') return argv[i + 1];
    if (a.startsWith('--role=')) return a.slice('--role='.length);
  }
  return undefined;
}

export function parseRole(value: string | undefined): Role {
  const v = (value ?? 'all').trim().toLowerCase();
  if ((ROLES as readonly string[]).includes(v)) return v as Role;
  throw new RoleError(value ?? '');
}

/** What a role runs. */
export function roleParts(role: Role): { gather: boolean; deliver: boolean; bots: boolean } {
  return {
    gather: role === 'all' || role === 'gather',
    deliver: role === 'all' || role === 'deliver',
    bots: role === 'all' || role === 'bots',
  };
}

/** host:pid:random — unique per process, readable in the lease tables. */
export function newInstanceId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/** The shared bucket of a bot token: keyed by a hash, never by the token itself. */
export function rateBucketKey(platform: string, token: string | undefined): string {
  const h = createHash('sha256')
    .update(token ?? 'no-token')
    .digest('hex')
    .slice(0, 16);
  return `send:${platform}:${h}`;
}

export interface ClaimingOutboxOptions {
  coordination: CoordinationStore;
  holder: string;
  /** How long a claimed row stays ours without being written (default 60 s). */
  leaseMs?: number;
  /**
   * Most rows claimed at once (default 10). A claim must be sent well within
   * its lease, or another instance takes the rows over and sends them again;
   * under a shared budget of R msg/s and N deliverers, k rows take about k·N/R s.
   */
  maxClaim?: number;
  onTakeover?: (n: number) => void;
  onRetry?: () => void;
  clock?: Clock;
}

/**
 * The outbox as one instance of many sees it: `due()` claims, and
 * `inFlight()` (what a starting worker decides on again, as left by a crash)
 * holds only rows whose attempt is older than a lease: a younger one may be a
 * live instance's send, still waiting for its shared budget, and clearing it
 * would have it sent twice. A dead instance's rows come back through the
 * lease either way.
 */
export function claimingOutbox(outbox: OutboxStore, options: ClaimingOutboxOptions): OutboxStore {
  const leaseMs = options.leaseMs ?? 60_000;
  const maxClaim = options.maxClaim ?? 10;
  const clock = options.clock ?? systemClock;
  return {
    ...outbox,
    async inFlight() {
      const before = clock.now().getTime() - leaseMs;
      return (await outbox.inFlight()).filter(
        (r) => (r.attemptStartedAt?.getTime() ?? 0) <= before,
      );
    },
    async due(now, limit) {
      const claimed = await options.coordination.claimOutbox(options.holder, now, {
        leaseMs,
        limit: Math.min(limit, maxClaim),
      });
      if (claimed.takeovers > 0) options.onTakeover?.(claimed.takeovers);
      return claimed.rows;
    },
    async markRetry(id, error, next) {
      options.onRetry?.();
      return outbox.markRetry(id, error, next);
    },
  };
}

export interface ClaimingGatherOptions {
  gatherer: Gatherer;
  coordination: CoordinationStore;
  holder: string;
  /** A feed is due again this long after it was last claimed. */
  intervalMinutes: number;
  /** Feeds claimed at a time (default 20): small, so several instances share a round. */
  batchSize?: number;
  /** How long a claimed feed stays ours (default 5 min; a fetch times out well before). */
  leaseMs?: number;
  clock?: Clock;
  logger?: Logger;
  onReport?: (report: GatherReport) => void;
  onTakeover?: (n: number) => void;
}

/**
 * One gathering round across instances: claim due feeds in batches, gather
 * them, release, until none is due. Returns the merged report.
 */
export function claimingGather(options: ClaimingGatherOptions): () => Promise<GatherReport> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const batch = options.batchSize ?? 20;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  // A little slack so a feed claimed a few seconds late last round is due at this tick.
  const intervalMs = Math.max(60_000, options.intervalMinutes * 60_000 - 30_000);
  return async () => {
    const startedAt = clock.now();
    const feeds: GatherReport['feeds'] = [];
    for (;;) {
      const now = clock.now();
      const claimed = await options.coordination.claimFeeds(options.holder, now, {
        dueBefore: new Date(now.getTime() - intervalMs),
        leaseMs,
        limit: batch,
      });
      if (claimed.feedIds.length === 0) break;
      if (claimed.takeovers > 0) {
        options.onTakeover?.(claimed.takeovers);
        logger.info({ feeds: claimed.takeovers }, 'took over feeds of an expired lease');
      }
      try {
        const report = await options.gatherer.gather({ feedIds: claimed.feedIds });
        feeds.push(...report.feeds);
        options.onReport?.(report);
      } finally {
        await options.coordination.releaseFeeds(options.holder, claimed.feedIds);
      }
    }
    return { feeds, startedAt, finishedAt: clock.now() };
  };
}

export interface SharedRateLimiterOptions {
  coordination: CoordinationStore;
  key: string;
  perSecond: number;
  /**
   * Tokens that may go at once (default a tenth of a second's worth): small, so
   * no 1 s window ever holds much more than `perSecond` sends.
   */
  burst?: number;
  clock?: Clock;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** One budget for every instance sending with the same token. */
export function createSharedRateLimiter(options: SharedRateLimiterOptions): RateLimiter {
  const clock = options.clock ?? systemClock;
  const sleep = options.sleep ?? realSleep;
  const bucket = {
    capacity: options.burst ?? Math.max(1, Math.floor(options.perSecond / 10)),
    perSecond: options.perSecond,
  };
  return {
    async acquire() {
      const wait = await options.coordination.takeToken(options.key, bucket, clock.now());
      if (wait > 0) await sleep(wait);
      return () => {};
    },
  };
}

export interface LeaderOptions {
  coordination: CoordinationStore;
  name: string;
  holder: string;
  /** A silent leader's lease lapses after this (default 30 s). */
  ttlMs?: number;
  /** Renew / try every (default ttl / 3). */
  renewMs?: number;
  onElected: () => Promise<void>;
  onDemoted: () => Promise<void>;
  /**
   * PostgreSQL: elect with a session advisory lock instead of the lease row.
   * A dead leader's connection closes and frees the lock at once, so another
   * instance takes over at its next try (every `renewMs`).
   */
  advisoryLock?: AdvisoryLocker | null;
  clock?: Clock;
  logger?: Logger;
}

export interface Leader {
  /** Tries once now (so a lone instance leads at once), then keeps trying. */
  start(): Promise<void>;
  stop(): Promise<void>;
  isLeader(): boolean;
}

/**
 * A leader lease: the one instance holding `name` runs the singleton (Telegram
 * long polling, the Discord gateway). With the defaults another instance takes
 * over at most 40 s after the leader died.
 */
export function createLeader(options: LeaderOptions): Leader {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const ttlMs = options.ttlMs ?? 30_000;
  const renewMs = options.renewMs ?? Math.floor(ttlMs / 3);
  let leading = false;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let busy: Promise<void> = Promise.resolve();

  let lock: SessionLock | null = null;

  /** Holds (or takes) the advisory lock or the lease; true while this instance leads. */
  async function hold(): Promise<boolean> {
    if (options.advisoryLock) {
      if (lock) {
        if (await lock.check()) return true;
        lock = null;
        return false;
      }
      lock = await options.advisoryLock(options.name);
      return lock !== null;
    }
    return options.coordination.acquireLease(options.name, options.holder, clock.now(), ttlMs);
  }

  async function letGo(): Promise<void> {
    if (lock) {
      const l = lock;
      lock = null;
      await l.release();
    } else await options.coordination.releaseLease(options.name, options.holder);
  }

  /** `first`: the call of start(), whose failure to start the singleton is the caller's. */
  async function tick(first = false): Promise<void> {
    let ok = false;
    try {
      ok = await hold();
    } catch (err) {
      logger.warn({ lease: options.name, err: String(err) }, 'leader lease check failed');
    }
    if (ok && !leading) {
      leading = true;
      logger.info({ lease: options.name, holder: options.holder }, 'elected leader');
      try {
        await options.onElected();
      } catch (err) {
        // Could not run the singleton: give the lease back so another instance may.
        leading = false;
        await letGo().catch(() => {});
        if (first) throw err;
        logger.error({ lease: options.name, err: String(err) }, 'leader failed to start');
      }
    }
    if (!ok && leading) {
      leading = false;
      logger.warn({ lease: options.name }, 'leader lease lost; stepping down');
      await options.onDemoted().catch(() => undefined);
    }
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      busy = tick().finally(schedule);
    }, renewMs);
    timer.unref?.();
  }

  return {
    async start() {
      stopped = false;
      busy = tick(true);
      await busy;
      schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await busy.catch(() => undefined);
      if (leading) {
        leading = false;
        await options.onDemoted().catch(() => undefined);
        await letGo().catch(() => undefined);
      }
    },
    isLeader: () => leading,
  };
}

/**
 * node-cron 4's `RunCoordinator` backed by the database: with
 * `distributed: true` (and a task `name`), a fire runs on the one instance
 * whose `run_once` insert for `key` wins. node-cron passes a key per task and
 * fire time; `ttlMs` keeps it claimed long enough that no late instance runs it.
 * Hand it to `cron.setRunCoordinator()` or a task's `runCoordinator` option.
 */
export function createStoreRunCoordinator(
  coordination: CoordinationStore,
  holder: string,
  clock: Clock = systemClock,
): RunCoordinator {
  return {
    shouldRun: (key, ttlMs) =>
      coordination.runOnce(`cron:${key}`, holder, clock.now(), Math.max(ttlMs, 60_000)),
  };
}

export interface SharedChatLimitOptions {
  coordination: CoordinationStore;
  /** The bot token's bucket prefix (`rateBucketKey('telegram', token)`). */
  keyPrefix: string;
  /** Sends per minute to one group or channel (Telegram: 20). */
  perMinute?: number;
  clock?: Clock;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Telegram's 20 messages a minute per group, counted in the database, so
 * several deliverers writing to one group (a slot and a catch-up, two slots
 * close together) stay under it together. Private chats (positive ids) are
 * left to the publisher's own pacing.
 */
export function withSharedChatLimit(
  publisher: Publisher,
  options: SharedChatLimitOptions,
): Publisher {
  const clock = options.clock ?? systemClock;
  const sleep = options.sleep ?? realSleep;
  const perMinute = options.perMinute ?? 20;
  const bucket = { capacity: perMinute, perSecond: perMinute / 60 };
  return {
    platform: publisher.platform,
    async publish(target, chunk, key, meta) {
      if (target.chatId.startsWith('-')) {
        const wait = await options.coordination.takeToken(
          `${options.keyPrefix}:chat:${target.chatId}`,
          bucket,
          clock.now(),
        );
        if (wait > 0) await sleep(wait);
      }
      return publisher.publish(target, chunk, key, meta);
    },
  };
}

export interface SharedDiscordLimitOptions {
  coordination: CoordinationStore;
  /** The bot token's bucket prefix (`rateBucketKey('discord', token)`). */
  keyPrefix: string;
  /** Requests a second across every instance (default 40, under Discord's global 50/s). */
  perSecond?: number;
  /** Global requests that may go at once (default a tenth of a second's worth). */
  burst?: number;
  /** Messages per channel in `channelWindowSeconds` (default 5: Discord's message-create bucket). */
  perChannel?: number;
  /** The per-channel window (default 5 s). */
  channelWindowSeconds?: number;
  /**
   * A channel's messages that may go at once (default 3: a digest's chunks
   * usually go without waiting). A token bucket lets burst + rate·W through
   * in any window W, and Discord resets its channel bucket per window, so the
   * refill is (perChannel − burst) per window: with the defaults 3 at once and
   * then 0.4/s, never more than 5 in any 5 s.
   */
  channelBurst?: number;
  clock?: Clock;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Discord's limits are per bot token, but @discordjs/rest counts them per
 * process: three deliverers would each believe they own the global 50/s and a
 * channel's 5 messages per 5 s. This counts both in the database, so every
 * instance sending with one token shares one global and one per-channel budget.
 * The REST client's own bucket handling stays underneath as the safety net
 * (a 429 from a limit this does not model is still waited out there).
 *
 * The channel token is taken first and the global one right before the send,
 * so a send that waits for its channel does not sit on a global slot.
 */
export function withSharedDiscordLimit(
  publisher: Publisher,
  options: SharedDiscordLimitOptions,
): Publisher {
  const clock = options.clock ?? systemClock;
  const sleep = options.sleep ?? realSleep;
  const perSecond = options.perSecond ?? 40;
  const global = {
    capacity: options.burst ?? Math.max(1, Math.floor(perSecond / 10)),
    perSecond,
  };
  const perChannel = options.perChannel ?? 5;
  const channelBurst = Math.min(perChannel, Math.max(1, options.channelBurst ?? 3));
  const channel = {
    capacity: channelBurst,
    perSecond: Math.max(1, perChannel - channelBurst) / (options.channelWindowSeconds ?? 5),
  };
  const take = async (key: string, bucket: { capacity: number; perSecond: number }) => {
    const wait = await options.coordination.takeToken(key, bucket, clock.now());
    if (wait > 0) await sleep(wait);
  };
  return {
    platform: publisher.platform,
    async publish(target, chunk, key, meta) {
      await take(`${options.keyPrefix}:channel:${target.chatId}`, channel);
      await take(`${options.keyPrefix}:global`, global);
      return publisher.publish(target, chunk, key, meta);
    },
  };
}
