/** In-memory fakes for the command layer's ports, shared by the command and Telegram tests. */
import type { ComposeOptions, NewsService, TopicCount } from '../../src/digest/compose/types.js';
import type { FeedCheckReport } from '../../src/digest/gather/types.js';
import type {
  DigestDocument,
  FeedConfig,
  FeedState,
  Gazetteer,
  Story,
  Subscription,
  TopicConfig,
} from '../../src/digest/model.js';
import type { FeedStore, SubscriptionStore } from '../../src/digest/ports.js';
import type { Actor, CommandRequest } from '../../src/bots/commands/types.js';
import { StoreConflictError } from '../../src/store/errors.js';

/** The stores list by id; so do the fakes. */
const byId = (a: { id: string }, b: { id: string }): number =>
  a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

export const TOPICS: TopicConfig[] = [
  { id: 'giao-thong', name: 'Giao thông', keywords: ['giao thông'] },
  { id: 'moi-truong', name: 'Môi trường', keywords: ['ô nhiễm'] },
  { id: 'do-thi', name: 'Đô thị', keywords: ['quy hoạch'] },
];

export const GAZETTEER: Gazetteer = {
  wards: ['Hoàn Kiếm', 'Ba Đình', 'Cầu Giấy'],
  communes: ['Sóc Sơn'],
  oldDistricts: [],
  landmarks: ['Hồ Gươm'],
  institutions: [],
  elsewhere: [],
};

export function memorySubscriptions(): SubscriptionStore & { rows: Map<string, Subscription> } {
  const rows = new Map<string, Subscription>();
  return {
    rows,
    async list(filter) {
      return [...rows.values()]
        .filter(
          (s) =>
            (!filter?.state || s.state === filter.state) &&
            (!filter?.platform || s.target.platform === filter.platform),
        )
        .sort(byId);
    },
    async get(id) {
      return rows.get(id) ?? null;
    },
    async findByTarget(t) {
      return (
        [...rows.values()].find(
          (s) => s.target.platform === t.platform && s.target.chatId === t.chatId,
        ) ?? null
      );
    },
    async upsert(s) {
      // Like the store (tests/store/port-contracts.ts): one subscription per target.
      const holder = [...rows.values()].find(
        (o) => o.target.platform === s.target.platform && o.target.chatId === s.target.chatId,
      );
      if (holder && holder.id !== s.id) {
        const key = `${s.target.platform}:${s.target.chatId}`;
        throw new StoreConflictError(
          'subscriptions',
          key,
          `Target ${key} already has "${holder.id}"`,
        );
      }
      rows.set(s.id, structuredClone(s));
    },
    async remove(id) {
      return rows.delete(id);
    },
    async setState(id, state, reason) {
      const s = rows.get(id);
      if (s) rows.set(id, { ...s, state, disabledReason: state === 'active' ? null : reason });
    },
    async setFilters(id, filters) {
      const s = rows.get(id);
      if (s) rows.set(id, { ...s, filters });
    },
    async setLastDigestAt(id, slot) {
      const s = rows.get(id);
      if (s) rows.set(id, { ...s, lastDigestAt: slot });
    },
    async migrateChat(platform, from, to) {
      if (from === to) return;
      const taken = [...rows.values()].some(
        (s) => s.target.platform === platform && s.target.chatId === to,
      );
      for (const [id, s] of rows)
        if (s.target.platform === platform && s.target.chatId === from) {
          // The subscription already at the new chat wins, as in the store.
          if (taken) rows.delete(id);
          else rows.set(id, { ...s, target: { platform, chatId: to } });
        }
    },
  };
}

export function memoryFeeds(
  initial: FeedConfig[] = [],
  states: FeedState[] = [],
): FeedStore & { rows: Map<string, FeedConfig> } {
  const rows = new Map(initial.map((f) => [f.id, f]));
  const st = new Map(states.map((s) => [s.feedId, s]));
  return {
    rows,
    async list() {
      return [...rows.values()].sort(byId);
    },
    async get(id) {
      return rows.get(id) ?? null;
    },
    async upsert(feed) {
      rows.set(feed.id, feed);
    },
    async remove(id) {
      st.delete(id);
      return rows.delete(id);
    },
    async setEnabled(id, enabled) {
      const f = rows.get(id);
      if (!f) return false;
      rows.set(id, { ...f, enabled });
      return true;
    },
    async getState(id) {
      return st.get(id) ?? null;
    },
    async saveState(s) {
      st.set(s.feedId, s);
    },
  };
}

