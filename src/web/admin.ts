/**
 * The admin status page: who may see it (ADMIN_WEB_TOKEN over a bearer header
 * or a session cookie set by the login form) and what it shows (feed health,
 * the outbox, subscriptions, the summarizer). Read-only.
 *
 * The token itself never goes into a cookie or a URL: a login creates a
 * random session id, kept in memory, which dies with the process or after
 * `sessionTtlMs`.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { formatItemTime } from '../digest/format/index.js';
import type {
  Clock,
  FeedStore,
  OutboxRow,
  OutboxStore,
  SubscriptionStore,
} from '../digest/ports.js';
import { systemClock } from '../digest/ports.js';
import type { AdminView } from './render.js';

export const SESSION_COOKIE = 'hd_admin';

export interface AdminAuthOptions {
  token: string;
  clock?: Clock;
  /** Default 8 h. */
  sessionTtlMs?: number;
  /** Add `Secure` to the cookie (behind HTTPS). */
  secureCookie?: boolean;
}

export interface AdminAuth {
  /** Constant-time comparison with ADMIN_WEB_TOKEN. */
  checkToken(candidate: string): boolean;
  /** `Authorization: Bearer <token>`. */
  checkBearer(header: string | undefined): boolean;
  checkCookie(header: string | undefined): boolean;
  /** A new session: the Set-Cookie value. */
  login(): string;
  /** Ends the cookie's session: the Set-Cookie value that clears it. */
  logout(header: string | undefined): string;
}

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    out.set(part.slice(0, i).trim(), part.slice(i + 1).trim());
  }
  return out;
}

export function createAdminAuth(options: AdminAuthOptions): AdminAuth {
  if (!options.token) throw new Error('createAdminAuth: empty token');
  const clock = options.clock ?? systemClock;
  const ttl = options.sessionTtlMs ?? 8 * 3_600_000;
  const expected = digest(options.token);
  const sessions = new Map<string, number>();
  const attrs = `HttpOnly; SameSite=Strict; Path=/quan-tri${options.secureCookie ? '; Secure' : ''}`;

  function checkToken(candidate: string): boolean {
    // Hashing first makes the comparison constant-time whatever the lengths.
    return candidate.length > 0 && timingSafeEqual(digest(candidate), expected);
  }
  function sessionId(header: string | undefined): string | null {
    const id = parseCookies(header).get(SESSION_COOKIE);
    return id && /^[A-Za-z0-9_-]{43}$/.test(id) ? id : null;
  }
  return {
    checkToken,
    checkBearer(header) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
      return Boolean(m?.[1] && checkToken(m[1]));
    },
    checkCookie(header) {
      const id = sessionId(header);
      if (!id) return false;
      const until = sessions.get(id);
      if (until === undefined) return false;
      if (until <= clock.now().getTime()) {
        sessions.delete(id);
        return false;
      }
      return true;
    },
    login() {
      const now = clock.now().getTime();
      for (const [id, until] of sessions) if (until <= now) sessions.delete(id);
      if (sessions.size >= 1000) sessions.delete(sessions.keys().next().value as string);
      const id = randomBytes(32).toString('base64url');
      sessions.set(id, now + ttl);
      return `${SESSION_COOKIE}=${id}; ${attrs}; Max-Age=${Math.floor(ttl / 1000)}`;
    },
    logout(header) {
      const id = sessionId(header);
      if (id) sessions.delete(id);
      return `${SESSION_COOKIE}=; ${attrs}; Max-Age=0`;
    },
  };
}

export interface AdminDataOptions {
  feeds: Pick<FeedStore, 'list' | 'getState'>;
  outbox: Pick<OutboxStore, 'list'>;
  subscriptions: Pick<SubscriptionStore, 'list'>;
  /** The summarizer's one-line status, or null for the extractive one. */
  summarizerStatus?: () => Promise<string | null>;
  gatherIntervalMinutes: number;
  timezone: string;
  clock?: Clock;
  /** Digests (target, slot) shown per target (default 5). */
  slotsPerTarget?: number;
}

