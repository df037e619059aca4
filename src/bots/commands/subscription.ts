/**
 * `/subscribe`, `/unsubscribe`, `/settings` and the settings keyboard's
 * buttons. Every change first asks `actor.canManageTarget()`: in a group only
 * the group's admins may change what the group receives.
 */
import type { Subscription, SubscriptionFilters } from '../../digest/model.js';
import { cronToTime, parseSelection, timeToCron } from './args.js';
import { bold, line, refused, reply, usage, type CommandContext } from './context.js';
import { commandInfo } from './help.js';
import type { CallbackRequest, CommandRequest, Reply, ReplyButton } from './types.js';

export const REFUSED_TEXT = 'Xin lỗi, chỉ quản trị viên của nhóm mới đổi được đăng ký của nhóm.';
const TOPIC_PREFIX = 't:';

type Who = Pick<CommandRequest, 'actor' | 'target'>;

function emptyFilters(): SubscriptionFilters {
  return { topics: [], places: [], keywords: [], excludeKeywords: [] };
}

function newSubscription(
  ctx: CommandContext,
  req: Who,
  filters: SubscriptionFilters,
  schedule: string,
): Subscription {
  const now = ctx.clock.now();
  return {
    id: `${req.target.platform}:${req.target.chatId}`,
    target: { ...req.target },
    filters,
    schedule,
    timezone: ctx.defaults.timezone,
    state: 'active',
    disabledReason: null,
    origin: 'command',
    lastDigestAt: null,
    createdAt: now,
    updatedAt: now,
  };
}

function topicNames(ctx: CommandContext, ids: string[]): string {
  if (ids.length === 0) return 'tất cả';
  return ids.map((id) => ctx.topics.find((t) => t.id === id)?.name ?? id).join(', ');
}

function stateText(s: Subscription): string {
  if (s.state === 'active') return 'đang nhận';
  if (s.state === 'paused') return 'tạm dừng';
  return `đã tắt${s.disabledReason ? ` (${s.disabledReason})` : ''}`;
}

/** The settings view: the subscription as text plus toggle buttons. */
export function settingsView(
  ctx: CommandContext,
  sub: Subscription | null,
  heading?: string,
): Reply {
  if (!sub) {
    return reply(
      'ok',
      [
        line('Nhóm/cuộc trò chuyện này chưa đăng ký bản tin.'),
        line('Đăng ký: ', bold('/subscribe'), ' hoặc ', bold('/subscribe giao thông 07:30')),
      ],
      [[{ label: 'Đăng ký nhận bản tin', data: 's:on' }]],
    );
  }
  const time = cronToTime(sub.schedule);
  const lines = [
    ...(heading ? [line(bold(heading))] : []),
    line(bold('Đăng ký bản tin')),
    line('Trạng thái: ', bold(stateText(sub))),
    line('Chủ đề: ', topicNames(ctx, sub.filters.topics)),
    line('Nơi: ', sub.filters.places.length ? sub.filters.places.join(', ') : 'cả Hà Nội'),
    line('Giờ nhận: ', bold(time ?? sub.schedule), ` (${sub.timezone})`),
    line('Bấm để bật/tắt chủ đề; đổi giờ: /subscribe 07:30'),
  ];
  const buttons: ReplyButton[][] = [];
  const all = sub.filters.topics.length === 0;
  let row: ReplyButton[] = [];
  for (const t of ctx.topics) {
    const on = all || sub.filters.topics.includes(t.id);
    row.push({
      label: `${on ? '✅' : '⬜'} ${t.name}`,
      data: truncateData(`${TOPIC_PREFIX}${t.id}`),
    });
    if (row.length === 2) {
      buttons.push(row);
      row = [];
    }
  }
  if (row.length) buttons.push(row);
  const control: ReplyButton[] = [];
  if (!all) control.push({ label: 'Tất cả chủ đề', data: 't:*' });
  control.push(
    sub.state === 'active'
      ? { label: '⏸ Tạm dừng', data: 'p:pause' }
      : { label: '▶️ Tiếp tục', data: 'p:resume' },
  );
  buttons.push(control);
  return reply('ok', lines, buttons);
}

/** Callback data must fit Telegram's 64 bytes; topic ids are short, but never trust config. */
function truncateData(data: string): string {
  const buf = Buffer.from(data, 'utf8');
  return buf.length <= 64 ? data : buf.subarray(0, 64).toString('utf8');
}

