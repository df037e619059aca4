/**
 * The page model of a digest: what the HTML preview and the web site show,
 * decided once here, so the two are one rendering. The markup itself lives
 * in `src/web` (eta templates); this module is pure and platform-neutral, so
 * the core keeps no HTML string-building of its own.
 *
 * Everything here is plain text (control characters removed, titles on one
 * line); the template engine escapes it. Links are http(s) only, credentials
 * stripped; anything else is shown as text.
 */
import {
  DEFAULT_TIMEZONE,
  formatItemTime,
  oneLine,
  safeHttpUrl,
  stripControls,
} from './text-tools.js';
import type { DigestDocument, TextSpan } from '../model.js';

export interface PreviewOptions {
  timezone?: string;
}

export interface PageSource {
  name: string;
  /** Safe http(s) link, or null when the source has none (shown as text). */
  href: string | null;
}

export interface PageItem {
  /** Running number across the whole digest, from 1. */
  n: number;
  storyId: string;
  title: string;
  summary: TextSpan[];
  sources: PageSource[];
  /** "07:30 27/11" in the zone; '' when unknown. */
  time: string;
  /** ISO time for `<time datetime>`; '' when unknown. */
  isoTime: string;
}

export interface PageSection {
  topicId: string;
  title: string;
  items: PageItem[];
}

export interface DigestPageModel {
  header: string;
  /** "Tin từ 07:00 26/11 đến 07:00 27/11". */
  windowText: string;
  sections: PageSection[];
  /**
   * The counts line ("12 tin · 5 nguồn"). Never the chat hint
   * ("Đổi đăng ký: /settings"): a page is not a chat, commands do not work here.
   */
  footer: string;
  counts: DigestDocument['counts'];
  empty: boolean;
}

/** The counts without any chat-only hint. */
export function countsLine(counts: DigestDocument['counts']): string {
  return counts.items === 0 ? '0 tin' : `${counts.items} tin · ${counts.sources} nguồn`;
}

const clean = (s: string): string => stripControls(oneLine(s));

export function digestPageModel(
  doc: DigestDocument,
  options: PreviewOptions = {},
): DigestPageModel {
  const tz = options.timezone ?? DEFAULT_TIMEZONE;
  let n = 0;
  const sections: PageSection[] = doc.sections.map((section) => ({
    topicId: section.topicId,
    title: clean(section.title),
    items: section.items.map((item) => ({
      n: ++n,
      storyId: item.storyId,
      title: clean(item.title),
      summary: item.summary
        .map((s) => ({ text: stripControls(s.text), highlight: s.highlight }))
        .filter((s) => s.text.length > 0),
      sources: item.sources.map((s) => ({ name: clean(s.name), href: safeHttpUrl(s.url) })),
      time: formatItemTime(item.publishedAt, tz),
      isoTime:
        item.publishedAt && !Number.isNaN(item.publishedAt.getTime())
          ? item.publishedAt.toISOString()
          : '',
    })),
  }));
  return {
    header: clean(doc.header),
    windowText: `Tin từ ${formatItemTime(doc.window.since, tz)} đến ${formatItemTime(doc.window.until, tz)}`,
    sections,
    footer: countsLine(doc.counts),
    counts: doc.counts,
    empty: n === 0,
  };
}