const STATE_VI: Record<string, string> = {
  sent: 'Đã gửi',
  pending: 'Đang chờ',
  failed: 'Thất bại',
  active: 'Đang nhận',
  paused: 'Tạm dừng',
  disabled: 'Đã tắt',
};

const CLS: Record<string, string> = { sent: 'ok', active: 'ok', failed: 'bad', disabled: 'bad' };

/** Outbox rows → one line per (target, slot): its worst state, attempts and reason. */
function outboxLines(rows: OutboxRow[], perTarget: number, tz: string): AdminView['outbox'] {
  const groups = new Map<string, OutboxRow[]>();
  for (const r of rows) {
    const key = `${r.targetKey}\u0000${r.slot}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const lines = [...groups.values()].map((g) => {
    const first = g[0] as OutboxRow;
    const state = g.some((r) => r.state === 'failed')
      ? 'failed'
      : g.some((r) => r.state === 'pending')
        ? 'pending'
        : 'sent';
    const error = g.find((r) => r.lastError)?.lastError ?? '';
    return {
      targetKey: first.targetKey,
      slotAt: new Date(first.slot).getTime(),
      line: {
        target: first.targetKey,
        slot: formatItemTime(new Date(first.slot), tz),
        state: `${STATE_VI[state] ?? state} (${g.filter((r) => r.state === 'sent').length}/${first.chunkCount})`,
        cls: CLS[state] ?? '',
        attempts: Math.max(...g.map((r) => r.attempts)),
        error,
      },
    };
  });
  lines.sort((a, b) => a.targetKey.localeCompare(b.targetKey) || b.slotAt - a.slotAt);
  const shown = new Map<string, number>();
  return lines
    .filter((l) => {
      const n = shown.get(l.targetKey) ?? 0;
      shown.set(l.targetKey, n + 1);
      return n < perTarget;
    })
    .map((l) => l.line);
}

export async function collectAdminView(o: AdminDataOptions): Promise<AdminView> {
  const clock = o.clock ?? systemClock;
  const tz = o.timezone;
  const at = (d: Date | null): string => (d ? formatItemTime(d, tz) : '—');
  const feeds = await o.feeds.list();
  const feedLines: AdminView['feeds'] = [];
  for (const f of feeds) {
    const s = await o.feeds.getState(f.id);
    const failing = (s?.consecutiveFailures ?? 0) > 0;
    const state = !f.enabled
      ? 'Tạm dừng'
      : failing
        ? `Lỗi ${s?.consecutiveFailures} lần liên tiếp`
        : s?.lastSuccessAt
          ? 'Bình thường'
          : 'Chưa lấy lần nào';
    const next = s?.lastAttemptAt
      ? new Date(s.lastAttemptAt.getTime() + o.gatherIntervalMinutes * 60_000)
      : null;
    feedLines.push({
      id: f.id,
      name: f.name,
      state,
      cls: !f.enabled ? '' : failing ? 'bad' : s?.lastSuccessAt ? 'ok' : '',
      lastSuccess: at(s?.lastSuccessAt ?? null),
      lastError: s?.lastError ?? '—',
      nextTry: !f.enabled ? '—' : next ? at(next) : 'Lần gom tin tới',
    });
  }
  const subs = await o.subscriptions.list();
  const status = o.summarizerStatus ? await o.summarizerStatus() : null;
  return {
    generatedAt: formatItemTime(clock.now(), tz),
    summarizer: status ?? 'Tóm tắt trích đoạn, không dùng mô hình ngôn ngữ.',
    feeds: feedLines,
    outbox: outboxLines(await o.outbox.list(), o.slotsPerTarget ?? 5, tz),
    subscriptions: subs.map((s) => ({
      target: `${s.target.platform}:${s.target.chatId}`,
      topics: s.filters.topics.length ? s.filters.topics.join(', ') : 'Tất cả',
      schedule: `${s.schedule} (${s.timezone})`,
      state: `${STATE_VI[s.state] ?? s.state}${s.disabledReason ? ` — ${s.disabledReason}` : ''}`,
      cls: CLS[s.state] ?? '',
      last: at(s.lastDigestAt),
    })),
  };
}
