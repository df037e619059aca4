/**
 * Bot-admin commands over the feed list: `/feeds`, `/addfeed`, `/removefeed`,
 * `/pausefeed`, `/resumefeed`. Only actors listed as bot admins get here; the
 * dispatcher refuses everyone else before any store is touched.
 */
import type { FeedConfig } from '../../digest/model.js';
import { bold, formatDateTime, line, ok, reply, usage, type CommandContext } from './context.js';
import { commandInfo } from './help.js';
import type { CommandName, Reply } from './types.js';

function usageFor(name: CommandName, problem: string): Reply {
  const info = commandInfo(name);
  return usage(problem, info.usage, info.example);
}

export async function feedsCommand(ctx: CommandContext): Promise<Reply> {
  const feeds = await ctx.feeds.list();
  if (feeds.length === 0) return ok(line('Chưa có nguồn tin nào. Thêm: /addfeed <url>'));
  const lines = [line(bold(`${feeds.length} nguồn tin`))];
  for (const f of feeds) {
    const st = await ctx.feeds.getState(f.id);
    lines.push(line(bold(f.id), ` — ${f.name}${f.enabled ? '' : ' (tạm dừng)'}`));
    const last = st?.lastSuccessAt
      ? formatDateTime(st.lastSuccessAt, ctx.defaults.timezone)
      : 'chưa có';
    const fails = st?.consecutiveFailures ?? 0;
    const health = [`  Thành công gần nhất: ${last}`, `lỗi liên tiếp: ${fails}`];
    if (st?.lastError) health.push(`lỗi cuối: ${st.lastError.slice(0, 120)}`);
    lines.push(line(health.join(' · ')));
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
  if (dup) return reply('refused', [line(`Nguồn này đã có: ${dup.id} (${dup.name}).`)]);

  const type = linkSelector ? 'page' : 'rss';
  let report;
  try {
    report = await ctx.gatherer.check(
      linkSelector ? { url: url.href, type, linkSelector } : { url: url.href, type },
    );
  } catch (err) {
    ctx.logger.warn({ err, url: url.href }, 'addfeed check failed');
    return reply('refused', [
      line(`Không thêm được: không tải được ${url.host} (${errorText(err)}).`),
    ]);
  }
  if (report.itemCount === 0) {
    const why = report.errors[0] ?? 'không tìm thấy bài nào';
    return reply('refused', [
      line(`Không thêm được: ${why}.`),
      line('Kiểm tra lại địa chỉ, hoặc dùng page <bộ chọn CSS> cho trang danh sách.'),
    ]);
  }
  const base = feedIdFromUrl(url);
  let id = base;
  for (let n = 2; feeds.some((f) => f.id === id); n += 1) id = `${base}-${n}`;
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
  return ok(...lines);
}

function errorText(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.slice(0, 150);
}

type FeedAction = 'removefeed' | 'pausefeed' | 'resumefeed';

export async function feedActionCommand(
  ctx: CommandContext,
  action: FeedAction,
  args: string,
): Promise<Reply> {
  const id = args.trim();
  if (!id) return usageFor(action, 'Hãy nhập mã nguồn (xem /feeds).');
  const feed = await ctx.feeds.get(id);
  if (!feed) return usageFor(action, `Không có nguồn “${id}”. Xem danh sách: /feeds.`);
  if (action === 'removefeed') {
    await ctx.feeds.remove(id);
    return ok(line('Đã xóa nguồn ', bold(id), '.'));
  }
  const enable = action === 'resumefeed';
  await ctx.feeds.setEnabled(id, enable);
  return ok(line(enable ? 'Đã chạy lại nguồn ' : 'Đã tạm dừng nguồn ', bold(id), '.'));
}
