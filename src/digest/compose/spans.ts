/**
 * Summary (text + highlight offsets) → `TextSpan[]`. Offsets come from another
 * component (possibly an LLM path), so they are checked rather than trusted:
 * a highlight whose offsets do not match its text is re-found after the
 * previous one, or dropped. The spans always concatenate to the summary text.
 */
import type { Highlight, Summary, TextSpan } from '../model.js';

export function spansFromSummary(summary: Summary): TextSpan[] {
  const text = summary.text;
  const sorted = [...summary.highlights].sort((a, b) => a.start - b.start || b.end - a.end);
  const spans: TextSpan[] = [];
  let cursor = 0;
  const push = (t: string, highlight: boolean): void => {
    if (!t) return;
    const last = spans[spans.length - 1];
    if (last && last.highlight === highlight && !highlight) last.text += t;
    else spans.push({ text: t, highlight });
  };
  for (const h of sorted) {
    const at = locate(text, h, cursor);
    if (at === null) continue;
    push(text.slice(cursor, at), false);
    push(text.slice(at, at + h.text.length), true);
    cursor = at + h.text.length;
  }
  push(text.slice(cursor), false);
  return spans;
}

function locate(text: string, h: Highlight, from: number): number | null {
  if (!h.text) return null;
  if (h.start >= from && text.slice(h.start, h.end) === h.text) return h.start;
  const found = text.indexOf(h.text, from);
  return found >= 0 ? found : null;
}

/**
 * A shorter summary for a smaller `summaryMaxChars` than the stored one: cut
 * at the last sentence end that fits, else at a word, and keep only the
 * highlights entirely inside.
 */
export function truncateSummary(summary: Summary, maxChars: number): Summary {
  if (summary.text.length <= maxChars) return summary;
  const head = summary.text.slice(0, Math.max(0, maxChars - 1));
  const sentenceEnd = Math.max(head.lastIndexOf('. '), head.lastIndexOf('! '), head.lastIndexOf('? '));
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
    highlights: summary.highlights.filter((h) => h.end <= text.length && text.slice(h.start, h.end) === h.text),
  };
}
