/**
 * The slash commands, built with discord.js builders. Base names are ASCII
 * English (what the code sees in every locale); Vietnamese names and
 * descriptions are localizations, shown to users whose client is in `vi`.
 * Registration is an explicit step (`discord register`), never done on start:
 * global registration is rate limited and propagates slowly.
 */
import { REST } from '@discordjs/rest';
import {
  PermissionFlagsBits,
  Routes,
  SlashCommandBuilder,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type SlashCommandStringOption,
  type SlashCommandSubcommandBuilder,
} from 'discord.js';
import { DiscordConfigError } from './errors.js';
import { discordRestOptions } from './rest-options.js';

/** Manage Server or Manage Channels: who may change a channel's subscription. */
export const MANAGE_PERMISSIONS =
  PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ManageChannels;

/** Slash commands that change the channel's subscription. */
export const MANAGE_COMMANDS = new Set(['subscribe', 'unsubscribe', 'settings']);
/** Slash commands only for DISCORD_ADMIN_IDS. */
export const ADMIN_COMMANDS = new Set(['feeds']);

function topicOption(o: SlashCommandStringOption, description: string): SlashCommandStringOption {
  return o
    .setName('chu-de')
    .setNameLocalizations({ vi: 'chủ-đề' })
    .setDescription('Topic id, e.g. giao-thong')
    .setDescriptionLocalizations({ vi: description })
    .setAutocomplete(true)
    .setMaxLength(100);
}

function feedIdSub(
  s: SlashCommandSubcommandBuilder,
  name: string,
  vi: string,
  en: string,
  viDesc: string,
): SlashCommandSubcommandBuilder {
  return s
    .setName(name)
    .setNameLocalizations({ vi })
    .setDescription(en)
    .setDescriptionLocalizations({ vi: viDesc })
    .addStringOption((o) =>
      o
        .setName('id')
        .setNameLocalizations({ vi: 'mã' })
        .setDescription('Feed id')
        .setDescriptionLocalizations({ vi: 'Mã nguồn tin' })
        .setRequired(true)
        .setMaxLength(64),
    );
}

