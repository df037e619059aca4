/**
 * Admin commands that move feed lists in and out, and where notices go:
 * `/exportfeeds` (an OPML file), `/importfeeds` (an attached OPML file: a
 * preview first, applied with a button or `xacnhan`), `/adminchannel`
 * (the Discord channel that receives feed notices).
 */
import {
  feedsToOpml,
  OpmlError,
  parseOpml,
  planImport,
  type ImportPlan,
} from '../../digest/gather/index.js';
import type { FeedConfig } from '../../digest/model.js';
import { bold, line, ok, refused, reply, usage, type CommandContext } from './context.js';
import { ADMIN_CHANNEL_KEY } from './feed-notices.js';
import { commandInfo } from './help.js';
import type { CallbackRequest, CommandRequest, Reply } from './types.js';

const MAX_OPML_BYTES = 1024 * 1024;
const PENDING_PREFIX = 'feeds:import:pending:';
export const CALLBACK_IMPORT = 'fimp';
export const CALLBACK_IMPORT_CANCEL = 'fimpx';

export async function exportFeedsCommand(ctx: CommandContext): Promise<Reply> {
  const feeds = await ctx.feeds.list();
  if (feeds.length === 0) return refused('Chưa có nguồn tin nào để xuất.');
  const day = ctx.clock.now().toISOString().slice(0, 10);
  return {
    kind: 'ok',
    lines: [line(`Danh sách ${feeds.length} nguồn tin (OPML). Nhập lại bằng /importfeeds.`)],
    file: {
      name: `hanoi-digest-feeds-${day}.opml`,
      mime: 'text/x-opml',
      content: feedsToOpml(feeds),
    },
  };
}

function planLines(plan: ImportPlan): ReturnType<typeof line>[] {
  const ids = (list: FeedConfig[]): string =>
    list
      .slice(0, 15)
      .map((f) => f.id)
      .join(', ') + (list.length > 15 ? `… (+${list.length - 15})` : '');
  const lines = [
    line(
      bold('Xem trước khi nhập: '),
      `thêm ${plan.add.length}, cập nhật ${plan.update.length}, giữ nguyên ${plan.unchanged.length}, bỏ qua ${plan.skipped.length}.`,
    ),
  ];
  if (plan.add.length) lines.push(line('Thêm: ', ids(plan.add)));
  if (plan.update.length) lines.push(line('Cập nhật: ', ids(plan.update)));
  for (const s of plan.skipped.slice(0, 10))
    lines.push(line(`Bỏ qua “${s.outline}”: ${skipReason(s.problem)}`));
  return lines;
}

/** The plan's skip reasons are English (CLI); admins read them in Vietnamese. */
function skipReason(problem: string): string {
  if (/feeds\.yaml/.test(problem)) return 'nguồn này có trong feeds.yaml, hãy sửa ở đó';
  if (/already feed/.test(problem)) return 'địa chỉ này đã có dưới mã khác';
  if (/appears twice/.test(problem)) return 'mã nguồn lặp lại trong tệp';
  if (/selector/.test(problem)) return 'trang danh sách thiếu bộ chọn CSS';
  if (/URL/.test(problem)) return 'địa chỉ không hợp lệ';
  return 'mã nguồn không hợp lệ';
}

async function applyPlan(ctx: CommandContext, plan: ImportPlan): Promise<Reply> {
  for (const f of [...plan.add, ...plan.update]) await ctx.feeds.upsert(f, 'admin');
  return ok(
    line(`Đã nhập: thêm ${plan.add.length}, cập nhật ${plan.update.length} nguồn.`),
    line('Xem lại: /feeds'),
  );
}

