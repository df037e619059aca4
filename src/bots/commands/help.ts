/** `/start`, `/help`, the command table and the unknown-command answer. */
import { bold, line, ok, reply } from './context.js';
import type { CommandName, Reply } from './types.js';

export interface CommandInfo {
  command: CommandName;
  /** Vietnamese, short: shown in the platform's command menu. */
  description: string;
  usage: string;
  example: string;
  adminOnly: boolean;
}

/** The one table every help text, usage line and command menu is built from. */
export const COMMANDS: readonly CommandInfo[] = [
  {
    command: 'start',
    description: 'Giới thiệu bot',
    usage: '/start',
    example: '/start',
    adminOnly: false,
  },
  {
    command: 'help',
    description: 'Danh sách lệnh và ví dụ',
    usage: '/help',
    example: '/help',
    adminOnly: false,
  },
  {
    command: 'topics',
    description: 'Các chủ đề và số tin /digest của mỗi chủ đề',
    usage: '/topics',
    example: '/topics',
    adminOnly: false,
  },
  {
    command: 'digest',
    description: 'Bản tin hôm nay (tất cả hoặc một chủ đề)',
    usage: '/digest [chủ đề]',
    example: '/digest giao thông',
    adminOnly: false,
  },
  {
    command: 'latest',
    description: 'Các tin mới nhất',
    usage: '/latest [số tin, tối đa 20]',
    example: '/latest 5',
    adminOnly: false,
  },
  {
    command: 'search',
    description: 'Tìm tin theo từ khóa',
    usage: '/search <từ khóa>',
    example: '/search ngập úng',
    adminOnly: false,
  },
  {
    command: 'subscribe',
    description: 'Đăng ký nhận bản tin hằng ngày',
    usage: '/subscribe [chủ đề…] [nơi…] [giờ HH:MM]',
    example: '/subscribe giao thông 07:30',
    adminOnly: false,
  },
  {
    command: 'unsubscribe',
    description: 'Hủy đăng ký bản tin',
    usage: '/unsubscribe',
    example: '/unsubscribe',
    adminOnly: false,
  },
  {
    command: 'settings',
    description: 'Xem và đổi đăng ký',
    usage: '/settings',
    example: '/settings',
    adminOnly: false,
  },
  {
    command: 'feeds',
    description: 'Các nguồn tin và tình trạng',
    usage: '/feeds',
    example: '/feeds',
    adminOnly: true,
  },
  {
    command: 'addfeed',
    description: 'Thêm nguồn tin',
    usage: '/addfeed <url> [page <bộ chọn CSS>]',
    example: '/addfeed https://example.vn/rss/thoi-su.rss',
    adminOnly: true,
  },
  {
    command: 'removefeed',
    description: 'Xóa nguồn tin',
    usage: '/removefeed <mã nguồn>',
    example: '/removefeed vnexpress-thoi-su',
    adminOnly: true,
  },
  {
    command: 'pausefeed',
    description: 'Tạm dừng nguồn tin',
    usage: '/pausefeed <mã nguồn>',
    example: '/pausefeed vnexpress-thoi-su',
    adminOnly: true,
  },
  {
    command: 'resumefeed',
    description: 'Chạy lại nguồn tin (cả nguồn bị tắt hoặc đã xóa)',
    usage: '/resumefeed <mã nguồn>',
    example: '/resumefeed vnexpress-thoi-su',
    adminOnly: true,
  },
  {
    command: 'renamefeed',
    description: 'Đổi tên nguồn tin',
    usage: '/renamefeed <mã nguồn> <tên mới>',
    example: '/renamefeed phunuthudo-thoi-su Phụ nữ Thủ đô – Thời sự',
    adminOnly: true,
  },
  {
    command: 'setfilter',
    description: 'Lọc bài của một nguồn theo từ khóa',
    usage: '/setfilter <mã nguồn> [+từ cần có] [-từ cần bỏ] | xoa',
    example: '/setfilter vnexpress-thoi-su +Hà Nội -bóng đá',
    adminOnly: true,
  },
  {
    command: 'exportfeeds',
    description: 'Xuất danh sách nguồn (tệp OPML)',
    usage: '/exportfeeds',
    example: '/exportfeeds',
    adminOnly: true,
  },
  {
    command: 'importfeeds',
    description: 'Nhập nguồn từ tệp OPML đính kèm',
    usage: '/importfeeds (gửi kèm tệp .opml) [xacnhan]',
    example: '/importfeeds xacnhan',
    adminOnly: true,
  },
  {
    command: 'adminchannel',
    description: 'Nhận thông báo về nguồn tin ở kênh này',
    usage: '/adminchannel [tat]',
    example: '/adminchannel',
    adminOnly: true,
  },
];

export function commandInfo(name: CommandName): CommandInfo {
  const info = COMMANDS.find((c) => c.command === name);
  if (!info) throw new Error(`no command info for ${name}`);
  return info;
}

export function startReply(): Reply {
  return ok(
    line(bold('Chào bạn! Đây là Bản tin Hà Nội.')),
    line(
      'Mỗi ngày bot gom tin thời sự, dân sinh của Hà Nội từ nhiều báo, tóm tắt ngắn gọn bằng tiếng Việt và làm nổi bật các con số chính.',
    ),
    line('Đăng ký nhận bản tin lúc 7:00 sáng: ', bold('/subscribe')),
    line('Chọn chủ đề và giờ nhận: ', bold('/subscribe giao thông 07:30')),
    line('Xem bản tin ngay: /digest · Tất cả lệnh: /help'),
  );
}

export function helpReply(isBotAdmin: boolean): Reply {
  const lines = [line(bold('Các lệnh:'))];
  for (const c of COMMANDS) {
    if (c.adminOnly) continue;
    lines.push(line(bold(c.usage), ` — ${c.description}. Ví dụ: ${c.example}`));
  }
  if (isBotAdmin) {
    lines.push(line(bold('Lệnh quản trị:')));
    for (const c of COMMANDS) {
      if (!c.adminOnly) continue;
      lines.push(line(bold(c.usage), ` — ${c.description}. Ví dụ: ${c.example}`));
    }
  }
  return ok(...lines);
}

export function unknownCommandReply(): Reply {
  return reply('usage', [
    line('Bot không hiểu lệnh này.'),
    line(
      'Thử ',
      bold('/digest'),
      ' để xem bản tin, ',
      bold('/subscribe'),
      ' để đăng ký, hoặc ',
      bold('/help'),
      ' để xem tất cả lệnh.',
    ),
  ]);
}
