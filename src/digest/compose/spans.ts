/**
 * Summary (text + highlight offsets) → `TextSpan[]`. Offsets come from another
 * component (possibly an LLM path), so they are checked rather than trusted:
 * a highlight whose offsets do not match its text is re-found after the
 * previous one, or dropped; one inside a mention, URL or e-mail address is
 * dropped. The spans always concatenate to the summary text.
 */
import type { Highlight, Summary, TextSpan } from '../model.js';
import { opaqueSpans } from '../text/index.js';

export function spansFromSummary(summary: Summary): TextSpan[] {
  const text = summary.text;
  const ranges: [number, number][] = [];
  // A highlight never falls inside a mention ("<@123>"), a URL or an e-mail address.
  const opaque = summary.highlights.length ? opaqueSpans(text) : [];
  const overlaps = (a: number, b: number): boolean =>
    ranges.some(([x, y]) => a < y && x < b) || opaque.some(([x, y]) => a < y && x < b);
  const exact = (h: Highlight): boolean =>
    h.text.length > 0 && text.slice(h.start, h.end) === h.text;
  // Highlights whose offsets match first, then the others re-found at their first free occurrence.
  for (const h of summary.highlights)
    if (exact(h) && !overlaps(h.start, h.end)) ranges.push([h.start, h.end]);
  for (const h of summary.highlights) {
    if (exact(h) || !h.text) continue;
    const at = locate(text, h.text, overlaps);
    if (at !== null) ranges.push([at, at + h.text.length]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const spans: TextSpan[] = [];
  let cursor = 0;
  const push = (t: string, highlight: boolean): void => {
    if (!t) return;
    const last = spans[spans.length - 1];
    if (last && !last.highlight && !highlight) last.text += t;
    else spans.push({ text: t, highlight });
  };
  for (const [a, b] of ranges) {
    push(text.slice(cursor, a), false);
    push(text.slice(a, b), true);
    cursor = b;
  }
  push(text.slice(cursor), false);
  return spans;
}

function locate(
  text: string,
  needle: string,
  overlaps: (a: number, b: number) => boolean,
): number | null {
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
    if (!overlaps(at, at + needle.length)) return at;
  }
  return null;
}

/**
 * A shorter summary for a smaller `summaryMaxChars` than the stored one: cut
 * at the last sentence end that fits, else at a word, and keep only the
 * highlights entirely inside.
 */
export function truncateSummary(summary: Summary, maxChars: number): Summary {
  if (summary.text.length <= maxChars) return summary;
  const head = summary.text.slice(0, Math.max(0, maxChars - 1));
  const sentenceEnd = Math.max(
    head.lastIndexOf('. '),
    head.lastIndexOf('! '),
    head.lastIndexOf('? '),
  );
  let text: string;
  if (sentenceEnd > maxChars * 0.4) {
    text = head.slice(0, sentenceEnd + 1);
  } else {
    const space = head.lastIndexOf(' ');
    let cut = space > maxChars * 0.5 ? space : head.length;
    const code = head.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    text = `${head.slice(0, cut).trimEnd()}…`;
  }
  return {
    ...summary,
    text,
    highlights: summary.highlights.filter(
      (h) => h.end <= text.length && text.slice(h.start, h.end) === h.text,
    ),
  };
}
