/** `/topics`, `/digest`, `/latest`, `/search`: read-only questions to the news service. */
import { matchTopic } from './args.js';
import { OTHER_SECTION_ID, OTHER_SECTION_TITLE } from '../../digest/compose/index.js';
import { bold, line, ok, reply, usage, type CommandContext } from './context.js';
import { commandInfo } from './help.js';
import type { CommandRequest, Reply } from './types.js';

export const LATEST_DEFAULT = 5;
export const LATEST_MAX = 20;
export const SEARCH_LIMIT = 10;
const SEARCH_MAX_CHARS = 100;

function usageFor(name: CommandRequest['command'], problem: string): Reply {
  const info = commandInfo(name);
  return usage(problem, info.usage, info.example);
}

/**
 * The window of `/digest`: the last `digestWindowHours`, its end rounded UP to
 * the bucket's end, so the window stays stable for cache hits and still
 * includes what was gathered a minute ago. `/topics` counts over the same one.
 */
function digestWindow(ctx: CommandContext): { since: Date; until: Date } {
  const roundMs = ctx.digestRoundMinutes * 60_000;
  const now = ctx.clock.now().getTime();
  const until = new Date(roundMs > 0 ? Math.floor(now / roundMs) * roundMs + roundMs : now);
  return { since: new Date(until.getTime() - ctx.digestWindowHours * 3_600_000), until };
}

export async function topicsCommand(ctx: CommandContext): Promise<Reply> {
  const { since, until } = digestWindow(ctx);
  const counts = await ctx.news.topicCounts(since, until);
  const byId = new Map(counts.map((c) => [c.topic.id, c.count]));
  const lines = [
    line(bold('Chủ đề'), ` (số tin /digest cho mỗi chủ đề, ${ctx.digestWindowHours} giờ qua):`),
  ];
  for (const t of ctx.topics) {
    const n = byId.get(t.id) ?? 0;
    lines.push(line(`• ${t.name} (${t.id}): `, bold(`${n} tin`)));
  }
  // The whole digest over the same window (the cached composition /digest reuses):
  // its "Tin khác" section holds the stories no topic fits.
  const doc = await ctx.news.digest({ since, until });
  const other = doc.sections.find((s) => s.topicId === OTHER_SECTION_ID)?.items.length ?? 0;
  lines.push(line(`• ${OTHER_SECTION_TITLE}: `, bold(`${other} tin`)));
  lines.push(line('Cả bản tin (/digest): ', bold(`${doc.counts.items} tin`)));
  lines.push(line('Xem một chủ đề: /digest ', ctx.topics[0]?.name.toLowerCase() ?? 'giao thông'));
  return ok(...lines);
}

export async function digestCommand(ctx: CommandContext, args: string): Promise<Reply> {
  let topicId: string | null = null;
  let topicName: string | null = null;
  if (args.trim()) {
    const topic = matchTopic(args, ctx.topics);
    if (!topic) {
      const names = ctx.topics.map((t) => t.name).join(', ');
      return usageFor('digest', `Không có chủ đề “${args.trim()}”. Các chủ đề: ${names}.`);
    }
    topicId = topic.id;
    topicName = topic.name;
  }
  const { since, until } = digestWindow(ctx);
  const doc = await ctx.news.digest(
    topicId ? { since, until, filters: { topics: [topicId] } } : { since, until },
  );
  if (doc.counts.items === 0) {
    const what = topicName ? `về ${topicName} ` : '';
    return ok(line(`Chưa có tin ${what}trong ${ctx.digestWindowHours} giờ qua. Thử lại sau nhé.`));
  }
  return { kind: 'ok', lines: [], digest: doc };
}

export async function latestCommand(ctx: CommandContext, args: string): Promise<Reply> {
  const arg = args.trim();
  let n = LATEST_DEFAULT;
  const notes = [];
  if (arg) {
    if (!/^\d+$/u.test(arg) || Number(arg) < 1)
      return usageFor('latest', `“${arg}” không phải số tin hợp lệ.`);
    n = Number(arg);
    if (n > LATEST_MAX) {
      notes.push(line(`Tối đa ${LATEST_MAX} tin một lần.`));
      n = LATEST_MAX;
    }
  }
  const stories = await ctx.news.latest(n);
  if (stories.length === 0) return ok(line('Chưa có tin nào.'));
  return { kind: 'ok', lines: [...notes, line(bold(`${stories.length} tin mới nhất`))], stories };
}

export async function searchCommand(ctx: CommandContext, args: string): Promise<Reply> {
  const q = args.normalize('NFC').replace(/\s+/gu, ' ').trim();
  if (!q) return usageFor('search', 'Hãy nhập từ khóa cần tìm.');
  if (q.length > SEARCH_MAX_CHARS)
    return usageFor('search', `Từ khóa quá dài (tối đa ${SEARCH_MAX_CHARS} ký tự).`);
  const stories = await ctx.news.search(q, SEARCH_LIMIT);
  if (stories.length === 0) {
    return reply('ok', [
      line(`Không tìm thấy tin nào cho “${q}”.`),
      line('Thử từ khóa khác, ví dụ: /search ngập úng'),
    ]);
  }
  return {
    kind: 'ok',
    lines: [line(`Kết quả cho “${q}”: `, bold(`${stories.length} tin`))],
    stories,
    query: q,
  };
}
