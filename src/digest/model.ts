/**
 * The core's data model. Everything here is plain data: no classes, no I/O,
 * so every layer (store, bots, scheduler, CLI) can pass it around and persist
 * it without knowing where it came from.
 *
 * Text fields hold NFC-normalized Vietnamese. Times are `Date` objects in
 * memory; the store decides how to persist them.
 */

/** How a feed is read: `rss` covers RSS 2.0, Atom and RDF (detected); `page` is an HTML listing page. */
export type FeedType = 'rss' | 'page';

/** One configured source, as in `config/feeds.yaml` (or added by an admin). */
export interface FeedConfig {
  /** Unique, `[a-z0-9-]+`. */
  id: string;
  /** Outlet name shown to readers, e.g. "VnExpress – Thời sự". */
  name: string;
  url: string;
  type: FeedType;
  /** CSS selector for article links; only for `type: 'page'`. */
  linkSelector?: string;
  enabled: boolean;
  /** Words or phrases an item must (include) or must not (exclude) contain; absent = keep all. */
  filters?: FeedFilters;
}

/**
 * Per-feed item filters, matched like /search (case, diacritics and tone
 * placement ignored, whole words) against the item's title, feed description
 * and sapo. An item is kept when it contains at least one `include` phrase
 * (or `include` is empty) and no `exclude` phrase.
 */
export interface FeedFilters {
  include: string[];
  exclude: string[];
}

/** A feed's health as admins see it. */
export type FeedHealth = 'ok' | 'failing' | 'disabled';

/** Where a feed stands, kept between fetches (conditional GET and health). */
export interface FeedState {
  feedId: string;
  etag: string | null;
  lastModified: string | null;
  lastAttemptAt: Date | null;
  lastSuccessAt: Date | null;
  consecutiveFailures: number;
  lastError: string | null;
  /** Whether the feed has been fetched successfully at least once (backlog rule). */
  primed: boolean;
  /** When the current run of failures began (null while healthy). */
  failingSince?: Date | null;
  /** Not fetched before this time (backoff after failures, or the outlet's Retry-After). */
  nextAttemptAt?: Date | null;
  /** Set when the gatherer disabled the feed after failing for days; cleared by resuming it. */
  disabledAt?: Date | null;
  /** What kind of failure the last one was (`FailureKind`), for advice to admins. */
  lastErrorKind?: string | null;
  /** The last admin notice sent for this feed, so each is sent exactly once. */
  noticeLevel?: 'none' | 'failing' | 'disabled';
}

/** An item as read from a feed or a listing page, before its page is fetched. */
export interface FeedItem {
  guid: string | null;
  url: string;
  title: string;
  /** Description/summary from the feed, as plain text (HTML stripped). */
  description: string;
  publishedAt: Date | null;
  author: string | null;
}

/** What article extraction gets out of one article page. */
export interface ExtractedArticle {
  title: string;
  /** The sapo (lead paragraph), without its dateline; '' when the page has none. */
  lead: string;
  /** Body paragraphs, in order, without share bars, related news, captions, bylines or datelines. */
  paragraphs: string[];
  publishedAt: Date | null;
  author: string | null;
  canonicalUrl: string | null;
}

/** A stored article: the unit the rest of the core works on. */
export interface Article {
  /** Stable id: derived from `dedupKey`. */
  id: string;
  feedId: string;
  /** Outlet name (the feed's `name`). */
  source: string;
  /** `guid:…`, `url:…` (canonical, tracking parameters removed) or `hash:…`. */
  dedupKey: string;
  url: string;
  title: string;
  lead: string;
  /** Body paragraphs joined with "\n\n". */
  body: string;
  publishedAt: Date | null;
  fetchedAt: Date;
  author: string | null;
  /** sha256 of NFC title + lead + body; the cache key for summaries. */
  contentHash: string;
  /**
   * false when the article was stored as "already seen" (a new feed's backlog):
   * it is kept for dedup and search, but never counted as new for a digest.
   */
  fresh: boolean;
}