export function story(
  id: string,
  title: string,
  topics: string[] = ['giao-thong'],
  publishedAt = new Date('2026-11-27T01:00:00Z'),
): Story {
  return {
    id,
    title,
    summary: {
      text: `Tóm tắt: ${title} với 12,5 km đường.`,
      highlights: [],
      summarizer: 'extractive',
      model: null,
    },
    sources: [
      { articleId: `a-${id}`, name: 'Báo Mẫu', url: `https://bao.example/${id}`, publishedAt },
    ],
    publishedAt,
    topics,
    places: [],
    hanoi: true,
    articleIds: [`a-${id}`],
  };
}

export function digestOf(stories: Story[], until: Date): DigestDocument {
  const sections = TOPICS.map((t) => ({
    topicId: t.id,
    title: t.name,
    items: stories
      .filter((s) => s.topics[0] === t.id)
      .map((s) => ({
        storyId: s.id,
        title: s.title,
        summary: [
          { text: 'Dự án dài ', highlight: false },
          { text: '12,5 km', highlight: true },
          { text: ' & <khởi công>.', highlight: false },
        ],
        sources: s.sources.map((x) => ({ name: x.name, url: x.url })),
        publishedAt: s.publishedAt,
      })),
  })).filter((s) => s.items.length > 0);
  const items = sections.reduce((n, s) => n + s.items.length, 0);
  return {
    header: 'Bản tin Hà Nội — Thứ Sáu, 27/11/2026',
    date: until,
    window: { since: new Date(until.getTime() - 86_400_000), until },
    sections,
    footer: `${items} tin từ 1 nguồn · Đổi đăng ký: /settings`,
    counts: { items, sources: 1, sections: sections.length },
  };
}

/** A NewsService over a fixed story list, recording what it was asked. */
export function fakeNews(
  stories: Story[],
): NewsService & { calls: { method: string; arg: unknown }[] } {
  const calls: { method: string; arg: unknown }[] = [];
  const fold = (s: string): string =>
    s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/gu, 'd').replace(/Đ/gu, 'D').toLowerCase();
  return {
    calls,
    async stories(o?: ComposeOptions) {
      calls.push({ method: 'stories', arg: o });
      return stories;
    },
    async digest(o?: ComposeOptions) {
      calls.push({ method: 'digest', arg: o });
      const topics = o?.filters?.topics ?? [];
      const picked = topics.length
        ? stories.filter((s) => s.topics.some((t) => topics.includes(t)))
        : stories;
      return digestOf(picked, o?.until ?? new Date());
    },
    async latest(n) {
      calls.push({ method: 'latest', arg: n });
      return stories.slice(0, n);
    },
    async search(q, limit = 10) {
      calls.push({ method: 'search', arg: q });
      const words = fold(q).split(/\s+/u);
      return stories
        .filter((s) => words.every((w) => fold(`${s.title} ${s.summary.text}`).includes(w)))
        .slice(0, limit);
    },
    async topicCounts(since?: Date, until?: Date): Promise<TopicCount[]> {
      calls.push({ method: 'topicCounts', arg: { since, until } });
      return TOPICS.map((topic) => ({
        topic,
        count: stories.filter((s) => s.topics.includes(topic.id)).length,
      }));
    },
    topics() {
      return TOPICS;
    },
  };
}

export function fakeGatherer(report: Partial<FeedCheckReport> | Error) {
  const calls: unknown[] = [];
  return {
    calls,
    async check(feed: unknown): Promise<FeedCheckReport> {
      calls.push(feed);
      if (report instanceof Error) throw report;
      return {
        url: '',
        format: 'rss',
        title: 'Nguồn mẫu',
        itemCount: 3,
        newest: null,
        errors: [],
        ...report,
      };
    },
  };
}

export function actor(
  opts: { admin?: boolean; canManage?: boolean; userId?: string } = {},
): Actor & { asked: number } {
  const a = {
    platform: 'telegram' as const,
    userId: opts.userId ?? '100',
    isBotAdmin: opts.admin ?? false,
    asked: 0,
    async canManageTarget() {
      a.asked += 1;
      return opts.canManage ?? true;
    },
  };
  return a;
}

export function request(
  command: CommandRequest['command'],
  args = '',
  a: Actor = actor(),
  chatId = '100',
  chatKind: CommandRequest['chatKind'] = 'private',
): CommandRequest {
  return { command, args, actor: a, target: { platform: 'telegram', chatId }, chatKind };
}

/** A reply's text, spans joined, lines on their own rows. */
export function textOf(r: { lines: { text: string }[][] }): string {
  return r.lines.map((l) => l.map((s) => s.text).join('')).join('\n');
}