/** Every slash command, as JSON ready for `PUT applications/{id}/commands`. */
export function buildSlashCommands(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  const digest = new SlashCommandBuilder()
    .setName('digest')
    .setNameLocalizations({ vi: 'bản-tin' })
    .setDescription('Today’s Hà Nội news digest')
    .setDescriptionLocalizations({ vi: 'Bản tin Hà Nội hôm nay' })
    .addStringOption((o) => topicOption(o, 'Chỉ một chủ đề'));

  const topics = new SlashCommandBuilder()
    .setName('topics')
    .setNameLocalizations({ vi: 'chủ-đề' })
    .setDescription('Topics and how many stories /digest shows for each')
    .setDescriptionLocalizations({ vi: 'Các chủ đề và số tin /digest của mỗi chủ đề' });

  const latest = new SlashCommandBuilder()
    .setName('latest')
    .setNameLocalizations({ vi: 'mới-nhất' })
    .setDescription('The latest stories')
    .setDescriptionLocalizations({ vi: 'Những tin mới nhất' })
    .addIntegerOption((o) =>
      o
        .setName('n')
        .setDescription('How many (1–20)')
        .setDescriptionLocalizations({ vi: 'Số tin (1–20)' })
        .setMinValue(1)
        .setMaxValue(20),
    );

  const search = new SlashCommandBuilder()
    .setName('search')
    .setNameLocalizations({ vi: 'tìm-kiếm' })
    .setDescription('Search stories (diacritics optional)')
    .setDescriptionLocalizations({ vi: 'Tìm tin (gõ có dấu hoặc không dấu)' })
    .addStringOption((o) =>
      o
        .setName('tu-khoa')
        .setNameLocalizations({ vi: 'từ-khóa' })
        .setDescription('Words to search for')
        .setDescriptionLocalizations({ vi: 'Từ khóa cần tìm' })
        .setRequired(true)
        .setMaxLength(200),
    );

  const subscribe = new SlashCommandBuilder()
    .setName('subscribe')
    .setNameLocalizations({ vi: 'đăng-ký' })
    .setDescription('Daily digest in this channel')
    .setDescriptionLocalizations({ vi: 'Nhận bản tin hằng ngày ở kênh này' })
    .setDefaultMemberPermissions(MANAGE_PERMISSIONS)
    .addStringOption((o) => topicOption(o, 'Chủ đề, cách nhau bằng dấu phẩy'))
    .addStringOption((o) =>
      o
        .setName('noi')
        .setNameLocalizations({ vi: 'nơi' })
        .setDescription('Places (wards, communes), comma separated')
        .setDescriptionLocalizations({ vi: 'Phường, xã, cách nhau bằng dấu phẩy' })
        .setMaxLength(200),
    )
    .addStringOption((o) =>
      o
        .setName('gio')
        .setNameLocalizations({ vi: 'giờ' })
        .setDescription('Time of day, HH:MM (Hà Nội time)')
        .setDescriptionLocalizations({ vi: 'Giờ nhận bản tin, HH:MM (giờ Hà Nội)' })
        .setMaxLength(5),
    );

  const unsubscribe = new SlashCommandBuilder()
    .setName('unsubscribe')
    .setNameLocalizations({ vi: 'hủy-đăng-ký' })
    .setDescription('Stop the daily digest in this channel')
    .setDescriptionLocalizations({ vi: 'Ngừng nhận bản tin ở kênh này' })
    .setDefaultMemberPermissions(MANAGE_PERMISSIONS);

  const settings = new SlashCommandBuilder()
    .setName('settings')
    .setNameLocalizations({ vi: 'cài-đặt' })
    .setDescription('This channel’s subscription and topic toggles')
    .setDescriptionLocalizations({ vi: 'Đăng ký của kênh này và bật/tắt chủ đề' })
    .setDefaultMemberPermissions(MANAGE_PERMISSIONS);

  const feeds = new SlashCommandBuilder()
    .setName('feeds')
    .setNameLocalizations({ vi: 'nguồn-tin' })
    .setDescription('Manage news sources (bot admins)')
    .setDescriptionLocalizations({ vi: 'Quản lý nguồn tin (quản trị bot)' })
    .addSubcommand((s) =>
      s
        .setName('list')
        .setNameLocalizations({ vi: 'danh-sách' })
        .setDescription('List feeds and their health')
        .setDescriptionLocalizations({ vi: 'Danh sách nguồn tin và tình trạng' }),
    )
    .addSubcommand((s) =>
      s
        .setName('add')
        .setNameLocalizations({ vi: 'thêm' })
        .setDescription('Add a feed (RSS/Atom URL or a listing page)')
        .setDescriptionLocalizations({ vi: 'Thêm nguồn tin (RSS/Atom hoặc trang danh sách)' })
        .addStringOption((o) =>
          o
            .setName('url')
            .setDescription('Feed or page URL')
            .setDescriptionLocalizations({ vi: 'Địa chỉ nguồn tin' })
            .setRequired(true)
            .setMaxLength(500),
        )
        .addStringOption((o) =>
          o
            .setName('selector')
            .setNameLocalizations({ vi: 'bộ-chọn' })
            .setDescription('CSS selector of article links (listing pages only)')
            .setDescriptionLocalizations({
              vi: 'CSS selector của liên kết bài (chỉ cho trang danh sách)',
            })
            .setMaxLength(200),
        ),
    )
    .addSubcommand((s) =>
      feedIdSub(s, 'remove', 'xóa', 'Remove a feed', 'Xóa nguồn tin').addBooleanOption((o) =>
        o
          .setName('xac-nhan')
          .setNameLocalizations({ vi: 'xác-nhận' })
          .setDescription('Remove without the confirmation button')
          .setDescriptionLocalizations({ vi: 'Xóa ngay, không hỏi lại' }),
      ),
    )
    .addSubcommand((s) => feedIdSub(s, 'pause', 'tạm-dừng', 'Pause a feed', 'Tạm dừng nguồn tin'))
    .addSubcommand((s) => feedIdSub(s, 'resume', 'tiếp-tục', 'Resume a feed', 'Tiếp tục nguồn tin'))
    .addSubcommand((s) =>
      feedIdSub(s, 'rename', 'đổi-tên', 'Rename a feed', 'Đổi tên nguồn tin').addStringOption((o) =>
        o
          .setName('ten')
          .setNameLocalizations({ vi: 'tên' })
          .setDescription('New name shown to readers')
          .setDescriptionLocalizations({ vi: 'Tên mới hiển thị cho người đọc' })
          .setRequired(true)
          .setMaxLength(120),
      ),
    )
    .addSubcommand((s) =>
      feedIdSub(s, 'filter', 'lọc', 'Include/exclude words for a feed', 'Lọc bài theo từ khóa')
        .addStringOption((o) =>
          o
            .setName('co')
            .setNameLocalizations({ vi: 'có' })
            .setDescription('Keep only items with one of these (comma separated)')
            .setDescriptionLocalizations({
              vi: 'Chỉ lấy bài có một trong các từ (cách nhau dấu phẩy)',
            })
            .setMaxLength(300),
        )
        .addStringOption((o) =>
          o
            .setName('bo')
            .setNameLocalizations({ vi: 'bỏ' })
            .setDescription('Drop items with any of these (comma separated)')
            .setDescriptionLocalizations({ vi: 'Bỏ bài có một trong các từ (cách nhau dấu phẩy)' })
            .setMaxLength(300),
        )
        .addBooleanOption((o) =>
          o
            .setName('xoa')
            .setNameLocalizations({ vi: 'xóa' })
            .setDescription('Remove the filters')
            .setDescriptionLocalizations({ vi: 'Bỏ bộ lọc' }),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('export')
        .setNameLocalizations({ vi: 'xuất' })
        .setDescription('Export the feed list as OPML')
        .setDescriptionLocalizations({ vi: 'Xuất danh sách nguồn (OPML)' }),
    )
    .addSubcommand((s) =>
      s
        .setName('import')
        .setNameLocalizations({ vi: 'nhập' })
        .setDescription('Import feeds from an OPML file (preview first)')
        .setDescriptionLocalizations({ vi: 'Nhập nguồn từ tệp OPML (xem trước)' })
        .addAttachmentOption((o) =>
          o
            .setName('tep')
            .setNameLocalizations({ vi: 'tệp' })
            .setDescription('The .opml file')
            .setDescriptionLocalizations({ vi: 'Tệp .opml' })
            .setRequired(true),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('admin-channel')
        .setNameLocalizations({ vi: 'kênh-thông-báo' })
        .setDescription('Send feed notices to this channel')
        .setDescriptionLocalizations({ vi: 'Nhận thông báo về nguồn tin ở kênh này' })
        .addBooleanOption((o) =>
          o
            .setName('tat')
            .setNameLocalizations({ vi: 'tắt' })
            .setDescription('Turn the notices off')
            .setDescriptionLocalizations({ vi: 'Tắt thông báo' }),
        ),
    );

  return [digest, topics, latest, search, subscribe, unsubscribe, settings, feeds].map((b) =>
    b.toJSON(),
  );
}

export interface RegisterOptions {
  token: string;
  applicationId: string;
  apiBase?: string;
  /** Register in one guild (instant, for testing) instead of globally. */
  guildId?: string;
}

/**
 * Replace the application's commands with ours (bulk overwrite: commands we
 * no longer define disappear). Returns the names Discord now has.
 */
export async function registerSlashCommands(
  options: RegisterOptions,
): Promise<{ scope: string; names: string[] }> {
  if (!options.token)
    throw new DiscordConfigError('DISCORD_BOT_TOKEN is not set', 'DISCORD_BOT_TOKEN');
  if (!options.applicationId)
    throw new DiscordConfigError('DISCORD_APPLICATION_ID is not set', 'DISCORD_APPLICATION_ID');
  if (!/^\d{5,25}$/.test(options.applicationId)) {
    throw new DiscordConfigError(
      `DISCORD_APPLICATION_ID must be a numeric id, got "${options.applicationId}"`,
      'DISCORD_APPLICATION_ID',
    );
  }
  if (options.guildId !== undefined && !/^\d{5,25}$/.test(options.guildId)) {
    throw new DiscordConfigError(
      `--guild must be a numeric guild id, got "${options.guildId}"`,
      'guild',
    );
  }
  const rest = new REST(
    discordRestOptions(options.apiBase ? { apiBase: options.apiBase } : {}),
  ).setToken(options.token);
  const route = options.guildId
    ? Routes.applicationGuildCommands(options.applicationId, options.guildId)
    : Routes.applicationCommands(options.applicationId);
  const result = (await rest.put(route, { body: buildSlashCommands() })) as { name: string }[];
  return {
    scope: options.guildId ? `guild ${options.guildId}` : 'global',
    names: result.map((c) => c.name),
  };
}
