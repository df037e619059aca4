/**
 * Bot-admin commands over the feed list: `/feeds`, `/addfeed`, `/removefeed`
 * (with a confirmation button), `/pausefeed`, `/resumefeed`, `/renamefeed`,
 * `/setfilter`. Only actors listed as bot admins get here; the dispatcher
 * refuses everyone else before any store is touched. Every reply is plain
 * Vietnamese: failures are described, never shown as exception names.
 */
import { describeFailure, noItemsFailure } from '../../digest/gather/index.js';
import { normalizeFilterList } from '../../digest/gather/index.js';
import type { FeedConfig, FeedFilters, FeedState } from '../../digest/model.js';
import type { FeedListing } from '../../digest/ports.js';
import {
  bold,
  formatDateTime,
  line,
  ok,
  refused,
  reply,
  usage,
  type CommandContext,
} from './context.js';
import { commandInfo } from './help.js';
import type { CommandName, Reply, ReplyLine } from './types.js';

function usageFor(name: CommandName, problem: string): Reply {
  const info = commandInfo(name);
  return usage(problem, info.usage, info.example);
}

const TYPE_TEXT = { rss: 'RSS', page: 'trang danh sách' } as const;

/** "có «Hà Nội», «giao thông» · bỏ «bóng đá»". */
export function filtersText(filters: FeedFilters | undefined): string | null {
  if (!filters || (!filters.include.length && !filters.exclude.length)) return null;
  const q = (list: string[]): string => list.map((p) => `«${p}»`).join(', ');
  const parts: string[] = [];
  if (filters.include.length) parts.push(`chỉ lấy bài có ${q(filters.include)}`);
  if (filters.exclude.length) parts.push(`bỏ bài có ${q(filters.exclude)}`);
  return parts.join(' · ');
}

/** A feed's state for admins: ok, failing since…, disabled (why), with last error and next try. */
export function feedStateLines(
  feed: FeedConfig,
  st: FeedState | null,
  timeZone: string,
  now: Date,
): ReplyLine[] {
  const at = (d: Date): string => formatDateTime(d, timeZone);
  let state: string;
  if (!feed.enabled) state = 'tạm dừng (quản trị viên) — chạy lại: /resumefeed ' + feed.id;
  else if (st?.disabledAt)
    state = `đã tắt tự động từ ${at(st.disabledAt)} sau ${st.consecutiveFailures} lần lỗi — bật lại: /resumefeed ${feed.id}`;
  else if (st && st.consecutiveFailures > 0)
    state = `đang lỗi từ ${at(st.failingSince ?? st.lastAttemptAt ?? now)} (${st.consecutiveFailures} lần liên tiếp)`;
  else if (st?.lastSuccessAt) state = `bình thường (đọc lần cuối ${at(st.lastSuccessAt)})`;
  else state = 'chưa đọc lần nào';
  const lines = [line('  Tình trạng: ', state)];
  if (st?.lastError && st.consecutiveFailures > 0) lines.push(line('  Lỗi cuối: ', st.lastError));
  if (feed.enabled && !st?.disabledAt) {
    const next =
      st?.nextAttemptAt && st.nextAttemptAt > now ? at(st.nextAttemptAt) : 'lần gom tin tới';
    lines.push(line('  Lần thử tới: ', next));
  }
  return lines;
}

export async function feedsCommand(ctx: CommandContext): Promise<Reply> {
  const listed: FeedListing[] = ctx.feeds.listWithOrigin
    ? (await ctx.feeds.listWithOrigin()).filter((f) => !f.removed)
    : (await ctx.feeds.list()).map((f) => ({ ...f, origin: 'admin' as const }));
  if (listed.length === 0) return ok(line('Chưa có nguồn tin nào. Thêm: /addfeed <url>'));
  const now = ctx.clock.now();
  const lines = [line(bold(`${listed.length} nguồn tin`))];
  for (const f of listed) {
    const st = await ctx.feeds.getState(f.id);
    const origin =
      f.origin === 'config'
        ? `feeds.yaml${f.overridden?.length ? ', có thay đổi của quản trị viên' : ''}`
        : 'quản trị viên thêm';
    lines.push(line(bold(f.id), ` — ${f.name} · ${TYPE_TEXT[f.type]} · nguồn: ${origin}`));
    lines.push(line('  ', f.url));
    lines.push(...feedStateLines(f, st, ctx.defaults.timezone, now));
    const filt = filtersText(f.filters);
    if (filt) lines.push(line('  Lọc: ', filt));
  }
  const status = await ctx.summarizerStatus();
  if (status) lines.push(line(bold('Tóm tắt: '), status));
  return ok(...lines);
}