/** Kinds of figures the figure finder recognises. */
export type FigureKind =
  | 'count' // "10.027 đảng viên", "13 tập thể"
  | 'percent' // "102,9%", "tăng 12,9%"
  | 'money' // "1.200 tỷ đồng", "200.000 USD"
  | 'date' // "17-3-2021", "ngày 4/2"
  | 'year' // "năm 2021"
  | 'period' // "giai đoạn 2021-2025"
  | 'range' // "8,5-9%"
  | 'measure' // "316 km/h", "3,6 giây", "25 ha"
  | 'time' // "13h30", "7:00"
  | 'number' // a bare number
  // recognised but never highlighted:
  | 'code' // "01-CTr/TU", "Nghị quyết 15/NQ-CP"
  | 'ordinal' // "lần thứ XVII", "khóa XVI"
  | 'phone' // "0243 825 1234", "1900 1234"
  | 'law-year'; // "Luật Đất đai 2024"

/** A figure found in a text: a span over the original text, which is never altered. */
export interface Figure {
  start: number;
  end: number;
  /** `text.slice(start, end)`. */
  text: string;
  kind: FigureKind;
  /** Numeric value where the figure is one number (10.027 → 10027, 102,9% → 102.9); null otherwise. */
  value: number | null;
  /** Unit or the counted noun, e.g. "đảng viên", "%", "tỷ đồng", "km/h"; null if none. */
  unit: string | null;
}

/** A highlighted span inside a summary's text. */
export interface Highlight {
  start: number;
  end: number;
  text: string;
  kind: FigureKind;
}

export type SummarizerName = 'extractive' | 'llm' | 'extractive-fallback';

export interface Summary {
  text: string;
  highlights: Highlight[];
  summarizer: SummarizerName;
  /** Model name for `llm`; null otherwise. */
  model: string | null;
  /**
   * False when the page is not an article (a tag, listing or author page):
   * the text is then empty and a digest leaves the item out. Absent means
   * an article.
   */
  article?: boolean;
}

/** What a summarizer reads. `lead` is used only when the caller allows it. */
export interface SummaryInput {
  id: string;
  title: string;
  body: string;
  lead?: string;
}

export interface SummarizeOptions {
  /** Hard cap on the summary's length in characters (default 280). */
  maxChars?: number;
}

/**
 * The seam between the offline summarizer and the LLM one: both implement it,
 * and the LLM one falls back to the offline one.
 */
export interface Summarizer {
  readonly name: string;
  summarize(input: SummaryInput, options?: SummarizeOptions): Promise<Summary>;
  /** One summary for a story told by several outlets. */
  summarizeGroup?(inputs: SummaryInput[], options?: SummarizeOptions): Promise<Summary>;
}

/** One civic topic, as in `config/topics.yaml`. */
export interface TopicConfig {
  id: string;
  /** Vietnamese display name, e.g. "Giao thông". */
  name: string;
  keywords: string[];
  places?: string[];
  /**
   * Words that name the topic only next to other evidence for it ("dự án",
   * "chung cư" alone do not make a story about urban planning).
   */
  weakKeywords?: string[];
  /**
   * Phrases in the title or sapo that say the story is NOT this topic's
   * (diplomacy for party building, showbiz for culture).
   */
  negativeKeywords?: string[];
  /**
   * Foreign politics is no civic topic (LABELS rule 14): in a story set abroad
   * this topic is ruled out (`excludeAbroad`), or ruled out when the headline
   * or sapo holds one of `abroadNegativeKeywords` ("biểu tình", "đảo chính").
   * A foreign story that is not political keeps its subject's topic.
   */
  excludeAbroad?: boolean;
  /**
   * Names of the body that acts ("công an", "bệnh viện"): evidence for the
   * topic, but police at a policy survey or a hospital that treats a crash
   * victim do not add the topic to a story about something else.
   */
  agencyKeywords?: string[];
  /**
   * Compound events an editor files under two topics (LABELS rules 2, 3, 4,
   * 9, 10): a phrase in the headline or sapo appends this topic to a story
   * that already has one (and, with `after`, one of those), while there is
   * room under the topic cap; with `first`, it then leads.
   * A forest fire is environment and public order; a voter meeting adds
   * elections to the issue it is about.
   */
  alsoWhen?: {
    phrases: string[];
    /** Topics one of which must already be kept; naming this topic makes the rule only reorder. */
    after?: string[];
    /** This topic leads when the rule fires. */
    first?: boolean;
  }[];
  abroadNegativeKeywords?: string[];
}

