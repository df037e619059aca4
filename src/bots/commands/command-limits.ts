/**
 * Fair command handling shared by both bots: per-user and per-chat command
 * limits over a sliding window, and a bound on heavy commands in flight.
 *
 * Why: one user sending 500 commands in 10 s used to queue 500 replies and
 * hold everyone else's. Now the first excess command gets one polite notice,
 * the rest are dropped (and logged) until the sender is back under the limit.
 */
import pLimit from 'p-limit';

export interface WindowLimit {
  /** Commands allowed in any window (default 10 per user, 20 per chat). */
  limit: number;
  /** Window length, ms (default 30 s). */
  windowMs: number;
}

export interface CommandLimitOptions {
  perUser?: Partial<WindowLimit>;
  perChat?: Partial<WindowLimit>;
  now?: () => number;
  /** Keys idle this long are forgotten (default 10 min). */
  forgetAfterMs?: number;
}

/** `ok`: handle it; `notice`: the first excess, answer with the notice; `drop`: ignore it. */
export type CommandVerdict = 'ok' | 'notice' | 'drop';

export interface CommandLimiter {
  /** Counts one command of `userId` in `chatId` and says what to do with it. */
  check(userId: string | null, chatId: string): CommandVerdict;
  /** Which limit the last non-ok verdict for this pair was about. */
  readonly stats: { dropped: number; notices: number };
}

/** The notice for the first excess command (Vietnamese, NFC). */
export const COMMAND_LIMIT_NOTICE =
  'Bạn gửi lệnh hơi nhanh. Xin chờ khoảng nửa phút rồi thử lại nhé. Các lệnh gửi thêm trong lúc này sẽ được bỏ qua.'.normalize(
    'NFC',
  );

interface Track {
  times: number[];
  /** Whether the notice was sent in the current over-limit episode. */
  noticed: boolean;
  last: number;
}

export function createCommandLimiter(options: CommandLimitOptions = {}): CommandLimiter {
  const now = options.now ?? Date.now;
  const perUser: WindowLimit = { limit: 10, windowMs: 30_000, ...options.perUser };
  const perChat: WindowLimit = { limit: 20, windowMs: 30_000, ...options.perChat };
  const forgetAfter = options.forgetAfterMs ?? 10 * 60_000;
  const tracks = new Map<string, Track>();
  const stats = { dropped: 0, notices: 0 };
  let lastSweep = now();

  function track(key: string, t: number, w: WindowLimit): Track {
    let tr = tracks.get(key);
    if (!tr) {
      tr = { times: [], noticed: false, last: t };
      tracks.set(key, tr);
    }
    while (tr.times.length && tr.times[0]! <= t - w.windowMs) tr.times.shift();
    tr.last = t;
    return tr;
  }

  function sweep(t: number): void {
    if (t - lastSweep < forgetAfter) return;
    lastSweep = t;
    for (const [k, tr] of tracks) if (t - tr.last > forgetAfter) tracks.delete(k);
  }

  return {
    stats,
    check(userId, chatId) {
      const t = now();
      sweep(t);
      const pairs: [Track, WindowLimit][] = [];
      if (userId) pairs.push([track(`u:${userId}`, t, perUser), perUser]);
      pairs.push([track(`c:${chatId}`, t, perChat), perChat]);
      const over = pairs.filter(([tr, w]) => tr.times.length >= w.limit);
      if (over.length === 0) {
        for (const [tr] of pairs) {
          tr.times.push(t);
          tr.noticed = false;
        }
        return 'ok';
      }
      // Dropped commands are not counted: a flood ends when it stops, not
      // 30 s after its last message.
      if (over.some(([tr]) => !tr.noticed)) {
        for (const [tr] of over) tr.noticed = true;
        stats.notices++;
        return 'notice';
      }
      stats.dropped++;
      return 'drop';
    },
  };
}

/** Commands that compose or search: bounded in concurrency. */
export const HEAVY_COMMANDS = new Set(['digest', 'search', 'latest']);

/**
 * Runs heavy commands at most `concurrency` at a time, and lets the event
 * loop breathe before each, so light commands from others keep flowing.
 */
export function createHeavyCommandPool(concurrency = 2): <T>(work: () => Promise<T>) => Promise<T> {
  const limit = pLimit(Math.max(1, concurrency));
  return (work) =>
    limit(async () => {
      await new Promise<void>((r) => setImmediate(r));
      return work();
    });
}

/** Runs a command's work: through the heavy pool when the command composes or searches. */
export function createCommandRunner(
  heavyConcurrency = 2,
): <T>(command: string, work: () => Promise<T>) => Promise<T> {
  const heavy = createHeavyCommandPool(heavyConcurrency);
  return (command, work) => (HEAVY_COMMANDS.has(command) ? heavy(work) : work());
}