/** A feed id from its URL: host and path, `[a-z0-9-]+`, at most 48 characters. */
export function feedIdFromUrl(url: URL): string {
  const raw = `${url.hostname.replace(/^www\./u, '')}${url.pathname}`;
  const id = raw
    .toLowerCase()
    .replace(/\.(rss|xml|html?|php|aspx?)$/u, '')
    .replace(/[^a-z0-9]+/gu, '-')
    .replace(/^-+|-+$/gu, '')
    .slice(0, 48)
    .replace(/-+$/u, '');
  return id || 'feed';
}

export async function addFeedCommand(ctx: CommandContext, args: string): Promise<Reply> {
  const parts = args.trim().split(/\s+/u).filter(Boolean);
  const rawUrl = parts[0];
  if (!rawUrl) return usageFor('addfeed', 'Hãy nhập địa chỉ nguồn tin.');
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return usageFor('addfeed', `“${rawUrl}” không phải địa chỉ hợp lệ.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return usageFor('addfeed', 'Chỉ nhận địa chỉ http:// hoặc https://.');
  let linkSelector: string | null = null;
  if (parts.length > 1) {
    if (parts[1]?.toLowerCase() !== 'page' || parts.length < 3) {
      return usageFor('addfeed', 'Trang danh sách cần dạng: page <bộ chọn CSS>.');
    }
    linkSelector = parts.slice(2).join(' ');
  }
  const feeds = await ctx.feeds.list();
  const dup = feeds.find((f) => f.url === url.href);
  if (dup) return refused(`Nguồn này đã có: ${dup.id} (${dup.name}).`);

  const type = linkSelector ? 'page' : 'rss';
  let report;
  try {
    report = await ctx.gatherer.check(
      linkSelector ? { url: url.href, type, linkSelector } : { url: url.href, type },
    );
  } catch (err) {
    ctx.logger.warn({ err, url: url.href }, 'addfeed check failed');
    const info = describeFailure(err);
    return reply('refused', [line(`Không thêm được: ${info.text}.`), line(info.advice)]);
  }
  if (report.itemCount === 0) {
    const info = report.failure ?? noItemsFailure();
    return reply('refused', [line(`Không thêm được: ${info.text}.`), line(info.advice)]);
  }
  const base = feedIdFromUrl(url);
  let id = base;
  for (let n = 2; feeds.some((f) => f.id === id) || (await ctx.feeds.get(id)); n += 1)
    id = `${base}-${n}`;
  const feed: FeedConfig = {
    id,
    name: report.title?.trim() || url.host,
    url: url.href,
    type,
    enabled: true,
  };
  if (linkSelector) feed.linkSelector = linkSelector;
  await ctx.feeds.upsert(feed, 'admin');
  const lines = [
    line('Đã thêm nguồn ', bold(id), ` — ${feed.name}.`),
    line(`Tìm thấy ${report.itemCount} bài.`),
  ];
  if (report.newest) lines.push(line(`Mới nhất: ${report.newest.title}`));
  lines.push(line('Đổi tên: ', bold(`/renamefeed ${id} <tên mới>`)));
  return ok(...lines);
}

type FeedAction = 'removefeed' | 'pausefeed' | 'resumefeed';

const CONFIRM_WORDS = new Set(['xacnhan', 'xác-nhận', 'xácnhận', 'confirm', 'yes']);
const CALLBACK_REMOVE = 'frm:';
const CALLBACK_CANCEL = 'fcancel';

export function isFeedCallback(data: string): boolean {
  return data.startsWith(CALLBACK_REMOVE) || data === CALLBACK_CANCEL;
}

async function originOf(ctx: CommandContext, id: string): Promise<FeedListing | null> {
  const all = ctx.feeds.listWithOrigin ? await ctx.feeds.listWithOrigin() : null;
  return all?.find((f) => f.id === id) ?? null;
}

async function removeNow(ctx: CommandContext, id: string): Promise<Reply> {
  const listing = await originOf(ctx, id);
  if (!(await ctx.feeds.remove(id)))
    return refused(`Không có nguồn “${id}”. Xem danh sách: /feeds.`);
  const lines = [line('Đã xóa nguồn ', bold(id), '. Các bài đã gom vẫn được giữ.')];
  if (listing?.origin === 'config')
    lines.push(
      line(
        'Nguồn này có trong feeds.yaml: việc xóa vẫn giữ sau khi khởi động lại. Muốn lấy lại: ',
        bold(`/resumefeed ${id}`),
      ),
    );
  return ok(...lines);
}

export async function feedActionCommand(
  ctx: CommandContext,
  action: FeedAction,
  args: string,
): Promise<Reply> {
  const [id = '', word = ''] = args.trim().split(/\s+/u);
  if (!id) return usageFor(action, 'Hãy nhập mã nguồn (xem /feeds).');
  const feed = await ctx.feeds.get(id);
  if (action === 'resumefeed') {
    const listing = await originOf(ctx, id);
    if (listing?.removed && ctx.feeds.restore) {
      await ctx.feeds.restore(id);
      return ok(line('Đã lấy lại nguồn ', bold(id), ' như trong feeds.yaml.'));
    }
  }
  if (!feed) return usageFor(action, `Không có nguồn “${id}”. Xem danh sách: /feeds.`);
  if (action === 'removefeed') {
    if (CONFIRM_WORDS.has(word.toLowerCase())) return removeNow(ctx, id);
    return reply(
      'ok',
      [
        line('Xóa nguồn ', bold(id), ` — ${feed.name}?`),
        line('Bot sẽ ngừng đọc nguồn này; các bài đã gom vẫn được giữ.'),
      ],
      [
        [
          { label: 'Xóa nguồn', data: `${CALLBACK_REMOVE}${id}`.slice(0, 64) },
          { label: 'Hủy', data: CALLBACK_CANCEL },
        ],
      ],
    );
  }
  const enable = action === 'resumefeed';
  const st = await ctx.feeds.getState(id);
  await ctx.feeds.setEnabled(id, enable);
  const listing = await originOf(ctx, id);
  const lines = [line(enable ? 'Đã chạy lại nguồn ' : 'Đã tạm dừng nguồn ', bold(id), '.')];
  if (enable && st?.disabledAt) lines.push(line('Bot sẽ đọc lại nguồn này ở lần gom tin tới.'));
  if (!enable && listing?.origin === 'config')
    lines.push(
      line('Việc tạm dừng vẫn giữ sau khi khởi động lại, đến khi /resumefeed ' + id + '.'),
    );
  return ok(...lines);
}

/** The remove confirmation's buttons. */
export async function feedCallback(ctx: CommandContext, data: string): Promise<Reply> {
  if (data === CALLBACK_CANCEL) return ok(line('Đã hủy, không xóa nguồn nào.'));
  return removeNow(ctx, data.slice(CALLBACK_REMOVE.length));
}

export async function renameFeedCommand(ctx: CommandContext, args: string): Promise<Reply> {
  const m = /^(\S+)\s+(.+)$/su.exec(args.trim());
  if (!m) return usageFor('renamefeed', 'Hãy nhập mã nguồn và tên mới.');
  const [, id = '', rawName = ''] = m;
  const name = rawName.normalize('NFC').trim().replace(/\s+/gu, ' ');
  if (name.length > 120) return usageFor('renamefeed', 'Tên mới dài quá 120 ký tự.');
  if (!ctx.feeds.rename) return refused('Kho dữ liệu này không hỗ trợ đổi tên nguồn.');
  if (!(await ctx.feeds.rename(id, name)))
    return usageFor('renamefeed', `Không có nguồn “${id}”. Xem danh sách: /feeds.`);
  return ok(line('Đã đổi tên nguồn ', bold(id), ` thành “${name}”.`));
}

/** "+Hà Nội +giao thông -bóng đá" → include/exclude; a phrase runs until the next + or -. */
export function parseFilterArgs(text: string): FeedFilters | null {
  const parts = text
    .trim()
    .split(/\s+(?=[+-])/u)
    .filter(Boolean);
  const include: string[] = [];
  const exclude: string[] = [];
  for (const p of parts) {
    if (p.startsWith('+')) include.push(p.slice(1));
    else if (p.startsWith('-')) exclude.push(p.slice(1));
    else return null;
  }
  return { include: normalizeFilterList(include), exclude: normalizeFilterList(exclude) };
}

export async function setFilterCommand(ctx: CommandContext, args: string): Promise<Reply> {
  const m = /^(\S+)(?:\s+(.*))?$/su.exec(args.trim());
  if (!m) return usageFor('setfilter', 'Hãy nhập mã nguồn, rồi +từ cần có hoặc -từ cần bỏ.');
  const [, id = '', rest = ''] = m;
  const feed = await ctx.feeds.get(id);
  if (!feed) return usageFor('setfilter', `Không có nguồn “${id}”. Xem danh sách: /feeds.`);
  if (!rest.trim()) {
    const cur = filtersText(feed.filters);
    return ok(line(bold(id), cur ? ` — ${cur}.` : ' — chưa lọc, lấy mọi bài.'));
  }
  if (!ctx.feeds.setFilters) return refused('Kho dữ liệu này không hỗ trợ bộ lọc nguồn.');
  if (/^(xoa|xóa|clear)$/iu.test(rest.trim())) {
    await ctx.feeds.setFilters(id, null);
    return ok(line('Đã bỏ bộ lọc của nguồn ', bold(id), '.'));
  }
  const filters = parseFilterArgs(rest);
  if (!filters || (!filters.include.length && !filters.exclude.length))
    return usageFor('setfilter', 'Mỗi từ lọc bắt đầu bằng + (cần có) hoặc - (cần bỏ).');
  await ctx.feeds.setFilters(id, filters);
  return ok(
    line('Đã đặt bộ lọc cho nguồn ', bold(id), `: ${filtersText(filters) ?? ''}.`),
    line('Áp dụng cho bài mới từ lần gom tin tới; so khớp không phân biệt dấu và hoa thường.'),
  );
}