export async function subscribeCommand(ctx: CommandContext, req: CommandRequest): Promise<Reply> {
  const sel = parseSelection(req.args, ctx.topics, ctx.gazetteer);
  if (sel.unknown.length > 0) {
    const info = commandInfo('subscribe');
    const names = ctx.topics.map((t) => t.name).join(', ');
    return usage(
      `Không hiểu “${sel.unknown.join(' ')}”. Các chủ đề: ${names}. Giờ viết dạng HH:MM.`,
      info.usage,
      info.example,
    );
  }
  if (!(await req.actor.canManageTarget())) return refused(REFUSED_TEXT);
  const existing = await ctx.subscriptions.findByTarget(req.target);
  let sub: Subscription;
  if (existing) {
    sub = {
      ...existing,
      filters: {
        ...existing.filters,
        ...(sel.topics.length ? { topics: sel.topics } : {}),
        ...(sel.places.length ? { places: sel.places } : {}),
      },
      schedule: sel.time ? timeToCron(sel.time) : existing.schedule,
      state: 'active',
      disabledReason: null,
      updatedAt: ctx.clock.now(),
    };
  } else {
    const filters = { ...emptyFilters(), topics: sel.topics, places: sel.places };
    sub = newSubscription(
      ctx,
      req,
      filters,
      sel.time ? timeToCron(sel.time) : ctx.defaults.schedule,
    );
  }
  await ctx.subscriptions.upsert(sub);
  ctx.subscriptionsChanged();
  return settingsView(ctx, sub, existing ? 'Đã cập nhật đăng ký.' : 'Đã đăng ký nhận bản tin!');
}

export async function unsubscribeCommand(ctx: CommandContext, req: CommandRequest): Promise<Reply> {
  const existing = await ctx.subscriptions.findByTarget(req.target);
  if (!existing) return reply('ok', [line('Nhóm/cuộc trò chuyện này chưa đăng ký bản tin.')]);
  if (!(await req.actor.canManageTarget())) return refused(REFUSED_TEXT);
  if (existing.origin === 'config') {
    // A config-defined subscription would come back on the next config sync; disable it instead.
    await ctx.subscriptions.setState(existing.id, 'disabled', 'unsubscribed by command');
  } else {
    await ctx.subscriptions.remove(existing.id);
  }
  ctx.subscriptionsChanged();
  return reply('ok', [
    line('Đã hủy đăng ký. Bạn sẽ không nhận bản tin nữa.'),
    line('Đăng ký lại bất cứ lúc nào: /subscribe'),
  ]);
}

export async function settingsCommand(ctx: CommandContext, req: CommandRequest): Promise<Reply> {
  return settingsView(ctx, await ctx.subscriptions.findByTarget(req.target));
}

const EXPIRED = 'Nút này không còn dùng được. Gõ /settings để mở lại.';

/** A button press on the settings keyboard. Returns the refreshed settings view. */
export async function settingsCallback(ctx: CommandContext, req: CallbackRequest): Promise<Reply> {
  const data = req.data;
  if (!/^(t:|p:|s:)/u.test(data)) return reply('usage', [line(EXPIRED)]);
  if (!(await req.actor.canManageTarget())) return refused(REFUSED_TEXT);
  const existing = await ctx.subscriptions.findByTarget(req.target);
  if (data === 's:on') {
    if (existing && existing.state === 'active') return settingsView(ctx, existing);
    const sub = existing
      ? { ...existing, state: 'active' as const, disabledReason: null, updatedAt: ctx.clock.now() }
      : newSubscription(ctx, req, emptyFilters(), ctx.defaults.schedule);
    await ctx.subscriptions.upsert(sub);
    ctx.subscriptionsChanged();
    return settingsView(ctx, sub, 'Đã đăng ký nhận bản tin!');
  }
  if (!existing) return settingsView(ctx, null);
  if (data === 'p:pause' || data === 'p:resume') {
    const state = data === 'p:pause' ? 'paused' : 'active';
    await ctx.subscriptions.setState(existing.id, state, null);
    ctx.subscriptionsChanged();
    const sub: Subscription = { ...existing, state, disabledReason: null };
    return settingsView(ctx, sub, state === 'paused' ? 'Đã tạm dừng.' : 'Đã bật lại.');
  }
  if (data.startsWith(TOPIC_PREFIX)) {
    const id = data.slice(TOPIC_PREFIX.length);
    const allIds = ctx.topics.map((t) => t.id);
    let topics: string[];
    if (id === '*') topics = [];
    else if (!allIds.includes(id)) return reply('usage', [line(EXPIRED)]);
    else {
      const current = existing.filters.topics.length ? existing.filters.topics : allIds;
      topics = current.includes(id) ? current.filter((t) => t !== id) : [...current, id];
      topics = allIds.filter((t) => topics.includes(t));
      // Everything selected, or nothing left: both mean "all topics" (an empty filter).
      if (topics.length === allIds.length) topics = [];
    }
    const filters = { ...existing.filters, topics };
    await ctx.subscriptions.setFilters(existing.id, filters);
    ctx.subscriptionsChanged();
    return settingsView(ctx, { ...existing, filters });
  }
  return reply('usage', [line(EXPIRED)]);
}