/** The Hà Nội gazetteer, as in `config/gazetteer.yaml`. */
export interface Gazetteer {
  /** Wards (phường) and communes (xã) after the 2025 reorganization. */
  wards: string[];
  communes: string[];
  /** Old district and town names (quận/huyện/thị xã before 2025). */
  oldDistricts: string[];
  landmarks: string[];
  /** Phrases that mark city institutions: "Thành ủy Hà Nội", "UBND TP"… */
  institutions: string[];
  /** Places that mark an article as NOT about Hà Nội when they dominate. */
  elsewhere: string[];
  /** Countries and cities abroad: evidence against Hà Nội, and the mark of a foreign story. */
  abroad?: string[];
  /** Streets and roads found only in Hà Nội (matched bare). */
  streets?: string[];
  /** Schools and hospitals run by or located in the city. */
  schools?: string[];
  hospitals?: string[];
  /** Ward/commune names from before 2025, matched after "phường", "xã" or "thị trấn". */
  oldWards?: string[];
  /** Names that contain "Hà Nội" but are elsewhere or say nothing of the city ("xa lộ Hà Nội", "giờ Hà Nội"). */
  notHanoi?: string[];
  /** Bodies and phrases of national scope ("Chính phủ", "cả nước"): evidence that Hà Nội is only the venue. */
  national?: string[];
  /** Where an outlet's footer or a byline starts ("Tòa soạn:", "Tải ứng dụng"): text after it is ignored. */
  footerMarkers?: string[];
  /** Photo/video credit markers ("Ảnh:"): the caption sentence holding one is ignored. */
  captionMarkers?: string[];
  /** Words that open a person's address ("trú tại"): the address is no evidence of where a story is. */
  residenceMarkers?: string[];
}

export interface TopicScore {
  id: string;
  score: number;
}

export interface Classification {
  topics: TopicScore[];
  /** Is this Hà Nội civic news? */
  hanoi: boolean;
  /** Hà Nội places named in the article (wards, communes, old districts, landmarks). */
  places: string[];
}

/** A source of one story: an outlet's article. */
export interface StorySource {
  articleId: string;
  name: string;
  url: string;
  publishedAt: Date | null;
}

/** One event, told by one or more outlets: the unit of a digest item. */
export interface Story {
  id: string;
  title: string;
  summary: Summary;
  sources: StorySource[];
  /** Earliest publication time among the sources. */
  publishedAt: Date | null;
  topics: string[];
  places: string[];
  hanoi: boolean;
  /** Article ids in the story, best first. */
  articleIds: string[];
}

/** A piece of summary text; `highlight` marks a key figure, `match` a word a search asked for. */
export interface TextSpan {
  text: string;
  highlight: boolean;
  match?: boolean;
}

export interface DigestItem {
  storyId: string;
  title: string;
  /** The title with search matches marked (search replies only); renderers fall back to `title`. */
  titleSpans?: TextSpan[];
  summary: TextSpan[];
  sources: { name: string; url: string }[];
  publishedAt: Date | null;
}

export interface DigestSection {
  topicId: string;
  /** Vietnamese topic name. */
  title: string;
  items: DigestItem[];
}

/** The platform-neutral digest: what every renderer turns into its format. */
export interface DigestDocument {
  /** "Bản tin Hà Nội — Thứ Sáu, 27/11/2026" */
  header: string;
  /** The moment the digest is for (the slot), ISO. */
  date: Date;
  window: { since: Date; until: Date };
  sections: DigestSection[];
  /** "12 tin từ 5 nguồn · Đổi đăng ký: /settings" */
  footer: string;
  counts: { items: number; sources: number; sections: number };
}

export type Platform = 'telegram' | 'discord' | 'console';

/** Where a digest goes: a platform and a chat or channel id. */
export interface Target {
  platform: Platform;
  chatId: string;
}

export interface SubscriptionFilters {
  /** Topic ids to include; empty = all topics. */
  topics: string[];
  /** Place names to include; empty = any place. */
  places: string[];
  /** Keywords to include; empty = no keyword filter. */
  keywords: string[];
  /** Keywords whose stories are left out. */
  excludeKeywords: string[];
}

export type SubscriptionState = 'active' | 'paused' | 'disabled';

export interface Subscription {
  id: string;
  target: Target;
  filters: SubscriptionFilters;
  /** Cron expression (5 fields), default "0 7 * * *". */
  schedule: string;
  /** IANA zone, default "Asia/Ho_Chi_Minh". */
  timezone: string;
  state: SubscriptionState;
  disabledReason: string | null;
  /** `config` = from config/subscriptions.yaml; `command` = made by a bot command. */
  origin: 'config' | 'command';
  /** The slot of the last digest delivered, used as the default window start. */
  lastDigestAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}
