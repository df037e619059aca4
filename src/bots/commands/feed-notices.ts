/**
 * Admin notices about feed health, platform-neutral: a feed failing past the
 * threshold, disabled after days of failures, or back after a notice. Each
 * says which feed, why (plain Vietnamese), and what to do.
 */
import type { FeedHealthEvent } from '../../digest/gather/index.js';
import { bold, formatDateTime, line } from './context.js';
import type { ReplyLine } from './types.js';

/** kv key of the Discord channel set with /adminchannel (wins over feeds.yaml). */
export const ADMIN_CHANNEL_KEY = 'feeds:notices:discord-channel';

function duration(ms: number): string {
  const h = Math.floor(ms / 3_600_000);
  if (h >= 48) return `${Math.floor(h / 24)} ngày`;
  if (h >= 1) return `${h} giờ`;
  return `${Math.max(1, Math.round(ms / 60_000))} phút`;
}

export function feedNoticeLines(event: FeedHealthEvent, timeZone: string, now: Date): ReplyLine[] {
  const { feed } = event;
  const since = formatDateTime(event.failingSince, timeZone);
  const name = line(bold(feed.id), ` — ${feed.name}`);
  const reason = event.failure ? line('Lý do: ', event.failure.text, '.') : null;
  const advice = event.failure ? line('Cách xử lý: ', event.failure.advice) : null;
  switch (event.kind) {
    case 'failing':
      return [
        line(bold('⚠️ Nguồn tin đang lỗi')),
        name,
        line(`Lỗi ${event.failures} lần liên tiếp, từ ${since}.`),
        ...(reason ? [reason] : []),
        line(
          event.nextAttemptAt
            ? `Bot tự thử lại thưa dần; lần tới: ${formatDateTime(event.nextAttemptAt, timeZone)}.`
            : 'Bot tự thử lại thưa dần.',
        ),
        ...(advice ? [advice] : []),
        line('Tạm dừng: ', bold(`/pausefeed ${feed.id}`), ' · Xem tình trạng: /feeds'),
      ];
    case 'disabled':
      return [
        line(bold('⛔ Đã tắt nguồn tin')),
        name,
        line(
          `Lỗi ${event.failures} lần liên tiếp trong ${duration(now.getTime() - event.failingSince.getTime())} (từ ${since}), nên bot ngừng đọc nguồn này.`,
        ),
        ...(reason ? [reason] : []),
        ...(advice ? [advice] : []),
        line(
          'Khi đã sửa, bật lại: ',
          bold(`/resumefeed ${feed.id}`),
          ' · Hoặc xóa: ',
          bold(`/removefeed ${feed.id}`),
        ),
      ];
    case 'recovered':
      return [
        line(bold('✅ Nguồn tin đã hoạt động lại')),
        name,
        line(
          `Đọc được bình thường sau ${duration(now.getTime() - event.failingSince.getTime())} lỗi (từ ${since}).`,
        ),
        line('Không cần làm gì thêm.'),
      ];
  }
}