export async function importFeedsCommand(ctx: CommandContext, req: CommandRequest): Promise<Reply> {
  const info = commandInfo('importfeeds');
  const file = req.attachment;
  if (!file)
    return usage(
      req.target.platform === 'discord'
        ? 'Hãy chọn tệp .opml ở mục “tệp” của lệnh.'
        : 'Hãy gửi tệp .opml kèm chú thích /importfeeds.',
      info.usage,
      info.example,
    );
  if (file.size !== null && file.size > MAX_OPML_BYTES)
    return refused('Tệp lớn hơn 1 MB, không phải danh sách nguồn OPML.');
  let plan: ImportPlan;
  try {
    const parsed = parseOpml(await file.text());
    const existing = ctx.feeds.listWithOrigin
      ? await ctx.feeds.listWithOrigin()
      : await ctx.feeds.list();
    plan = planImport(parsed, existing);
  } catch (err) {
    if (err instanceof OpmlError)
      return refused(
        `Tệp “${file.name}” không phải OPML đọc được. Hãy xuất lại tệp từ trình đọc tin.`,
      );
    throw err;
  }
  if (plan.add.length + plan.update.length === 0)
    return ok(...planLines(plan), line('Không có gì để nhập.'));
  if (/\b(xacnhan|xác nhận|confirm)\b/iu.test(req.args)) return applyPlan(ctx, plan);
  if (!ctx.kv)
    return ok(
      ...planLines(plan),
      line('Để nhập, gửi lại tệp với chú thích ', bold('/importfeeds xacnhan'), '.'),
    );
  await ctx.kv.set(
    `${PENDING_PREFIX}${req.actor.platform}:${req.actor.userId}`,
    JSON.stringify(plan),
  );
  return reply('ok', planLines(plan), [
    [
      { label: `Nhập ${plan.add.length + plan.update.length} nguồn`, data: CALLBACK_IMPORT },
      { label: 'Hủy', data: CALLBACK_IMPORT_CANCEL },
    ],
  ]);
}

export function isImportCallback(data: string): boolean {
  return data === CALLBACK_IMPORT || data === CALLBACK_IMPORT_CANCEL;
}

/** The import preview's buttons: apply the plan this admin previewed, or drop it. */
export async function importCallback(ctx: CommandContext, req: CallbackRequest): Promise<Reply> {
  if (!ctx.kv) return refused('Không còn bản xem trước nào. Hãy gửi lại tệp.');
  const key = `${PENDING_PREFIX}${req.actor.platform}:${req.actor.userId}`;
  const raw = await ctx.kv.get(key);
  if (!raw) return refused('Không còn bản xem trước nào. Hãy gửi lại tệp với /importfeeds.');
  await ctx.kv.set(key, '');
  if (req.data === CALLBACK_IMPORT_CANCEL) return ok(line('Đã hủy, không nhập nguồn nào.'));
  return applyPlan(ctx, JSON.parse(raw) as ImportPlan);
}

/** kv value that turns the Discord notice channel off even when feeds.yaml names one. */
export const ADMIN_CHANNEL_OFF = 'off';

export async function adminChannelCommand(
  ctx: CommandContext,
  req: CommandRequest,
): Promise<Reply> {
  if (req.target.platform !== 'discord')
    return ok(
      line('Trên Telegram, thông báo về nguồn tin được gửi riêng cho từng quản trị viên.'),
      line('Hãy nhắn cho bot một lần để bot có thể gửi tin cho bạn.'),
    );
  if (!ctx.kv)
    return refused(
      'Máy chủ bot không lưu được cài đặt này; hãy đặt discord_channel trong feeds.yaml.',
    );
  if (/^(tat|tắt|off)$/iu.test(req.args.trim())) {
    await ctx.kv.set(ADMIN_CHANNEL_KEY, ADMIN_CHANNEL_OFF);
    return ok(line('Đã tắt thông báo về nguồn tin trên Discord.'));
  }
  if (req.chatKind !== 'guild') return refused('Hãy dùng lệnh này trong kênh của máy chủ Discord.');
  await ctx.kv.set(ADMIN_CHANNEL_KEY, req.target.chatId);
  return ok(
    line('Kênh này sẽ nhận thông báo khi một nguồn tin lỗi kéo dài, bị tắt, hoặc hoạt động lại.'),
    line('Tắt: ', bold('/adminchannel tat')),
  );
}
